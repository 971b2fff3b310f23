// A report folder certify cannot write to is refused before any subject runs, without hanging
// (issue 13 item 9: `--report-dir` under /proc hung in a recursive mkdir that never returns).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { killMatching, processesMatching } from './processes.ts';

const MAIN = resolve(import.meta.dirname, '../../src/cli/main.ts');
const dirs: string[] = [];
const needles: string[] = [];

afterEach(async () => {
  for (const n of needles.splice(0)) killMatching(n);
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/**
 * Runs `agentotel certify` on a subject that would hang in `sleep <marker>` with `--report-dir
 * reportDir`. The 30 s kill is only a safety net: a CLI that had to be killed fails the test.
 */
async function certifyInto(reportDir: (dir: string) => Promise<string>) {
  const dir = await mkdtemp(join(tmpdir(), 'agentotel-robust-'));
  dirs.push(dir);
  const marker = `64${dirs.length}.${process.pid % 1000}${Math.floor(Math.random() * 1000)}`;
  needles.push(`sleep ${marker}`);
  const subject = join(dir, 'subject.yaml');
  await writeFile(subject, stringify({ name: 'hangs', command: ['sleep', marker], timeoutMs: 600_000 }));
  const target = await reportDir(dir);
  const child = spawn(
    process.execPath,
    [
      '--conditions=@agentotel/source',
      '--no-warnings',
      MAIN,
      'certify',
      '--subject',
      subject,
      '--only',
      'plain-answer',
      '--report-dir',
      target,
    ],
    { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let killed = false;
  const killer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, 30_000);
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  clearTimeout(killer);
  return { code, killed, stdout, stderr, target, started: processesMatching(`sleep ${marker}`) };
}

describe('a report folder that cannot hold reports', { timeout: 60_000 }, () => {
  test('under /proc: refused at once (usage error, exit 2), no subject started, no hang', async () => {
    const r = await certifyInto(async () => '/proc/agentotel-reports/x');
    expect(r.killed, 'certify had to be killed').toBe(false);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--report-dir /proc/agentotel-reports/x: /proc is on procfs');
    expect(r.stdout).not.toContain('plain-answer');
    expect(r.started).toEqual([]);
  });

  test('below a file: refused before anything runs, not a verdict followed by ENOENT', async () => {
    const r = await certifyInto(async (dir) => {
      await writeFile(join(dir, 'file'), 'x');
      return join(dir, 'file', 'reports');
    });
    expect(r.killed, 'certify had to be killed').toBe(false);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('exists and is not a folder');
    expect(r.stdout).not.toMatch(/PASSED|CERTIFIED/);
    expect(r.started).toEqual([]);
  });
});
