/**
 * Robustness of the embedded OTLP receiver (issue 13 item 9, issue 12 "lenient receiver"): bad framing,
 * oversized headers, slow partial requests on both listeners, and payloads a collector would refuse.
 * Loopback only; every wait is bounded by the receiver's own (small) timeouts. Each case failed before the
 * fix: a reset instead of 400/431, a connection held open forever, a 500, or a 200 for a bad payload.
 */
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRpcStatus, type StartedOtlpReceiver, startOtlpReceiver } from '../../src/index.ts';
import { emitSample, SAMPLE } from '../support/sdk-telemetry.ts';
import { commandOf, descendants } from './processes.ts';

const TOTAL = SAMPLE.logs + SAMPLE.metricPoints + SAMPLE.spans;
const HEADERS_TIMEOUT_MS = 300;
const REQUEST_TIMEOUT_MS = 600;
const GRPC_MAX_AGE_MS = 400;

interface RawResult {
  /** Everything the server wrote before closing. */
  text: string;
  /** How the connection ended: `end` (FIN), `reset` (ECONNRESET) or another error code. */
  how: string;
}

/**
 * Writes `chunks` to a fresh TCP connection (waiting `gapMs` between them, then keeping the connection
 * open) and resolves with what came back once the server closes it. Never closes from our side.
 */
function raw(port: number, chunks: (string | Buffer)[], gapMs = 0): Promise<RawResult> {
  return new Promise((ok) => {
    const socket = net.connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    let how = 'end';
    socket.on('data', (c: Buffer) => got.push(c));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      how = e.code === 'ECONNRESET' ? 'reset' : (e.code ?? 'error');
    });
    socket.on('close', () => ok({ text: Buffer.concat(got).toString('latin1'), how }));
    let i = 0;
    const next = () => {
      if (socket.destroyed || i >= chunks.length) return;
      socket.write(chunks[i++] as string | Buffer);
      if (gapMs > 0) setTimeout(next, gapMs);
      else next();
    };
    socket.on('connect', next);
  });
}

const statusOf = (r: RawResult) => Number(/^HTTP\/1\.1 (\d{3})/.exec(r.text)?.[1] ?? 0);

function post(
  url: string,
  body: string | Uint8Array,
  type: string,
): Promise<{ status: number; body: Buffer }> {
  return new Promise((ok, fail) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { 'content-type': type }, agent: false },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(parts) }));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

