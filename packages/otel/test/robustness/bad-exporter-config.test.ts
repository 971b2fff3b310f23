/**
 * Issue 13 item 6: an exporter that can never deliver (a header its transport cannot carry, a TLS
 * file that is empty, unreadable, not PEM or a mismatched client pair) used to start, exit 0 and
 * deliver nothing without a word. Each case runs a real child process against real receivers: it
 * must say so in one stderr line naming the key, run to completion (exit 0) without that exporter,
 * never echo the header's value, and leave the other signals working.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateTestCertificates,
  type StartedOtlpReceiver,
  startOtlpReceiver,
  type TestCertificateFiles,
  writeTestCertificates,
} from '@agentotel/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { conversationOf } from '../support/catalog-fixture.ts';
import { childrenStillAlive, runRobustAgent } from './run-robust-agent.ts';

let dir: string;
let files: TestCertificateFiles;
let plain: StartedOtlpReceiver;
let mtls: StartedOtlpReceiver;
const pem: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agentotel-otel-robust-'));
  const certs = await generateTestCertificates();
  files = await writeTestCertificates(certs, join(dir, 'certs'));
  plain = await startOtlpReceiver();
  mtls = await startOtlpReceiver({
    tls: { cert: certs.server.cert, key: certs.server.key, clientCa: certs.ca.cert },
  });
  const write = async (name: string, content: string) => {
    pem[name] = join(dir, name);
    await writeFile(pem[name], content);
  };
  const ca = await readFile(files.caCert, 'utf8');
  await write('empty.pem', '');
  await write('blank.pem', '\n  \n');
  await write('not-pem.pem', 'this is not a certificate\n');
  await write('der-like.pem', '\u0030\u0082\u0001\u000a garbage bytes');
  // A PEM frame whose base64 body is damaged.
  await write('corrupt.pem', ca.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!corrupted!!!!!!!'));
  await write('key-as-cert.pem', await readFile(files.clientKey, 'utf8'));
  await write('cert-as-key.pem', await readFile(files.clientCert, 'utf8'));
  pem.directory = join(dir, 'a-directory.pem');
  await mkdir(pem.directory);
  pem.missing = join(dir, 'missing.pem');
  // Valid files without a final newline: must pass the checks.
  await write('ca-no-newline.pem', ca.trimEnd());
  await write('client-no-newline.pem', (await readFile(files.clientCert, 'utf8')).trimEnd());
}, 60_000);

afterAll(async () => {
  await plain?.stop();
  await mtls?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  expect(childrenStillAlive()).toEqual([]);
});

const SECRET = 'Bearer s3cr3t-value';
type Kind = 'otlp-http' | 'otlp-grpc';
const logsEndpoint = (kind: Kind, r: StartedOtlpReceiver) =>
  kind === 'otlp-grpc' ? r.grpcUrl : `${r.httpUrl}/v1/logs`;

interface Case {
  name: string;
  kind: Kind;
  protocol?: 'json' | 'binary';
  headers?: Record<string, string>;
  tls?: () => Record<string, string>;
  /** The key the one stderr line must name. */
  key: string;
}

