import { describe, expect, it } from 'vitest';
import { comparableRecords, normalizeOtlpJson, plainAttributes, toOtlpAttributes } from './normalize.ts';
import type { OtlpLogRecord, OtlpMetricPoint, OtlpRequestInfo, OtlpSpan } from './types.ts';

const request: OtlpRequestInfo = {
  id: 1,
  transport: 'http/json',
  signal: 'logs',
  path: '/v1/logs',
  headers: {},
  tls: { encrypted: false },
  contentEncoding: 'identity',
  bodyBytes: 0,
  receivedAtMs: 0,
  status: 200,
  recordCount: 0,
};

const logs = (records: object[]) =>
  normalizeOtlpJson(
    'logs',
    {
      resourceLogs: [
        { resource: { attributes: [] }, scopeLogs: [{ scope: { name: 's' }, logRecords: records }] },
      ],
    },
    request,
  ) as OtlpLogRecord[];

describe('normalizeOtlpJson', () => {
  it('takes the event name from eventName, then the event.name attribute, then a string body', () => {
    const [a, b, c, d] = logs([
      { eventName: 'from.field', body: { stringValue: 'body' } },
      {
        attributes: [{ key: 'event.name', value: { stringValue: 'from.attr' } }],
        body: { stringValue: 'body' },
      },
      { body: { stringValue: 'from.body' } },
      { body: { intValue: '3' } },
    ]);
    expect([a?.eventName, a?.eventNameSource]).toEqual(['from.field', 'eventName']);
    expect([b?.eventName, b?.eventNameSource]).toEqual(['from.attr', 'attribute']);
    expect([c?.eventName, c?.eventNameSource]).toEqual(['from.body', 'body']);
    expect(d?.eventName).toBeUndefined();
    expect(d?.body).toEqual({ type: 'int', value: 3 });
  });

  it('keeps int, double, string, bool, bytes, arrays and kvlists distinct', () => {
    const attrs = toOtlpAttributes([
      { key: 'i', value: { intValue: '42' } },
      { key: 'i2', value: { intValue: 7 } },
      { key: 'd', value: { doubleValue: 3 } },
      { key: 's', value: { stringValue: '42' } },
      { key: 'b', value: { boolValue: false } },
      { key: 'y', value: { bytesValue: 'AQI=' } },
      { key: 'a', value: { arrayValue: { values: [{ intValue: '1' }, { stringValue: 'x' }] } } },
      { key: 'k', value: { kvlistValue: { values: [{ key: 'n', value: { doubleValue: 0.5 } }] } } },
      { key: 'e', value: {} },
    ]);
    expect(attrs).toEqual({
      i: { type: 'int', value: 42 },
      i2: { type: 'int', value: 7 },
      d: { type: 'double', value: 3 },
      s: { type: 'string', value: '42' },
      b: { type: 'bool', value: false },
      y: { type: 'bytes', value: 'AQI=' },
      a: {
        type: 'array',
        value: [
          { type: 'int', value: 1 },
          { type: 'string', value: 'x' },
        ],
      },
      k: { type: 'kvlist', value: { n: { type: 'double', value: 0.5 } } },
      e: { type: 'empty' },
    });
    expect(plainAttributes(attrs)).toMatchObject({
      i: 42,
      d: 3,
      s: '42',
      a: [1, 'x'],
      k: { n: 0.5 },
      e: null,
    });
  });

  it('normalizes every metric type with unit and temporality', () => {
    const points = normalizeOtlpJson(
      'metrics',
      {
        resourceMetrics: [
          {
            scopeMetrics: [
              {
                metrics: [
                  {
                    name: 'c',
                    unit: '1',
                    sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [{ asInt: '5' }] },
                  },
                  { name: 'g', gauge: { dataPoints: [{ asDouble: 0.25 }] } },
                  {
                    name: 'h',
                    unit: 'ms',
                    histogram: {
                      aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA',
                      dataPoints: [{ count: '2', sum: 3, bucketCounts: ['1', '1'], explicitBounds: [1] }],
                    },
                  },
                  {
                    name: 'x',
                    exponentialHistogram: {
                      aggregationTemporality: 1,
                      dataPoints: [
                        { count: 1, scale: 2, zeroCount: 0, positive: { offset: 1, bucketCounts: [1] } },
                      ],
                    },
                  },
                  {
                    name: 's',
                    summary: {
                      dataPoints: [{ count: 1, sum: 2, quantileValues: [{ quantile: 0.5, value: 2 }] }],
                    },
                  },
                ],
              },
            ],
          },
        ],
      },
      { ...request, signal: 'metrics' },
    ) as OtlpMetricPoint[];
    expect(points.map((p) => [p.name, p.metricType, p.temporality, p.unit])).toEqual([
      ['c', 'sum', 'cumulative', '1'],
      ['g', 'gauge', undefined, ''],
      ['h', 'histogram', 'delta', 'ms'],
      ['x', 'exponentialHistogram', 'delta', ''],
      ['s', 'summary', undefined, ''],
    ]);
    expect(points[0]).toMatchObject({ value: 5, valueType: 'int', monotonic: true });
    expect(points[1]).toMatchObject({ value: 0.25, valueType: 'double' });
    expect(points[2]).toMatchObject({ count: 2, sum: 3, bucketCounts: [1, 1], explicitBounds: [1] });
    expect(points[3]).toMatchObject({ scale: 2, positive: { offset: 1, bucketCounts: [1] } });
    expect(points[4]?.quantiles).toEqual([{ quantile: 0.5, value: 2 }]);
  });

  it('normalizes spans: hex ids, kind, status, duration; exact nanosecond strings', () => {
    const [span] = normalizeOtlpJson(
      'traces',
      {
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    name: 'op',
                    traceId: 'AB'.repeat(16),
                    spanId: '01'.repeat(8),
                    parentSpanId: '',
                    kind: 'SPAN_KIND_CLIENT',
                    startTimeUnixNano: '1795253313724008026',
                    endTimeUnixNano: '1795253313726008026',
                    status: { code: 2, message: 'bad' },
                  },
                ],
              },
            ],
          },
        ],
      },
      { ...request, signal: 'traces' },
    ) as OtlpSpan[];
    expect(span).toMatchObject({
      traceId: 'ab'.repeat(16),
      spanKind: 'client',
      durationMs: 2,
      status: { code: 'error', message: 'bad' },
      startTimeUnixNano: '1795253313724008026',
    });
    expect(span?.parentSpanId).toBeUndefined();
  });

  it('comparableRecords drops transport metadata and orders records', () => {
    const a = logs([{ eventName: 'b' }, { eventName: 'a' }]);
    const b = logs([{ eventName: 'a' }, { eventName: 'b' }]).map((r) => ({
      ...r,
      request: { ...request, transport: 'grpc' as const },
    }));
    expect(comparableRecords(a)).toEqual(comparableRecords(b));
    expect(comparableRecords(a)[0]).not.toHaveProperty('request');
  });
});

