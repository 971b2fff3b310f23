// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` in header values is the config syntax shown here
import { parse as parseToml } from 'smol-toml';
import { describe, expect, test } from 'vitest';
import { OtelConfigError } from './otel-config-error.ts';
import { parseOtelSettings } from './parse-otel-settings.ts';

const home = '/home/agent/.codex';
const opts = { home, env: { OTLP_TOKEN: 'tok-123', TENANT: 't1' }, source: '/home/agent/.codex/config.toml' };

function fromToml(toml: string) {
  return parseOtelSettings((parseToml(toml) as { otel?: unknown }).otel, opts);
}

function errorOf(raw: unknown, env: Record<string, string | undefined> = opts.env): OtelConfigError {
  try {
    parseOtelSettings(raw, { ...opts, env });
  } catch (e) {
    expect(e).toBeInstanceOf(OtelConfigError);
    return e as OtelConfigError;
  }
  throw new Error('expected OtelConfigError');
}

describe('parseOtelSettings: valid tables', () => {
  test('no [otel] table means everything off with defaults', () => {
    expect(parseOtelSettings(undefined, opts)).toEqual({
      environment: 'dev',
      logUserPrompt: false,
      exporter: { kind: 'none' },
      traceExporter: { kind: 'none' },
      metricsExporter: { kind: 'none' },
    });
  });

  test('explicit none everywhere', () => {
    const s = fromToml(`
[otel]
environment = "prod"
log_user_prompt = true
exporter = "none"
trace_exporter = "none"
metrics_exporter = "none"
`);
    expect(s).toEqual({
      environment: 'prod',
      logUserPrompt: true,
      exporter: { kind: 'none' },
      traceExporter: { kind: 'none' },
      metricsExporter: { kind: 'none' },
    });
  });

  test('inline spelling: otlp-http with headers, ${VAR} substitution and TLS resolved against home', () => {
    const s = fromToml(`
[otel]
exporter = { otlp-http = { endpoint = "https://collector.example:4318/v1/logs", protocol = "json", headers = { "authorization" = "Bearer \${OTLP_TOKEN}", "x-tenant" = "\${TENANT}-\${TENANT}", "x-plain" = "plain" }, tls = { ca-certificate = "certs/ca.pem", client-certificate = "/abs/client.pem", client-private-key = "certs/client-key.pem" } } }
`);
    expect(s.exporter).toEqual({
      kind: 'otlp-http',
      endpoint: 'https://collector.example:4318/v1/logs',
      protocol: 'json',
      headers: { authorization: 'Bearer tok-123', 'x-tenant': 't1-t1', 'x-plain': 'plain' },
      tls: {
        caCertificate: '/home/agent/.codex/certs/ca.pem',
        clientCertificate: '/abs/client.pem',
        clientPrivateKey: '/home/agent/.codex/certs/client-key.pem',
      },
    });
  });

  test('table spelling gives the same settings as the inline spelling', () => {
    const table = fromToml(`
[otel]
environment = "staging"

[otel.exporter.otlp-http]
endpoint = "http://127.0.0.1:4318/v1/logs"
protocol = "binary"

[otel.exporter.otlp-http.headers]
"x-api-key" = "\${OTLP_TOKEN}"

[otel.metrics_exporter.otlp-grpc]
endpoint = "https://127.0.0.1:4317"

[otel.metrics_exporter.otlp-grpc.tls]
ca-certificate = "ca.pem"
`);
    const inline = fromToml(`
[otel]
environment = "staging"
exporter = { otlp-http = { endpoint = "http://127.0.0.1:4318/v1/logs", protocol = "binary", headers = { "x-api-key" = "\${OTLP_TOKEN}" } } }
metrics_exporter = { otlp-grpc = { endpoint = "https://127.0.0.1:4317", tls = { ca-certificate = "ca.pem" } } }
`);
    expect(table).toEqual(inline);
    expect(table.exporter).toEqual({
      kind: 'otlp-http',
      endpoint: 'http://127.0.0.1:4318/v1/logs',
      protocol: 'binary',
      headers: { 'x-api-key': 'tok-123' },
    });
    expect(table.metricsExporter).toEqual({
      kind: 'otlp-grpc',
      endpoint: 'https://127.0.0.1:4317',
      headers: {},
      tls: { caCertificate: '/home/agent/.codex/ca.pem' },
    });
  });

  test('protocol defaults to binary; trace_exporter is parsed', () => {
    const s = parseOtelSettings(
      { trace_exporter: { 'otlp-http': { endpoint: 'http://localhost:4318/v1/traces' } } },
      opts,
    );
    expect(s.traceExporter).toEqual({
      kind: 'otlp-http',
      endpoint: 'http://localhost:4318/v1/traces',
      protocol: 'binary',
      headers: {},
    });
  });

  test('env defaults to process.env', () => {
    process.env.AGENTOTEL_TEST_HEADER_VAR = 'from-process';
    try {
      const s = parseOtelSettings(
        {
          exporter: {
            'otlp-grpc': { endpoint: 'http://h:4317', headers: { a: '${AGENTOTEL_TEST_HEADER_VAR}' } },
          },
        },
        { home },
      );
      expect(s.exporter).toMatchObject({ headers: { a: 'from-process' } });
    } finally {
      delete process.env.AGENTOTEL_TEST_HEADER_VAR;
    }
  });
});

