import { randomBytes } from 'node:crypto';
import { mkdir, realpath, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** How long one file-system step of the report-folder check may take before it counts as hung. */
export const REPORT_DIR_STEP_TIMEOUT_MS = 5_000;

/**
 * Pseudo file systems that hold no reports: writes there fail or hang (Node's recursive `mkdir` under
 * /proc never returns). Magic numbers from Linux `include/uapi/linux/magic.h`.
 */
const PSEUDO_FS: Record<number, string> = {
  40864: 'procfs',
  1650812274: 'sysfs',
  1667723888: 'cgroup2',
  2613483: 'cgroup',
  7377: 'devpts',
  1684170528: 'debugfs',
  1953653091: 'tracefs',
  4185718668: 'selinuxfs',
  1935894131: 'securityfs',
  1853056627: 'nsfs',
  1112100429: 'binfmt_misc',
};

function bounded<T>(what: string, p: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Checks BEFORE a certification runs that `dir` is a folder reports can be written to: creates it
 * (one level at a time, never a recursive `mkdir`), refuses pseudo file systems (/proc, /sys, …) and
 * /dev, and writes and removes a probe file. Every step is bounded by `timeoutMs`.
 *
 * @returns `undefined` when writable, else the problem in one sentence (e.g. `not writable: EROFS …`).
 */
export async function ensureWritableDir(
  dir: string,
  timeoutMs = REPORT_DIR_STEP_TIMEOUT_MS,
): Promise<string | undefined> {
  try {
    // nearest existing ancestor
    const missing: string[] = [];
    let existing = dir;
    for (;;) {
      const st = await bounded(`stat ${existing}`, stat(existing), timeoutMs).catch(
        (e: NodeJS.ErrnoException) =>
          e.code === 'ENOENT' || e.code === 'ENOTDIR' ? undefined : Promise.reject(e),
      );
      if (st) {
        if (!st.isDirectory()) return `${existing} exists and is not a folder`;
        break;
      }
      missing.unshift(existing);
      const up = dirname(existing);
      if (up === existing) return 'no existing parent folder';
      existing = up;
    }
    const real = await bounded(`realpath ${existing}`, realpath(existing), timeoutMs);
    if (real === '/dev' || real.startsWith('/dev/'))
      return `${real} is the device folder, not a place for reports`;
    const fs = await bounded(`statfs ${real}`, statfs(real), timeoutMs);
    const pseudo = PSEUDO_FS[fs.type];
    if (pseudo) return `${real} is on ${pseudo}, a pseudo file system that holds no reports`;
    for (const d of missing) await bounded(`mkdir ${d}`, mkdir(d), timeoutMs);
    const probe = join(dir, `.agentotel-write-probe-${randomBytes(4).toString('hex')}`);
    await bounded(`writing ${probe}`, writeFile(probe, 'probe\n'), timeoutMs);
    await bounded(`removing ${probe}`, rm(probe, { force: true }), timeoutMs);
    return undefined;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return `not writable: ${e.code ? `${e.code} ` : ''}${e.message}`;
  }
}
