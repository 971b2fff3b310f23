import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateTestCertificates,
  type StartedOtlpReceiver,
  startOtlpReceiver,
  TEST_CLIENT_CERT_CN,
  type TestCertificateFiles,
  writeTestCertificates,
} from '@agentotel/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseOtelSettings, startTelemetry } from '../../src/index.ts';
import { conversationOf, META } from '../support/catalog-fixture.ts';

let files: TestCertificateFiles;
let tlsReceiver: StartedOtlpReceiver;
let mtlsReceiver: StartedOtlpReceiver;
let plainReceiver: StartedOtlpReceiver;

beforeAll(async () => {
  const certs = await generateTestCertificates();
  files = await writeTestCertificates(certs, await mkdtemp(join(tmpdir(), 'agentotel-otel-certs-')));
  tlsReceiver = await startOtlpReceiver({ tls: { cert: certs.server.cert, key: certs.server.key } });
  mtlsReceiver = await startOtlpReceiver({
    tls: { cert: certs.server.cert, key: certs.server.key, clientCa: certs.ca.cert },
  });
  plainReceiver = await startOtlpReceiver();
});
afterAll(async () => {
  await tlsReceiver?.stop();
  await mtlsReceiver?.stop();
  await plainReceiver?.stop();
});

type Variant = { name: string; kind: 'otlp-http' | 'otlp-grpc'; protocol?: 'json' | 'binary' };
const VARIANTS: Variant[] = [
  { name: 'OTLP/HTTP JSON', kind: 'otlp-http', protocol: 'json' },
  { name: 'OTLP/HTTP protobuf', kind: 'otlp-http', protocol: 'binary' },
  { name: 'OTLP/gRPC', kind: 'otlp-grpc' },
];

function endpoint(r: StartedOtlpReceiver, v: Variant) {
  return v.kind === 'otlp-grpc' ? r.grpcUrl : `${r.httpUrl}/v1/logs`;
}

async function sendOne(v: Variant, url: string, tls: Record<string, string>, shutdownTimeoutMs = 5000) {
  // Relative TLS paths resolve against home (the certificate directory).
  const settings = parseOtelSettings(
    { exporter: { [v.kind]: { endpoint: url, ...(v.protocol ? { protocol: v.protocol } : {}), tls } } },
    { home: files.dir },
  );
  const telemetry = await startTelemetry(settings, {
    serviceName: 'codex_exec',
    serviceVersion: '0.1.0',
    shutdownTimeoutMs,
  });
  const id = randomUUID();
  telemetry.session({ ...META, conversationId: id }).userPrompt('over tls');
  await telemetry.shutdown();
  return id;
}

describe.each(VARIANTS)('TLS over $name', (v) => {
  test('an https:// endpoint with a custom CA delivers, encrypted', async () => {
    const id = await sendOne(v, endpoint(tlsReceiver, v), { 'ca-certificate': 'ca.crt' });
    const log = tlsReceiver.logs().find((l) => conversationOf(l) === id);
    expect(log).toBeDefined();
    // Every connection to that listener began with a TLS ClientHello. (The receiver's
    // request.tls.encrypted is not reliable for gRPC without mTLS, so connections are checked.)
    const listener = v.kind === 'otlp-grpc' ? 'grpc' : 'http';
    const connections = tlsReceiver
      .connections()
      .filter((c) => c.listener === listener && c.firstByte !== undefined);
    expect(connections.length).toBeGreaterThan(0);
    expect(connections.every((c) => c.tlsClientHello && !c.plaintext)).toBe(true);
    if (v.kind === 'otlp-http') expect(log!.request.tls.encrypted).toBe(true);
  });

  test('mTLS presents the client certificate', async () => {
    const id = await sendOne(v, endpoint(mtlsReceiver, v), {
      'ca-certificate': files.caCert,
      'client-certificate': 'client.crt',
      'client-private-key': 'client.key',
    });
    const log = mtlsReceiver.logs().find((l) => conversationOf(l) === id);
    expect(log).toBeDefined();
    expect(log!.request.tls.clientCertificateSubject).toContain(TEST_CLIENT_CERT_CN);
  });

  test('mTLS without the client certificate delivers nothing', async () => {
    const id = await sendOne(v, endpoint(mtlsReceiver, v), { 'ca-certificate': 'ca.crt' }, 1500);
    expect(mtlsReceiver.logs().some((l) => conversationOf(l) === id)).toBe(false);
  });

  test('without the CA the untrusted server gets nothing', async () => {
    const id = await sendOne(v, endpoint(tlsReceiver, v), {}, 1500);
    expect(tlsReceiver.logs().some((l) => conversationOf(l) === id)).toBe(false);
  });

  test('a plaintext listener behind an https:// endpoint only ever sees a TLS ClientHello', async () => {
    plainReceiver.clear();
    const plainUrl = endpoint(plainReceiver, v).replace('http://', 'https://');
    const id = await sendOne(v, plainUrl, { 'ca-certificate': 'ca.crt' }, 1000);
    const listener = v.kind === 'otlp-grpc' ? 'grpc' : 'http';
    const connections = plainReceiver
      .connections()
      .filter((c) => c.listener === listener && c.firstByte !== undefined);
    expect(connections.length).toBeGreaterThan(0);
    for (const c of connections) {
      expect(c.firstByte).toBe(0x16);
      expect(c.tlsClientHello).toBe(true);
      expect(c.plaintext).toBe(false);
    }
    expect(plainReceiver.requests()).toEqual([]);
    expect(plainReceiver.logs().some((l) => conversationOf(l) === id)).toBe(false);
  });
});
