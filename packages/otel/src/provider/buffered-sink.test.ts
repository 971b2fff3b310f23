import { describe, expect, test } from 'vitest';
import type { Attributes, TelemetrySink } from '../events/telemetry-sink.ts';
import { MetricNames } from '../metrics/metric-names.ts';
import { BufferedSink } from './buffered-sink.ts';
import { teardownReserveMs } from './start-telemetry.ts';

function capturing(): TelemetrySink & { calls: unknown[] } {
  const calls: unknown[] = [];
  return {
    calls,
    logsEnabled: true,
    metricsEnabled: true,
    emitEvent: (name: string, attributes: Attributes, time: Date) =>
      calls.push(['event', name, attributes, time]),
    addCounter: (name, value, tags) => calls.push(['counter', name, value, tags]),
    recordHistogram: (name, value, tags) => calls.push(['histogram', name, value, tags]),
  };
}

describe('BufferedSink', () => {
  test('holds calls until attached, then replays them in order with their own timestamps', () => {
    const sink = new BufferedSink({ logs: true, metrics: true, maxBuffered: 100 });
    const t1 = new Date(1_000);
    const t2 = new Date(2_000);
    sink.emitEvent('a', { x: 1 }, t1);
    sink.addCounter(MetricNames.apiRequest, 1, { k: 'v' });
    sink.emitEvent('b', { x: 2 }, t2);
    sink.recordHistogram(MetricNames.apiRequestDurationMs, 5, {});
    expect(sink.buffered).toBe(4);
    const target = capturing();
    sink.attach(target);
    expect(target.calls).toEqual([
      ['event', 'a', { x: 1 }, t1],
      ['counter', MetricNames.apiRequest, 1, { k: 'v' }],
      ['event', 'b', { x: 2 }, t2],
      ['histogram', MetricNames.apiRequestDurationMs, 5, {}],
    ]);
    expect(sink.buffered).toBe(0);
    sink.emitEvent('c', {}, t2); // later calls go straight through
    expect(target.calls).toHaveLength(5);
  });

  test('is bounded: records beyond maxBuffered are dropped, the first ones kept', () => {
    const sink = new BufferedSink({ logs: true, metrics: true, maxBuffered: 3 });
    for (let i = 0; i < 5; i++) sink.emitEvent(`e${i}`, {}, new Date(i));
    for (let i = 0; i < 4; i++) sink.addCounter(MetricNames.toolCall, 1, {});
    expect(sink.buffered).toBe(6);
    expect(sink.dropped).toBe(3);
    const target = capturing();
    sink.attach(target);
    expect(
      target.calls.filter((c) => (c as unknown[])[0] === 'event').map((c) => (c as unknown[])[1]),
    ).toEqual(['e0', 'e1', 'e2']);
  });

  test('knows logs/metrics from the settings; discard drops everything and turns both off', () => {
    const sink = new BufferedSink({ logs: true, metrics: false, maxBuffered: 10 });
    expect([sink.logsEnabled, sink.metricsEnabled]).toEqual([true, false]);
    sink.addCounter(MetricNames.toolCall, 1, {}); // metrics off: not held
    sink.emitEvent('a', {}, new Date());
    expect(sink.buffered).toBe(1);
    sink.discard();
    expect([sink.logsEnabled, sink.metricsEnabled, sink.buffered]).toEqual([false, false, 0]);
    sink.emitEvent('b', {}, new Date());
    expect(sink.buffered).toBe(0);
  });

  test('a throwing target does not stop the replay', () => {
    const sink = new BufferedSink({ logs: true, metrics: false, maxBuffered: 10 });
    sink.emitEvent('a', {}, new Date());
    sink.emitEvent('b', {}, new Date());
    const seen: string[] = [];
    sink.attach({
      ...capturing(),
      emitEvent: (name) => {
        seen.push(name);
        throw new Error('boom');
      },
    });
    expect(seen).toEqual(['a', 'b']);
  });
});

test('teardownReserveMs: 5 % of the shutdown timeout, 10..100 ms', () => {
  expect(teardownReserveMs(2000)).toBe(100);
  expect(teardownReserveMs(1000)).toBe(50);
  expect(teardownReserveMs(100)).toBe(10);
  expect(teardownReserveMs(60_000)).toBe(100);
  expect(teardownReserveMs(5)).toBe(5);
});
