import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateTestCertificates,
  type OtlpLogRecord,
  type OtlpMetricPoint,
  type OtlpSpan,
  plainAttributes,
  type StartedOtlpReceiver,
  startOtlpReceiver,
  TEST_CLIENT_CERT_CN,
  type TestCertificates,
} from '../../src/index.ts';
import { emitSample, SAMPLE, SDK_TRANSPORTS, type SdkTransport } from '../support/sdk-telemetry.ts';

const urlFor = (r: StartedOtlpReceiver, t: SdkTransport) => (t === 'grpc' ? r.grpcUrl : r.httpUrl);

function expectSample(receiver: StartedOtlpReceiver, transport: SdkTransport): void {
  const logs = receiver.logs();
  const metrics = receiver.metrics();
  const spans = receiver.spans();
  expect(logs).toHaveLength(SAMPLE.logs);
  expect(metrics).toHaveLength(SAMPLE.metricPoints);
  expect(spans).toHaveLength(SAMPLE.spans);
  for (const r of receiver.records()) expect(r.request.transport).toBe(transport);

  const prompt = logs.find((l) => l.eventName === 'codex.user_prompt') as OtlpLogRecord;
  expect(prompt.eventNameSource).toBe('eventName');
  expect(prompt.attributes).toMatchObject({
    prompt_length: { type: 'int', value: 42 },
    ratio: { type: 'double', value: 0.5 },
    whole_double: { type: 'int', value: 3 }, // JS cannot tell 3.0 from 3: the SDK sends an int
    success: { type: 'bool', value: true },
    prompt: { type: 'string', value: '[REDACTED]' },
    tags: {
      type: 'array',
      value: [
        { type: 'string', value: 'a' },
        { type: 'string', value: 'b' },
      ],
    },
  });
  expect(prompt.severityText).toBe('INFO');
  expect(plainAttributes(prompt.resource.attributes)).toMatchObject({
    'service.name': 'agentotel-test',
    'service.version': '1.2.3',
    env: 'test',
  });
  expect(prompt.scope).toMatchObject({ name: 'agentotel.test', version: '0.0.1' });
  const fromBody = logs.find((l) => l.eventName === 'codex.api_request') as OtlpLogRecord;
  expect(fromBody.eventNameSource).toBe('body');

  const counter = metrics.find((m) => m.name === 'codex.api_request') as OtlpMetricPoint;
  expect(counter).toMatchObject({
    metricType: 'sum',
    temporality: 'delta',
    monotonic: true,
    value: 2,
    unit: '',
  });
  const hist = metrics.find((m) => m.name === 'codex.api_request.duration_ms') as OtlpMetricPoint;
  expect(hist).toMatchObject({
    metricType: 'histogram',
    temporality: 'delta',
    unit: 'ms',
    count: 2,
    sum: 42.5,
    min: 12.5,
    max: 30,
  });
  const gauge = metrics.find((m) => m.name === 'codex.context_window') as OtlpMetricPoint;
  expect(gauge).toMatchObject({ metricType: 'gauge', unit: 'By', value: 1024 });
  expect(gauge.temporality).toBeUndefined();

  const turn = spans.find((s) => s.name === 'turn') as OtlpSpan;
  const tool = spans.find((s) => s.name === 'tool.call') as OtlpSpan;
  expect(tool.parentSpanId).toBe(turn.spanId);
  expect(tool.traceId).toBe(turn.traceId);
  expect(turn.traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(tool.status).toEqual({ code: 'error', message: 'boom' });
  expect(tool.events[0]).toMatchObject({ name: 'started', attributes: { step: { type: 'int', value: 1 } } });
  expect(tool.attributes.ok).toEqual({ type: 'bool', value: false });
  expect(turn.spanKind).toBe('internal');
}

describe('OTel JS SDK exporters -> embedded receiver', () => {
  let receiver: StartedOtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(() => receiver.stop());

  for (const transport of SDK_TRANSPORTS) {
    it(`receives logs, metrics and traces over ${transport}`, async () => {
      receiver.clear();
      await emitSample([{ transport, url: urlFor(receiver, transport) }]);
      expectSample(receiver, transport);
      for (const c of receiver.connections()) expect(c.plaintext).toBe(true);
    });
  }

  it('accepts gzip bodies from the SDK (http/protobuf and grpc)', async () => {
    receiver.clear();
    await emitSample([{ transport: 'http/protobuf', url: receiver.httpUrl, compression: 'gzip' }]);
    expectSample(receiver, 'http/protobuf');
    expect(receiver.requests().every((r) => r.contentEncoding === 'gzip')).toBe(true);
    receiver.clear();
    await emitSample([{ transport: 'grpc', url: receiver.grpcUrl, compression: 'gzip' }]);
    expectSample(receiver, 'grpc');
  });
});

describe('TLS, mTLS and required headers', () => {
  let certs: TestCertificates;
  beforeAll(async () => {
    certs = await generateTestCertificates();
  });

  for (const transport of SDK_TRANSPORTS) {
    it(`mTLS + bearer token over ${transport}`, async () => {
      await using receiver = await startOtlpReceiver({
        tls: { cert: certs.server.cert, key: certs.server.key, clientCa: certs.ca.cert },
        requiredHeaders: { Authorization: 'Bearer t0ken' },
      });
      expect(receiver.httpUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      await emitSample([
        {
          transport,
          url: urlFor(receiver, transport),
          headers: { authorization: 'Bearer t0ken' },
          tls: { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key },
        },
      ]);
      expectSample(receiver, transport);
      const req = receiver.requests()[0];
      expect(req?.tls.encrypted).toBe(true);
      expect(req?.tls.clientCertificateSubject).toBe(TEST_CLIENT_CERT_CN);
      expect(req?.headers.authorization).toBe('Bearer t0ken');
      const conns = receiver.connections();
      expect(conns.length).toBeGreaterThan(0);
      expect(conns.every((c) => c.tlsClientHello && !c.plaintext)).toBe(true);
    });
  }

  it('rejects a missing bearer token: HTTP 401 and gRPC UNAUTHENTICATED, nothing recorded', async () => {
    await using receiver = await startOtlpReceiver({ requiredHeaders: { authorization: 'Bearer t0ken' } });
    await expect(emitSample([{ transport: 'http/protobuf', url: receiver.httpUrl }])).rejects.toThrow();
    await expect(emitSample([{ transport: 'grpc', url: receiver.grpcUrl }])).rejects.toThrow();
    expect(receiver.records()).toHaveLength(0);
    const statuses = new Set(receiver.requests().map((r) => r.status));
    expect([...statuses]).toEqual([401]);
  });

  it('rejects a client without a certificate under mTLS', async () => {
    await using receiver = await startOtlpReceiver({
      tls: { cert: certs.server.cert, key: certs.server.key, clientCa: certs.ca.cert },
    });
    await expect(
      emitSample([{ transport: 'http/protobuf', url: receiver.httpUrl, tls: { ca: certs.ca.cert } }]),
    ).rejects.toThrow();
    expect(receiver.records()).toHaveLength(0);
  });

  it('records plaintext arriving on a TLS listener (gRPC with insecure creds, HTTP with http://)', async () => {
    await using receiver = await startOtlpReceiver({
      tls: { cert: certs.server.cert, key: certs.server.key },
    });
    // The SDK gRPC exporter with insecure credentials speaks h2c even to an https:// URL.
    await expect(
      emitSample([{ transport: 'grpc', url: receiver.grpcUrl.replace('https:', 'http:') }]),
    ).rejects.toThrow();
    const conns = receiver.connections().filter((c) => c.listener === 'grpc');
    expect(conns.length).toBeGreaterThan(0);
    expect(conns.some((c) => c.plaintext)).toBe(true);
    // the same for OTLP/HTTP sent as http:// to the TLS listener
    await expect(
      emitSample([{ transport: 'http/protobuf', url: receiver.httpUrl.replace('https:', 'http:') }]),
    ).rejects.toThrow();
    const http = receiver.connections().filter((c) => c.listener === 'http');
    expect(http.some((c) => c.plaintext && c.firstByte === 'P'.charCodeAt(0))).toBe(true);
    expect(receiver.records()).toHaveLength(0);
  });
});
