/**
 * Issue 13 item 7: a timeout above 2^31 − 1 ms fires after 1 ms in Node.js. `shutdownTimeoutMs`
 * above it used to make every export time out at once (nothing delivered) and a metrics interval
 * above it exported every millisecond. Above the limit a duration is now clamped with one line;
 * a value that is not a duration at all is refused with a RangeError naming the option.
 */
import { randomUUID } from 'node:crypto';
import { type StartedOtlpReceiver, startOtlpReceiver } from '@agentotel/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseOtelSettings, startTelemetry } from '../../src/index.ts';
import { conversationOf } from '../support/catalog-fixture.ts';
import { childrenStillAlive, runRobustAgent } from './run-robust-agent.ts';

let receiver: StartedOtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver({ grpc: false });
});
afterAll(async () => {
  await receiver?.stop();
  expect(childrenStillAlive()).toEqual([]);
});

const http = (signal: 'logs' | 'metrics') => ({
  'otlp-http': { endpoint: `${receiver.httpUrl}/v1/${signal}`, protocol: 'binary' },
});
const CLAMPED =
  /^\[@agentotel\/otel\] startTelemetry option (\w+) = .* is above 2147483647 ms .*; using 2147483647$/;

describe('a duration above 2^31 − 1 ms is clamped, with one line, and works as a long one', () => {
  test.each([2 ** 31, 1e12, 'Infinity'])('shutdownTimeoutMs = %s: every record delivered', async (value) => {
    const id = randomUUID();
    const r = await runRobustAgent({
      otel: { exporter: http('logs') },
      options: { shutdownTimeoutMs: value },
      events: 200,
      conversationId: id,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderrLines, r.stderr).toHaveLength(1);
    expect(r.stderrLines[0]).toMatch(CLAMPED);
    expect(r.stderrLines[0]).toContain('shutdownTimeoutMs');
    expect(receiver.logs().filter((l) => conversationOf(l) === id)).toHaveLength(201);
  });

  test('metricsExportIntervalMs = 2^31: no periodic export while the agent works, one final export', async () => {
    const id = randomUUID();
    const before = receiver.requests().filter((q) => q.signal === 'metrics').length;
    const r = await runRobustAgent({
      otel: { exporter: http('logs'), metrics_exporter: http('metrics') },
      options: { metricsExportIntervalMs: 2 ** 31 },
      events: 10,
      lingerMs: 300,
      conversationId: id,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderrLines, r.stderr).toHaveLength(1);
    expect(r.stderrLines[0]).toMatch(CLAMPED);
    expect(receiver.requests().filter((q) => q.signal === 'metrics').length - before).toBe(1);
  });
});

describe('a value that is not a duration or a count is refused, naming the option', () => {
  const settings = () => parseOtelSettings({ exporter: http('logs') }, { home: '/tmp' });
  test.each([
    ['shutdownTimeoutMs', 0],
    ['shutdownTimeoutMs', -1],
    ['shutdownTimeoutMs', Number.NaN],
    ['shutdownTimeoutMs', '2000'],
    ['scheduledDelayMs', 0],
    ['metricsExportIntervalMs', -5],
    ['maxQueueSize', 0],
    ['maxQueueSize', 1.5],
    ['maxQueueSize', Number.POSITIVE_INFINITY],
    ['maxExportBatchSize', -1],
  ] as const)('%s = %s', async (name, value) => {
    const lines: string[] = [];
    await expect(
      startTelemetry(settings(), {
        serviceName: 'codex_exec',
        serviceVersion: '0.1.0',
        [name]: value,
        onDiagnostic: (m) => lines.push(m),
      }),
    ).rejects.toThrow(new RegExp(`^\\[@agentotel/otel\\] startTelemetry option ${name}: expected .*; got `));
    expect(lines).toEqual([]);
  });

  test('the same checks hold when the feature is off', async () => {
    await expect(
      startTelemetry(settings(), {
        serviceName: 'codex_exec',
        serviceVersion: '0.1.0',
        feature: 'off',
        shutdownTimeoutMs: -1,
      }),
    ).rejects.toBeInstanceOf(RangeError);
  });
});
