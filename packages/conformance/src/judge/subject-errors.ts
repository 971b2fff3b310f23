import type { SubjectError } from '../model/report-model.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';

/** Most lines of a subject's stderr a report keeps (the last ones). */
export const STDERR_TAIL_MAX_LINES = 50;
/** Most bytes (UTF-8) of a subject's stderr a report keeps (the last ones). */
export const STDERR_TAIL_MAX_BYTES = 8 * 1024;

/**
 * The end of a process's stderr, bounded to {@link STDERR_TAIL_MAX_LINES} lines and
 * {@link STDERR_TAIL_MAX_BYTES} bytes; a cut is marked with a first line `… (N earlier lines cut)`.
 */
export function stderrTail(stderr: string): string {
  const all = stderr.replace(/\s+$/, '').split('\n');
  let lines = all.slice(-STDERR_TAIL_MAX_LINES);
  while (lines.length > 1 && Buffer.byteLength(lines.join('\n')) > STDERR_TAIL_MAX_BYTES)
    lines = lines.slice(1);
  let text = lines.join('\n');
  if (Buffer.byteLength(text) > STDERR_TAIL_MAX_BYTES)
    text = Buffer.from(text).subarray(-STDERR_TAIL_MAX_BYTES).toString('utf8');
  const cut = all.length - lines.length;
  return cut > 0 ? `… (${cut} earlier lines cut)\n${text}` : text;
}

/**
 * Markers of an uncaught crash in a runtime's stderr: a JavaScript stack trace under an error line
 * (Node prints `    at fn (file:line:col)` frames for an uncaught exception), a Rust panic, a Python
 * traceback, a Go panic, a fatal signal reported by a shell.
 */
const CRASH_MARKERS: { pattern: RegExp; what: string }[] = [
  { pattern: /^\w*(Error|Exception)\b.*\n(\s+at .+\n?)+/m, what: 'an uncaught JavaScript exception' },
  { pattern: /panicked at /, what: 'a Rust panic' },
  { pattern: /^Traceback \(most recent call last\):/m, what: 'a Python traceback' },
  { pattern: /^panic: [\s\S]*^goroutine \d+/m, what: 'a Go panic' },
  { pattern: /Segmentation fault|core dumped|Aborted \(core/, what: 'a fatal signal' },
];

/** Signals that the harness does not send and that end a process abnormally. */
const CRASH_SIGNALS = new Set(['SIGSEGV', 'SIGABRT', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGKILL', 'SIGTRAP']);

/**
 * Whether the subject itself failed in this run (an error of the subject, not of its telemetry), and
 * how: it could not start (spawn error, exit 126/127 of a shell that could not find or run it), it
 * did not exit within its `timeoutMs` and was killed, it died of a signal, or it exited non-zero with
 * the stack trace of an uncaught crash on stderr. The telemetry requirements do not judge such a run:
 * a crash must not read as a telemetry failure.
 *
 * In a scenario whose turn is expected to fail (`expect.outcome` `failure`), a normal exit with status
 * 1..125 is that expected failure, not a crash, even with a stack trace on stderr: its telemetry is
 * judged (flush on the failure exit, …). Fatal signals (and a shell's report of one), 126/127, a
 * command that could not start and a timeout stay subject errors there too.
 *
 * @returns `undefined` for a run that ended normally (whatever its exit status).
 */
export function subjectErrorOf(run: ScenarioRun): SubjectError | undefined {
  if (run.state !== 'ran') return undefined;
  if (!cache.has(run)) cache.set(run, classify(run));
  return cache.get(run);
}

const cache = new WeakMap<ScenarioRun, SubjectError | undefined>();

function classify(run: ScenarioRun): SubjectError | undefined {
  const { code, signal, timedOut, durationMs } = run.exit;
  const base = { scenario: run.scenario.id, exitCode: code, signal, stderrTail: stderrTail(run.stderr) };
  if (timedOut)
    return {
      ...base,
      kind: 'timed-out',
      message: `did not exit within ${durationMs} ms and was killed (the subject's timeoutMs)`,
    };
  if (code === null && signal === null)
    return {
      ...base,
      kind: 'not-started',
      message: `could not start ${run.command[0] ?? 'the command'}${lastLine(run.stderr, '[agentotel] could not start')}`,
    };
  if (code === 126 || code === 127)
    return {
      ...base,
      kind: 'not-started',
      message: `exit status ${code}: the command was not found or not executable${lastLine(run.stderr)}`,
    };
  if (signal !== null && CRASH_SIGNALS.has(signal))
    return { ...base, kind: 'crashed', message: `killed by ${signal}${lastLine(run.stderr)}` };
  if (code !== null && code !== 0) {
    const markers = expectedFailureExit(run, code)
      ? CRASH_MARKERS.filter((m) => m.what === 'a fatal signal')
      : CRASH_MARKERS;
    const marker = markers.find((m) => m.pattern.test(run.stderr));
    if (marker)
      return {
        ...base,
        kind: 'crashed',
        message: `exit status ${code} after ${marker.what}${firstErrorLine(run.stderr)}`,
      };
  }
  return undefined;
}

/**
 * Whether exit status `code` is the failure the scenario expects: its turn is meant to fail
 * (`expect.outcome` `failure`) and the process exited normally with a status in
 * {@link EXPECTED_FAILURE_EXIT_MIN}..{@link EXPECTED_FAILURE_EXIT_MAX}. Such a run is judged even
 * when the agent printed a stack trace with its error message: an agent may document its failure exit
 * that way (Gemini CLI's headless mode: "exit 1: General error or API failure", with the error's
 * stack on stderr). 126/127 (could not run) and 128+N (a shell's report of signal N) stay outside.
 */
function expectedFailureExit(run: ScenarioRun, code: number): boolean {
  return (
    run.scenario.expect?.outcome === 'failure' &&
    run.exit.signal === null &&
    code >= EXPECTED_FAILURE_EXIT_MIN &&
    code <= EXPECTED_FAILURE_EXIT_MAX
  );
}

/** Lowest exit status read as a scenario's expected failure (see `expectedFailureExit`). */
export const EXPECTED_FAILURE_EXIT_MIN = 1;
/** Highest exit status read as a scenario's expected failure: 126/127 mean "could not run", 128+ a signal. */
export const EXPECTED_FAILURE_EXIT_MAX = 125;

function lastLine(stderr: string, startsWith?: string): string {
  const lines = stderr.trim().split('\n').filter(Boolean);
  const line = startsWith ? lines.findLast((l) => l.startsWith(startsWith)) : lines.at(-1);
  return line ? `: ${line.slice(0, 300)}` : '';
}

function firstErrorLine(stderr: string): string {
  const line = stderr
    .split('\n')
    .find((l) => /(Error|Exception)\b|panicked at|^panic: |^Traceback/.test(l) && !/^\s+at /.test(l));
  return line ? `: ${line.trim().slice(0, 300)}` : '';
}
