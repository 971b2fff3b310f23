/**
 * The embedded receiver refuses exactly what the real OpenTelemetry Collector refuses (issue 12, "lenient
 * receiver"): every malformed payload below gets HTTP 400 from both, and the payloads a collector accepts
 * (unknown fields, an attribute key `__proto__`) get 200 from both with the key kept. The collector is the
 * ocb-built binary, run as a child process; the suite checks that none of its processes outlive it.
 */
import http from 'node:http';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectorAvailability,
  collectorRequired,
  type StartedCollector,
  type StartedOtlpReceiver,
  startCollector,
  startOtlpReceiver,
} from '../../src/index.ts';
import { descendants, leftover } from './processes.ts';

const availability = await collectorAvailability('binary');

if (!availability.available) {
  if (collectorRequired()) {
    it('a real collector is available (AGENTOTEL_REQUIRE_ALL / AGENTOTEL_REQUIRE_COLLECTOR)', () => {
      throw new Error(availability.reason);
    });
  } else {
    it.skip(`real collector unavailable: ${availability.reason}`, () => undefined);
  }
}

const JSON_TYPE = 'application/json';
const PROTO_TYPE = 'application/x-protobuf';
const logs = (record: string) => `{"resourceLogs":[{"scopeLogs":[{"logRecords":[${record}]}]}]}`;
const spans = (span: string) => `{"resourceSpans":[{"scopeSpans":[{"spans":[${span}]}]}]}`;
/** ResourceLogs > ScopeLogs > LogRecord holding `record` bytes. */
const nestedLog = (record: number[]) => {
  const scopeLogs = [0x12, record.length, ...record];
  const resourceLogs = [0x12, scopeLogs.length, ...scopeLogs];
  return Uint8Array.from([0x0a, resourceLogs.length, ...resourceLogs]);
};

/** Payloads the collector refuses; name, path, content type, body. */
const MALFORMED: [string, string, string, string | Uint8Array][] = [
  [
    'JSON intValue "abc"',
    '/v1/logs',
    JSON_TYPE,
    logs('{"attributes":[{"key":"n","value":{"intValue":"abc"}}]}'),
  ],
  ['JSON intValue 1.5', '/v1/logs', JSON_TYPE, logs('{"attributes":[{"key":"n","value":{"intValue":1.5}}]}')],
  ['JSON timeUnixNano "yesterday"', '/v1/logs', JSON_TYPE, logs('{"timeUnixNano":"yesterday"}')],
  ['JSON observedTimeUnixNano "-5"', '/v1/logs', JSON_TYPE, logs('{"observedTimeUnixNano":"-5"}')],
  [
    'JSON span endTimeUnixNano "soon"',
    '/v1/traces',
    JSON_TYPE,
    spans('{"name":"s","endTimeUnixNano":"soon"}'),
  ],
  ['JSON traceId not hex', '/v1/traces', JSON_TYPE, spans('{"traceId":"zz","spanId":"0102030405060708"}')],
  ['JSON body not an object', '/v1/logs', JSON_TYPE, '[1,2]'],
  ['protobuf resource_logs as a varint', '/v1/logs', PROTO_TYPE, Uint8Array.from([0x08, 0x01])],
  ['protobuf invalid wire type 7', '/v1/metrics', PROTO_TYPE, Uint8Array.from([0x17])],
  ['protobuf time_unix_nano as a varint', '/v1/logs', PROTO_TYPE, nestedLog([0x08, 0x05])],
  ['protobuf event_name as fixed32', '/v1/logs', PROTO_TYPE, nestedLog([0x65, 1, 2, 3, 4])],
  [
    'protobuf length past the end',
    '/v1/traces',
    PROTO_TYPE,
    Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]),
  ],
  ['protobuf truncated varint', '/v1/traces', PROTO_TYPE, Uint8Array.from([0x0a])],
];

const len = (field: number, bytes: number[]) => [(field << 3) | 2, bytes.length, ...bytes];
const nestedSpan = (span: number[]) => Uint8Array.from(len(1, len(2, len(2, span))));

/** Protobuf edge cases: the receiver must answer what the collector answers (name, path, body). */
const PROTO_EDGES: [string, string, Uint8Array][] = [
  ['invalid UTF-8 in a string (accepted by both)', '/v1/logs', nestedLog(len(12, [0xff, 0xfe]))],
  ['an unknown field of wire type 5 (accepted)', '/v1/logs', Uint8Array.from([0x9d, 0x06, 1, 2, 3, 4])],
  ['an unknown field as a group (refused)', '/v1/logs', Uint8Array.from([0x9b, 0x06, 0x9c, 0x06])],
  ['a severity number out of range (accepted)', '/v1/logs', nestedLog([0x10, 0xe7, 0x07])],
  ['an empty AnyValue body (accepted)', '/v1/logs', nestedLog(len(5, []))],
  ['a trace id of 3 bytes (refused)', '/v1/traces', nestedSpan(len(1, [1, 2, 3]))],
  ['a span id of 9 bytes (refused)', '/v1/traces', nestedSpan(len(2, [1, 2, 3, 4, 5, 6, 7, 8, 9]))],
  ['a log trace id of 15 bytes (refused)', '/v1/logs', nestedLog(len(9, Array(15).fill(1)))],
  ['a varint of 11 bytes (refused)', '/v1/logs', nestedLog([0x10, ...Array(10).fill(0xff), 0x01])],
  ['an empty body (accepted)', '/v1/logs', new Uint8Array(0)],
];

