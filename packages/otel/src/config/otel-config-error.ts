/**
 * Stable codes of {@link OtelConfigError}.
 *
 * - `unknown_key`: a key the `[otel]` table does not define
 * - `invalid_type`: a value of the wrong TOML type
 * - `invalid_value`: a value outside the allowed set (bad protocol, exporter kind, endpoint URL)
 * - `missing_key`: a required key is absent (`endpoint`)
 * - `incomplete_client_tls`: only one of `client-certificate` / `client-private-key`
 * - `env_var_unset`: a header refers to `${VAR}` and `VAR` is not set
 * - `tls_file_unreadable`: a TLS file cannot be read when telemetry starts
 * - `tls_file_invalid`: a TLS file is empty, not PEM, or the client key does not match the client
 *   certificate (checked when telemetry starts)
 * - `invalid_header`: a header name or value the exporter's transport cannot carry (CR/LF or another
 *   control character in a value, a name that is not an HTTP token or gRPC metadata key)
 */
export type OtelConfigErrorCode =
  | 'unknown_key'
  | 'invalid_type'
  | 'invalid_value'
  | 'missing_key'
  | 'incomplete_client_tls'
  | 'env_var_unset'
  | 'tls_file_unreadable'
  | 'tls_file_invalid'
  | 'invalid_header';

/**
 * A bad `[otel]` table: names the key (`otel.exporter.otlp-http.protocol`), what was expected and
 * the file it came from.
 *
 * @example `if (e instanceof OtelConfigError && e.code === 'env_var_unset') ...`
 * @see docs/catalog/codex.md §5
 */
export class OtelConfigError extends Error {
  override readonly name = 'OtelConfigError';
  /** Stable machine-readable reason. */
  readonly code: OtelConfigErrorCode;
  /** Dotted key path, always starting with `otel`, e.g. `otel.exporter.otlp-http.headers.authorization`. */
  readonly key: string;
  /** The config file the table came from, when the caller said (`opts.source`). */
  readonly source: string | undefined;

  constructor(code: OtelConfigErrorCode, key: string, detail: string, source?: string) {
    super(`[@agentotel/otel] invalid config ${key}${source ? ` in ${source}` : ''}: ${detail}`);
    this.code = code;
    this.key = key;
    this.source = source;
  }
}
