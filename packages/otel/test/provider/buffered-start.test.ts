import { randomUUID } from 'node:crypto';
import { type StartedOtlpReceiver, startOtlpReceiver } from '@agentotel/test-support';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { conversationOf } from '../support/catalog-fixture.ts';
import { runChildAgent } from '../support/run-child.ts';

let receiver: StartedOtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver({ grpc: false });
});
afterAll(async () => {
  await receiver?.stop();
});

type Emitted = Array<{ attempt: number; before: number; after: number }>;

test('events emitted while the SDK loads arrive in order with their own timestamps; shutdown right after start delivers them', async () => {
  const id = randomUUID();
  const N = 30;
  const r = await runChildAgent({
    fixture: 'buffered-agent.ts',
    otel: {
      exporter: { 'otlp-http': { endpoint: `${receiver.httpUrl}/v1/logs`, protocol: 'binary' } },
      metrics_exporter: { 'otlp-http': { endpoint: `${receiver.httpUrl}/v1/metrics`, protocol: 'json' } },
    },
    events: N,
    env: { AGENTOTEL_TEST_CONVERSATION: id },
  });
  expect(r.code, r.stderr).toBe(0);
  const out = r.output!;
  expect(out.enabled).toBe(true);
  expect(out.diagnostics).toEqual([]);
  // startTelemetry returned before the SDK was loaded: nothing had reached it when shutdown began.
  expect(out.seenAtShutdown).toBe(0);
  expect(out.seenBySdk).toBe(N);
  const emitted = out.emitted as Emitted;
  // ...and the SDK saw them only after the last one was emitted (replayed from the buffer).
  expect(out.firstSeenAt as number).toBeGreaterThanOrEqual(emitted.at(-1)!.after);

  const logs = receiver.logs().filter((l) => conversationOf(l) === id);
  expect(logs.map((l) => (l.attributes.attempt?.type === 'int' ? l.attributes.attempt.value : -1))).toEqual(
    emitted.map((e) => e.attempt),
  );
  logs.forEach((l, i) => {
    const ms = Number(BigInt(l.timeUnixNano) / 1_000_000n);
    expect(ms).toBeGreaterThanOrEqual(emitted[i]!.before);
    expect(ms).toBeLessThanOrEqual(emitted[i]!.after);
    expect(l.attributes['event.timestamp']).toEqual({ type: 'string', value: new Date(ms).toISOString() });
  });
  const requests = receiver.metrics().filter((m) => m.name === 'codex.api_request');
  expect(requests.reduce((sum, m) => sum + Number(m.value ?? 0), 0)).toBe(N);
});
