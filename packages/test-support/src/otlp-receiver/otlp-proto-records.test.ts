import { describe, expect, it } from 'vitest';
import { OtlpDecodeError } from './errors.ts';
import { normalizeOtlpJson } from './normalize.ts';
import { decodeOtlpProtobuf, OTLP_PROTO } from './otlp-proto.ts';
import { decodeOtlpProtobufRecords } from './otlp-proto-records.ts';
import type { OtlpRequestInfo, OtlpSignal } from './types.ts';

const request: OtlpRequestInfo = {
  id: 1,
  transport: 'http/protobuf',
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

const id = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const kv = (key: string, value: object) => ({ key, value });
const ATTRS = [
  kv('s', { stringValue: 'héllo ✓ a longer string past the ASCII fast path' }),
  kv('i', { intValue: '-42' }),
  kv('big', { intValue: '9007199254740993' }),
  kv('d', { doubleValue: 0.25 }),
  kv('b', { boolValue: true }),
  kv('f', { boolValue: false }),
  kv('y', { bytesValue: 'AQID' }),
  kv('a', { arrayValue: { values: [{ intValue: '1' }, { stringValue: 'x' }, {}] } }),
  kv('k', {
    kvlistValue: { values: [kv('n', { doubleValue: 1.5 }), kv('__proto__', { stringValue: 'p' })] },
  }),
  kv('e', {}),
  kv('__proto__', { stringValue: 'kept' }),
];
const RESOURCE = { attributes: [kv('service.name', { stringValue: 'svc' })], droppedAttributesCount: 1 };
const SCOPE = { name: 'scope', version: '1.2.3', attributes: [kv('sa', { intValue: '7' })] };

const SAMPLES: Record<OtlpSignal, object> = {
  logs: {
    resourceLogs: [
      {
        resource: RESOURCE,
        schemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
        scopeLogs: [
          {
            scope: SCOPE,
            schemaUrl: 'https://scope.schema',
            logRecords: [
              {
                timeUnixNano: '1700000000123456789',
                observedTimeUnixNano: '18446744073709551615',
                severityNumber: 9,
                severityText: 'INFO',
                eventName: 'codex.api_request',
                body: { stringValue: 'body' },
                attributes: ATTRS,
                flags: 1,
                traceId: id('0102030405060708090a0b0c0d0e0f10'),
                spanId: id('a1a2a3a4a5a6a7a8'),
              },
              { body: { stringValue: 'from.body' }, timeUnixNano: '5' },
              { attributes: [kv('event.name', { stringValue: 'from.attr' })], traceId: id('00'.repeat(16)) },
              { body: { kvlistValue: { values: [kv('x', { intValue: '1' })] } } },
              {},
            ],
          },
          { logRecords: [{ eventName: 'no.scope' }] },
        ],
      },
      { scopeLogs: [{ scope: { name: 'other' }, logRecords: [{ severityNumber: 17 }] }] },
    ],
  },
  metrics: {
    resourceMetrics: [
      {
        resource: RESOURCE,
        scopeMetrics: [
          {
            scope: SCOPE,
            metrics: [
              {
                name: 'g',
                unit: 'ms',
                description: 'a gauge',
                gauge: {
                  dataPoints: [
                    { asDouble: 1.5, timeUnixNano: '2', attributes: ATTRS.slice(0, 3) },
                    { asInt: '-3', startTimeUnixNano: '1700000000000000000', flags: 1 },
                    {},
                  ],
                },
              },
              {
                name: 's',
                sum: {
                  aggregationTemporality: 1,
                  isMonotonic: true,
                  dataPoints: [
                    {
                      asInt: '12',
                      exemplars: [
                        {
                          asDouble: 1,
                          timeUnixNano: '3',
                          spanId: id('a1a2a3a4a5a6a7a8'),
                          filteredAttributes: ATTRS.slice(0, 1),
                        },
                      ],
                    },
                  ],
                },
              },
              { name: 's2', sum: { aggregationTemporality: 2, dataPoints: [{ asDouble: 0 }] } },
              {
                name: 'h',
                histogram: {
                  aggregationTemporality: 2,
                  dataPoints: [
                    {
                      count: '10',
                      sum: 55.5,
                      min: 0,
                      max: 9,
                      bucketCounts: ['1', '2', '7'],
                      explicitBounds: [1, 5],
                      attributes: ATTRS.slice(3, 5),
                    },
                    { count: '0' },
                  ],
                },
              },
              {
                name: 'eh',
                exponentialHistogram: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    {
                      count: '4',
                      sum: 2,
                      scale: -3,
                      zeroCount: '1',
                      zeroThreshold: 0.001,
                      positive: { offset: -2, bucketCounts: ['1', '2'] },
                      negative: { offset: 5, bucketCounts: [] },
                      min: -1,
                      max: 3,
                    },
                  ],
                },
              },
              {
                name: 'sm',
                summary: {
                  dataPoints: [
                    {
                      count: '3',
                      sum: 6,
                      quantileValues: [
                        { quantile: 0.5, value: 2 },
                        { quantile: 1, value: 3 },
                      ],
                    },
                  ],
                },
              },
              { name: 'no.data' },
              {
                name: 'with.metadata',
                metadata: [kv('m', { stringValue: 'x' })],
                gauge: { dataPoints: [{ asInt: '1' }] },
              },
            ],
          },
        ],
      },
    ],
  },
  traces: {
    resourceSpans: [
      {
        resource: RESOURCE,
        scopeSpans: [
          {
            scope: SCOPE,
            spans: [
              {
                traceId: id('0102030405060708090a0b0c0d0e0f10'),
                spanId: id('a1a2a3a4a5a6a7a8'),
                parentSpanId: id('b1b2b3b4b5b6b7b8'),
                traceState: 'k=v',
                flags: 257,
                name: 'turn',
                kind: 3,
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000001234567891',
                attributes: ATTRS,
                events: [{ name: 'ev', timeUnixNano: '1700000000500000000', attributes: ATTRS.slice(0, 2) }],
                links: [
                  {
                    traceId: id('1102030405060708090a0b0c0d0e0f10'),
                    spanId: id('c1a2a3a4a5a6a7a8'),
                    traceState: 'a=b',
                    attributes: ATTRS.slice(1, 2),
                    flags: 1,
                  },
                  { traceId: id('1102030405060708090a0b0c0d0e0f10'), spanId: id('c1a2a3a4a5a6a7a8') },
                ],
                status: { code: 2, message: 'boom' },
              },
              {
                traceId: id('0102030405060708090a0b0c0d0e0f10'),
                spanId: id('a1a2a3a4a5a6a7a9'),
                parentSpanId: id('0000000000000000'),
                name: 'short',
                kind: 9,
                startTimeUnixNano: '5',
                endTimeUnixNano: '3',
                status: { code: 1 },
              },
              { name: 'empty' },
            ],
          },
        ],
      },
    ],
  },
};

