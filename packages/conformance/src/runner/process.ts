import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { groupHasLiveMember, killMarkedProcesses, RUN_MARKER_ENV, trackProcessGroup } from './cleanup.ts';

/** What a subject's process did. */
export interface ProcessResult {
  code: number | null;
  signal: string | null;
  /** Killed by the harness at `timeoutMs`. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
  startedAtMs: number;
  endedAtMs: number;
}

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  cwd: string;
  env: Record<string, string>;
  /** Text written to stdin (then closed). @defaultValue empty */
  stdin?: string;
  /** The subject's time budget; at its end the whole process group is killed. */
  timeoutMs: number;
  /** Between SIGTERM and SIGKILL of the group. @defaultValue 2000 */
  killGraceMs?: number;
  /**
   * After the direct child exited, how long to keep reading stdout/stderr that a leftover process still
   * holds open before the group is killed and the pipes are abandoned. @defaultValue 2000
   */
  pipeGraceMs?: number;
}

/** Most characters of stdout/stderr kept per stream. */
const MAX_OUTPUT_CHARS = 200_000;

/**
 * Sends `signal` to every process of the group `pgid` (a negative pid); ESRCH (group gone) is ignored.
 *
 * @returns whether a process of the group was still there.
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether any process of the group `pgid` is alive. A zombie does not count: it has exited and holds
 * no pipe, socket or file, only its exit status until its parent reaps it. That matters because a
 * subject's short-lived child whose parent exited first (the Codex CLI leaves a `git` it started) is
 * reparented to PID 1, which may reap it late or never (in a container, PID 1 is often no init): a
 * signal-0 probe alone would count it as alive and make every teardown wait out the whole kill grace
 * (measured 1.1–1.5 s per Codex CLI scenario on a VM whose PID 1 reaps in batches).
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  return groupHasLiveMember(pgid) ?? true;
}

/**
 * Kills the process group: SIGTERM, then SIGKILL after `graceMs` to whatever is left.
 * Resolves when the group is gone or after the SIGKILL.
 */
export async function killGroup(pgid: number, graceMs: number): Promise<void> {
  // nothing but zombies (or nothing at all) left: no signal to send, no grace to wait out
  if (!groupAlive(pgid) || !signalGroup(pgid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(pgid)) await new Promise((r) => setTimeout(r, 25));
  signalGroup(pgid, 'SIGKILL');
}

/**
 * Runs a subject: spawned in its own process group (detached), its stdin fed and closed, stdout and
 * stderr read (each capped at 200,000 characters).
 *
 * - At `timeoutMs` the whole group is killed (SIGTERM, SIGKILL after `killGraceMs`), so a child that
 *   ignores SIGTERM, or a grandchild left in the background, does not outlive the scenario.
 * - When the direct child has exited but a leftover process of the group still holds stdout or stderr
 *   open (`sh -c "sleep 600 & echo started"`), the pipes are read for `pipeGraceMs` more, then the group
 *   is killed and the pipes abandoned: the result never waits on a pipe after a kill.
 * - After the child exits, any process still in its group is killed. A process that left the group
 *   (`setsid`) is found by the marker {@link RUN_MARKER_ENV} every process of the run inherits in its
 *   environment (Linux `/proc`), and killed too; the pipes it may hold are closed on our side.
 *
 * The group is registered with {@link trackProcessGroup} while it runs, so SIGINT/SIGTERM of certify
 * kills it too.
 */
export function runProcess(argv: string[], opts: RunProcessOptions): Promise<ProcessResult> {
  const killGraceMs = opts.killGraceMs ?? 2000;
  const pipeGraceMs = opts.pipeGraceMs ?? 2000;
  return new Promise((done) => {
    const startedAtMs = Date.now();
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    let exit: { code: number | null; signal: string | null } | undefined;
    const timers: NodeJS.Timeout[] = [];
    const marker = randomUUID();
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: opts.cwd,
      env: { ...opts.env, [RUN_MARKER_ENV]: marker },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const pgid = child.pid;
    const untrack = pgid !== undefined ? trackProcessGroup(pgid, killGraceMs, marker) : () => {};
    const finish = (extraStderr = '') => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      // stop reading: a process outside the group (setsid) may keep the pipes open
      child.stdout?.destroy();
      child.stderr?.destroy();
      const endedAtMs = Date.now();
      const result: ProcessResult = {
        code: exit?.code ?? null,
        signal: exit?.signal ?? null,
        timedOut,
        stdout,
        stderr: stderr + extraStderr,
        startedAtMs,
        endedAtMs,
      };
      // whatever is left in the group does not outlive the scenario
      const cleanup = (pgid !== undefined ? killGroup(pgid, killGraceMs) : Promise.resolve()).then(() =>
        killMarkedProcesses(marker, killGraceMs),
      );
      void cleanup.finally(untrack).then(() => done(result));
    };
    const cap = (s: string, d: Buffer) => (s.length < MAX_OUTPUT_CHARS ? s + d.toString('utf8') : s);
    child.stdout.on('data', (d: Buffer) => {
      stdout = cap(stdout, d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr = cap(stderr, d);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin ?? '');
    timers.push(
      setTimeout(() => {
        timedOut = true;
        if (pgid === undefined) return;
        void killGroup(pgid, killGraceMs).then(() => {
          // the pipes may be held by a process that left the group: do not wait on them
          timers.push(setTimeout(() => finish(), 200));
        });
      }, opts.timeoutMs),
    );
    child.on('error', (err) => {
      finish(`\n[agentotel] could not start ${argv[0]}: ${err.message}`);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // the pipes close when every holder is gone; a leftover holder gets pipeGraceMs
      timers.push(setTimeout(() => finish(), pipeGraceMs));
    });
    child.on('close', (code, signal) => {
      exit ??= { code, signal };
      finish();
    });
  });
}
