/**
 * Test helper: the processes this test process started (its descendants, from /proc), so a suite can
 * check that nothing it started outlives it.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Parent pid of `pid` from /proc/<pid>/stat, or undefined when it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name is in parentheses and may hold spaces; fields after it are space separated
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (rest[0] === 'Z') return undefined; // a zombie is already dead
    return Number(rest[1]);
  } catch {
    return undefined;
  }
}

/** Pids of every live descendant of `root` (default: this process). Linux only; empty elsewhere. */
export function descendants(root = process.pid): number[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
  } catch {
    return [];
  }
  const parent = new Map<number, number>();
  for (const pid of pids) {
    const ppid = parentOf(pid);
    if (ppid !== undefined) parent.set(pid, ppid);
  }
  const out: number[] = [];
  for (const pid of parent.keys()) {
    let p = parent.get(pid);
    for (let depth = 0; p !== undefined && depth < 64; depth++) {
      if (p === root) {
        out.push(pid);
        break;
      }
      p = parent.get(p);
    }
  }
  return out.sort((a, b) => a - b);
}

/** Command line of `pid`, for messages. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '(gone)';
  }
}

/**
 * Processes started since `before` (a {@link descendants} snapshot) that are still alive, after giving
 * them up to `graceMs` to exit; as `pid command line` strings, empty when none is left.
 */
export async function leftover(before: readonly number[], graceMs = 10_000): Promise<string[]> {
  const left = () => descendants().filter((p) => !before.includes(p));
  for (let waited = 0; waited < graceMs && left().length > 0; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return left().map((p) => `${p} ${commandOf(p)}`);
}
