/**
 * A vitest setup file (`test.setupFiles`): each test file gets a temporary folder of its own as the
 * process's temp folder (`TMPDIR`, which `os.tmpdir()` reads on every call and child processes
 * inherit), removed after the file's own `afterAll` hooks ran (hooks run as a stack). Whatever the
 * file's tests, helpers and the agents they start put under `os.tmpdir()` (homes, config files,
 * certificates, pid files) goes with it: nothing a test run writes outlives it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const outer = process.env.TMPDIR;
const dir = mkdtempSync(join(tmpdir(), 'agentotel-test-'));
process.env.TMPDIR = dir;

afterAll(() => {
  if (outer === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = outer;
  rmSync(dir, { recursive: true, force: true });
});
