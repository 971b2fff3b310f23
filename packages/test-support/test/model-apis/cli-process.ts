import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

/** Where a pinned agent CLI is: its env variable, else the `.ci/run` cache; `present` when the file exists. */
export function locateCli(envVar: string, cachedRelativePath: string): { bin: string; present: boolean } {
  const bin = process.env[envVar] || join(homedir(), '.cache/agentotel', cachedRelativePath);
  return { bin, present: existsSync(bin) };
}

/** `AGENTOTEL_REQUIRE_ALL=1` (set by `.ci/run`): a missing CLI fails instead of skipping. */
export const requireAll = process.env.AGENTOTEL_REQUIRE_ALL === '1';

/** Process ids whose process group is `pgid` (Linux /proc). */
async function groupMembers(pgid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid) pids.push(Number(entry));
  }
  return pids;
}

/** What a CLI run left: exit code, output, and the processes of its group still alive after the kill. */
export interface CliRun {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** Members of the run's process group found after the group was killed (should be none). */
  readonly leftovers: number[];
}

/**
 * Runs `file args` in its own process group with exactly `env` (nothing inherited), stdin closed, then
 * kills the whole group (SIGKILL) and waits until no member is left, so tools the agent started die too.
 */
export async function runCli(
  file: string,
  args: readonly string[],
  options: { env: Record<string, string>; cwd: string; timeoutMs: number },
): Promise<CliRun> {
  const child = execa(file, args, {
    env: options.env,
    extendEnv: false,
    cwd: options.cwd,
    stdin: 'ignore',
    detached: true,
    reject: false,
    timeout: options.timeoutMs,
    killSignal: 'SIGKILL',
  });
  const pgid = child.pid;
  try {
    const result = await child;
    return {
      exitCode: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
      leftovers: await killGroup(pgid),
    };
  } catch (error) {
    await killGroup(pgid);
    throw error;
  }
}

async function killGroup(pgid: number | undefined): Promise<number[]> {
  if (pgid === undefined) return [];
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
  for (let i = 0; i < 100; i++) {
    const members = await groupMembers(pgid);
    // zombies of an exited group vanish once reaped; give the kernel a moment
    if (members.length === 0) return [];
    await new Promise((r) => setTimeout(r, 50));
  }
  return groupMembers(pgid);
}