const H = 'otel.exporter.otlp-http';
const G = 'otel.exporter.otlp-grpc';
const CASES: Case[] = [
  {
    name: 'HTTP JSON: CR LF in a header value (header injection)',
    kind: 'otlp-http',
    protocol: 'json',
    headers: { authorization: `${SECRET}\r\nx-injected: 1` },
    key: `${H}.headers.authorization`,
  },
  {
    name: 'HTTP protobuf: LF alone in a header value',
    kind: 'otlp-http',
    protocol: 'binary',
    headers: { authorization: `${SECRET}\n` },
    key: `${H}.headers.authorization`,
  },
  {
    name: 'HTTP protobuf: NUL in a header value',
    kind: 'otlp-http',
    headers: { 'x-tenant': `${SECRET}\u0000` },
    key: `${H}.headers.x-tenant`,
  },
  {
    name: 'HTTP protobuf: a character beyond Latin-1 in a header value',
    kind: 'otlp-http',
    headers: { 'x-tenant': `${SECRET} \u20ac` },
    key: `${H}.headers.x-tenant`,
  },
  {
    name: 'HTTP JSON: a header name with a space',
    kind: 'otlp-http',
    protocol: 'json',
    headers: { 'x bad': 'v' },
    key: `${H}.headers.x bad`,
  },
  {
    name: 'HTTP protobuf: a header name with a colon',
    kind: 'otlp-http',
    headers: { 'x-bad:': 'v' },
    key: `${H}.headers.x-bad:`,
  },
  {
    name: 'gRPC: LF in a metadata value',
    kind: 'otlp-grpc',
    headers: { authorization: `${SECRET}\nx` },
    key: `${G}.headers.authorization`,
  },
  {
    name: 'gRPC: a non-ASCII metadata value',
    kind: 'otlp-grpc',
    headers: { authorization: `${SECRET}\u00e9` },
    key: `${G}.headers.authorization`,
  },
  {
    name: 'gRPC: a metadata key with a slash',
    kind: 'otlp-grpc',
    headers: { 'x/tenant': 'v' },
    key: `${G}.headers.x/tenant`,
  },
  {
    name: 'gRPC: a "-bin" metadata key with a string value',
    kind: 'otlp-grpc',
    headers: { 'x-trace-bin': 'v' },
    key: `${G}.headers.x-trace-bin`,
  },
  ...(['otlp-http', 'otlp-grpc'] as const).flatMap((kind): Case[] => {
    const p = kind === 'otlp-grpc' ? G : H;
    return [
      {
        name: `${kind}: empty CA file`,
        kind,
        tls: () => ({ 'ca-certificate': pem['empty.pem']! }),
        key: `${p}.tls.ca-certificate`,
      },
      {
        name: `${kind}: CA file not PEM`,
        kind,
        tls: () => ({ 'ca-certificate': pem['not-pem.pem']! }),
        key: `${p}.tls.ca-certificate`,
      },
      {
        name: `${kind}: CA file damaged PEM`,
        kind,
        tls: () => ({ 'ca-certificate': pem['corrupt.pem']! }),
        key: `${p}.tls.ca-certificate`,
      },
    ];
  }),
  {
    name: 'HTTP: CA file of blank lines',
    kind: 'otlp-http',
    tls: () => ({ 'ca-certificate': pem['blank.pem']! }),
    key: `${H}.tls.ca-certificate`,
  },
  {
    name: 'HTTP: CA file of binary bytes',
    kind: 'otlp-http',
    tls: () => ({ 'ca-certificate': pem['der-like.pem']! }),
    key: `${H}.tls.ca-certificate`,
  },
  {
    name: 'HTTP: CA file holding a private key',
    kind: 'otlp-http',
    tls: () => ({ 'ca-certificate': pem['key-as-cert.pem']! }),
    key: `${H}.tls.ca-certificate`,
  },
  {
    name: 'HTTP: CA file missing',
    kind: 'otlp-http',
    tls: () => ({ 'ca-certificate': pem.missing! }),
    key: `${H}.tls.ca-certificate`,
  },
  {
    name: 'HTTP: CA path is a directory',
    kind: 'otlp-http',
    tls: () => ({ 'ca-certificate': pem.directory! }),
    key: `${H}.tls.ca-certificate`,
  },
  {
    name: 'HTTP: client certificate not PEM',
    kind: 'otlp-http',
    tls: () => ({
      'ca-certificate': files.caCert,
      'client-certificate': pem['not-pem.pem']!,
      'client-private-key': files.clientKey,
    }),
    key: `${H}.tls.client-certificate`,
  },
  {
    name: 'HTTP: client key empty',
    kind: 'otlp-http',
    tls: () => ({
      'ca-certificate': files.caCert,
      'client-certificate': files.clientCert,
      'client-private-key': pem['empty.pem']!,
    }),
    key: `${H}.tls.client-private-key`,
  },
  {
    name: 'gRPC: client key holding a certificate',
    kind: 'otlp-grpc',
    tls: () => ({
      'ca-certificate': files.caCert,
      'client-certificate': files.clientCert,
      'client-private-key': pem['cert-as-key.pem']!,
    }),
    key: `${G}.tls.client-private-key`,
  },
  {
    name: 'HTTP: client key of another certificate (the server key)',
    kind: 'otlp-http',
    tls: () => ({
      'ca-certificate': files.caCert,
      'client-certificate': files.clientCert,
      'client-private-key': files.serverKey,
    }),
    key: `${H}.tls.client-private-key`,
  },
];