describe('parseOtelSettings: errors name the key', () => {
  const http = (inner: object) => ({ exporter: { 'otlp-http': { endpoint: 'http://h/v1/logs', ...inner } } });

  test.each([
    ['unknown top-level key', { exporters: 'none' }, 'unknown_key', 'otel.exporters'],
    [
      'unknown key in otlp-http',
      http({ compression: 'gzip' }),
      'unknown_key',
      'otel.exporter.otlp-http.compression',
    ],
    [
      'unknown key in tls',
      http({ tls: { 'ca-cert': 'x' } }),
      'unknown_key',
      'otel.exporter.otlp-http.tls.ca-cert',
    ],
    [
      'unknown key in otlp-grpc (protocol is HTTP only)',
      { metrics_exporter: { 'otlp-grpc': { endpoint: 'http://h:4317', protocol: 'json' } } },
      'unknown_key',
      'otel.metrics_exporter.otlp-grpc.protocol',
    ],
    ['unknown exporter kind', { exporter: { statsd: {} } }, 'unknown_key', 'otel.exporter.statsd'],
    ['bad protocol', http({ protocol: 'grpc' }), 'invalid_value', 'otel.exporter.otlp-http.protocol'],
    ['bad exporter string', { trace_exporter: 'otlp' }, 'invalid_value', 'otel.trace_exporter'],
    [
      'two exporter kinds at once',
      { exporter: { 'otlp-http': { endpoint: 'http://h' }, 'otlp-grpc': { endpoint: 'http://h' } } },
      'invalid_value',
      'otel.exporter',
    ],
    ['exporter of wrong type', { exporter: 42 }, 'invalid_type', 'otel.exporter'],
    [
      'missing endpoint',
      { exporter: { 'otlp-grpc': {} } },
      'missing_key',
      'otel.exporter.otlp-grpc.endpoint',
    ],
    [
      'endpoint not a URL',
      http({ endpoint: 'collector:4318' }),
      'invalid_value',
      'otel.exporter.otlp-http.endpoint',
    ],
    ['log_user_prompt not a boolean', { log_user_prompt: 'yes' }, 'invalid_type', 'otel.log_user_prompt'],
    ['environment not a string', { environment: 1 }, 'invalid_type', 'otel.environment'],
    [
      'header value not a string',
      http({ headers: { a: 1 } }),
      'invalid_type',
      'otel.exporter.otlp-http.headers.a',
    ],
    [
      'client certificate without key',
      http({ tls: { 'client-certificate': 'c.pem' } }),
      'incomplete_client_tls',
      'otel.exporter.otlp-http.tls.client-private-key',
    ],
    [
      'client key without certificate',
      { exporter: { 'otlp-grpc': { endpoint: 'https://h:4317', tls: { 'client-private-key': 'k.pem' } } } },
      'incomplete_client_tls',
      'otel.exporter.otlp-grpc.tls.client-certificate',
    ],
    [
      'unset ${VAR} in a header',
      http({ headers: { authorization: 'Bearer ${MISSING_TOKEN}' } }),
      'env_var_unset',
      'otel.exporter.otlp-http.headers.authorization',
    ],
    [
      'invalid ${VAR} name',
      http({ headers: { a: '${1BAD}' } }),
      'invalid_value',
      'otel.exporter.otlp-http.headers.a',
    ],
    ['table not a table', 'none', 'invalid_type', 'otel'],
  ])('%s', (_name, raw, code, key) => {
    const e = errorOf(raw);
    expect(e.code).toBe(code);
    expect(e.key).toBe(key);
    expect(e.source).toBe(opts.source);
    expect(e.message).toContain(key);
    expect(e.message).toContain(opts.source);
  });

  test('unset variable message names the header and the variable', () => {
    const e = errorOf(
      { exporter: { 'otlp-grpc': { endpoint: 'http://h:4317', headers: { 'x-key': '${NOPE}' } } } },
      {},
    );
    expect(e.message).toMatch(/header x-key/);
    expect(e.message).toMatch(/NOPE is not set/);
  });

  test('unknown key message lists the allowed keys', () => {
    const e = errorOf({ exporter: { 'otlp-http': { endpoint: 'http://h', tls: {}, foo: 1 } } });
    expect(e.message).toMatch(/allowed: endpoint, protocol, headers, tls/);
  });

  test('bad protocol message lists the allowed values and the given one', () => {
    const e = errorOf({ exporter: { 'otlp-http': { endpoint: 'http://h', protocol: 'grpc' } } });
    expect(e.message).toMatch(/"binary", "json"; got "grpc"/);
  });
});
