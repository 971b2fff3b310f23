import { expect, test } from 'vitest';
import type { TelemetryConfig } from '../profile.ts';
import { otlpHeadersValue, renderOtelEnv } from './otel-env.ts';

const base: TelemetryConfig = {
  logs: {
    transport: 'http/json',
    endpoint: 'https://127.0.0.1:4318/v1/logs',
    baseEndpoint: 'https://127.0.0.1:4318',
  },
  metrics: 'none',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} syntax under test
  headers: { 'x-key': '${TOKEN}' },
  expandedHeaders: { 'x-key': 'a b,c=d' },
  headerEnv: { TOKEN: 'a b,c=d' },
  tls: { caCertificate: '/ca.pem', clientCertificate: '/c.pem', clientPrivateKey: '/c.key' },
  environment: 'test',
  logUserPrompt: false,
  configDir: '/tmp/x',
};

test('renders the standard OTEL_* variables: exporters, protocol, endpoints, headers, TLS files', () => {
  expect(renderOtelEnv(base).env).toEqual({
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'https://127.0.0.1:4318',
    OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'https://127.0.0.1:4318/v1/logs',
    OTEL_EXPORTER_OTLP_HEADERS: 'x-key=a%20b%2Cc%3Dd',
    OTEL_EXPORTER_OTLP_CERTIFICATE: '/ca.pem',
    OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: '/c.pem',
    OTEL_EXPORTER_OTLP_CLIENT_KEY: '/c.key',
  });
});

test('exporter none: OTEL_LOGS_EXPORTER=none and no endpoint of its own', () => {
  const env = renderOtelEnv({ ...base, logs: 'none', headers: {}, expandedHeaders: {}, tls: undefined }).env;
  expect(env.OTEL_LOGS_EXPORTER).toBe('none');
  expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
});

test('header values are percent-encoded (W3C Baggage rules of the specification)', () => {
  expect(otlpHeadersValue({ a: '1', 'x-y': 'p q' })).toBe('a=1,x-y=p%20q');
});
