/**
 * The parsed `[otel]` table: where each signal goes and what the events may contain.
 *
 * @example `const s: OtelSettings = parseOtelSettings(toml.otel, { home })`
 * @see docs/catalog/codex.md §5 "The [otel] configuration table"
 */
export type OtelSettings = {
  /** Exported as the resource attribute `env`. @defaultValue `'dev'` */
  environment: string;
  /** When false, `codex.user_prompt` carries `[REDACTED]` instead of the prompt. @defaultValue `false` */
  logUserPrompt: boolean;
  /** Where log records (the events) go. @defaultValue `{ kind: 'none' }` */
  exporter: OtelExporter;
  /** Where spans go. @defaultValue `{ kind: 'none' }` */
  traceExporter: OtelExporter;
  /** Where metrics go. @defaultValue `{ kind: 'none' }` */
  metricsExporter: OtelExporter;
};

/**
 * One signal's destination: nothing, OTLP over HTTP (protobuf or JSON) or OTLP over gRPC.
 *
 * `endpoint` is used as written; for HTTP it is the full URL including `/v1/logs`.
 * `headers` have `${VAR}` already substituted.
 *
 * @see docs/catalog/codex.md §1 (transports) and §5
 */
export type OtelExporter =
  | { kind: 'none' }
  | {
      kind: 'otlp-http';
      endpoint: string;
      protocol: OtelHttpProtocol;
      headers: Record<string, string>;
      tls?: OtelTls;
    }
  | { kind: 'otlp-grpc'; endpoint: string; headers: Record<string, string>; tls?: OtelTls };

/** OTLP/HTTP body encoding: `binary` = protobuf (`application/x-protobuf`), `json` = `application/json`. */
export type OtelHttpProtocol = 'binary' | 'json';

/**
 * TLS material for an exporter, as absolute paths to PEM files (relative paths in the config are
 * resolved against the agent's home folder). The client pair is both present or both absent.
 *
 * @see docs/catalog/codex.md §5
 */
export type OtelTls = { caCertificate?: string; clientCertificate?: string; clientPrivateKey?: string };

/** The settings used when the config has no `[otel]` table: everything off. */
export const DEFAULT_OTEL_SETTINGS: Readonly<OtelSettings> = Object.freeze<OtelSettings>({
  environment: 'dev',
  logUserPrompt: false,
  exporter: { kind: 'none' },
  traceExporter: { kind: 'none' },
  metricsExporter: { kind: 'none' },
});
