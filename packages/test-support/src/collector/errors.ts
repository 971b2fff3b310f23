import { COLLECTOR_IMAGE, COLLECTOR_VERSION, SHIPPED_OTELCOL_DIR } from './collector-files.ts';

/** Stable codes of {@link CollectorError}. */
export type CollectorErrorCode =
  | 'COLLECTOR_UNAVAILABLE'
  | 'COLLECTOR_START_FAILED'
  | 'COLLECTOR_EXITED'
  | 'WAIT_TIMEOUT'
  | 'BAD_OPTIONS';

/**
 * How to get a collector when there is none, naming the scripts in `toolsDir` (by default the `otelcol/`
 * folder this package ships, so the commands work from an npm install as from a clone): a binary through
 * `AGENTOTEL_OTELCOL_BIN`, the ocb build of `build.sh`, or a Docker engine (the public contrib image, or
 * `AGENTOTEL_COLLECTOR_IMAGE`, e.g. the image `build-image.sh` builds). Part of every
 * `COLLECTOR_UNAVAILABLE` message.
 */
export function collectorBuildHint(toolsDir: string = SHIPPED_OTELCOL_DIR): string {
  return (
    `set AGENTOTEL_OTELCOL_BIN to an OpenTelemetry Collector binary (otelcol-contrib ${COLLECTOR_VERSION} has every component used), ` +
    `build one with \`bash ${toolsDir}/build.sh\` (needs Go >= 1.24 and the Go module proxy; cached in ` +
    'AGENTOTEL_CACHE or ~/.cache/agentotel, by manifest hash, where the binary launcher finds it), ' +
    `or start a Docker engine (the docker launcher pulls ${COLLECTOR_IMAGE}; without registry access set ` +
    `AGENTOTEL_COLLECTOR_IMAGE to a local image, e.g. the one \`bash ${toolsDir}/build-image.sh\` builds)`
  );
}

/** {@link collectorBuildHint} for the `otelcol/` folder this package ships. */
export const COLLECTOR_BUILD_HINT: string = collectorBuildHint();

/** Error thrown by {@link startCollector} and {@link StartedCollector}; `code` is stable. */
export class CollectorError extends Error {
  readonly code: CollectorErrorCode;

  constructor(code: CollectorErrorCode, message: string) {
    super(`[test-support] ${message}`);
    this.name = 'CollectorError';
    this.code = code;
  }
}
