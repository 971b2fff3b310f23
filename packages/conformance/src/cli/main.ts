#!/usr/bin/env node
/** The `agentotel` binary. */
import { runCli } from './cac.ts';

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
