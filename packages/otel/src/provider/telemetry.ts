import type { SessionMetadata, SessionTelemetry } from '../events/session-telemetry.ts';

/**
 * Started telemetry for one agent process: makes per-run {@link SessionTelemetry} objects and
 * flushes everything on shutdown.
 *
 * @example `await using telemetry = await startTelemetry(settings, { serviceName, serviceVersion })`
 * @see docs/catalog/codex.md §5 (batch worker flushed on shutdown)
 */
export interface Telemetry {
  /** False when the feature is off or every exporter is `none` (and no extra processor was given). */
  readonly enabled: boolean;
  /**
   * Log records dropped so far because a queue was full (the start-up buffer while the SDK loads,
   * then the batch worker's `maxQueueSize`); records the receiver never got for other reasons
   * (export failures, the shutdown deadline) are not counted. `shutdown()` reports a non-zero count in
   * one diagnostic line. Optional for implementations other than `startTelemetry`'s.
   */
  readonly droppedLogRecords?: number;
  /** The event manager of one run; on disabled telemetry every hook is a no-op. */
  session(meta: SessionMetadata): SessionTelemetry;
  /**
   * Flushes every queued record once and shuts the providers down, bounded by `shutdownTimeoutMs`.
   * Never throws; calling it again returns the same promise.
   */
  shutdown(): Promise<void>;
  /** Same as {@link Telemetry.shutdown}. */
  [Symbol.asyncDispose](): Promise<void>;
}
