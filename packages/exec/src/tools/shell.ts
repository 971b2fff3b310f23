import { type ChildProcess, spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { MAX_TIMEOUT_MS } from '../config/limits.ts';
import type { FunctionToolSpec } from '../model/types.ts';
import { guardGitArgv, guardGitEnv } from './git-guard.ts';
import { signalProcessGroup, terminateProcessGroup } from './process-group.ts';

/** The name of the shell tool offered to the model. */
export const SHELL_TOOL_NAME = 'shell';

/** The `shell` function tool: `{"command": [argv...], "workdir"?, "timeout_ms"?}`. */
export const SHELL_TOOL_SPEC: FunctionToolSpec = {
  type: 'function',
  name: SHELL_TOOL_NAME,
  description:
    'Runs a command and returns its combined output and exit code. Pass argv as an array, e.g. ["bash", "-lc", "ls -la"].',
  strict: false,
  parameters: {
    type: 'object',
    properties: {
      command: { type: 'array', items: { type: 'string' }, description: 'The command and its arguments.' },
      workdir: {
        type: 'string',
        description: 'The working directory; relative paths resolve against the session cwd.',
      },
      timeout_ms: { type: 'number', description: 'Kill the command after this many milliseconds.' },
      with_escalated_permissions: {
        type: 'boolean',
        description: 'Ask the user before running (used by approval_policy on-request).',
      },
      justification: { type: 'string', description: 'Why escalation is needed, shown to the user.' },
    },
    required: ['command'],
    additionalProperties: false,
  },
};

/** Parsed shell tool arguments. */
export interface ShellArgs {
  command: string[];
  workdir?: string;
  timeoutMs?: number;
  escalated: boolean;
  justification?: string;
}

/** Parses the JSON argument string of a `shell` call; returns an error message when it is not valid. */
export function parseShellArgs(args: string): ShellArgs | { error: string } {
  let v: unknown;
  try {
    v = JSON.parse(args);
  } catch (err) {
    return { error: `failed to parse function arguments: ${(err as Error).message}` };
  }
  if (typeof v !== 'object' || v === null)
    return { error: 'failed to parse function arguments: expected an object' };
  const o = v as Record<string, unknown>;
  const command = o.command;
  if (!Array.isArray(command) || command.length === 0 || !command.every((c) => typeof c === 'string')) {
    return { error: 'failed to parse function arguments: "command" must be a non-empty array of strings' };
  }
  const out: ShellArgs = { command: command as string[], escalated: o.with_escalated_permissions === true };
  if (typeof o.workdir === 'string') out.workdir = o.workdir;
  if (o.timeout_ms !== undefined && o.timeout_ms !== null) {
    const t = o.timeout_ms;
    if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0 || t > MAX_TIMEOUT_MS) {
      return {
        error: `failed to parse function arguments: "timeout_ms" must be a positive number of milliseconds, at most ${MAX_TIMEOUT_MS}; got ${JSON.stringify(t)}`,
      };
    }
    out.timeoutMs = t;
  }
  if (typeof o.justification === 'string') out.justification = o.justification;
  return out;
}

/** Options for {@link runShell}. */
export interface RunShellOptions {
  /** The session's working directory. */
  cwd: string;
  /** The tool's environment, already filtered by the `shell_environment_policy`; the git guard is added. */
  env: Record<string, string | undefined>;
  /** Most characters of output returned to the model (head and tail kept). @defaultValue 10000 */
  maxOutputChars?: number;
  /** Default timeout when the call gives none. @defaultValue 60000 */
  defaultTimeoutMs?: number;
  /** Time between SIGTERM and SIGKILL to the command's process group. @defaultValue 1000 */
  killGraceMs?: number;
  /**
   * How long output is still read after the command exits, from processes it left behind holding its
   * stdout/stderr; then they are killed and the pipes closed. @defaultValue 250
   */
  drainMs?: number;
  signal?: AbortSignal;
}

/** The outcome of one shell run. */
export interface ShellOutcome {
  exitCode: number;
  /** Combined stdout and stderr, capped. */
  output: string;
  durationMs: number;
  timedOut: boolean;
  /** The process group id of the command (its pid), for diagnostics and tests. */
  pid?: number | undefined;
}

/** Most characters of output kept in memory while a command runs. */
const MAX_BUFFER_CHARS = 4 * 1024 * 1024;