function encode(signal: OtlpSignal, object: object): Uint8Array {
  const type = OTLP_PROTO[signal].request;
  return type.encode(type.fromObject(object)).finish();
}

/** The reference path: the generated module's decode and toObject, then the OTLP/JSON normalizer. */
const viaJson = (signal: OtlpSignal, bytes: Uint8Array) =>
  normalizeOtlpJson(signal, decodeOtlpProtobuf(signal, bytes), request);

describe('decodeOtlpProtobufRecords', () => {
  for (const signal of ['logs', 'metrics', 'traces'] as const) {
    it(`gives the same records as decode + toObject + normalizeOtlpJson for ${signal}`, () => {
      const bytes = encode(signal, SAMPLES[signal]);
      const direct = decodeOtlpProtobufRecords(signal, bytes, request);
      expect(direct.length).toBeGreaterThan(2);
      const reference = viaJson(signal, bytes);
      // the reference path loses `__proto__` keys (issue 12); compare the rest, then check they are kept
      const strip = (x: unknown): unknown =>
        JSON.parse(JSON.stringify(x), (key, value) => (key === '__proto__' ? undefined : value));
      expect(strip(direct)).toEqual(strip(reference));
    });
  }

  it('keeps an attribute named __proto__ as an own key, at every level', () => {
    const [log] = decodeOtlpProtobufRecords('logs', encode('logs', SAMPLES.logs), request);
    expect(Object.hasOwn(log?.attributes ?? {}, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(log?.attributes, '__proto__')?.value).toEqual({
      type: 'string',
      value: 'kept',
    });
    const k = log?.attributes.k;
    expect(k?.type === 'kvlist' && Object.hasOwn(k.value, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(log?.attributes)).toBe(Object.prototype);
  });

  it('keeps fixed64 timestamps exact, including 2^64-1', () => {
    const [log] = decodeOtlpProtobufRecords('logs', encode('logs', SAMPLES.logs), request);
    expect(log).toMatchObject({
      timeUnixNano: '1700000000123456789',
      observedTimeUnixNano: '18446744073709551615',
    });
  });

  const wrongWireType = (signal: OtlpSignal, bytes: Uint8Array) => {
    expect(() => decodeOtlpProtobufRecords(signal, bytes, request)).toThrow(OtlpDecodeError);
    return (() => {
      try {
        decodeOtlpProtobufRecords(signal, bytes, request);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
  };

  it('refuses a known field with another wire type, as the collector does', () => {
    // ExportLogsServiceRequest.resource_logs (1) sent as a varint
    expect(wrongWireType('logs', Uint8Array.from([0x08, 0x01]))).toMatch(
      /ExportLogsServiceRequest\.resource_\* has wire type 0, expected 2/,
    );
    // LogRecord.time_unix_nano (fixed64) sent as a varint, nested in ResourceLogs > ScopeLogs > LogRecord
    const record = [0x08, 0x05];
    const scopeLogs = [0x12, record.length, ...record];
    const resourceLogs = [0x12, scopeLogs.length, ...scopeLogs];
    expect(wrongWireType('logs', Uint8Array.from([0x0a, resourceLogs.length, ...resourceLogs]))).toMatch(
      /LogRecord\.time_unix_nano has wire type 0, expected 1/,
    );
  });

  it('refuses invalid wire types, field number 0, truncation and overruns; skips unknown fields', () => {
    expect(wrongWireType('traces', Uint8Array.from([0x17]))).toMatch(/invalid wire type 7 for field 2/);
    expect(wrongWireType('traces', Uint8Array.from([0x02, 0x00]))).toMatch(/invalid field number 0/);
    expect(wrongWireType('traces', Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]))).toMatch(
      /runs past the end/,
    );
    expect(wrongWireType('metrics', Uint8Array.from([0x0a]))).toMatch(/truncated varint/);
    // ResourceLogs whose inner scope_logs claims more bytes than the ResourceLogs holds
    expect(wrongWireType('logs', Uint8Array.from([0x0a, 0x02, 0x12, 0x02, 0x00, 0x00]))).toMatch(
      /overruns its length|wire type|field number/,
    );
    // unknown field 99 (varint) at the top level: skipped
    expect(decodeOtlpProtobufRecords('logs', Uint8Array.from([0x98, 0x06, 0x01]), request)).toEqual([]);
  });

  it("turns the protobufjs Reader's errors into decode errors naming the message and field", () => {
    const log = (record: number[]) => {
      const scopeLogs = [0x12, record.length, ...record];
      const resourceLogs = [0x12, scopeLogs.length, ...scopeLogs];
      return Uint8Array.from([0x0a, resourceLogs.length, ...resourceLogs]);
    };
    // time_unix_nano (fixed64) with 3 of its 8 bytes
    expect(wrongWireType('logs', log([0x09, 1, 2, 3]))).toMatch(
      /truncated varint, or a value running past the end of the message, in LogRecord\.time_unix_nano/,
    );
    // severity_text claiming 5 bytes, 1 there
    expect(wrongWireType('logs', log([0x1a, 5, 0x41]))).toMatch(
      /past the end of the message, in LogRecord\.severity_text/,
    );
    // severity_number cut in the middle of its varint
    expect(wrongWireType('logs', log([0x10, 0x80]))).toMatch(
      /truncated varint.* in LogRecord\.severity_number/,
    );
    // varints of 11 bytes, known and unknown field
    const eleven = [...Array(10).fill(0x80), 0x01];
    expect(wrongWireType('logs', log([0x10, ...eleven]))).toMatch(
      /invalid varint encoding in LogRecord\.severity_number/,
    );
    expect(wrongWireType('logs', Uint8Array.from([0x98, 0x06, ...eleven]))).toMatch(
      /invalid varint encoding in field 99 of ExportLogsServiceRequest/,
    );
    // an unknown fixed64 and an unknown length-delimited field running past the end
    expect(wrongWireType('logs', Uint8Array.from([0x99, 0x06, 1]))).toMatch(
      /field 99 of ExportLogsServiceRequest/,
    );
    expect(wrongWireType('logs', Uint8Array.from([0x9a, 0x06, 5, 1]))).toMatch(
      /field 99 of ExportLogsServiceRequest/,
    );
    // a tag cut in the middle
    expect(wrongWireType('logs', Uint8Array.from([0x98]))).toMatch(
      /truncated varint.* in a tag of ExportLogsServiceRequest/,
    );
  });

  it('decodes a Uint8Array view at an offset of a larger buffer as it decodes a Buffer', () => {
    for (const signal of ['logs', 'metrics', 'traces'] as const) {
      const bytes = encode(signal, SAMPLES[signal]);
      const larger = new Uint8Array(bytes.length + 7);
      larger.set(bytes, 3);
      const view = larger.subarray(3, 3 + bytes.length);
      expect(decodeOtlpProtobufRecords(signal, view, request)).toEqual(
        decodeOtlpProtobufRecords(signal, Buffer.from(bytes), request),
      );
    }
  });

  it('refuses groups and trace/span ids of another length than 16/8 bytes, as the collector does', () => {
    expect(wrongWireType('logs', Uint8Array.from([0x9b, 0x06, 0x9c, 0x06]))).toMatch(
      /groups are not accepted/,
    );
    const span = (bytes: number[]) => {
      const scopeSpans = [0x12, bytes.length, ...bytes];
      const resourceSpans = [0x12, scopeSpans.length, ...scopeSpans];
      return Uint8Array.from([0x0a, resourceSpans.length, ...resourceSpans]);
    };
    expect(wrongWireType('traces', span([0x0a, 3, 1, 2, 3]))).toMatch(/trace_id is 3 bytes, expected 16/);
    expect(wrongWireType('traces', span([0x12, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9]))).toMatch(
      /span_id is 9 bytes, expected 8/,
    );
    // empty ids are unset, not wrong
    expect(decodeOtlpProtobufRecords('traces', span([0x0a, 0, 0x12, 0]), request)).toMatchObject([
      { traceId: '', spanId: '' },
    ]);
  });
});
