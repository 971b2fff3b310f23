import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runShell } from './shell.ts';

const opts = { cwd: tmpdir(), env: { PATH: process.env.PATH } };

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z'); // killed, not yet reaped by PID 1
}

test('combined output and the exit status', async () => {
  const r = await runShell(
    { command: ['sh', '-c', 'echo out; echo err >&2; exit 3'], escalated: false },
    opts,
  );
  expect(r.exitCode).toBe(3);
  expect(r.output).toMatch(/out/);
  expect(r.output).toMatch(/err/);
  expect(r.timedOut).toBe(false);
});

test('a background process holding the pipes is not waited for, and is killed', async () => {
  const f = join(mkdtempSync(join(tmpdir(), 'shell-')), 'pid');
  const r = await runShell(
    { command: ['sh', '-c', `sleep 600 & echo $! > '${f}'; echo started`], escalated: false },
    opts,
  );
  expect(r.exitCode).toBe(0);
  expect(r.output.trim()).toBe('started');
  // SIGKILL was sent before runShell returned; its delivery is asynchronous.
  const pid = Number(readFileSync(f, 'utf8'));
  for (let i = 0; i < 100 && !gone(pid); i++) await new Promise((r) => setTimeout(r, 50));
  expect(gone(pid)).toBe(true);
});

test('timeout_ms kills the group: exit 124, timedOut', async () => {
  const r = await runShell(
    { command: ['sh', '-c', "trap '' TERM; sleep 600"], timeoutMs: 200, escalated: false },
    { ...opts, killGraceMs: 100 },
  );
  expect(r.timedOut).toBe(true);
  expect(r.exitCode).toBe(124);
});

test('a program that does not exist: 127 and the reason', async () => {
  const r = await runShell({ command: ['agentotel-no-such-program'], escalated: false }, opts);
  expect(r.exitCode).toBe(127);
  expect(r.output).toMatch(/failed to run command: .*ENOENT/);
});
