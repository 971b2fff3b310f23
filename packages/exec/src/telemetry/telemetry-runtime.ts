import type { OtelSettings, startTelemetry as StartTelemetryFn, Telemetry } from '@agentotel/otel';

/** The signature of `@agentotel/otel`'s `startTelemetry`, injectable through `runCli` deps. */
export type StartTelemetry = typeof StartTelemetryFn;

/** Options for {@link TelemetryRuntime.start}. */
export interface TelemetryRuntimeOptions {
  settings: OtelSettings;
  serviceName: string;
  serviceVersion: string;
  /** Bounds every flush. @defaultValue the otel package default (2000) */
  shutdownTimeoutMs?: number;
  /** Extra SDK log record processors (test fixtures). */
  logRecordProcessors?: unknown[];
  start: StartTelemetry;
  /** Where `AGENTOTEL_OTEL` (the feature switch) is read. */
  env?: Record<string, string | undefined>;
  /** Receives diagnostics of the telemetry library. */
  onDiagnostic?: (message: string) => void;
}

/**
 * How long the batch worker holds a partial batch of log records before exporting it, in ms: 200
 * instead of the OpenTelemetry default of 1000 (`OTEL_BLRP_SCHEDULE_DELAY`, which the library keeps).
 * An agent run is short and mostly waits on the model; exporting every 200 ms does the serializing
 * and sending during those waits, and leaves the exit only the last 200 ms of records to flush.
 * Measured with `bench/exec-overhead.ts`'s run (20 tool calls, 25 ms model latency): final answer →
 * exit with an exporter 35 → 22 ms (feature off: 12 ms), the same records delivered.
 */
export const EXEC_SCHEDULED_DELAY_MS = 200;

const live = new Set<TelemetryRuntime>();

/**
 * The agent's telemetry: one started `Telemetry`, replaceable when the service name changes
 * (app-server `initialize`), flushed once on every exit path.
 */
export class TelemetryRuntime {
  #current: Telemetry;
  #serviceName: string;
  readonly #opts: TelemetryRuntimeOptions;
  #shutdown: Promise<void> | undefined;

  private constructor(current: Telemetry, opts: TelemetryRuntimeOptions) {
    this.#current = current;
    this.#opts = opts;
    this.#serviceName = opts.serviceName;
    live.add(this);
  }

  /** Starts telemetry with `serviceName` as `service.name`. */
  static async start(opts: TelemetryRuntimeOptions): Promise<TelemetryRuntime> {
    const t = await opts.start(opts.settings, TelemetryRuntime.#startOptions(opts, opts.serviceName));
    return new TelemetryRuntime(t, opts);
  }

  static #startOptions(opts: TelemetryRuntimeOptions, serviceName: string) {
    return {
      serviceName,
      serviceVersion: opts.serviceVersion,
      scheduledDelayMs: EXEC_SCHEDULED_DELAY_MS,
      ...(opts.shutdownTimeoutMs !== undefined ? { shutdownTimeoutMs: opts.shutdownTimeoutMs } : {}),
      ...(opts.logRecordProcessors ? { logRecordProcessors: opts.logRecordProcessors } : {}),
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.onDiagnostic ? { onDiagnostic: opts.onDiagnostic } : {}),
    };
  }

  /** The current telemetry. */
  get telemetry(): Telemetry {
    return this.#current;
  }

  /** The `service.name` in use. */
  get serviceName(): string {
    return this.#serviceName;
  }

  /**
   * Restarts telemetry under another `service.name`: the old providers are flushed and shut down
   * first. Used when app-server `initialize` sets the originator after start-up.
   */
  async rename(serviceName: string): Promise<void> {
    if (serviceName === this.#serviceName || this.#shutdown) return;
    await this.#current.shutdown();
    this.#current = await this.#opts.start(
      this.#opts.settings,
      TelemetryRuntime.#startOptions(this.#opts, serviceName),
    );
    this.#serviceName = serviceName;
  }

  /** Flushes and shuts down once; later calls wait for the first. Never throws. */
  shutdown(): Promise<void> {
    if (!this.#shutdown) {
      this.#shutdown = this.#current.shutdown().catch(() => {});
      this.#shutdown.finally(() => live.delete(this));
    }
    return this.#shutdown;
  }
}

/** Shuts down every live telemetry runtime; used by the binary on uncaught errors and signals. */
export async function shutdownAllTelemetry(): Promise<void> {
  await Promise.all([...live].map((t) => t.shutdown()));
}