/** Payloads the collector accepts. */
const ACCEPTED: [string, string, string, string | Uint8Array][] = [
  ['protobuf unknown field 99', '/v1/logs', PROTO_TYPE, Uint8Array.from([0x98, 0x06, 0x01])],
  ['JSON unknown key', '/v1/logs', JSON_TYPE, logs('{"eventName":"agree.unknown","whatever":{"x":1}}')],
  [
    'JSON intValue "+5"',
    '/v1/logs',
    JSON_TYPE,
    logs('{"eventName":"agree.plus","attributes":[{"key":"n","value":{"intValue":"+5"}}]}'),
  ],
  [
    'JSON intValue as a decimal string',
    '/v1/logs',
    JSON_TYPE,
    logs('{"eventName":"agree.int","attributes":[{"key":"n","value":{"intValue":"-7"}}]}'),
  ],
];

/**
 * Edge cases of OTLP/JSON, each sent to both: the receiver must answer what the collector answers (400 or
 * 200; the collector answers 500 for a negative `flags`, the receiver 400). Known leniency, not listed: the
 * receiver cannot tell `5.0` or `1e3` from `5` and `1000` after JSON.parse, so it accepts them as an int64
 * where the collector refuses them.
 */
const EDGES: [string, string, string][] = [
  ['intValue ""', '/v1/logs', logs('{"attributes":[{"key":"n","value":{"intValue":""}}]}')],
  ['intValue " 5"', '/v1/logs', logs('{"attributes":[{"key":"n","value":{"intValue":" 5"}}]}')],
  ['intValue true', '/v1/logs', logs('{"attributes":[{"key":"n","value":{"intValue":true}}]}')],
  ['intValue null', '/v1/logs', logs('{"attributes":[{"key":"n","value":{"intValue":null}}]}')],
  [
    'bytesValue without padding',
    '/v1/logs',
    logs('{"attributes":[{"key":"n","value":{"bytesValue":"AQI"}}]}'),
  ],
  ['bytesValue URL-safe', '/v1/logs', logs('{"attributes":[{"key":"n","value":{"bytesValue":"-_8="}}]}')],
  ['stringValue a number', '/v1/logs', logs('{"attributes":[{"key":"n","value":{"stringValue":5}}]}')],
  ['boolValue a string', '/v1/logs', logs('{"attributes":[{"key":"n","value":{"boolValue":"true"}}]}')],
  ['doubleValue "1.5"', '/v1/logs', logs('{"attributes":[{"key":"n","value":{"doubleValue":"1.5"}}]}')],
  ['doubleValue "abc"', '/v1/logs', logs('{"attributes":[{"key":"n","value":{"doubleValue":"abc"}}]}')],
  ['severityNumber by name', '/v1/logs', logs('{"severityNumber":"SEVERITY_NUMBER_INFO"}')],
  ['timeUnixNano a JSON number', '/v1/logs', logs('{"timeUnixNano":1700000000000000000}')],
  ['timeUnixNano 1.5', '/v1/logs', logs('{"timeUnixNano":1.5}')],
  ['timeUnixNano ""', '/v1/logs', logs('{"timeUnixNano":""}')],
  [
    'traceId upper case',
    '/v1/traces',
    spans('{"traceId":"0102030405060708090A0B0C0D0E0F10","spanId":"0102030405060708"}'),
  ],
  ['traceId too short', '/v1/traces', spans('{"traceId":"0102","spanId":"0102030405060708"}')],
  ['ids empty', '/v1/traces', spans('{"traceId":"","spanId":""}')],
  ['kind by name', '/v1/traces', spans('{"kind":"SPAN_KIND_SERVER"}')],
  ['kind an unknown name', '/v1/traces', spans('{"kind":"abc"}')],
  ['status code an unknown name', '/v1/traces', spans('{"status":{"code":"STATUS_CODE_MAYBE"}}')],
  ['attributes an object', '/v1/logs', logs('{"attributes":{"a":1}}')],
  ['attributes null', '/v1/logs', logs('{"attributes":null}')],
  ['key a number', '/v1/logs', logs('{"attributes":[{"key":5,"value":{"intValue":"1"}}]}')],
  ['logRecords an object', '/v1/logs', '{"resourceLogs":[{"scopeLogs":[{"logRecords":{}}]}]}'],
  ['flags a string', '/v1/logs', logs('{"flags":"1"}')],
  ['flags negative', '/v1/logs', logs('{"flags":-1}')],
  ['body an array', '/v1/logs', logs('{"body":[1]}')],
  ['an empty object', '/v1/logs', '{}'],
];

function post(url: string, body: string | Uint8Array, type: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { 'content-type': type }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => ok(res.statusCode ?? 0));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

