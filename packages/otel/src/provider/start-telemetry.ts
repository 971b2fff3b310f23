import type { OtelSettings } from '../config/otel-settings.ts';
import { type SessionMetadata, SessionTelemetry } from '../events/session-telemetry.ts';
import { NOOP_SINK, type TelemetrySink } from '../events/telemetry-sink.ts';
import { otelFeature } from '../feature/otel-feature.ts';
import type { CreateSdkBackend, SdkBackend } from './sdk-backend.ts';
import type { Telemetry } from './telemetry.ts';

/**
 * Options of {@link startTelemetry}. Durations are in milliseconds.
 */
export interface StartTelemetryOptions {
  /** The originator; becomes the resource attribute `service.name` (catalog.md §6). */
  serviceName: string;
  /** The agent's version; becomes `service.version`. */
  serviceVersion: string;
  /** Upper bound of `shutdown()` and of each export. @defaultValue 2000 */
  shutdownTimeoutMs?: number;
  /** Extra SDK `LogRecordProcessor`s run before the batch processor (test fixtures). */
  logRecordProcessors?: unknown[];
  /** Start-time feature switch; wins over `AGENTOTEL_OTEL`. @defaultValue from the environment */
  feature?: 'on' | 'off';
  /** Where `AGENTOTEL_OTEL` is read. @defaultValue `process.env` */
  env?: Record<string, string | undefined>;
  /** Log records the batch worker holds before dropping. @defaultValue 20000 */
  maxQueueSize?: number;
  /** Log records per export request. @defaultValue 512 */
  maxExportBatchSize?: number;
  /** Delay before a partial batch is exported. @defaultValue 1000 */
  scheduledDelayMs?: number;
  /** Interval of the periodic metrics export (a final one runs on shutdown). @defaultValue 60000 */
  metricsExportIntervalMs?: number;
  /**
   * Receives a message when telemetry was asked for but cannot run (the optional OpenTelemetry
   * packages are not installed). @defaultValue writes one line to stderr
   */
  onDiagnostic?: (message: string) => void;
}

/** Default of {@link StartTelemetryOptions.shutdownTimeoutMs}. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 2000;

/**
 * Starts telemetry from parsed settings. With the feature off (build condition
 * `agentotel-otel-off`, option `feature: 'off'` or `AGENTOTEL_OTEL=off`) or every exporter `none`,
 * it loads no `@opentelemetry/*` module, opens no socket and returns disabled telemetry whose hooks
 * are no-ops. Otherwise it loads the SDK by dynamic import and builds the providers.
 *
 * @throws {@link OtelConfigError} `tls_file_unreadable` when a configured TLS file cannot be read
 * @example `const t = await startTelemetry(parseOtelSettings(cfg.otel, { home }), { serviceName: 'codex_exec', serviceVersion: '0.1.0' })`
 * @see catalog.md §1, §5, §6
 */
export async function startTelemetry(
  settings: OtelSettings,
  options: StartTelemetryOptions,
): Promise<Telemetry> {
  const extra = options.logRecordProcessors ?? [];
  const anything =
    settings.exporter.kind !== 'none' ||
    settings.metricsExporter.kind !== 'none' ||
    settings.traceExporter.kind !== 'none' ||
    extra.length > 0;
  const feature = otelFeature({
    ...(options.feature ? { feature: options.feature } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  if (!feature.enabled || !anything) return disabledTelemetry();

  let create: CreateSdkBackend | undefined;
  try {
    create = ((await import('#sdk')) as { createSdkBackend?: CreateSdkBackend }).createSdkBackend;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    (options.onDiagnostic ?? writeStderr)(
      `[@agentotel/otel] telemetry is configured but the OpenTelemetry SDK could not be loaded (${reason}); continuing without telemetry. Install the optional @opentelemetry/* packages or set AGENTOTEL_OTEL=off.`,
    );
    return disabledTelemetry();
  }
  if (!create) return disabledTelemetry();

  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const backend = await create({
    settings,
    serviceName: options.serviceName,
    serviceVersion: options.serviceVersion,
    shutdownTimeoutMs,
    logRecordProcessors: extra,
    maxQueueSize: options.maxQueueSize ?? 20_000,
    maxExportBatchSize: options.maxExportBatchSize ?? 512,
    scheduledDelayMs: options.scheduledDelayMs ?? 1000,
    metricsExportIntervalMs: options.metricsExportIntervalMs ?? 60_000,
  });
  if (!backend) return disabledTelemetry();
  return new StartedTelemetry(backend, shutdownTimeoutMs);
}

/**
 * Telemetry that does nothing: `enabled` is false, sessions are no-ops, shutdown resolves at once.
 * What {@link startTelemetry} returns when the feature is off; handy for agents and tests.
 *
 * @example `const telemetry = disabledTelemetry()`
 */
export function disabledTelemetry(): Telemetry {
  return DISABLED;
}

const DISABLED: Telemetry = Object.freeze({
  enabled: false,
  session: (meta: SessionMetadata) => new SessionTelemetry(NOOP_SINK, meta),
  shutdown: () => Promise.resolve(),
  [Symbol.asyncDispose]: () => Promise.resolve(),
});

class StartedTelemetry implements Telemetry {
  readonly enabled = true;
  readonly #backend: SdkBackend;
  readonly #timeoutMs: number;
  #sink: TelemetrySink;
  #shutdown: Promise<void> | undefined;

  constructor(backend: SdkBackend, timeoutMs: number) {
    this.#backend = backend;
    this.#sink = backend.sink;
    this.#timeoutMs = timeoutMs;
  }

  session(meta: SessionMetadata): SessionTelemetry {
    return new SessionTelemetry(this.#sink, meta);
  }

  shutdown(): Promise<void> {
    this.#shutdown ??= this.#doShutdown();
    return this.#shutdown;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  async #doShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.#timeoutMs);
    });
    try {
      const flushed = this.#backend.shutdown().then(
        () => 'done' as const,
        () => 'done' as const,
      );
      const outcome = await Promise.race([flushed, deadline]);
      if (outcome === 'timeout') this.#backend.abort();
    } catch {
      // never throws into the agent
    } finally {
      clearTimeout(timer);
    }
  }
}

function writeStderr(message: string): void {
  try {
    process.stderr.write(`${message}\n`);
  } catch {
    // ignore
  }
}
