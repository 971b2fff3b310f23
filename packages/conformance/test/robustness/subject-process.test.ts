// certify never hangs on a subject's leftover processes, and none outlives its scenario (issue 13 item 3).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { certify } from '../../src/certify.ts';
import { runProcess } from '../../src/runner/process.ts';
import { killMatching, processesMatching } from './processes.ts';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const markers: string[] = [];
/** A `sleep` duration unique to one test, so its process can be found in /proc. */
const marker = () => {
  const m = `6${String(markers.length + 10)}.${process.pid % 1000}${Math.floor(Math.random() * 1000)}`;
  markers.push(m);
  return m;
};

afterEach(() => {
  for (const m of markers.splice(0)) killMatching(`sleep ${m}`);
});

describe('a subject that leaves processes behind', { timeout: 30_000 }, () => {
  test('a background grandchild holding stdout: the result comes back, the grandchild is killed', async () => {
    const m = marker();
    const r = await runProcess(['sh', '-c', `sleep ${m} & echo started`], {
      cwd: '/',
      env,
      timeoutMs: 60_000,
      pipeGraceMs: 300,
    });
    expect(r.code).toBe(0);
    expect(r.timedOut).toBe(false);
    expect(r.stdout).toContain('started');
    expect(processesMatching(`sleep ${m}`)).toEqual([]);
  });

  test('a child that ignores SIGTERM is killed at the timeout (SIGKILL after the grace)', async () => {
    const m = marker();
    const r = await runProcess(['sh', '-c', `trap "" TERM; echo ready; sleep ${m}; echo never`], {
      cwd: '/',
      env,
      timeoutMs: 500,
      killGraceMs: 300,
    });
    expect(r.timedOut).toBe(true);
    expect(r.stdout).toContain('ready');
    expect(r.stdout).not.toContain('never');
    expect(processesMatching(`sleep ${m}`)).toEqual([]);
  });

  test('a grandchild in its own session (setsid) holding the pipes: not waited on, and killed', async () => {
    const m = marker();
    const r = await runProcess(['sh', '-c', `setsid sleep ${m} & echo started`], {
      cwd: '/',
      env,
      timeoutMs: 60_000,
      pipeGraceMs: 300,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('started');
    expect(processesMatching(`sleep ${m}`)).toEqual([]);
  });

  test('a subject that hangs with a grandchild is killed at its timeout, whole tree', async () => {
    const m = marker();
    const r = await runProcess(['sh', '-c', `sleep ${m} & sleep ${m}`], {
      cwd: '/',
      env,
      timeoutMs: 400,
      killGraceMs: 300,
    });
    expect(r.timedOut).toBe(true);
    expect(processesMatching(`sleep ${m}`)).toEqual([]);
  });
});

describe('certify with such a subject', { timeout: 60_000 }, () => {
  test('finishes, reports the scenario, and leaves no process of the subject behind', async () => {
    const m = marker();
    const dir = await mkdtemp(join(tmpdir(), 'agentotel-robust-'));
    try {
      const file = join(dir, 'subject.yaml');
      await writeFile(
        file,
        stringify({
          name: 'leaves-a-grandchild',
          command: ['sh', '-c', `sleep ${m} & setsid sleep ${m} & echo started`],
          timeoutMs: 60_000,
        }),
      );
      const { runs } = await certify({ subject: file, only: ['plain-answer'] });
      const run = runs.find((r) => r.scenario.id === 'plain-answer')!;
      expect(run.state).toBe('ran');
      expect(run.exit.timedOut).toBe(false);
      expect(run.stdout).toContain('started');
      expect(processesMatching(`sleep ${m}`)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