/**
 * Runs the command without a shell in its own process group (`detached`), combining and capping its
 * output. At `timeout_ms` (or when `signal` aborts) the whole group gets SIGTERM, then SIGKILL after
 * `killGraceMs`. When the command exits, whatever it left running in its group is killed, and pipes
 * still held by a process outside the group are closed after `drainMs`: the call never waits for them.
 * A git argv gets the git guard ({@link guardGitArgv}, {@link guardGitEnv}).
 */
export async function runShell(args: ShellArgs, opts: RunShellOptions): Promise<ShellOutcome> {
  const [file, ...rest] = guardGitArgv(args.command);
  const cwd = args.workdir
    ? isAbsolute(args.workdir)
      ? args.workdir
      : resolve(opts.cwd, args.workdir)
    : opts.cwd;
  const env = guardGitEnv(
    Object.fromEntries(Object.entries(opts.env).filter((e): e is [string, string] => e[1] !== undefined)),
  );
  const timeoutMs = args.timeoutMs ?? opts.defaultTimeoutMs ?? 60_000;
  const graceMs = opts.killGraceMs ?? 1000;
  const drainMs = opts.drainMs ?? 250;
  const started = performance.now();
  let output = '';
  let dropped = 0;
  const append = (chunk: string) => {
    const room = MAX_BUFFER_CHARS - output.length;
    if (room >= chunk.length) output += chunk;
    else {
      output += chunk.slice(0, Math.max(0, room));
      dropped += chunk.length - Math.max(0, room);
    }
  };
  let child: ChildProcess;
  try {
    child = spawn(file!, rest, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    return spawnFailure(err, started, opts);
  }
  const pgid = child.pid;
  let timedOut = false;
  let cancelKill = () => {};
  const stop = () => {
    cancelKill();
    cancelKill = terminateProcessGroup(pgid, graceMs);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, timeoutMs);
  const onAbort = () => stop();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) stop();
  const streams = [child.stdout!, child.stderr!];
  const closed = Promise.all(
    streams.map(
      (s) =>
        new Promise<void>((r) => {
          s.setEncoding('utf8');
          s.on('data', append);
          s.once('close', () => r());
          s.once('error', () => r());
        }),
    ),
  );
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null } | Error>((r) => {
    child.once('exit', (code, signal) => r({ code, signal }));
    child.once('error', (err) => r(err));
  });
  clearTimeout(timer);
  opts.signal?.removeEventListener('abort', onAbort);
  // Output still in the pipes is read for a moment; then leftovers are killed and the pipes closed.
  let drainTimer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise<void>((r) => (drainTimer = setTimeout(r, drainMs)))]);
  clearTimeout(drainTimer);
  cancelKill();
  signalProcessGroup(pgid, 'SIGKILL');
  for (const s of streams) s.destroy();
  if (exit instanceof Error) return spawnFailure(exit, started, opts);
  const durationMs = Math.round(performance.now() - started);
  if (dropped > 0) output += `\n[... ${dropped} characters not kept ...]`;
  const exitCode = timedOut
    ? 124
    : (exit.code ?? (exit.signal ? 128 + (osConstants.signals[exit.signal] ?? 0) : 1));
  return {
    exitCode,
    output: capOutput(output, opts.maxOutputChars ?? 10_000),
    durationMs,
    timedOut,
    pid: pgid,
  };
}

function spawnFailure(err: unknown, started: number, opts: RunShellOptions): ShellOutcome {
  const e = err as NodeJS.ErrnoException;
  return {
    exitCode: e.code === 'ENOENT' ? 127 : e.code === 'EACCES' ? 126 : 1,
    output: capOutput(`failed to run command: ${e.message}`, opts.maxOutputChars ?? 10_000),
    durationMs: Math.round(performance.now() - started),
    timedOut: false,
  };
}

/** Keeps the head and tail of long output with a marker in between. */
export function capOutput(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const half = Math.floor(maxChars / 2);
  const omitted = text.length - 2 * half;
  return `${text.slice(0, half)}\n[... ${omitted} characters omitted ...]\n${text.slice(text.length - half)}`;
}

/** The text returned to the model for a finished command, as Codex formats it. */
export function formatShellOutput(o: ShellOutcome): string {
  return JSON.stringify({
    output: o.timedOut ? `${o.output}\ncommand timed out` : o.output,
    metadata: { exit_code: o.exitCode, duration_seconds: Math.round(o.durationMs / 100) / 10 },
  });
}

/** Shell-quoted display form of argv. */
export function displayCommand(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
