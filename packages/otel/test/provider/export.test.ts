// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` in header values is the config syntax shown here
import { randomUUID } from 'node:crypto';
import { type StartedOtlpReceiver, startOtlpReceiver } from '@agentotel/test-support';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type OtelExporter, parseOtelSettings, startTelemetry } from '../../src/index.ts';
import { COMMON, conversationOf, emitEveryEvent, isoFromNanos, META } from '../support/catalog-fixture.ts';

let receiver: StartedOtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver?.stop();
});

type Transport = {
  name: string;
  kind: 'otlp-http' | 'otlp-grpc';
  protocol?: 'json' | 'binary';
  transport: 'http/json' | 'http/protobuf' | 'grpc';
};
const TRANSPORTS: Transport[] = [
  { name: 'OTLP/HTTP JSON', kind: 'otlp-http', protocol: 'json', transport: 'http/json' },
  {
    name: 'OTLP/HTTP protobuf',
    kind: 'otlp-http',
    protocol: 'binary',
    transport: 'http/protobuf',
  },
  { name: 'OTLP/gRPC', kind: 'otlp-grpc', transport: 'grpc' },
];

function exporterFor(t: Transport, signal: 'logs' | 'metrics', headers: Record<string, string> = {}) {
  const endpoint = t.kind === 'otlp-grpc' ? receiver.grpcUrl : `${receiver.httpUrl}/v1/${signal}`;
  return { [t.kind]: { endpoint, ...(t.protocol ? { protocol: t.protocol } : {}), headers } };
}