describe('an exporter that cannot deliver is disabled at start, in one line', () => {
  test.each(CASES)('$name', async (c) => {
    const id = randomUUID();
    const receiver = c.tls ? mtls : plain;
    const endpoint = logsEndpoint(c.kind, receiver);
    const exporter = {
      [c.kind]: {
        endpoint: c.tls ? endpoint.replace('http://', 'https://') : endpoint,
        ...(c.protocol ? { protocol: c.protocol } : {}),
        ...(c.headers ? { headers: c.headers } : {}),
        ...(c.tls ? { tls: c.tls() } : {}),
      },
    };
    // Metrics go, correctly configured, to the plaintext receiver: they must still arrive.
    const metrics = { 'otlp-http': { endpoint: `${plain.httpUrl}/v1/metrics`, protocol: 'json' } };
    const before = plain.requests().filter((r) => r.signal === 'metrics').length;
    // A generous shutdown bound: the check is that metrics still go, not how fast (a loaded CI machine
    // can take longer than the 2,000 ms default to load the SDK and export).
    const r = await runRobustAgent({
      otel: { exporter, metrics_exporter: metrics },
      options: { shutdownTimeoutMs: 20_000 },
      conversationId: id,
    });

    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderrLines, r.stderr).toHaveLength(1);
    const line = r.stderrLines[0]!;
    expect(line.startsWith(`[@agentotel/otel] invalid config ${c.key}: `), line).toBe(true);
    expect(line).toMatch(/; the logs exporter is disabled, continuing without it$/);
    expect(line).not.toContain('s3cr3t');
    expect(r.output).toMatchObject({ enabled: true, droppedLogRecords: 0 });
    expect(receiver.logs().filter((l) => conversationOf(l) === id)).toEqual([]);
    expect(plain.requests().filter((q) => q.signal === 'metrics').length).toBeGreaterThan(before);
  });
});

describe('valid material still passes the checks', () => {
  test.each([
    ['HTTP protobuf', 'otlp-http'],
    ['gRPC', 'otlp-grpc'],
  ] as const)('%s mTLS with PEM files without a final newline: delivered, nothing said', async (_n, kind) => {
    const id = randomUUID();
    const r = await runRobustAgent({
      otel: {
        exporter: {
          [kind]: {
            endpoint: logsEndpoint(kind, mtls).replace('http://', 'https://'),
            headers: { 'x-tenant': 'tenant-1', authorization: 'Bearer a.b-c~d' },
            tls: {
              'ca-certificate': pem['ca-no-newline.pem']!,
              'client-certificate': pem['client-no-newline.pem']!,
              'client-private-key': files.clientKey,
            },
          },
        },
      },
      conversationId: id,
      events: 5,
    });
    expect(r.code, r.stderr).toBe(0);
    // (Node itself warns about TLS to an IP address for gRPC: not ours.)
    expect(r.stderrLines.filter((l) => l.includes('agentotel'))).toEqual([]);
    expect(mtls.logs().filter((l) => conversationOf(l) === id)).toHaveLength(6);
  });
});

test('every exporter disabled: telemetry turns off, the agent still completes', async () => {
  const r = await runRobustAgent({
    otel: {
      exporter: { 'otlp-http': { endpoint: `${plain.httpUrl}/v1/logs`, headers: { a: 'x\r\ny' } } },
      metrics_exporter: { 'otlp-grpc': { endpoint: plain.grpcUrl, headers: { b: 'x\ny' } } },
    },
  });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderrLines).toEqual([
    expect.stringMatching(
      /^\[@agentotel\/otel\] invalid config otel\.exporter\.otlp-http\.headers\.a: .*the logs exporter is disabled/,
    ),
    expect.stringMatching(
      /^\[@agentotel\/otel\] invalid config otel\.metrics_exporter\.otlp-grpc\.headers\.b: .*the metrics exporter is disabled/,
    ),
  ]);
  expect(r.output).toMatchObject({ enabled: false });
});
