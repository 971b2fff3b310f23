import { describe, expect, test } from 'vitest';
import { EMPTY_CAPTURE, type ScenarioRun } from '../model/scenario-run.ts';
import { STDERR_TAIL_MAX_BYTES, stderrTail, subjectErrorOf } from './subject-errors.ts';

const run = (exit: Partial<ScenarioRun['exit']>, stderr: string): ScenarioRun =>
  ({
    scenario: { id: 'plain-answer' },
    state: 'ran',
    exit: { code: 0, signal: null, timedOut: false, durationMs: 5, ...exit },
    stderr,
    stdout: '',
    capture: EMPTY_CAPTURE,
    command: ['./agent'],
  }) as unknown as ScenarioRun;

describe('errors of the subject', () => {
  test('an uncaught exception is a crash, not a telemetry failure', () => {
    const e = subjectErrorOf(
      run(
        { code: 1 },
        'file:///a.js:3\nTypeError: x.trim is not a function\n    at main (file:///a.js:3:5)\n',
      ),
    );
    expect(e?.kind).toBe('crashed');
    expect(e?.message).toContain('TypeError: x.trim is not a function');
  });
  test('a missing binary could not start; a timeout is timed-out; a fatal signal crashed', () => {
    expect(
      subjectErrorOf(run({ code: null }, '[agentotel] could not start ./agent: spawn ./agent ENOENT'))?.kind,
    ).toBe('not-started');
    expect(subjectErrorOf(run({ code: 127 }, 'sh: ./agent: not found'))?.kind).toBe('not-started');
    expect(subjectErrorOf(run({ code: null, signal: 'SIGKILL', timedOut: true }, ''))?.kind).toBe(
      'timed-out',
    );
    expect(subjectErrorOf(run({ code: null, signal: 'SIGSEGV' }, ''))?.kind).toBe('crashed');
  });
  test('a failure exit with an ordinary error message is no subject error', () => {
    expect(subjectErrorOf(run({ code: 1 }, 'error: response.failed: insufficient_quota'))).toBeUndefined();
    expect(subjectErrorOf(run({ code: 0 }, ''))).toBeUndefined();
  });
  test('the stderr tail is bounded to 50 lines and 8 KiB', () => {
    const many = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n');
    const t = stderrTail(many);
    expect(t.split('\n')).toHaveLength(51);
    expect(t).toContain('line 199');
    expect(t.startsWith('… (150 earlier lines cut)')).toBe(true);
    expect(Buffer.byteLength(stderrTail('x'.repeat(100_000)))).toBeLessThanOrEqual(STDERR_TAIL_MAX_BYTES);
  });
});
