import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OtlpRecord } from '@agentotel/test-support';
import { evCompleted, evFunctionCall, evResponseCreated, sse } from '@agentotel/test-support';
import { execa } from 'execa';
import { afterEach, expect } from 'vitest';
import { attr, logsNamed, MAIN, type ProcessResult } from '../helpers/harness.ts';

/**
 * The entry the robustness tests run: the package's `src/cli/main.ts`, or `$AGENTOTEL_EXEC_MAIN` (used
 * once to replay the suite against the sources before the fixes and see each test fail).
 */
export const ENTRY = process.env.AGENTOTEL_EXEC_MAIN ? resolve(process.env.AGENTOTEL_EXEC_MAIN) : MAIN;

const tracked = new Set<number>();
const pidFiles = new Set<string>();

/**
 * Whether process `pid` is still running: signal 0 reaches it (`ESRCH` means gone) and, on Linux, it is
 * not a zombie (a killed orphan waits for PID 1 to reap it, which a container's PID 1 may do late).
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return process.platform !== 'linux';
  }
}

/**
 * The pids of `pids` still alive, after giving signals already sent up to `graceMs` to land (a
 * SIGKILL is delivered asynchronously; this is a bounded wait, not a timing assertion).
 */
export async function survivors(pids: number[], graceMs = 5000): Promise<number[]> {
  for (let waited = 0; waited < graceMs && pids.some(alive); waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return pids.filter(alive);
}

/** Records a pid the leak check must find gone after the test. */
export function trackPid(pid: number | undefined): void {
  if (pid !== undefined && pid > 0) tracked.add(pid);
}

/** Records a file into which the test's commands write pids (one a line), read by the leak check. */
export function trackPidFile(path: string): string {
  pidFiles.add(path);
  return path;
}

/** The pids written in `path` (missing file: none). */
export function pidsIn(path: string): number[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split(/\s+/)
    .filter((s) => /^\d+$/.test(s))
    .map(Number);
}

/**
 * The suite's process-leak check: after each test, every pid it recorded (the agent, and those its
 * commands wrote to pid files) must be gone. Survivors are killed (so one failure does not pile up) and
 * fail the test.
 */
export function useLeakCheck(): void {
  afterEach(async () => {
    for (const f of pidFiles) for (const p of pidsIn(f)) tracked.add(p);
    const left = await survivors([...tracked]);
    for (const p of left) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    tracked.clear();
    pidFiles.clear();
    expect(left, 'processes started by the test are still alive').toEqual([]);
  });
}

/**
 * Runs the agent as a child process (its pid is tracked by the leak check). `timeoutMs` is only a
 * safety net that kills a hung agent; the tests assert it exited by itself (`signal` undefined).
 */
export async function runAgent(
  args: string[],
  opts: { home: string; env?: Record<string, string>; cwd?: string; timeoutMs?: number },
): Promise<ProcessResult> {
  const r = await startAgent(args, opts);
  return { exitCode: r.exitCode, signal: r.signal, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Starts the agent like {@link runAgent} and returns the running subprocess (to signal it). */
export function startAgent(
  args: string[],
  opts: { home: string; env?: Record<string, string>; cwd?: string; timeoutMs?: number },
) {
  const child = execa(process.execPath, ['--conditions=@agentotel/source', ENTRY, ...args], {
    cwd: opts.cwd ?? opts.home,
    env: {
      AGENTOTEL_HOME: opts.home,
      MOCK_API_KEY: 'dummy',
      AGENTOTEL_OTEL_SHUTDOWN_TIMEOUT_MS: '10000',
      ...opts.env,
    },
    extendEnv: true,
    reject: false,
    stdin: 'ignore',
    timeout: opts.timeoutMs ?? 60_000,
    forceKillAfterDelay: 1000,
  });
  trackPid(child.pid);
  return child;
}

/** One model response: a `shell` call with `args`. */
export const shellCall = (id: string, args: Record<string, unknown>) =>
  sse([
    evResponseCreated(`r_${id}`),
    evFunctionCall(id, 'shell', JSON.stringify(args)),
    evCompleted(`r_${id}`),
  ]);

/**
 * What a run left out of its telemetry at the receiver: the `codex.tool_result` of each of `callIds`
 * and the `codex.sse_event` of kind `response.completed` of each of `responses` model responses (the
 * last of them is emitted just before the agent exits, so it arrives only when the exit flushed).
 * Empty when nothing is missing; else one string per missing record, e.g. `codex.tool_result call_1`.
 */
export function missingRecords(
  records: OtlpRecord[],
  expected: { callIds: string[]; responses: number },
): string[] {
  const results = new Set(logsNamed(records, 'codex.tool_result').map((r) => attr(r, 'call_id')));
  const missing = expected.callIds.filter((id) => !results.has(id)).map((id) => `codex.tool_result ${id}`);
  const completed = logsNamed(records, 'codex.sse_event').filter(
    (e) => attr(e, 'event.kind') === 'response.completed',
  ).length;
  for (let i = completed; i < expected.responses; i++) missing.push('codex.sse_event response.completed');
  return missing;
}
