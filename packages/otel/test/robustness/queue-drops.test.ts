/**
 * Issue 13 item 10: a 30,000-frame stream delivered 23,586 records and nobody was told (the queue
 * held 20,000). Each run here is a real child process emitting its records in one synchronous burst,
 * the worst case for the queue (nothing can be exported while it runs), against a real receiver:
 * every record is either delivered or counted as dropped, a drop is said in one line on shutdown,
 * and with the default queue a 30,000-frame stream loses nothing.
 */
import { randomUUID } from 'node:crypto';
import { type StartedOtlpReceiver, startOtlpReceiver } from '@agentotel/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { conversationOf } from '../support/catalog-fixture.ts';
import { childrenStillAlive, runRobustAgent } from './run-robust-agent.ts';

let receiver: StartedOtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver?.stop();
  expect(childrenStillAlive()).toEqual([]);
});

/** Records of one run at the receiver, the probe's marker left out. */
function delivered(id: string): number {
  return receiver
    .logs()
    .filter((l) => conversationOf(l) === id)
    .filter((l) => {
      const kind = l.attributes['event.kind'];
      return !(kind?.type === 'string' && kind.value === 'marker');
    }).length;
}

const endpoint = (kind: 'otlp-http' | 'otlp-grpc') => ({
  [kind]: { endpoint: kind === 'otlp-grpc' ? receiver.grpcUrl : `${receiver.httpUrl}/v1/logs` },
});
// Bounds of the whole run, not timing assertions: a 30,000-record flush takes a few seconds.
const FLUSH = { shutdownTimeoutMs: 120_000 };

describe.each([
  ['the batch worker (SDK loaded)', true],
  ['the start-up buffer (SDK still loading)', false],
])('a full queue in %s: every record delivered or counted, and said once', (_where, waitSdk) => {
  test.each(['otlp-http', 'otlp-grpc'] as const)('%s', async (kind) => {
    const id = randomUUID();
    const r = await runRobustAgent({
      otel: { exporter: endpoint(kind) },
      options: { ...FLUSH, maxQueueSize: 1000 },
      events: 3000,
      waitSdk,
      conversationId: id,
    });
    expect(r.code, r.stderr).toBe(0);
    const out = r.output!;
    if (waitSdk) expect(out.sdkSeenBeforeBurst).toBe(true);
    expect(out.droppedLogRecords).toBeGreaterThan(0);
    expect(delivered(id) + out.droppedLogRecords).toBe(out.emitted);
    expect(r.stderrLines.filter((l) => l.includes('agentotel'))).toEqual([
      `[@agentotel/otel] dropped ${out.droppedLogRecords} log records: export queue full (maxQueueSize 1000)`,
    ]);
  });
});

test('a 30,000-frame stream with the default queue: all 30,001 records delivered, nothing said', async () => {
  const id = randomUUID();
  const r = await runRobustAgent({
    otel: { exporter: endpoint('otlp-http') },
    options: FLUSH,
    events: 30_000,
    waitSdk: true,
    conversationId: id,
    killAfterMs: 180_000,
  });
  expect(r.code, r.stderr).toBe(0);
  expect(r.output).toMatchObject({ emitted: 30_001, droppedLogRecords: 0, sdkSeenBeforeBurst: true });
  expect(r.stderrLines.filter((l) => l.includes('agentotel'))).toEqual([]);
  expect(delivered(id)).toBe(30_001);
}, 240_000);