describe.each(TRANSPORTS)('every catalog event over $name', (t) => {
  test('arrives with exactly the catalog attributes, types, resource, severity and headers', async () => {
    const tag = `run-${t.kind}-${t.protocol ?? 'grpc'}`;
    const settings = parseOtelSettings(
      {
        environment: tag,
        exporter: exporterFor(t, 'logs', { 'x-otlp-token': 'Bearer ${OTLP_TEST_TOKEN}', 'x-run': tag }),
        metrics_exporter: exporterFor(t, 'metrics', { 'x-run': tag }),
      },
      { home: '/tmp', env: { OTLP_TEST_TOKEN: 's3cret' } },
    );
    const telemetry = await startTelemetry(settings, { serviceName: 'codex_exec', serviceVersion: '0.1.0' });
    expect(telemetry.enabled).toBe(true);
    const session = telemetry.session({ ...META, conversationId: randomUUID() });
    const conversationId = session.metadata.conversationId;
    const expected = await emitEveryEvent(session);
    await telemetry.shutdown();

    const requests = receiver.requests().filter((r) => r.headers['x-run'] === tag);
    const logRequests = requests.filter((r) => r.signal === 'logs');
    expect(logRequests.length).toBeGreaterThan(0);
    for (const r of logRequests) {
      expect(r.transport).toBe(t.transport);
      expect(r.status).toBe(200);
      expect(r.headers['x-otlp-token']).toBe('Bearer s3cret');
    }

    const logs = receiver.logs().filter((l) => conversationOf(l) === conversationId);
    expect(logs.map((l) => l.eventName)).toEqual(expected.map((e) => e.name));
    // The name is in the LogRecord's own eventName field, not only in the attribute.
    expect(new Set(logs.map((l) => l.eventNameSource))).toEqual(new Set(['eventName']));
    logs.forEach((log, index) => {
      const want = expected[index]!;
      expect(log.scope.name).toBe('@agentotel/otel');
      expect(log.resource.attributes).toEqual({
        'service.name': { type: 'string', value: 'codex_exec' },
        'service.version': { type: 'string', value: '0.1.0' },
        env: { type: 'string', value: tag },
      });
      expect(log.severityNumber).toBe(9);
      expect(log.severityText).toBe('INFO');
      const { 'event.timestamp': ts, duration_ms: duration, ...rest } = log.attributes;
      expect(ts).toEqual({ type: 'string', value: isoFromNanos(log.timeUnixNano) });
      expect(ts?.type === 'string' && ts.value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const { duration_ms: wantDuration, ...wantRest } = want.attributes;
      expect(rest).toEqual({
        'event.name': { type: 'string', value: want.name },
        ...COMMON,
        'conversation.id': { type: 'string', value: conversationId },
        ...wantRest,
      });
      if (wantDuration) expect(duration).toEqual(wantDuration);
      else if (want.name === 'codex.tool_result') {
        expect(duration?.type === 'string' && duration.value).toMatch(/^\d+$/);
      } else expect(duration).toBeUndefined();
    });

    expect(requests.some((r) => r.signal === 'metrics')).toBe(true);
    const points = receiver
      .metrics()
      .filter((p) => p.resource.attributes.env?.type === 'string' && p.resource.attributes.env.value === tag);
    const names = new Set(points.map((p) => p.name));
    for (const n of [
      'codex.api_request',
      'codex.api_request.duration_ms',
      'codex.sse_event',
      'codex.sse_event.duration_ms',
      'codex.tool.call',
      'codex.tool.call.duration_ms',
      'codex.turn.e2e_duration_ms',
      'codex.turn.token_usage',
    ]) {
      expect(names, n).toContain(n);
    }
    for (const p of points) {
      expect(p.scope.name).toBe('codex');
      expect(p.temporality).toBe('delta');
      expect(p.attributes).toMatchObject({
        originator: { type: 'string', value: 'codex_exec' },
        session_source: { type: 'string', value: 'exec' },
        model: { type: 'string', value: 'gpt-5.1-codex' },
        'app.version': { type: 'string', value: '0.1.0' },
        auth_mode: { type: 'string', value: 'ApiKey' },
      });
      for (const v of Object.values(p.attributes))
        expect(v.type === 'string' && v.value).toMatch(/^[A-Za-z0-9._/-]+$/);
      if (p.name.endsWith('duration_ms')) expect(p.unit).toBe('ms');
    }
  });
});

describe('redaction over the wire', () => {
  test.each([
    [false, '[REDACTED]'],
    [true, 'my secret prompt'],
  ])('log_user_prompt = %s sends %s', async (logUserPrompt, prompt) => {
    const settings = parseOtelSettings(
      {
        log_user_prompt: logUserPrompt,
        exporter: { 'otlp-http': { endpoint: `${receiver.httpUrl}/v1/logs`, protocol: 'json' } },
      },
      { home: '/tmp' },
    );
    const telemetry = await startTelemetry(settings, { serviceName: 'codex_exec', serviceVersion: '0.1.0' });
    const id = `redaction-${logUserPrompt}`;
    telemetry
      .session({ ...META, conversationId: id, logUserPrompt: settings.logUserPrompt })
      .userPrompt('my secret prompt');
    await telemetry.shutdown();
    const log = receiver.logs().find((l) => conversationOf(l) === id);
    expect(log?.attributes.prompt).toEqual({ type: 'string', value: prompt });
    expect(log?.attributes.prompt_length).toEqual({ type: 'string', value: '16' });
  });
});

test('an https exporter with an unreadable CA file is disabled at start, in one line naming the key', async () => {
  const exporter: OtelExporter = {
    kind: 'otlp-http',
    endpoint: 'https://127.0.0.1:1/v1/logs',
    protocol: 'json',
    headers: {},
    tls: { caCertificate: '/nonexistent/ca.pem' },
  };
  const lines: string[] = [];
  const telemetry = await startTelemetry(
    {
      environment: 'dev',
      logUserPrompt: false,
      exporter,
      traceExporter: { kind: 'none' },
      metricsExporter: { kind: 'none' },
    },
    { serviceName: 's', serviceVersion: '1', onDiagnostic: (m) => lines.push(m) },
  );
  expect(lines).toEqual([
    expect.stringMatching(
      /^\[@agentotel\/otel\] invalid config otel\.exporter\.otlp-http\.tls\.ca-certificate: cannot read \/nonexistent\/ca\.pem: .*; the logs exporter is disabled, continuing without it$/,
    ),
  ]);
  expect(telemetry.enabled).toBe(false);
  await telemetry.shutdown();
});
