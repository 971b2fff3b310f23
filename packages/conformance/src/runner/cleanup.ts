import { rmSync } from 'node:fs';

/** Process groups of running subjects, with their SIGTERM→SIGKILL grace. */
const groups = new Map<number, number>();
/** Temporary folders of running scenarios and of the certification (test private keys among them). */
const tempDirs = new Set<string>();

/**
 * Registers a running subject's process group (its pgid) so that an interrupted certification kills it.
 *
 * @returns a function that unregisters it.
 */
export function trackProcessGroup(pgid: number, graceMs: number): () => void {
  groups.set(pgid, graceMs);
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

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const alive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Kills every tracked process group (SIGTERM, then SIGKILL after the longest grace to what is left)
 * and removes every tracked temporary folder, synchronously (it runs inside a signal handler).
 */
export function cleanupNow(): void {
  let graceMs = 0;
  for (const [pgid, g] of groups) {
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {}
    graceMs = Math.max(graceMs, g);
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && [...groups.keys()].some(alive)) sleepSync(25);
  for (const pgid of groups.keys()) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {}
  }
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
