import { randomUUID } from 'node:crypto';
import { type StartedOtlpReceiver, startOtlpReceiver } from '@agentotel/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { otelFeature } from '../../src/index.ts';
import { conversationOf } from '../support/catalog-fixture.ts';
import { ensureDistBuilt } from '../support/dist-build.ts';
import { bundleFilesLoaded, optionalModulesLoaded, runChildAgent } from '../support/run-child.ts';

let receiver: StartedOtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver?.stop();
});

const exporterTo = () => ({
  exporter: { 'otlp-http': { endpoint: `${receiver.httpUrl}/v1/logs`, protocol: 'binary' } },
  metrics_exporter: { 'otlp-grpc': { endpoint: receiver.grpcUrl } },
});

function received(conversationId: string) {
  return receiver.logs().filter((l) => conversationOf(l) === conversationId);
}

describe('feature off', () => {
  test('build-time condition agentotel-otel-off: no @opentelemetry module, no socket, nothing sent', async () => {
    const id = randomUUID();
    const r = await runChildAgent({
      otel: exporterTo(),
      buildOff: true,
      env: { AGENTOTEL_TEST_CONVERSATION: id },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.output?.enabled).toBe(false);
    expect(optionalModulesLoaded(r)).toEqual([]);
    expect(r.record?.resolved.some((m) => m.url.endsWith('/src/provider/sdk-off.ts'))).toBe(false);
    expect(r.record?.resolved.some((m) => m.url.endsWith('/src/feature/feature-built-out.ts'))).toBe(true);
    expect(r.record?.connects).toBe(0);
    expect(received(id)).toEqual([]);
  });

  test('build-time condition works where the optional packages are not installed', async () => {
    const r = await runChildAgent({ otel: exporterTo(), buildOff: true, blockOtel: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.output).toMatchObject({ enabled: false, diagnostics: [] });
    expect(optionalModulesLoaded(r)).toEqual([]);
  });

  test.each(['off', 'OFF', '0', 'false'])(
    'start-time switch AGENTOTEL_OTEL=%s: nothing loaded or sent',
    async (value) => {
      const id = randomUUID();
      const r = await runChildAgent({
        otel: exporterTo(),
        blockOtel: true,
        env: { AGENTOTEL_OTEL: value, AGENTOTEL_TEST_CONVERSATION: id },
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.output).toMatchObject({ enabled: false, diagnostics: [] });
      expect(optionalModulesLoaded(r)).toEqual([]);
      expect(r.record?.connects).toBe(0);
      expect(received(id)).toEqual([]);
    },
  );
});

describe('feature on', () => {
  test('every exporter none: no @opentelemetry module, no socket', async () => {
    const r = await runChildAgent({
      otel: { exporter: 'none', metrics_exporter: 'none', trace_exporter: 'none' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.output?.enabled).toBe(false);
    expect(optionalModulesLoaded(r)).toEqual([]);
    expect(r.record?.connects).toBe(0);
  });

  test('with an exporter: the SDK is loaded by dynamic import and records arrive', async () => {
    const id = randomUUID();
    const r = await runChildAgent({
      otel: exporterTo(),
      events: 5,
      env: { AGENTOTEL_TEST_CONVERSATION: id },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.output?.enabled).toBe(true);
    expect(optionalModulesLoaded(r)).toContain('@opentelemetry/sdk-logs');
    expect(r.record?.resolved.some((m) => m.url.endsWith('/src/provider/sdk-backend.ts'))).toBe(true);
    expect(received(id)).toHaveLength(5);
  });

  test('with an exporter but the SDK not installed: one diagnostic, telemetry off, agent unharmed', async () => {
    const r = await runChildAgent({ otel: exporterTo(), blockOtel: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.output?.enabled).toBe(false);
    expect(r.output?.diagnostics).toHaveLength(1);
    expect(r.output?.diagnostics[0]).toMatch(/could not be loaded/);
  });
});

describe('published build (dist/: the SDK pre-bundled in dist/provider/sdk-bundle.js)', () => {
  beforeAll(() => ensureDistBuilt(), 120_000);

  test('build-time condition agentotel-otel-off: neither the bundle nor any @opentelemetry module is loaded', async () => {
    const id = randomUUID();
    const r = await runChildAgent({
      dist: true,
      otel: exporterTo(),
      buildOff: true,
      env: { AGENTOTEL_TEST_CONVERSATION: id },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.output?.enabled).toBe(false);
    expect(bundleFilesLoaded(r)).toEqual([]);
    expect(optionalModulesLoaded(r)).toEqual([]);
    expect(r.record?.resolved.some((m) => m.url.endsWith('/dist/feature/feature-built-out.js'))).toBe(true);
    expect(r.record?.resolved.some((m) => m.url.includes('/src/'))).toBe(false);
    expect(r.record?.connects).toBe(0);
    expect(received(id)).toEqual([]);
  });

  test('start-time switch AGENTOTEL_OTEL=off: the bundle is not loaded, nothing sent', async () => {
    const id = randomUUID();
    const r = await runChildAgent({
      dist: true,
      otel: exporterTo(),
      env: { AGENTOTEL_OTEL: 'off', AGENTOTEL_TEST_CONVERSATION: id },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.output).toMatchObject({ enabled: false, diagnostics: [] });
    expect(bundleFilesLoaded(r)).toEqual([]);
    expect(optionalModulesLoaded(r)).toEqual([]);
    expect(r.record?.connects).toBe(0);
    expect(received(id)).toEqual([]);
  });

  test('with exporters (OTLP/HTTP protobuf logs, gRPC metrics): the bundle alone is loaded, no @opentelemetry or @grpc package is needed', async () => {
    const id = randomUUID();
    const metricsBefore = receiver.metrics().length;
    // blockOtel: the packages are unresolvable, as where only dependencies are installed
    const r = await runChildAgent({
      dist: true,
      otel: exporterTo(),
      blockOtel: true,
      events: 5,
      env: { AGENTOTEL_TEST_CONVERSATION: id },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.output).toMatchObject({ enabled: true, diagnostics: [] });
    expect(optionalModulesLoaded(r)).toEqual([]);
    const bundle = bundleFilesLoaded(r);
    expect(bundle.some((u) => u.endsWith('/dist/provider/sdk-bundle.js'))).toBe(true);
    // dist/index.js carries zod (config parsing) in its own bundle: no package is loaded at all
    expect((r.record?.resolved ?? []).filter((m) => m.url.includes('/node_modules/'))).toEqual([]);
    expect(received(id)).toHaveLength(5);
    expect(receiver.metrics().length).toBeGreaterThan(metricsBefore); // over gRPC, from the bundle
  });

  test('with OTLP/HTTP exporters only: the gRPC chunks are not loaded', async () => {
    const id = randomUUID();
    const r = await runChildAgent({
      dist: true,
      otel: {
        exporter: { 'otlp-http': { endpoint: `${receiver.httpUrl}/v1/logs`, protocol: 'json' } },
        metrics_exporter: { 'otlp-http': { endpoint: `${receiver.httpUrl}/v1/metrics`, protocol: 'binary' } },
      },
      events: 3,
      env: { AGENTOTEL_TEST_CONVERSATION: id },
    });
    expect(r.code, r.stderr).toBe(0);
    const grpc = bundleFilesLoaded(r).length;
    const withGrpc = await runChildAgent({ dist: true, otel: exporterTo(), events: 1 });
    expect(grpc).toBeLessThan(bundleFilesLoaded(withGrpc).length);
    expect(received(id)).toHaveLength(3);
  });
});

test('otelFeature: option wins over the environment', () => {
  expect(otelFeature({ env: {} })).toEqual({ enabled: true });
  expect(otelFeature({ env: { AGENTOTEL_OTEL: 'off' } })).toEqual({ enabled: false, reason: 'env' });
  expect(otelFeature({ env: { AGENTOTEL_OTEL: 'on' } })).toEqual({ enabled: true });
  expect(otelFeature({ feature: 'on', env: { AGENTOTEL_OTEL: 'off' } })).toEqual({ enabled: true });
  expect(otelFeature({ feature: 'off', env: {} })).toEqual({ enabled: false, reason: 'option' });
});
