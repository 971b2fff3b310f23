import { parse } from 'smol-toml';
import { expect, test } from 'vitest';
import { otelToml } from './otel-toml.ts';

test('the [otel] table is valid TOML in Codex config schema: exporter, protocol, headers, TLS, metrics', () => {
  const toml = otelToml({
    exporter: {
      transport: 'http/json',
      endpoint: 'https://127.0.0.1:1/v1/logs',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Codex substitutes ${VAR} itself
      headers: { 'x-key': '${TOKEN}', 'x-q': 'a "quoted" \\ value' },
    },
    metrics: { transport: 'grpc', endpoint: 'https://127.0.0.1:2' },
    tls: { caCertificate: '/ca.pem', clientCertificate: '/c.pem', clientPrivateKey: '/c.key' },
    environment: 'env "x"',
    logUserPrompt: true,
  });
  expect(parse(toml)).toEqual({
    otel: {
      environment: 'env "x"',
      log_user_prompt: true,
      exporter: {
        'otlp-http': {
          endpoint: 'https://127.0.0.1:1/v1/logs',
          protocol: 'json',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: Codex substitutes ${VAR} itself
          headers: { 'x-key': '${TOKEN}', 'x-q': 'a "quoted" \\ value' },
          tls: {
            'ca-certificate': '/ca.pem',
            'client-certificate': '/c.pem',
            'client-private-key': '/c.key',
          },
        },
      },
      trace_exporter: 'none',
      metrics_exporter: {
        'otlp-grpc': {
          endpoint: 'https://127.0.0.1:2',
          tls: {
            'ca-certificate': '/ca.pem',
            'client-certificate': '/c.pem',
            'client-private-key': '/c.key',
          },
        },
      },
    },
  });
});

test('exporter none', () => {
  expect(parse(otelToml({ exporter: 'none', environment: 'dev', logUserPrompt: false })).otel).toMatchObject({
    exporter: 'none',
    metrics_exporter: 'none',
    log_user_prompt: false,
  });
});
