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
  describe('in a scenario whose turn is expected to fail', () => {
    const failing = (exit: Partial<ScenarioRun['exit']>, stderr: string): ScenarioRun => {
      const r = run(exit, stderr);
      return {
        ...r,
        scenario: { id: 'stream-cut', expect: { outcome: 'failure', path: 'stream closed' } },
      } as ScenarioRun;
    };
    // Gemini CLI 0.61.0 on a stream cut: its documented "exit 1: General error or API failure", with the stack.
    const geminiStack =
      'Error when talking to Gemini API Full report available at: /tmp/x.json\nError: Model stream ended with an invalid chunk or missing finish reason.\n    at GeminiChat.processStreamResponse (file:///g/chunk.js:10:11)\n    at async GeminiChat.streamWithRetries (file:///g/chunk.js:20:5)\n';
    test('a normal non-zero exit with a stack trace is the expected failure: judged, no subject error', () => {
      expect(subjectErrorOf(failing({ code: 1 }, geminiStack))).toBeUndefined();
      expect(subjectErrorOf(failing({ code: 125 }, geminiStack))).toBeUndefined();
    });
    test('the same exit in a scenario expected to succeed stays a crash', () => {
      expect(subjectErrorOf(run({ code: 1 }, geminiStack))?.kind).toBe('crashed');
    });
    test('fatal signals, 126/127, 128+N, could-not-start and timeouts stay subject errors', () => {
      expect(subjectErrorOf(failing({ code: null, signal: 'SIGSEGV' }, geminiStack))?.kind).toBe('crashed');
      expect(subjectErrorOf(failing({ code: 127 }, 'sh: ./agent: not found'))?.kind).toBe('not-started');
      expect(subjectErrorOf(failing({ code: 126 }, geminiStack))?.kind).toBe('not-started');
      expect(subjectErrorOf(failing({ code: 134 }, geminiStack))?.kind).toBe('crashed');
      expect(subjectErrorOf(failing({ code: 1 }, 'Segmentation fault (core dumped)'))?.kind).toBe('crashed');
      expect(subjectErrorOf(failing({ code: null }, '[agentotel] could not start ./agent'))?.kind).toBe(
        'not-started',
      );
      expect(subjectErrorOf(failing({ code: null, signal: 'SIGKILL', timedOut: true }, ''))?.kind).toBe(
        'timed-out',
      );
    });
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