describe('normalizeOtlpJson, strict (as the collector decodes OTLP/JSON)', () => {
  const strictLogs = (record: object) =>
    normalizeOtlpJson('logs', { resourceLogs: [{ scopeLogs: [{ logRecords: [record] }] }] }, request, {
      strict: true,
    });
  const intAttr = (v: unknown) => ({ attributes: [{ key: 'n', value: { intValue: v } }] });

  it('accepts int64 as a JSON integer or a decimal string, up to the int64 range', () => {
    for (const v of [7, -7, '42', '-9223372036854775808', '9223372036854775807', '0009']) {
      expect(() => strictLogs(intAttr(v)), String(v)).not.toThrow();
    }
    expect(() => strictLogs({ timeUnixNano: '18446744073709551615' })).not.toThrow();
  });

  it('refuses what is not an int64, naming the place', () => {
    for (const v of ['abc', '1.5', 1.5, '9223372036854775808', '-9223372036854775809', '', true, '1e3']) {
      expect(() => strictLogs(intAttr(v)), String(v)).toThrow(
        /resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[0\]: attribute "n": intValue is/,
      );
    }
    expect(() => strictLogs({ timeUnixNano: '18446744073709551616' })).toThrow(/timeUnixNano/);
    expect(() => strictLogs({ observedTimeUnixNano: '-1' })).toThrow(/observedTimeUnixNano/);
    expect(() => strictLogs({ attributes: 'x' })).toThrow(/attributes is "x", expected an array/);
    expect(() => strictLogs({ attributes: [{ key: 'b', value: { bytesValue: '***' } }] })).toThrow(/base64/);
  });

  it('is lenient by default, as before', () => {
    const [rec] = normalizeOtlpJson(
      'logs',
      { resourceLogs: [{ scopeLogs: [{ logRecords: [intAttr('abc')] }] }] },
      request,
    ) as OtlpLogRecord[];
    expect(rec?.attributes.n).toEqual({ type: 'int', value: 0 });
  });
});
