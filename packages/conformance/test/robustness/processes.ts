import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Pids of live (non-zombie) processes whose command line contains `needle`, read from `/proc`. Tests
 * give each leftover process a unique marker in its arguments (e.g. `sleep 613.25`) and check that none
 * survives.
 */
export function processesMatching(needle: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').join(' ');
      const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${e}/status`, 'utf8'))?.[1];
      if (state !== 'Z' && cmdline.includes(needle)) out.push(Number(e));
    } catch {}
  }
  return out;
}

/** Kills processes matching `needle` (cleanup after a failed test, so it leaves nothing behind). */
export function killMatching(needle: string): void {
  for (const pid of processesMatching(needle)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
}

/** Polls `predicate` every 25 ms until it holds; rejects after `maxMs` (a bound, not a timing assertion). */
export async function waitFor(predicate: () => boolean, what: string, maxMs = 20_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The CLI's entry, run from sources. */
const MAIN = resolve(import.meta.dirname, '../../src/cli/main.ts');

/**
 * Starts `agentotel certify <args>` from the sources in a child process whose temp folder
 * (`TMPDIR`, where certify makes its temporary folders: test keys, each scenario's home) is `tmp`,
 * with stdout and stderr piped; the caller waits for it and reads them.
 */
export function spawnCertify(args: string[], tmp: string): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(
    process.execPath,
    ['--conditions=@agentotel/source', '--no-warnings', MAIN, 'certify', ...args],
    {
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}
