import http from 'node:http';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRpcStatus, type StartedOtlpReceiver, startOtlpReceiver } from '../../src/index.ts';
import { emitSample, SAMPLE } from '../support/sdk-telemetry.ts';

const TOTAL = SAMPLE.logs + SAMPLE.metricPoints + SAMPLE.spans;

/** A valid protobuf ExportLogsServiceRequest with one record, made by the SDK's own serializer. */
function validLogsBody(name: string): Uint8Array {
  const body = ProtobufLogsSerializer.serializeRequest([
    {
      hrTime: [1_700_000_000, 5],
      hrTimeObserved: [1_700_000_000, 6],
      eventName: name,
      body: name,
      attributes: { n: 1 },
      droppedAttributesCount: 0,
      resource: { attributes: { 'service.name': 'raw' }, merge: () => null, asyncAttributesPending: false },
      instrumentationScope: { name: 'raw' },
      spanContext: undefined,
      severityNumber: undefined,
      severityText: undefined,
    } as never,
  ]);
  if (!body) throw new Error('serializer returned nothing');
  return body;
}

interface Answer {
  status: number;
  type: string;
  body: Buffer;
}

function post(
  url: string,
  path: string,
  body: Uint8Array | string,
  headers: Record<string, string>,
): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = http.request(`${url}${path}`, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        ok({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type']),
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', fail);
    req.end(body);
  });
}

const PROTO = { 'content-type': 'application/x-protobuf' };

