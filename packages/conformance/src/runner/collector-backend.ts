import {
  COLLECTOR_VERSION,
  type CollectorLauncher,
  collectorAvailability,
  type OtlpRecord,
  startCollector,
} from '@agentotel/test-support';
import type { CaptureBackend } from './capture-backend.ts';

/**
 * Capture through the real OpenTelemetry Collector (`startCollector` of @agentotel/test-support: the
 * ocb-built binary or the container). Records are read back from its file exporter. Per-request facts
 * (transport, content type, headers) do not survive the collector's pipeline, so the engine captures the
 * scenarios whose requirements need them through the embedded receiver instead (see `needsRequestFacts`).
 *
 * @throws Error before any scenario runs when no collector is available (the message says how to get one).
 * @example const backend = await collectorBackend('binary')
 */
export async function collectorBackend(launcher: CollectorLauncher = 'auto'): Promise<CaptureBackend> {
  const availability = await collectorAvailability(launcher);
  if (!availability.available)
    throw new Error(
      `[agentotel] --collector: no OpenTelemetry Collector to capture through: ${availability.reason}`,
    );
  return {
    name: 'collector',
    observesRequests: false,
    async start() {
      const c = await startCollector({ launcher });
      let cache: OtlpRecord[] = [];
      return {
        httpUrl: c.httpUrl,
        grpcUrl: c.grpcUrl,
        records: () => cache,
        requests: () => [],
        observesRequests: false,
        label: `real OpenTelemetry Collector ${COLLECTOR_VERSION} (${c.launcher} launcher, file exporter)`,
        settle: async () => {
          // the collector batches (100 ms) and flushes files (100 ms): poll until stable
          let last = -1;
          for (let i = 0; i < 40; i++) {
            cache = await c.records();
            if (cache.length === last && i >= 4) break;
            last = cache.length;
            await new Promise((r) => setTimeout(r, 100));
          }
        },
        stop: () => c.stop(),
      };
    },
  };
}
