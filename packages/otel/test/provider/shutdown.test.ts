import { randomUUID } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { type StartedOtlpReceiver, startOtlpReceiver } from '@agentotel/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseOtelSettings, startTelemetry } from '../../src/index.ts';
import { conversationOf, META } from '../support/catalog-fixture.ts';
import { runChildAgent } from '../support/run-child.ts';

let receiver: StartedOtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver?.stop();
});

describe.each([
  ['OTLP/HTTP protobuf', 'otlp-http'],
  ['OTLP/gRPC', 'otlp-grpc'],
] as const)('shutdown over %s', (_name, kind) => {
  test('delivers N of N, exactly once, when N spans several batches', async () => {
    const endpoint = kind === 'otlp-grpc' ? receiver.grpcUrl : `${receiver.httpUrl}/v1/logs`;
    const settings = parseOtelSettings({ exporter: { [kind]: { endpoint } } }, { home: '/tmp' });
    const telemetry = await startTelemetry(settings, {
      serviceName: 'codex_exec',
      serviceVersion: '0.1.0',
      maxExportBatchSize: 100,
      scheduledDelayMs: 60_000,
      shutdownTimeoutMs: 10_000,
    });
    const id = randomUUID();
    const session = telemetry.session({ ...META, conversationId: id });
    const N = 1234;
    const before = receiver.requests().length;
    for (let i = 1; i <= N; i++) session.apiRequest({ attempt: i, durationMs: 1, statusCode: 200 });
    await telemetry.shutdown();
    const got = receiver.logs().filter((l) => conversationOf(l) === id);
    const attempts = got
      .map((l) => (l.attributes.attempt?.type === 'int' ? l.attributes.attempt.value : -1))
      .sort((a, b) => a - b);
    expect(attempts).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(receiver.requests().length - before).toBeGreaterThanOrEqual(Math.ceil(N / 100));
  });
});

test('shutdown is idempotent, never throws, and later events are ignored', async () => {
  const settings = parseOtelSettings(
    { exporter: { 'otlp-http': { endpoint: `${receiver.httpUrl}/v1/logs`, protocol: 'json' } } },
    { home: '/tmp' },
  );
  const telemetry = await startTelemetry(settings, { serviceName: 'codex_exec', serviceVersion: '0.1.0' });
  const id = randomUUID();
  const session = telemetry.session({ ...META, conversationId: id });
  session.userPrompt('one');
  const first = telemetry.shutdown();
  expect(telemetry.shutdown()).toBe(first);
  await first;
  await telemetry[Symbol.asyncDispose]();
  expect(() => session.userPrompt('after shutdown')).not.toThrow();
  await new Promise((r) => setTimeout(r, 50));
  expect(receiver.logs().filter((l) => conversationOf(l) === id)).toHaveLength(1);
});

/** Accepts TCP and never answers. */
async function startBlackHole() {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    accepted: () => sockets.size,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const TIMEOUT_MS = 1000;
// Generous: a shared 2-core machine. The bound that matters is "about the timeout, not 10 s+".
const SLACK_MS = 1500;
// Process start (type stripping, SDK import) plus the last in-flight export, itself bounded by the timeout.
const CHILD_START_SLACK_MS = 6000;

describe.each([
  ['OTLP/HTTP JSON', 'otlp-http', 'json'],
  ['OTLP/HTTP protobuf', 'otlp-http', 'binary'],
  ['OTLP/gRPC', 'otlp-grpc', undefined],
] as const)('unreachable receiver over %s', (_name, kind, protocol) => {
  const otel = (port: number) => ({
    exporter: {
      [kind]: {
        endpoint: kind === 'otlp-grpc' ? `http://127.0.0.1:${port}` : `http://127.0.0.1:${port}/v1/logs`,
        ...(protocol ? { protocol } : {}),
      },
    },
    metrics_exporter: {
      [kind]: {
        endpoint: kind === 'otlp-grpc' ? `http://127.0.0.1:${port}` : `http://127.0.0.1:${port}/v1/metrics`,
        ...(protocol ? { protocol } : {}),
      },
    },
  });

  test('black-holed (accepts TCP, never answers): shutdown returns within its timeout and the process exits', async () => {
    const hole = await startBlackHole();
    try {
      const r = await runChildAgent({ otel: otel(hole.port), events: 1500, shutdownTimeoutMs: TIMEOUT_MS });
      expect(r.code, r.stderr).toBe(0);
      expect(r.output?.enabled).toBe(true);
      expect(r.output!.shutdownMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      expect(r.signal).toBeNull();
      expect(r.wallMs).toBeLessThan(2 * TIMEOUT_MS + CHILD_START_SLACK_MS);
      expect(hole.accepted()).toBeGreaterThan(0);
    } finally {
      await hole.stop();
    }
  });

  test('down (connection refused): shutdown returns within its timeout and the process exits', async () => {
    const r = await runChildAgent({
      otel: otel(await closedPort()),
      events: 1500,
      shutdownTimeoutMs: TIMEOUT_MS,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.output!.shutdownMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(r.signal).toBeNull();
    expect(r.wallMs).toBeLessThan(2 * TIMEOUT_MS + CHILD_START_SLACK_MS);
  });
});