describe('bad requests get clear OTLP answers and lose nothing else', () => {
  let receiver: StartedOtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver({ maxBodyBytes: 64 * 1024 });
  });
  afterAll(() => receiver.stop());

  it('answers a good protobuf request with 200 and an empty ExportLogsServiceResponse', async () => {
    const res = await post(receiver.httpUrl, '/v1/logs', validLogsBody('good.one'), PROTO);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/x-protobuf');
    expect(res.body.length).toBe(0);
    const json = await post(receiver.httpUrl, '/v1/logs', '{"resourceLogs":[]}', {
      'content-type': 'application/json',
    });
    expect(json).toMatchObject({ status: 200, type: 'application/json' });
    expect(JSON.parse(json.body.toString())).toEqual({});
  });

  it('400 with a google.rpc.Status for a protobuf body that does not decode', async () => {
    const res = await post(
      receiver.httpUrl,
      '/v1/traces',
      Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]),
      PROTO,
    );
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/x-protobuf');
    const status = decodeRpcStatus(res.body);
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/OTLP protobuf traces request does not decode/);
  });

  it('400 with a JSON Status for JSON that does not parse, or for the wrong signal', async () => {
    const res = await post(receiver.httpUrl, '/v1/logs', '{"resourceLogs": [', {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toMatchObject({
      code: 3,
      message: expect.stringMatching(/OTLP\/JSON logs/),
    });
    const wrong = await post(receiver.httpUrl, '/v1/logs', '{"resourceSpans": []}', {
      'content-type': 'application/json',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.toString()).toMatch(/got a traces request on \/v1\/logs/);
  });

  it('400 for a gzip header on a body that is not gzip', async () => {
    const res = await post(receiver.httpUrl, '/v1/logs', validLogsBody('x'), {
      ...PROTO,
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(400);
    expect(decodeRpcStatus(res.body).message).toMatch(/not valid gzip/);
  });

  it('415 for another content type, 404 for another path, 405 for another method', async () => {
    const res = await post(receiver.httpUrl, '/v1/logs', 'hello', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body.toString()).message).toBe(
      'unsupported content type "text/plain"; use application/x-protobuf or application/json',
    );
    expect((await post(receiver.httpUrl, '/v1/profiles', 'x', PROTO)).status).toBe(404);
    const get = await new Promise<number>((ok) =>
      http.get(`${receiver.httpUrl}/v1/logs`, (r) => {
        r.resume();
        ok(r.statusCode ?? 0);
      }),
    );
    expect(get).toBe(405);
  });

  it('413 over maxBodyBytes, by content-length, by streamed size and after gunzip', async () => {
    const big = Buffer.alloc(100 * 1024, 1);
    const res = await post(receiver.httpUrl, '/v1/logs', big, PROTO);
    expect(res.status).toBe(413);
    expect(decodeRpcStatus(res.body).message).toMatch(/over the limit of 65536 bytes/);
    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0));
    const zipped = await post(receiver.httpUrl, '/v1/logs', bomb, { ...PROTO, 'content-encoding': 'gzip' });
    expect(zipped.status).toBe(413);
    const chunked = await new Promise<number>((ok, fail) => {
      const req = http.request(
        `${receiver.httpUrl}/v1/logs`,
        { method: 'POST', headers: PROTO, agent: false },
        (r) => ok(r.statusCode ?? 0),
      );
      req.on('error', fail);
      for (let i = 0; i < 10; i++) req.write(Buffer.alloc(10 * 1024, 2));
      req.end();
    });
    expect(chunked).toBe(413);
  });

  it('survives a connection cut mid-request and records why', async () => {
    const body = validLogsBody('never.complete');
    await new Promise<void>((ok) => {
      const socket = net.connect(Number(new URL(receiver.httpUrl).port), '127.0.0.1', () => {
        socket.write(
          `POST /v1/logs HTTP/1.1\r\nHost: x\r\ncontent-type: application/x-protobuf\r\ncontent-length: ${body.length}\r\n\r\n`,
        );
        socket.write(body.subarray(0, 5));
        setTimeout(() => {
          socket.destroy();
          ok();
        }, 30);
      });
    });
    await expect
      .poll(() => receiver.requests().find((r) => r.error?.includes('connection closed mid-request')))
      .toBeTruthy();
    expect(receiver.logs().some((l) => l.eventName === 'never.complete')).toBe(false);
    // a gzipped good one still works afterwards
    const res = await post(receiver.httpUrl, '/v1/logs', gzipSync(validLogsBody('after.cut')), {
      ...PROTO,
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(200);
    await receiver.waitFor((r) => r.signal === 'logs' && r.eventName === 'after.cut', { timeoutMs: 1_000 });
  });

  it('loses nothing from good requests sent in parallel with bad ones, over every transport', async () => {
    receiver.clear();
    const bad = Array.from({ length: 20 }, (_, i) =>
      i % 2
        ? post(receiver.httpUrl, '/v1/metrics', Buffer.from('garbage'), PROTO)
        : post(receiver.httpUrl, '/v1/traces', '{"nope', { 'content-type': 'application/json' }),
    );
    await Promise.all([
      ...bad,
      emitSample([{ transport: 'grpc', url: receiver.grpcUrl }]),
      emitSample([{ transport: 'http/protobuf', url: receiver.httpUrl }]),
      emitSample([{ transport: 'http/json', url: receiver.httpUrl }]),
    ]);
    expect(receiver.records()).toHaveLength(3 * TOTAL);
    expect(receiver.requests().filter((r) => r.status === 400)).toHaveLength(20);
  });

  it('gRPC: INVALID_ARGUMENT for a message that does not decode, then keeps serving', async () => {
    const grpc = await import('@grpc/grpc-js');
    const client = new grpc.Client(new URL(receiver.grpcUrl).host, grpc.credentials.createInsecure());
    const err = await new Promise<{ code: number; details: string }>((ok) =>
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]),
        (e) => ok(e as unknown as { code: number; details: string }),
      ),
    );
    client.close();
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/does not decode/);
    receiver.clear();
    await emitSample([{ transport: 'grpc', url: receiver.grpcUrl }]);
    expect(receiver.records()).toHaveLength(TOTAL);
  });

  it('waitFor times out with what arrived and what was rejected', async () => {
    const err = await receiver.waitFor(() => false, { timeoutMs: 50 }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/no OTLP record matched within 50ms; received \d+ record\(s\)/);
  });
});