function grpcExport(url: string, body: Uint8Array): Promise<number> {
  const client = new grpc.Client(new URL(url).host, grpc.credentials.createInsecure());
  return new Promise<number>((ok) =>
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.from(body),
      (err) => ok(err?.code ?? grpc.status.OK),
    ),
  ).finally(() => client.close());
}

describe.skipIf(!availability.available)(
  'embedded receiver and real collector agree on malformed OTLP',
  () => {
    let collector: StartedCollector;
    let receiver: StartedOtlpReceiver;
    const before = descendants();
    beforeAll(async () => {
      [collector, receiver] = await Promise.all([
        startCollector({ launcher: 'binary', logLevel: 'warn' }),
        startOtlpReceiver(),
      ]);
      // the no-leftover check below means something only if it sees the collector's processes
      expect(descendants().filter((p) => !before.includes(p)).length).toBeGreaterThan(0);
    });
    afterAll(async () => {
      await Promise.all([collector?.stop(), receiver?.stop()]);
      expect(await leftover(before)).toEqual([]);
    });

    it.each(MALFORMED)('%s: 400 from both', async (_name, path, type, body) => {
      const [fromCollector, fromReceiver] = await Promise.all([
        post(`${collector.httpUrl}${path}`, body, type),
        post(`${receiver.httpUrl}${path}`, body, type),
      ]);
      expect({ collector: fromCollector, receiver: fromReceiver }).toEqual({ collector: 400, receiver: 400 });
    });

    // Over gRPC the collector's codec fails before OTLP handling and grpc-go answers INTERNAL; the receiver
    // answers INVALID_ARGUMENT, as the OTLP spec asks for malformed data. Both are refusals that an exporter
    // must not retry.
    it.each(MALFORMED.filter(([, path, type]) => type === PROTO_TYPE && path === '/v1/logs'))(
      '%s over gRPC: refused by both, not retryable',
      async (_name, _path, _type, body) => {
        const [fromCollector, fromReceiver] = await Promise.all([
          grpcExport(collector.grpcUrl, body as Uint8Array),
          grpcExport(receiver.grpcUrl, body as Uint8Array),
        ]);
        expect([grpc.status.INVALID_ARGUMENT, grpc.status.INTERNAL]).toContain(fromCollector);
        expect(fromReceiver).toBe(grpc.status.INVALID_ARGUMENT);
      },
    );

    it.each(ACCEPTED)('%s: 200 from both', async (_name, path, type, body) => {
      const [fromCollector, fromReceiver] = await Promise.all([
        post(`${collector.httpUrl}${path}`, body, type),
        post(`${receiver.httpUrl}${path}`, body, type),
      ]);
      expect({ collector: fromCollector, receiver: fromReceiver }).toEqual({ collector: 200, receiver: 200 });
    });

    it.each(EDGES)('%s: the receiver answers as the collector does', async (_name, path, body) => {
      const [fromCollector, fromReceiver] = await Promise.all([
        post(`${collector.httpUrl}${path}`, body, JSON_TYPE),
        post(`${receiver.httpUrl}${path}`, body, JSON_TYPE),
      ]);
      expect(fromReceiver === 200 ? 'accepted' : 'refused').toBe(
        fromCollector === 200 ? 'accepted' : 'refused',
      );
      if (fromReceiver !== 200) expect(fromReceiver).toBe(400);
    });

    it.each(PROTO_EDGES)(
      'protobuf, %s: the receiver answers as the collector does',
      async (_name, path, body) => {
        const [fromCollector, fromReceiver] = await Promise.all([
          post(`${collector.httpUrl}${path}`, body, PROTO_TYPE),
          post(`${receiver.httpUrl}${path}`, body, PROTO_TYPE),
        ]);
        expect(fromReceiver).toBe(fromCollector);
      },
    );

    it('an attribute key __proto__: accepted by both, and kept by both', async () => {
      const body = logs(
        '{"eventName":"agree.proto","attributes":[{"key":"__proto__","value":{"stringValue":"kept"}},{"key":"k","value":{"intValue":"1"}}]}',
      );
      const [fromCollector, fromReceiver] = await Promise.all([
        post(`${collector.httpUrl}/v1/logs`, body, JSON_TYPE),
        post(`${receiver.httpUrl}/v1/logs`, body, JSON_TYPE),
      ]);
      expect([fromCollector, fromReceiver]).toEqual([200, 200]);
      const viaCollector = await collector.waitFor(
        (r) => r.signal === 'logs' && r.eventName === 'agree.proto',
      );
      const direct = await receiver.waitFor((r) => r.signal === 'logs' && r.eventName === 'agree.proto');
      expect(Object.keys(viaCollector.attributes).sort()).toEqual(['__proto__', 'k']);
      expect(Object.keys(direct.attributes).sort()).toEqual(['__proto__', 'k']);
      expect(Object.getOwnPropertyDescriptor(direct.attributes, '__proto__')?.value).toEqual({
        type: 'string',
        value: 'kept',
      });
    });
  },
);
