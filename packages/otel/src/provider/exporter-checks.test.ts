import { describe, expect, test } from 'vitest';
import type { OtelExporter, OtelSettings } from '../config/otel-settings.ts';
import { checkExporters } from './exporter-checks.ts';

const settings = (
  exporter: OtelExporter,
  metricsExporter: OtelExporter = { kind: 'none' },
): OtelSettings => ({
  environment: 'dev',
  logUserPrompt: false,
  exporter,
  traceExporter: { kind: 'none' },
  metricsExporter,
});
const http = (headers: Record<string, string>): OtelExporter => ({
  kind: 'otlp-http',
  endpoint: 'http://127.0.0.1:4318/v1/logs',
  protocol: 'binary',
  headers,
});
const grpc = (headers: Record<string, string>): OtelExporter => ({
  kind: 'otlp-grpc',
  endpoint: 'http://127.0.0.1:4317',
  headers,
});

describe('checkExporters: headers', () => {
  test.each([
    [
      'HTTP: tab, visible ASCII and Latin-1 in values; token characters in names',
      http({ "x-a!#$%&'*+.^_`|~9": 'a\tb é ~' }),
    ],
    ['gRPC: lower- or upper-case keys, printable ASCII values', grpc({ 'X-Tenant_1.a': 'Bearer a.b/c+d=' })],
  ])('%s pass', async (_n, exporter) => {
    const r = await checkExporters(settings(exporter));
    expect(r.problems).toEqual([]);
    expect(r.settings.exporter).toBe(exporter);
  });

  test.each([
    [
      'HTTP value with CR',
      http({ a: 'x\ry' }),
      'otel.exporter.otlp-http.headers.a',
      /line break \(CR, U\+000D\)/,
    ],
    [
      'HTTP value with U+0100',
      http({ a: 'x\u0100' }),
      'otel.exporter.otlp-http.headers.a',
      /the character U\+0100/,
    ],
    [
      'HTTP value with DEL',
      http({ a: 'x\u007f' }),
      'otel.exporter.otlp-http.headers.a',
      /control character \(U\+007F\)/,
    ],
    ['HTTP empty name', http({ '': 'v' }), 'otel.exporter.otlp-http.headers.', /not an HTTP token/],
    ['gRPC value with tab', grpc({ a: 'x\ty' }), 'otel.exporter.otlp-grpc.headers.a', /printable ASCII/],
    [
      'gRPC key with a space',
      grpc({ 'a b': 'v' }),
      'otel.exporter.otlp-grpc.headers.a b',
      /not a gRPC metadata key/,
    ],
  ])(
    '%s: the exporter is disabled, the key named, the value never quoted',
    async (_n, exporter, key, reason) => {
      const r = await checkExporters(settings(exporter, http({})));
      expect(r.settings.exporter).toEqual({ kind: 'none' });
      expect(r.settings.metricsExporter.kind).toBe('otlp-http');
      expect(r.problems).toHaveLength(1);
      const { signal, error } = r.problems[0]!;
      expect(signal).toBe('logs');
      expect(error.code).toBe('invalid_header');
      expect(error.key).toBe(key);
      expect(error.message).toMatch(reason);
      expect(error.message).not.toContain('x\r');
    },
  );
});
