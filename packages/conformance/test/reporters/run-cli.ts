import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { runCli } from '../../src/cli/cac.ts';

/**
 * Where the report tests write (under the package's git-ignored `reports/`, which CI uploads): one
 * folder per test process, so that two runs of the suite at once never delete each other's reports.
 */
export const REPORTS_ROOT = resolve(
  import.meta.dirname,
  '../../reports/test-reports',
  `${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}-${process.pid}`,
);

/** Removes the report folders of earlier test processes, once they are an hour old. */
async function removeOldRuns(): Promise<void> {
  const parent = dirname(REPORTS_ROOT);
  for (const d of await readdir(parent).catch(() => [] as string[])) {
    const path = join(parent, d);
    const st = await stat(path).catch(() => undefined);
    if (st && path !== REPORTS_ROOT && Date.now() - st.mtimeMs > 3_600_000)
      await rm(path, { recursive: true, force: true });
  }
}
await removeOldRuns();

/** What one `agentotel certify` run printed and wrote. */
export interface CliRun {
  code: number;
  /** Console output (not a terminal: no colour, no live line). */
  out: string;
  err: string;
  dir: string;
  json: string;
  junit: string;
  ctrf: string;
  html: string;
}

/** Runs `agentotel certify ...args --report-dir REPORTS_ROOT/name` in this process and reads every report. */
export async function certifyCli(name: string, args: string[]): Promise<CliRun> {
  const dir = join(REPORTS_ROOT, name);
  await rm(dir, { recursive: true, force: true });
  let out = '';
  let err = '';
  const code = await runCli(['certify', ...args, '--report-dir', dir], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  const read = (f: string) => readFile(join(dir, f), 'utf8').catch(() => '');
  return {
    code,
    out,
    err,
    dir,
    json: await read('certification.json'),
    junit: await read('certification.junit.xml'),
    ctrf: await read('certification.ctrf.json'),
    html: await read('certification.html'),
  };
}
