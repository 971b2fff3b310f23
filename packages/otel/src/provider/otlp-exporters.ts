import type { Agent as HttpAgent } from 'node:http';
import type { OtelExporter } from '../config/otel-settings.ts';
import type { AbortSwitch } from './abortable-exporter.ts';
import { EXPORTER_FIELD, readTlsMaterial, type TlsMaterial } from './tls-material.ts';

/** Which signal an exporter is for. */
export type Signal = 'logs' | 'metrics' | 'traces';

type ActiveExporter = Exclude<OtelExporter, { kind: 'none' }>;

/**
 * Builds the official OTLP exporter for one signal: `otlp-http` + `json` -> `exporter-*-otlp-http`,
 * `otlp-http` + `binary` -> `exporter-*-otlp-proto`, `otlp-grpc` -> `exporter-*-otlp-grpc`, with the
 * configured headers and TLS. An `https://` endpoint is always encrypted, gRPC included (explicit
 * SSL credentials, never the SDK's environment-driven insecure fallback).
 *
 * @param timeoutMs - per-export timeout in ms
 * @param preread - the TLS files already read at start (else they are read here)
 * @throws OtelConfigError `tls_file_unreadable` when a TLS file cannot be read
 */
export async function createOtlpExporter(
  signal: Signal,
  cfg: ActiveExporter,
  timeoutMs: number,
  sw: AbortSwitch,
  preread?: TlsMaterial,
): Promise<unknown> {
  const tls = preread ?? (await readTlsMaterial(cfg.tls, `otel.${EXPORTER_FIELD[signal]}.${cfg.kind}`));
  const secure = new URL(cfg.endpoint).protocol === 'https:';
  const base = { url: cfg.endpoint, timeoutMillis: timeoutMs, concurrencyLimit: 8 };
  const metricsExtra = signal === 'metrics' ? { temporalityPreference: await deltaTemporality() } : {};

  if (cfg.kind === 'otlp-grpc') {
    // `.default` is module.exports (CommonJS) both in Node and in the bundle of dist/
    const grpc = (await import('@grpc/grpc-js')).default;
    const credentials = secure
      ? grpc.credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null)
      : grpc.credentials.createInsecure();
    const metadata = new grpc.Metadata();
    for (const [k, v] of Object.entries(cfg.headers)) metadata.set(k.toLowerCase(), v);
    const options = { ...base, credentials, metadata, ...metricsExtra };
    switch (signal) {
      case 'logs':
        return new (await import('@opentelemetry/exporter-logs-otlp-grpc')).OTLPLogExporter(options);
      case 'metrics':
        return new (await import('@opentelemetry/exporter-metrics-otlp-grpc')).OTLPMetricExporter(options);
      case 'traces':
        return new (await import('@opentelemetry/exporter-trace-otlp-grpc')).OTLPTraceExporter(options);
    }
  }

  const options = {
    ...base,
    headers: { ...cfg.headers },
    httpAgentOptions: agentFactory(tls, secure, sw),
    ...metricsExtra,
  };
  if (cfg.protocol === 'json') {
    switch (signal) {
      case 'logs':
        return new (await import('@opentelemetry/exporter-logs-otlp-http')).OTLPLogExporter(options);
      case 'metrics':
        return new (await import('@opentelemetry/exporter-metrics-otlp-http')).OTLPMetricExporter(options);
      case 'traces':
        return new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter(options);
    }
  }
  switch (signal) {
    case 'logs':
      return new (await import('@opentelemetry/exporter-logs-otlp-proto')).OTLPLogExporter(options);
    case 'metrics':
      return new (await import('@opentelemetry/exporter-metrics-otlp-proto')).OTLPMetricExporter(options);
    case 'traces':
      return new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter(options);
  }
}

async function deltaTemporality() {
  const { AggregationTemporality } = await import('@opentelemetry/sdk-metrics');
  return AggregationTemporality.DELTA;
}

/**
 * An agent factory that applies the CA and client pair for `https://` and registers the agent so a
 * shutdown deadline can destroy its sockets. The modules are taken with `process.getBuiltinModule`,
 * not `import()`: an ES import of `node:http` builds its ESM facade, which reads every export and so
 * loads the lazy `http.WebSocket` (undici) on the first export.
 */
function agentFactory(tls: TlsMaterial, secure: boolean, sw: AbortSwitch) {
  return async (protocol: string): Promise<HttpAgent> => {
    let agent: HttpAgent;
    if (protocol === 'https:' || secure) {
      const https = process.getBuiltinModule('node:https');
      agent = new https.Agent({ keepAlive: true, ...tls });
    } else {
      const http = process.getBuiltinModule('node:http');
      agent = new http.Agent({ keepAlive: true });
    }
    sw.onAbort.push(() => agent.destroy());
    return agent;
  };
}
