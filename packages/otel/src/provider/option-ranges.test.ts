import { describe, expect, test } from 'vitest';
import { MAX_TIMER_MS, NUMERIC_DEFAULTS, resolveNumericOptions } from './option-ranges.ts';

describe('resolveNumericOptions', () => {
  test('defaults when nothing is given; nothing said', () => {
    const lines: string[] = [];
    expect(resolveNumericOptions({}, (m) => lines.push(m))).toEqual(NUMERIC_DEFAULTS);
    expect(lines).toEqual([]);
  });

  test('values within range pass unchanged, fractions of a ms included', () => {
    const lines: string[] = [];
    const r = resolveNumericOptions(
      { shutdownTimeoutMs: 0.5, scheduledDelayMs: MAX_TIMER_MS, maxQueueSize: 1, maxExportBatchSize: 7 },
      (m) => lines.push(m),
    );
    expect(r).toMatchObject({
      shutdownTimeoutMs: 0.5,
      scheduledDelayMs: MAX_TIMER_MS,
      maxQueueSize: 1,
      maxExportBatchSize: 7,
    });
    expect(lines).toEqual([]);
  });

  test.each([MAX_TIMER_MS + 1, 1e15, Number.POSITIVE_INFINITY])(
    '%s ms is clamped to 2^31 - 1, one line per option',
    (v) => {
      const lines: string[] = [];
      const r = resolveNumericOptions({ shutdownTimeoutMs: v, metricsExportIntervalMs: v }, (m) =>
        lines.push(m),
      );
      expect(r.shutdownTimeoutMs).toBe(MAX_TIMER_MS);
      expect(r.metricsExportIntervalMs).toBe(MAX_TIMER_MS);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/option shutdownTimeoutMs = .* is above 2147483647 ms .*; using 2147483647$/);
    },
  );

  test.each([
    ['shutdownTimeoutMs', 0],
    ['scheduledDelayMs', -1],
    ['metricsExportIntervalMs', Number.NaN],
    ['maxQueueSize', 2.5],
    ['maxExportBatchSize', 0],
    ['maxQueueSize', Number.POSITIVE_INFINITY],
  ] as const)('%s = %s is a RangeError naming the option and the value', (name, v) => {
    expect(() => resolveNumericOptions({ [name]: v }, () => {})).toThrow(RangeError);
    expect(() => resolveNumericOptions({ [name]: v }, () => {})).toThrow(
      new RegExp(`option ${name}: expected .*; got ${String(v)}$`),
    );
  });
});
