/** Stable codes of {@link CollectorError}. */
export type CollectorErrorCode =
  | 'COLLECTOR_UNAVAILABLE'
  | 'COLLECTOR_START_FAILED'
  | 'COLLECTOR_EXITED'
  | 'WAIT_TIMEOUT'
  | 'BAD_OPTIONS';

/** How to get a collector binary when there is none; part of every `COLLECTOR_UNAVAILABLE` message. */
export const COLLECTOR_BUILD_HINT =
  'build it with `bash tools/otelcol/build.sh` (needs Go and the Go module proxy; cached by manifest hash), ' +
  'set AGENTOTEL_OTELCOL_BIN to a collector binary, or start a Docker engine';

/** Error thrown by {@link startCollector} and {@link StartedCollector}; `code` is stable. */
export class CollectorError extends Error {
  readonly code: CollectorErrorCode;

  constructor(code: CollectorErrorCode, message: string) {
    super(`[test-support] ${message}`);
    this.name = 'CollectorError';
    this.code = code;
  }
}
