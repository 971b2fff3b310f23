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
    { kind: 'scenario-done', id: 'stream-cut', state: 'ran', durationMs: 20, done: 2, total: 2 },
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
    expect(s.text()).toBe('agentotel certify: s, 2 scenarios\n  [ 2/2] plain-answer 10ms, stream-cut 20ms\n');
  });

  test('finished scenarios share lines of at most 100 characters; an error gets its line at once', () => {
    const s = sink(false);
    const r = createConsoleReporter();
    const ctx = { reportDir: '.', out: s.out };
    const total = 30;
    r.onProgress?.({ kind: 'start', subject: 's', scenarios: total }, ctx);
    for (let i = 1; i <= total; i++) {
      const id = `plain-answer-${i}`;
      r.onProgress?.({ kind: 'scenario-start', id }, ctx);
      if (i === 5) {
        r.onProgress?.({ kind: 'scenario-done', id, state: 'error', durationMs: 7, done: i, total }, ctx);
        expect(s.text().trimEnd().split('\n').at(-1)).toMatch(/^ {2}\[ 5\/30\] (.*, )?plain-answer-5 error$/);
      } else
        r.onProgress?.({ kind: 'scenario-done', id, state: 'ran', durationMs: 1234, done: i, total }, ctx);
    }
    const lines = s.text().trimEnd().split('\n').slice(1);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(100);
    expect(lines.length).toBeLessThanOrEqual(total / 3);
    expect(lines.at(-1)).toMatch(/^ {2}\[30\/30\] /);
    const listed = lines.flatMap((l) => l.replace(/^ {2}\[[ \d]+\/30\] /, '').split(', '));
    expect(listed).toHaveLength(total);
  });
});
