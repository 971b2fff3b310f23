import type { Transport } from '../../capture/model.ts';

/** A TOML basic string literal (quoted, escaped): JSON string escapes are valid TOML basic-string escapes. */
export function tomlString(s: string): string {
  return JSON.stringify(s);
}

/** What the `[otel]` table of a run says. */
export interface OtelTomlInput {
  exporter: 'none' | { transport: Transport; endpoint: string; headers: Record<string, string> };
  metrics?: { transport: Transport; endpoint: string } | undefined;
  tls?: { caCertificate: string; clientCertificate?: string; clientPrivateKey?: string } | undefined;
  environment: string;
  logUserPrompt: boolean;
}

const inlineTable = (entries: [string, string][]) =>
  `{ ${entries.map(([k, v]) => `${k} = ${v}`).join(', ')} }`;

function exporterToml(
  e: { transport: Transport; endpoint: string; headers?: Record<string, string> },
  tls: OtelTomlInput['tls'],
): string {
  const fields: [string, string][] = [['endpoint', tomlString(e.endpoint)]];
  if (e.transport !== 'grpc')
    fields.push(['protocol', tomlString(e.transport === 'http/json' ? 'json' : 'binary')]);
  const headers = Object.entries(e.headers ?? {});
  if (headers.length)
    fields.push(['headers', inlineTable(headers.map(([k, v]) => [tomlString(k), tomlString(v)]))]);
  if (tls) {
    const t: [string, string][] = [['ca-certificate', tomlString(tls.caCertificate)]];
    if (tls.clientCertificate) t.push(['client-certificate', tomlString(tls.clientCertificate)]);
    if (tls.clientPrivateKey) t.push(['client-private-key', tomlString(tls.clientPrivateKey)]);
    fields.push(['tls', inlineTable(t)]);
  }
  return inlineTable([[e.transport === 'grpc' ? 'otlp-grpc' : 'otlp-http', inlineTable(fields)]]);
}

/**
 * Renders the `[otel]` table in Codex's config schema (docs/catalog/codex.md §5).
 *
 * @example otelToml({ exporter: 'none', environment: 'dev', logUserPrompt: false })
 */
export function otelToml(input: OtelTomlInput): string {
  const lines = [
    '[otel]',
    `environment = ${tomlString(input.environment)}`,
    `log_user_prompt = ${input.logUserPrompt}`,
    `exporter = ${input.exporter === 'none' ? '"none"' : exporterToml(input.exporter, input.tls)}`,
    'trace_exporter = "none"',
    `metrics_exporter = ${input.metrics ? exporterToml(input.metrics, input.tls) : '"none"'}`,
  ];
  return `${lines.join('\n')}\n`;
}
