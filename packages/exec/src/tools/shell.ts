import { isAbsolute, resolve } from 'node:path';
import { execa } from 'execa';
import type { FunctionToolSpec } from '../model/types.ts';

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
  if (typeof o.timeout_ms === 'number' && o.timeout_ms > 0) out.timeoutMs = o.timeout_ms;
  if (typeof o.justification === 'string') out.justification = o.justification;
  return out;
}

/** Options for {@link runShell}. */
export interface RunShellOptions {
  /** The session's working directory. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** Most characters of output returned to the model (head and tail kept). @defaultValue 10000 */
  maxOutputChars?: number;
  /** Default timeout when the call gives none. @defaultValue 60000 */
  defaultTimeoutMs?: number;
  signal?: AbortSignal;
}

/** The outcome of one shell run. */
export interface ShellOutcome {
  exitCode: number;
  /** Combined stdout and stderr, capped. */
  output: string;
  durationMs: number;
  timedOut: boolean;
}

/** Runs the command with execa (no shell), combining and capping its output. */
export async function runShell(args: ShellArgs, opts: RunShellOptions): Promise<ShellOutcome> {
  const [file, ...rest] = args.command;
  const cwd = args.workdir
    ? isAbsolute(args.workdir)
      ? args.workdir
      : resolve(opts.cwd, args.workdir)
    : opts.cwd;
  const started = performance.now();
  const result = await execa(file!, rest, {
    cwd,
    env: opts.env as Record<string, string>,
    extendEnv: false,
    all: true,
    reject: false,
    stdin: 'ignore',
    timeout: args.timeoutMs ?? opts.defaultTimeoutMs ?? 60_000,
    maxBuffer: 4 * 1024 * 1024,
    forceKillAfterDelay: 1000,
    ...(opts.signal ? { cancelSignal: opts.signal } : {}),
  });
  const durationMs = Math.round(performance.now() - started);
  let output = typeof result.all === 'string' ? result.all : '';
  if (result.failed && result.exitCode === undefined) {
    output = `${output}${output ? '\n' : ''}${result.shortMessage ?? 'failed to run command'}`;
  }
  const exitCode = result.exitCode ?? (result.timedOut ? 124 : 1);
  return {
    exitCode,
    output: capOutput(output, opts.maxOutputChars ?? 10_000),
    durationMs,
    timedOut: result.timedOut,
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
