#!/usr/bin/env node
/**
 * The `agentotel` binary. It checks the Node.js version before importing anything else, in syntax every
 * Node.js since 14 parses (this file must stay free of newer syntax and of static imports), so an old
 * Node gets one clear line instead of a TypeError deep inside a run.
 */
const MIN_NODE = [22, 18];
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < MIN_NODE[0]! || (major === MIN_NODE[0] && minor < MIN_NODE[1]!)) {
  process.stderr.write(
    `agentotel needs Node.js >= ${MIN_NODE.join('.')}; this is Node.js ${process.versions.node} (${process.execPath})\n`,
  );
  process.exitCode = 2;
} else {
  const { runCli } = await import('./cac.ts');
  process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
}
