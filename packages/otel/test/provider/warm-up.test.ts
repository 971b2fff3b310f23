import { randomUUID } from 'node:crypto';
import { type StartedOtlpReceiver, startOtlpReceiver } from '@agentotel/test-support';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseOtelSettings } from '../../src/index.ts';
import { createSdkBackend } from '../../src/provider/sdk-backend.ts';
import { conversationOf } from '../support/catalog-fixture.ts';

let receiver: StartedOtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver({ grpc: false });
});
afterAll(async () => {
  await receiver?.stop();
});

async function backendFor(protocol: 'json' | 'binary') {
  const settings = parseOtelSettings(
    {
      exporter: { 'otlp-http': { endpoint: `${receiver.httpUrl}/v1/logs`, protocol } },
      metrics_exporter: { 'otlp-http': { endpoint: `${receiver.httpUrl}/v1/metrics`, protocol } },
    },
    { home: '/tmp' },
  );
  const backend = await createSdkBackend({
    settings,
    serviceName: 'codex_exec',
    serviceVersion: '0.1.0',
    shutdownTimeoutMs: 2000,
    logRecordProcessors: [],
    maxQueueSize: 1000,
    maxExportBatchSize: 512,
    scheduledDelayMs: 1000,
    metricsExportIntervalMs: 60_000,
  });
  if (!backend) throw new Error('no backend');
  return backend;
}

test.each(['json', 'binary'] as const)(
  'OTLP/HTTP %s: the warm-up export sends what is held; a shutdown while it is in flight still delivers every later record',
  async (protocol) => {
    const id = randomUUID();
    const backend = await backendFor(protocol);
    const logRequests = () => receiver.requests().filter((r) => r.signal === 'logs').length;
    const before = logRequests();
    const emit = (n: number) => {
      for (let i = 0; i < n; i++) {
        backend.sink.emitEvent('codex.api_request', { 'conversation.id': id, attempt: i }, new Date());
      }
    };
    emit(3);
    backend.warmUp();
    emit(4); // while the warm-up export is in flight: the SDK would skip a concurrent flush
    backend.sink.addCounter('codex.tool.call', 1, { tool: 'shell' });
    await backend.shutdown();
    const received = receiver.logs().filter((l) => conversationOf(l) === id);
    expect(received).toHaveLength(7);
    expect(logRequests() - before).toBe(2); // the warm-up, then the final flush
  },
);

test('warmUp() is a no-op after abort() and when nothing is held', async () => {
  const backend = await backendFor('binary');
  const before = receiver.requests().length;
  backend.warmUp(); // nothing emitted: nothing to export
  backend.abort();
  backend.warmUp();
  await backend.shutdown();
  expect(receiver.requests().length).toBe(before);
});
