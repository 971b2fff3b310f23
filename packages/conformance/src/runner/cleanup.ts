import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

/**
 * The environment variable every subject process gets, set to a value unique to its scenario run: a
 * process the subject started that left its process group (`setsid`) still carries it, so it can be
 * found in `/proc/<pid>/environ` (Linux) and killed when the scenario ends.
 */
export const RUN_MARKER_ENV = 'AGENTOTEL_CERTIFY_RUN';

/** Process groups of running subjects, with their SIGTERM→SIGKILL grace and run marker. */
const groups = new Map<number, { graceMs: number; marker: string }>();
/** Temporary folders of running scenarios and of the certification (test private keys among them). */
const tempDirs = new Set<string>();

/**
 * Registers a running subject's process group (its pgid) so that an interrupted certification kills it.
 *
 * @returns a function that unregisters it.
 */
export function trackProcessGroup(pgid: number, graceMs: number, marker: string): () => void {
  groups.set(pgid, { graceMs, marker });
  return () => {
    groups.delete(pgid);
  };
}

/**
 * Registers a temporary folder so that an interrupted certification removes it.
 *
 * @returns a function that unregisters it.
 */
export function trackTempDir(path: string): () => void {
  tempDirs.add(path);
  return () => {
    tempDirs.delete(path);
  };
}

const signal = (pid: number, sig: NodeJS.Signals) => {
  try {
    process.kill(pid, sig);
  } catch {}
};

const MARKER_PREFIX = `${RUN_MARKER_ENV}=`;

/** The value of the run marker in one process's NUL-separated environment, if any. */
function markerOf(environ: string): string | undefined {
  for (const kv of environ.split('\0'))
    if (kv.startsWith(MARKER_PREFIX)) return kv.slice(MARKER_PREFIX.length);
  return undefined;
}

/** Pids (other than ours) whose environment carries one of `markers` (Linux; empty elsewhere). */
function markedPidsSync(markers: ReadonlySet<string>): number[] {
  if (markers.size === 0) return [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const m = markerOf(readFileSync(`/proc/${e}/environ`, 'latin1'));
      if (m && markers.has(m)) out.push(Number(e));
    } catch {}
  }
  return out;
}

/**
 * Pids whose environment carries `marker` (see {@link RUN_MARKER_ENV}); empty where `/proc` is not
 * readable. Zombies have an empty environment and are not listed.
 */
export async function markedPids(marker: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const out: number[] = [];
  await Promise.all(
    entries.map(async (e) => {
      if (!/^\d+$/.test(e) || Number(e) === process.pid) return;
      try {
        if (markerOf(await readFile(`/proc/${e}/environ`, 'latin1')) === marker) out.push(Number(e));
      } catch {}
    }),
  );
  return out;
}

/**
 * Kills every process carrying `marker` (those that left the subject's process group): SIGTERM, then
 * SIGKILL after `graceMs` to what is left.
 */
export async function killMarkedProcesses(marker: string, graceMs: number): Promise<void> {
  let pids = await markedPids(marker);
  if (pids.length === 0) return;
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.length > 0) {
    await new Promise((r) => setTimeout(r, 25));
    pids = await markedPids(marker);
  }
  for (const pid of pids) signal(pid, 'SIGKILL');
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Whether a live (not zombie) process of the group `pgid` is left, from `/proc/<pid>/stat` (Linux):
 * `undefined` where `/proc` is not readable.
 */
export function groupHasLiveMember(pgid: number): boolean | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${e}/stat`, 'latin1');
    } catch {
      continue; // gone meanwhile
    }
    // `pid (comm) state ppid pgrp …`; comm may hold spaces and parentheses, so read after the last ')'
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

/** A group with a live member (zombies left over do not count, see `groupAlive` in process.ts). */
const alive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  return groupHasLiveMember(pgid) ?? true;
};

/**
 * Kills every tracked process group (SIGTERM, then SIGKILL after the longest grace to what is left)
 * and removes every tracked temporary folder, synchronously (it runs inside a signal handler).
 */
export function cleanupNow(): void {
  let graceMs = 0;
  const markers = new Set<string>();
  for (const [pgid, g] of groups) {
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {}
    graceMs = Math.max(graceMs, g.graceMs);
    markers.add(g.marker);
  }
  const marked = () => markedPidsSync(markers);
  for (const pid of marked()) signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && ([...groups.keys()].some(alive) || marked().length > 0)) sleepSync(25);
  for (const pgid of groups.keys()) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {}
  }
  for (const pid of marked()) signal(pid, 'SIGKILL');
  groups.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

let installs = 0;
const onSignal = (signal: NodeJS.Signals) => {
  process.stderr.write(
    `\n[agentotel] ${signal}: stopping ${groups.size} running subject(s) and removing temporary folders\n`,
  );
  cleanupNow();
  process.exit(signal === 'SIGINT' ? 130 : 143);
};

/**
 * While a certification runs: on SIGINT or SIGTERM, kill every running subject's process group, remove
 * the temporary folders, and exit with 130 (SIGINT) or 143 (SIGTERM), as a shell reports a process
 * killed by that signal. Nested calls share one handler.
 *
 * @returns a function that removes the handlers (when the last caller removes them).
 */
export function installInterruptCleanup(): () => void {
  if (installs++ === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    if (--installs === 0) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  };
}
