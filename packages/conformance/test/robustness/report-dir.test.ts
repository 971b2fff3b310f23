// A report folder certify cannot write to is refused before any subject runs, without hanging
// (issue 13 item 9: `--report-dir` under /proc hung in a recursive mkdir that never returns).
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { killMatching, processesMatching, spawnCertify } from './processes.ts';

const dirs: string[] = [];
const needles: string[] = [];

afterEach(async () => {
  for (const n of needles.splice(0)) killMatching(n);
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/**
 * Runs `agentotel certify` on a subject that would hang in `sleep <marker>` with `--report-dir
 * reportDir`, its `TMPDIR` a fresh folder (where certify makes its temporary folders: test keys, each
 * scenario's home), so `tmpLeft` lists what it left there. The 30 s kill is only a safety net: a CLI
 * that had to be killed fails the test.
 */
async function certifyInto(reportDir: (dir: string) => Promise<string>) {
  const dir = await mkdtemp(join(tmpdir(), 'agentotel-robust-'));
  dirs.push(dir);
  const marker = `64${dirs.length}.${process.pid % 1000}${Math.floor(Math.random() * 1000)}`;
  needles.push(`sleep ${marker}`);
  const subject = join(dir, 'subject.yaml');
  await writeFile(subject, stringify({ name: 'hangs', command: ['sleep', marker], timeoutMs: 600_000 }));
  const target = await reportDir(dir);
  const tmp = join(dir, 'tmp');
  await mkdir(tmp);
  const child = spawnCertify(['--subject', subject, '--only', 'plain-answer', '--report-dir', target], tmp);
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
  return {
    code,
    killed,
    stdout,
    stderr,
    target,
    started: processesMatching(`sleep ${marker}`),
    tmpLeft: await readdir(tmp),
  };
}

describe('a report folder that cannot hold reports', { timeout: 60_000 }, () => {
  test('under /proc: refused at once (usage error, exit 2), no subject started, no hang', async () => {
    const r = await certifyInto(async () => '/proc/agentotel-reports/x');
    expect(r.killed, 'certify had to be killed').toBe(false);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--report-dir /proc/agentotel-reports/x: /proc is on procfs');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stdout).not.toContain('plain-answer');
    expect(r.started).toEqual([]);
    expect(r.tmpLeft).toEqual([]);
  });

  // Root writes anywhere chmod allows, so the tests use what root cannot write either: a path below a
  // regular file (ENOTDIR) or a regular file itself. Before the check: PASSED, then exit 1 ENOTDIR.
  test.each([
    ['below a file', (dir: string) => join(dir, 'file', 'reports'), (dir: string) => join(dir, 'file')],
    ['a file itself', (dir: string) => join(dir, 'file'), (dir: string) => join(dir, 'file')],
  ])(
    '%s: refused in one line naming the folder, before any scenario, nothing left behind',
    async (_, to, blocker) => {
      let dir = '';
      const r = await certifyInto(async (d) => {
        dir = d;
        await writeFile(join(d, 'file'), 'x');
        return to(d);
      });
      expect(r.killed, 'certify had to be killed').toBe(false);
      expect(r.code, r.stderr).toBe(2); // usage error (runCertify: 2 a report folder that cannot be written)
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        `[agentotel] --report-dir ${r.target}: ${blocker(dir)} exists and is not a folder`,
      ]);
      expect(r.stdout).toBe(''); // no scenario line, no PASSED, no verdict
      expect(r.started).toEqual([]);
      expect(r.tmpLeft).toEqual([]); // no temporary folder (test keys, scenario homes) made, none left
      expect(await readFile(join(dir, 'file'), 'utf8')).toBe('x');
      expect((await readdir(dir)).sort()).toEqual(['file', 'subject.yaml', 'tmp']);
    },
  );
});
