// On SIGINT/SIGTERM certify kills running subjects and removes its temporary folders (issue 13 item 3),
// and a subject timeout above 2^31-1 ms is refused at load (item 7).
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { loadSubjectFile } from '../../src/subjects/generic.ts';
import { killMatching, processesMatching, spawnCertify, waitFor } from './processes.ts';

const dirs: string[] = [];
const needles: string[] = [];

afterEach(async () => {
  for (const n of needles.splice(0)) killMatching(n);
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function fresh(prefix: string): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** A subject whose every run hangs in `sleep <marker>` (with a grandchild doing the same). */
async function hangingSubject(dir: string, marker: string): Promise<string> {
  const file = join(dir, 'subject.yaml');
  await writeFile(
    file,
    stringify({
      name: 'hangs',
      command: ['sh', '-c', `sleep ${marker} & sleep ${marker}`],
      timeoutMs: 600_000,
    }),
  );
  return file;
}

describe('certify interrupted', { timeout: 60_000 }, () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    test(`${signal}: running subjects are killed, temporary folders removed, exit ${code}`, async () => {
      const dir = await fresh('agentotel-robust-');
      const tmp = await fresh('agentotel-robust-tmp-');
      const marker = `62${code}.${process.pid % 1000}`;
      needles.push(`sleep ${marker}`);
      const subject = await hangingSubject(dir, marker);
      const child = spawnCertify(
        [
          '--subject',
          subject,
          '--only',
          'plain-answer,tool-approved-by-config',
          '--report-dir',
          join(dir, 'reports'),
        ],
        tmp,
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      child.stdout.resume();
      const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      await waitFor(() => processesMatching(`sleep ${marker}`).length >= 2, 'the subject to start');
      expect((await readdir(tmp)).some((n) => n.startsWith('agentotel-certs-'))).toBe(true);
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(stderr).toContain(`[agentotel] ${signal}`);
      expect(processesMatching(`sleep ${marker}`)).toEqual([]);
      // the scenario folders and the certificate folder (test private keys) are gone
      expect(await readdir(tmp)).toEqual([]);
    });
  }
});

describe('subject timeoutMs', () => {
  test('above 2^31-1 ms is refused at load, naming the key and the limit', async () => {
    const dir = await fresh('agentotel-robust-');
    const file = join(dir, 'subject.yaml');
    await writeFile(file, stringify({ name: 'x', command: ['true'], timeoutMs: 2 ** 31 }));
    await expect(loadSubjectFile(file)).rejects.toThrow(/timeoutMs: at most 2147483647 ms/);
  });

  test('2^31-1 ms itself is accepted', async () => {
    const dir = await fresh('agentotel-robust-');
    const file = join(dir, 'subject.yaml');
    await writeFile(file, stringify({ name: 'x', command: ['true'], timeoutMs: 2 ** 31 - 1 }));
    expect((await loadSubjectFile(file)).spec.timeoutMs).toBe(2 ** 31 - 1);
  });
});
