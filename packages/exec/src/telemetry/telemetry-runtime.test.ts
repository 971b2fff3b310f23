import { DEFAULT_OTEL_SETTINGS, disabledTelemetry, type Telemetry } from '@agentotel/otel';
import { expect, test } from 'vitest';
import { EXEC_SCHEDULED_DELAY_MS, type StartTelemetry, TelemetryRuntime } from './telemetry-runtime.ts';

/** A `startTelemetry` that records the options of every start and how many times each result was shut down. */
function recordingStart() {
  const starts: Array<{ options: Parameters<StartTelemetry>[1]; shutdowns: number }> = [];
  const start: StartTelemetry = async (_settings, options) => {
    const entry = { options, shutdowns: 0 };
    starts.push(entry);
    const inner = disabledTelemetry();
    const telemetry: Telemetry = {
      ...inner,
      shutdown: () => {
        entry.shutdowns++;
        return Promise.resolve();
      },
      [Symbol.asyncDispose]: () => telemetry.shutdown(),
    };
    return telemetry;
  };
  return { start, starts };
}

/** Starts a runtime with the default settings and version 0.1.0 through `start`. */
function startRuntime(start: StartTelemetry, serviceName: string, shutdownTimeoutMs?: number) {
  return TelemetryRuntime.start({
    settings: DEFAULT_OTEL_SETTINGS,
    serviceName,
    serviceVersion: '0.1.0',
    ...(shutdownTimeoutMs !== undefined ? { shutdownTimeoutMs } : {}),
    start,
  });
}

test('telemetry starts with the agent identity, the shutdown timeout given, and exports every 200 ms', async () => {
  const { start, starts } = recordingStart();
  const runtime = await startRuntime(start, 'codex_exec', 1500);
  expect(starts).toHaveLength(1);
  expect(starts[0]!.options).toMatchObject({
    serviceName: 'codex_exec',
    serviceVersion: '0.1.0',
    shutdownTimeoutMs: 1500,
    scheduledDelayMs: EXEC_SCHEDULED_DELAY_MS,
  });
  expect(EXEC_SCHEDULED_DELAY_MS).toBe(200);
  await runtime.shutdown();
});

test('rename flushes the old telemetry before starting under the new service.name, with the same options', async () => {
  const { start, starts } = recordingStart();
  const runtime = await startRuntime(start, 'agentotel_app_server');
  await runtime.rename('my_client');
  expect(starts.map((s) => s.options.serviceName)).toEqual(['agentotel_app_server', 'my_client']);
  expect(starts[0]!.shutdowns).toBe(1);
  expect(starts[1]!.options.scheduledDelayMs).toBe(EXEC_SCHEDULED_DELAY_MS);
  expect(runtime.serviceName).toBe('my_client');
  await runtime.shutdown();
  await runtime.shutdown();
  expect(starts[1]!.shutdowns).toBe(1);
});
