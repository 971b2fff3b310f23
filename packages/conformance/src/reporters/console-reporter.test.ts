import { describe, expect, test } from 'vitest';
import type { ProgressEvent } from '../certify.ts';
import { colorEnabled, createConsoleReporter } from './console-reporter.ts';

const sink = (isTTY: boolean) => {
  let text = '';
  return { out: { write: (s: string) => (text += s), isTTY, columns: 80 }, text: () => text };
};

describe('colour', () => {
  test('on a terminal, unless NO_COLOR', () => {
    expect(colorEnabled({ write: () => 0, isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ write: () => 0, isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ write: () => 0, isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ write: () => 0, isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
  });
});

describe('progress', () => {
  const events: ProgressEvent[] = [
    { kind: 'start', subject: 's', scenarios: 2 },
    { kind: 'scenario-start', id: 'plain-answer' },
    { kind: 'scenario-start', id: 'stream-cut' },
    { kind: 'scenario-done', id: 'plain-answer', state: 'ran', durationMs: 10, done: 1, total: 2 },
  ];

  test('a terminal gets a live line naming the scenarios still running', () => {
    const s = sink(true);
    const r = createConsoleReporter();
    for (const e of events) r.onProgress?.(e, { reportDir: '.', out: s.out });
    expect(s.text()).toContain('running 2 (0/2 done): plain-answer, stream-cut');
    expect(s.text()).toContain('running 1 (1/2 done): stream-cut');
    expect(s.text()).toContain('\r\x1b[2K');
  });

  test('a log (no terminal) gets plain lines only', () => {
    const s = sink(false);
    const r = createConsoleReporter();
    for (const e of events) r.onProgress?.(e, { reportDir: '.', out: s.out });
    expect(s.text()).not.toContain('running');
    expect(s.text()).not.toContain('\x1b');
    expect(s.text()).toContain('[ 1/2] plain-answer 10ms');
  });
});
