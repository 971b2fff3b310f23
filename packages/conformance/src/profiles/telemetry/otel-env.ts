import type { Transport } from '../../capture/model.ts';
import type { ExporterConfig, RenderedTelemetry, TelemetryConfig } from '../profile.ts';

/** The `OTEL_EXPORTER_OTLP_PROTOCOL` value of a transport (OpenTelemetry SDK environment variables). */
export const otlpProtocol = (t: Transport): 'http/json' | 'http/protobuf' | 'grpc' => t;

/**
 * `OTEL_EXPORTER_OTLP_HEADERS` format: `key=value` pairs joined with `,`, values percent-encoded (the
 * W3C Baggage octet rules the OpenTelemetry specification refers to).
 */
export function otlpHeadersValue(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join(',');
}

function signalEnv(signal: 'LOGS' | 'METRICS', e: ExporterConfig, env: Record<string, string>): void {
  env[`OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`] = otlpProtocol(e.transport);
  env[`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`] = e.endpoint;
}

/**
 * Renders a scenario's telemetry as the standard OpenTelemetry SDK environment variables
 * (OpenTelemetry specification, "Environment Variable Specification" and "OTLP Exporter
 * Configuration"): `OTEL_LOGS_EXPORTER` / `OTEL_METRICS_EXPORTER` / `OTEL_TRACES_EXPORTER`
 * (`otlp` or `none`), `OTEL_EXPORTER_OTLP_PROTOCOL` and `OTEL_EXPORTER_OTLP_ENDPOINT` (the base, to which
 * an OTLP/HTTP SDK appends `/v1/<signal>`), the per-signal `OTEL_EXPORTER_OTLP_{LOGS,METRICS}_ENDPOINT`
 * (used as is) and `_PROTOCOL`, `OTEL_EXPORTER_OTLP_HEADERS` (values with `${VAR}` already expanded:
 * the variables have no substitution syntax), and `OTEL_EXPORTER_OTLP_CERTIFICATE`,
 * `_CLIENT_CERTIFICATE`, `_CLIENT_KEY` for TLS and mTLS. The prompt opt-in has no standard variable:
 * profiles add their own (`{{logUserPrompt}}` is a placeholder for subject files).
 */
export function renderOtelEnv(config: TelemetryConfig): RenderedTelemetry {
  const env: Record<string, string> = { OTEL_TRACES_EXPORTER: 'none' };
  const { logs, metrics } = config;
  env.OTEL_LOGS_EXPORTER = logs === 'none' ? 'none' : 'otlp';
  env.OTEL_METRICS_EXPORTER = metrics === 'none' ? 'none' : 'otlp';
  if (logs !== 'none') {
    env.OTEL_EXPORTER_OTLP_PROTOCOL = otlpProtocol(logs.transport);
    env.OTEL_EXPORTER_OTLP_ENDPOINT = logs.baseEndpoint;
    signalEnv('LOGS', logs, env);
  }
  if (metrics !== 'none') signalEnv('METRICS', metrics, env);
  const headers = otlpHeadersValue(config.expandedHeaders);
  if (headers) env.OTEL_EXPORTER_OTLP_HEADERS = headers;
  if (config.tls) {
    env.OTEL_EXPORTER_OTLP_CERTIFICATE = config.tls.caCertificate;
    if (config.tls.clientCertificate)
      env.OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE = config.tls.clientCertificate;
    if (config.tls.clientPrivateKey) env.OTEL_EXPORTER_OTLP_CLIENT_KEY = config.tls.clientPrivateKey;
  }
  return { env, placeholders: {}, files: {} };
}
