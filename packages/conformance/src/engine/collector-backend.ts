import type { OtlpRecord } from '@agentotel/test-support';
import * as testSupport from '@agentotel/test-support';
import type { CaptureBackend } from './capture-backend.ts';

interface StartedCollectorLike {
  httpUrl: string;
  grpcUrl: string;
  records(): Promise<OtlpRecord[]>;
  stop(): Promise<void>;
}
type StartCollector = (o: { launcher?: 'auto' | 'docker' | 'binary' }) => Promise<StartedCollectorLike>;

/**
 * Capture through the real OpenTelemetry Collector (`startCollector` of @agentotel/test-support, the
 * ocb-built binary or the container). Records are read back from its file exporter; per-request facts
 * (transport, headers) are not observable through it, so requirements about them are skipped.
 *
 * @throws Error when test-support has no collector launcher or no collector is available.
 */
export async function collectorBackend(): Promise<CaptureBackend> {
  const start = (testSupport as unknown as { startCollector?: StartCollector }).startCollector;
  if (!start)
    throw new Error(
      '[agentotel] --collector needs startCollector from @agentotel/test-support, which this build lacks',
    );
  return {
    name: 'collector',
    async start() {
      const c = await start({ launcher: 'auto' });
      let cache: OtlpRecord[] = [];
      return {
        httpUrl: c.httpUrl,
        grpcUrl: c.grpcUrl,
        records: () => cache,
        requests: () => [],
        observesRequests: false,
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
