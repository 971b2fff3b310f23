import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseOtelSettings, startTelemetry } from '../../src/index.ts';
import { META } from '../support/catalog-fixture.ts';
import { type StartedTestReceiver, startTestReceiver } from '../support/otlp-receiver.ts';
import { type TestCertificates, testCertificates } from '../support/test-certificates.ts';

let certs: TestCertificates;
let tlsReceiver: StartedTestReceiver;
let mtlsReceiver: StartedTestReceiver;

beforeAll(async () => {
  certs = await testCertificates();
  tlsReceiver = await startTestReceiver({ tls: { cert: certs.serverCert, key: certs.serverKey } });
  mtlsReceiver = await startTestReceiver({
    tls: { cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, requireClientCert: true },
  });
});
afterAll(async () => {
  await tlsReceiver?.stop();
  await mtlsReceiver?.stop();
});

type Variant = { name: string; kind: 'otlp-http' | 'otlp-grpc'; protocol?: 'json' | 'binary' };
const VARIANTS: Variant[] = [
  { name: 'OTLP/HTTP JSON', kind: 'otlp-http', protocol: 'json' },
  { name: 'OTLP/HTTP protobuf', kind: 'otlp-http', protocol: 'binary' },
  { name: 'OTLP/gRPC', kind: 'otlp-grpc' },
];

function endpoint(r: StartedTestReceiver, v: Variant) {
  return v.kind === 'otlp-grpc' ? r.grpcUrl : `${r.httpUrl}/v1/logs`;
}

async function sendOne(v: Variant, url: string, tls: Record<string, string>, shutdownTimeoutMs = 5000) {
  // Relative TLS paths resolve against home (the cert directory).
  const settings = parseOtelSettings(
    { exporter: { [v.kind]: { endpoint: url, ...(v.protocol ? { protocol: v.protocol } : {}), tls } } },
    { home: certs.dir },
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
  test('an https:// endpoint with a custom CA delivers', async () => {
    const id = await sendOne(v, endpoint(tlsReceiver, v), { 'ca-certificate': 'ca.pem' });
    expect(tlsReceiver.logs().some((l) => l.attributes['conversation.id']?.value === id)).toBe(true);
  });

  test('mTLS presents the client certificate', async () => {
    const id = await sendOne(v, endpoint(mtlsReceiver, v), {
      'ca-certificate': join(certs.dir, 'ca.pem'),
      'client-certificate': 'client.pem',
      'client-private-key': 'client-key.pem',
    });
    expect(mtlsReceiver.logs().some((l) => l.attributes['conversation.id']?.value === id)).toBe(true);
    const req = mtlsReceiver.requests().at(-1)!;
    expect(req.clientCertCN).toBe('agentotel-test-client');
  });

  test('mTLS without the client certificate delivers nothing', async () => {
    const id = await sendOne(v, endpoint(mtlsReceiver, v), { 'ca-certificate': 'ca.pem' }, 1500);
    expect(mtlsReceiver.logs().some((l) => l.attributes['conversation.id']?.value === id)).toBe(false);
  });

  test('without the CA the untrusted server gets nothing', async () => {
    const id = await sendOne(v, endpoint(tlsReceiver, v), {}, 1500);
    expect(tlsReceiver.logs().some((l) => l.attributes['conversation.id']?.value === id)).toBe(false);
  });

  test('a plaintext listener behind an https:// endpoint only ever sees a TLS ClientHello', async () => {
    const sniffer = await startSniffer();
    try {
      const url =
        v.kind === 'otlp-grpc'
          ? `https://127.0.0.1:${sniffer.port}`
          : `https://127.0.0.1:${sniffer.port}/v1/logs`;
      await sendOne(v, url, { 'ca-certificate': 'ca.pem' }, 1500);
      const first = sniffer.connections.filter((c) => c.length > 0);
      expect(first.length).toBeGreaterThan(0);
      for (const bytes of first) {
        expect(bytes[0]).toBe(0x16); // TLS handshake record
        expect(bytes[1]).toBe(0x03); // TLS major version
        const text = bytes.toString('latin1');
        expect(text).not.toContain('POST ');
        expect(text).not.toContain('PRI * HTTP/2.0');
        expect(text).not.toContain('codex.user_prompt');
      }
    } finally {
      await sniffer.stop();
    }
  });
});

/** A plaintext TCP listener that records the bytes of each connection and never answers. */
async function startSniffer(): Promise<{ port: number; connections: Buffer[]; stop(): Promise<void> }> {
  const connections: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const index = connections.push(Buffer.alloc(0)) - 1;
    socket.on('data', (d: Buffer) => {
      connections[index] = Buffer.concat([connections[index]!, d]);
    });
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    connections,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