describe('embedded OTLP receiver under bad input', () => {
  let receiver: StartedOtlpReceiver;
  let port: number;
  const before = descendants();
  beforeAll(async () => {
    receiver = await startOtlpReceiver({
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      grpcMaxConnectionAgeMs: GRPC_MAX_AGE_MS,
    });
    port = Number(new URL(receiver.httpUrl).port);
  });
  afterAll(async () => {
    await receiver?.stop();
    // the receiver runs in this process; it must not have started any
    const left = descendants().filter((p) => !before.includes(p));
    expect(left.map((p) => `${p} ${commandOf(p)}`)).toEqual([]);
  });

  it('answers a malformed request line with 400, not a reset, and records why', async () => {
    const r = await raw(port, ['GARBAGE NOT HTTP\r\n\r\n']);
    expect(statusOf(r)).toBe(400);
    expect(r.text).toMatch(/malformed HTTP request/);
    expect(receiver.protocolErrors().some((e) => e.status === 400)).toBe(true);
  });

  it('answers a bad header line with 400', async () => {
    const r = await raw(port, ['POST /v1/logs HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n']);
    expect(statusOf(r)).toBe(400);
  });

  it('answers oversized headers with 431, not a reset', async () => {
    const big = `x-big: ${'a'.repeat(64 * 1024)}\r\n`;
    const r = await raw(port, [`POST /v1/logs HTTP/1.1\r\nHost: x\r\n${big}\r\n`]);
    expect(statusOf(r)).toBe(431);
    expect(receiver.protocolErrors().some((e) => e.status === 431 && e.code === 'HPE_HEADER_OVERFLOW')).toBe(
      true,
    );
  });

  it('closes a connection whose headers never finish (408), within its header timeout', async () => {
    const r = await raw(port, ['POST /v1/logs HTTP/1.1\r\n', 'Host: x\r\n'], 50);
    expect(statusOf(r)).toBe(408);
    expect(receiver.protocolErrors().some((e) => e.code === 'ERR_HTTP_REQUEST_TIMEOUT')).toBe(true);
  });

  it('closes a connection that sends nothing at all', async () => {
    const r = await raw(port, []);
    expect(r.text).toBe('');
  });

  it('closes a request whose body trickles in, and records the timeout on the request', async () => {
    receiver.clear();
    const head =
      'POST /v1/logs HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n';
    const trickle = Array.from({ length: 200 }, () => ' ');
    const r = await raw(port, [head, ...trickle], 20);
    expect([408, 0]).toContain(statusOf(r));
    await expect.poll(() => receiver.rejectedRequests().map((q) => q.rejection?.kind)).toContain('timeout');
  });

  it('closes a gRPC connection that stops mid-preface', async () => {
    const grpcPort = Number(new URL(receiver.grpcUrl).port);
    const r = await raw(grpcPort, ['PRI * HTTP/2.0\r\n']);
    expect(r.how).toMatch(/end|reset/);
  });

  it('cuts a gRPC call whose message never completes (max connection age, then grace)', async () => {
    const session = http2.connect(receiver.grpcUrl);
    session.on('error', () => undefined);
    const stream = session.request({
      ':method': 'POST',
      ':path': '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    stream.on('error', () => undefined);
    // a gRPC frame header announcing 1000 bytes, then only 3 of them, never ending the stream
    stream.write(Buffer.from([0, 0, 0, 0x03, 0xe8, 1, 2, 3]));
    await new Promise<void>((ok) => session.on('close', () => ok()));
    expect(session.closed || session.destroyed).toBe(true);
  });

  it('answers 400 (not 500) for values that broke the normalizer: an infinite time, a non-numeric end time', async () => {
    const infinite = await post(
      `${receiver.httpUrl}/v1/logs`,
      '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":1e400}]}]}]}',
      'application/json',
    );
    expect(infinite.status).toBe(400);
    const endTime = await post(
      `${receiver.httpUrl}/v1/traces`,
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"s","startTimeUnixNano":"1","endTimeUnixNano":"soon"}]}]}]}',
      'application/json',
    );
    expect(endTime.status).toBe(400);
    expect(JSON.parse(endTime.body.toString()).message).toMatch(
      /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]: endTimeUnixNano is "soon", expected a uint64/,
    );
  });

  it('refuses OTLP a collector refuses, says why, and marks the request malformed', async () => {
    receiver.clear();
    const cases: [string, string | Uint8Array, string, RegExp][] = [
      [
        '/v1/logs',
        '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"n","value":{"intValue":"abc"}}]}]}]}]}',
        'application/json',
        /attribute "n": intValue is "abc", expected an int64/,
      ],
      [
        '/v1/logs',
        '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"yesterday"}]}]}]}',
        'application/json',
        /timeUnixNano is "yesterday"/,
      ],
      [
        '/v1/logs',
        '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"observedTimeUnixNano":"-5"}]}]}]}',
        'application/json',
        /observedTimeUnixNano is "-5"/,
      ],
      [
        '/v1/traces',
        '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"not-hex","spanId":"0102030405060708"}]}]}]}',
        'application/json',
        /traceId is "not-hex", expected 16 bytes of hex/,
      ],
      ['/v1/logs', Uint8Array.from([0x08, 0x01]), 'application/x-protobuf', /has wire type 0, expected 2/],
      ['/v1/metrics', Uint8Array.from([0x17]), 'application/x-protobuf', /invalid wire type 7/],
    ];
    for (const [path, body, type, reason] of cases) {
      const res = await post(`${receiver.httpUrl}${path}`, body, type);
      expect(res.status, String(reason)).toBe(400);
      const message =
        type === 'application/json'
          ? JSON.parse(res.body.toString()).message
          : decodeRpcStatus(res.body).message;
      expect(message).toMatch(reason);
    }
    const rejected = receiver.rejectedRequests();
    expect(rejected).toHaveLength(cases.length);
    expect(rejected.every((r) => r.rejection?.kind === 'malformed' && r.status === 400)).toBe(true);
    expect(receiver.records()).toEqual([]);
  });

  it('keeps an attribute key __proto__ as an own key over JSON and protobuf', async () => {
    receiver.clear();
    const res = await post(
      `${receiver.httpUrl}/v1/logs`,
      '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"eventName":"e","attributes":[{"key":"__proto__","value":{"stringValue":"kept"}}]}]}]}]}',
      'application/json',
    );
    expect(res.status).toBe(200);
    const [log] = receiver.logs();
    expect(Object.hasOwn(log?.attributes ?? {}, '__proto__')).toBe(true);
    expect(Object.entries(log?.attributes ?? {})).toEqual([['__proto__', { type: 'string', value: 'kept' }]]);
  });

  it('after all of that, good telemetry over every transport still arrives whole', async () => {
    receiver.clear();
    await emitSample([
      { transport: 'grpc', url: receiver.grpcUrl },
      { transport: 'http/protobuf', url: receiver.httpUrl },
      { transport: 'http/json', url: receiver.httpUrl },
    ]);
    expect(receiver.records()).toHaveLength(3 * TOTAL);
    expect(receiver.rejectedRequests()).toEqual([]);
  });

  it('refuses timeouts out of range with a clear error', async () => {
    await expect(startOtlpReceiver({ headersTimeoutMs: 2 ** 31 })).rejects.toThrow(
      /headersTimeoutMs must be an integer number of milliseconds from 1 to 2147483647/,
    );
    await expect(startOtlpReceiver({ headersTimeoutMs: 5_000, requestTimeoutMs: 1_000 })).rejects.toThrow(
      /requestTimeoutMs \(1000\) must not be below headersTimeoutMs \(5000\)/,
    );
  });
});
