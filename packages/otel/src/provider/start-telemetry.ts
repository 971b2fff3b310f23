import type { OtelSettings } from '../config/otel-settings.ts';
import { type SessionMetadata, SessionTelemetry } from '../events/session-telemetry.ts';
import { NOOP_SINK } from '../events/telemetry-sink.ts';
import { otelFeature } from '../feature/otel-feature.ts';
import { BufferedSink } from './buffered-sink.ts';
import { checkExporters } from './exporter-checks.ts';
import { NUMERIC_DEFAULTS, resolveNumericOptions } from './option-ranges.ts';
import type { CreateSdkBackend, SdkBackend, SdkBackendOptions } from './sdk-backend.ts';
import type { Telemetry } from './telemetry.ts';

/**
 * Options of {@link startTelemetry}. Durations are in milliseconds.
 */
export interface StartTelemetryOptions {
  /** The originator; becomes the resource attribute `service.name` (docs/catalog/codex.md §6). */
  serviceName: string;
  /** The agent's version; becomes `service.version`. */
  serviceVersion: string;
  /**
   * Upper bound of `shutdown()` and of each export, in ms: greater than 0; above 2^31 − 1 it is
   * clamped to 2^31 − 1 with a diagnostic (see {@link resolveNumericOptions}). @defaultValue 2000
   */
  shutdownTimeoutMs?: number;
  /** Extra SDK `LogRecordProcessor`s run before the batch processor (test fixtures). */
  logRecordProcessors?: unknown[];
  /** Start-time feature switch; wins over `AGENTOTEL_OTEL`. @defaultValue from the environment */
  feature?: 'on' | 'off';
  /** Where `AGENTOTEL_OTEL` is read. @defaultValue `process.env` */
  env?: Record<string, string | undefined>;
  /**
   * Log records held before dropping: by the batch worker, and before the SDK is loaded by the
   * start-up buffer. A whole number ≥ 1. Held records cost about 0.5 KB of heap each (an
   * `sseEvent`), so the default bounds the queue at about 50 MB. Drops are counted
   * ({@link Telemetry.droppedLogRecords}) and reported in one line on shutdown. @defaultValue 100000
   */
  maxQueueSize?: number;
  /** Log records per export request; a whole number ≥ 1. @defaultValue 512 */
  maxExportBatchSize?: number;
  /** Delay before a partial batch is exported, in ms; same range as `shutdownTimeoutMs`. @defaultValue 1000 */
  scheduledDelayMs?: number;
  /**
   * Interval of the periodic metrics export (a final one runs on shutdown), in ms; same range as
   * `shutdownTimeoutMs`. @defaultValue 60000
   */
  metricsExportIntervalMs?: number;
  /**
   * Receives one line per problem that telemetry survives: an exporter disabled at start because of
   * a bad header or TLS file, an option clamped to its range, the SDK not loadable, log records
   * dropped because the queue was full (on shutdown). @defaultValue writes the line to stderr
   */
  onDiagnostic?: (message: string) => void;
}

/** Default of {@link StartTelemetryOptions.shutdownTimeoutMs}. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = NUMERIC_DEFAULTS.shutdownTimeoutMs;

/**
 * Part of `shutdownTimeoutMs` kept back for tearing down after the flush deadline (aborting exports,
 * destroying sockets, the caller's exit): 5 % of the timeout, at least 10 ms, at most 100 ms. The
 * flush itself gets the rest, so that shutdown *and* what follows it fit in the timeout.
 */
export function teardownReserveMs(timeoutMs: number): number {
  return Math.min(100, Math.max(10, Math.round(timeoutMs * 0.05)), timeoutMs);
}

/**
 * Starts telemetry from parsed settings. With the feature off (build condition
 * `agentotel-otel-off`, option `feature: 'off'` or `AGENTOTEL_OTEL=off`) or every exporter `none`,
 * it loads no `@opentelemetry/*` module, opens no socket and returns disabled telemetry whose hooks
 * are no-ops.
 *
 * Otherwise it checks what is cheap to check now and returns at once: the SDK is loaded by dynamic
 * import in the background while the caller proceeds. An exporter whose headers its transport cannot
 * carry (CR/LF in a value, a name that is not a token) or whose TLS files are unreadable, empty, not
 * PEM or a mismatched client pair is disabled, with one `onDiagnostic` line in the style of
 * {@link OtelConfigError} naming the key; the other signals and the agent carry on. Events emitted
 * meanwhile are held in memory (bounded by `maxQueueSize`) and replayed into the SDK, in order and
 * with their own timestamps, once it is loaded. `shutdown()` waits for the load and the flush within
 * the same `shutdownTimeoutMs`. If the SDK cannot be loaded, `onDiagnostic` is told once, the held
 * events are dropped and `enabled` turns false; nothing is thrown into the agent.
 *
 * @throws RangeError when a numeric option is out of range (see {@link resolveNumericOptions})
 * @example `const t = await startTelemetry(parseOtelSettings(cfg.otel, { home }), { serviceName: 'codex_exec', serviceVersion: '0.1.0' })`
 * @see docs/catalog/codex.md §1, §5, §6
 */
export async function startTelemetry(
  settings: OtelSettings,
  options: StartTelemetryOptions,
): Promise<Telemetry> {
  const onDiagnostic = options.onDiagnostic ?? writeStderr;
  const numbers = resolveNumericOptions(options, onDiagnostic);
  const extra = options.logRecordProcessors ?? [];
  const feature = otelFeature({
    ...(options.feature ? { feature: options.feature } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  if (!feature.enabled || !anyExporter(settings, extra)) return disabledTelemetry();

  // Cheap checks first: an exporter that could never deliver is disabled now, and said so.
  const checked = await checkExporters(settings);
  for (const { signal, error } of checked.problems) {
    onDiagnostic(`${error.message}; the ${signal} exporter is disabled, continuing without it`);
  }
  const active = checked.settings;
  if (!anyExporter(active, extra)) return disabledTelemetry();

  const wantLogs = active.exporter.kind !== 'none' || extra.length > 0;
  const wantMetrics = active.metricsExporter.kind !== 'none';
  const sink = new BufferedSink({ logs: wantLogs, metrics: wantMetrics, maxBuffered: numbers.maxQueueSize });
  const backendOptions: SdkBackendOptions = {
    settings: active,
    serviceName: options.serviceName,
    serviceVersion: options.serviceVersion,
    shutdownTimeoutMs: numbers.shutdownTimeoutMs,
    logRecordProcessors: extra,
    maxQueueSize: numbers.maxQueueSize,
    maxExportBatchSize: numbers.maxExportBatchSize,
    scheduledDelayMs: numbers.scheduledDelayMs,
    metricsExportIntervalMs: numbers.metricsExportIntervalMs,
    tls: checked.tls,
  };
  return new StartedTelemetry(sink, numbers, onDiagnostic, (isAbandoned) =>
    loadBackend(backendOptions, isAbandoned, onDiagnostic),
  );
}

function anyExporter(settings: OtelSettings, extra: unknown[]): boolean {
  return (
    settings.exporter.kind !== 'none' ||
    extra.length > 0 ||
    settings.metricsExporter.kind !== 'none' ||
    settings.traceExporter.kind !== 'none'
  );
}

/**
 * Loads `#sdk` and builds the providers. Resolves to undefined (never rejects) when the SDK is
 * missing, built out, has nothing to build, or shutdown gave up on it meanwhile.
 */
async function loadBackend(
  o: SdkBackendOptions,
  isAbandoned: () => boolean,
  onDiagnostic: (message: string) => void,
): Promise<SdkBackend | undefined> {
  const report = (error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown } | undefined)?.code;
    onDiagnostic(
      code === 'ERR_MODULE_NOT_FOUND' ||
        code === 'MODULE_NOT_FOUND' ||
        code === 'ERR_PACKAGE_PATH_NOT_EXPORTED'
        ? `[@agentotel/otel] telemetry is configured but the OpenTelemetry SDK could not be loaded (${reason}); continuing without telemetry. Build the package (dist/provider/sdk-bundle.js) or, when running from sources, install its @opentelemetry/* dev dependencies; or set AGENTOTEL_OTEL=off.`
        : `[@agentotel/otel] telemetry could not be started (${reason}); continuing without telemetry.`,
    );
  };
  try {
    const { createSdkBackend: create } = (await import('#sdk')) as { createSdkBackend?: CreateSdkBackend };
    if (!create || isAbandoned()) return undefined;
    const backend = await create(o);
    if (backend && isAbandoned()) {
      // Shutdown already gave up: build nothing that could still send.
      backend.abort();
      void backend.shutdown().catch(() => {});
      return undefined;
    }
    return backend;
  } catch (error) {
    report(error);
    return undefined;
  }
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
  droppedLogRecords: 0,
  session: (meta: SessionMetadata) => new SessionTelemetry(NOOP_SINK, meta),
  shutdown: () => Promise.resolve(),
  [Symbol.asyncDispose]: () => Promise.resolve(),
});

class StartedTelemetry implements Telemetry {
  readonly #sink: BufferedSink;
  readonly #timeoutMs: number;
  readonly #maxQueueSize: number;
  readonly #onDiagnostic: (message: string) => void;
  readonly #ready: Promise<SdkBackend | undefined>;
  #backend: SdkBackend | undefined;
  #failed = false;
  #abandoned = false;
  #shutdown: Promise<void> | undefined;

  constructor(
    sink: BufferedSink,
    numbers: { shutdownTimeoutMs: number; maxQueueSize: number },
    onDiagnostic: (message: string) => void,
    load: (isAbandoned: () => boolean) => Promise<SdkBackend | undefined>,
  ) {
    this.#sink = sink;
    this.#timeoutMs = numbers.shutdownTimeoutMs;
    this.#maxQueueSize = numbers.maxQueueSize;
    this.#onDiagnostic = onDiagnostic;
    // The SDK is loaded once the caller's current work yields (setImmediate), not inside this call:
    // the synchronous part of the dynamic import (reading and compiling the bundle, ~10 ms) then
    // runs while the agent waits on its first I/O (typically the first model request) instead of
    // before it sends it. Events emitted meanwhile are held by the sink.
    this.#ready = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => load(() => this.#abandoned))
      .then(
        (backend) => this.#loaded(backend),
        () => this.#loaded(undefined),
      );
  }

  /** True until the SDK turned out not to be loadable (then the hooks are no-ops). */
  get enabled(): boolean {
    return !this.#failed;
  }

  /** Log records dropped because the start-up buffer or the batch worker's queue was full. */
  get droppedLogRecords(): number {
    return this.#sink.droppedEvents + (this.#backend?.droppedLogRecords ?? 0);
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

  #loaded(backend: SdkBackend | undefined): SdkBackend | undefined {
    if (!backend || this.#abandoned) {
      if (!backend && !this.#abandoned) this.#failed = true;
      if (backend) {
        // shutdown gave up while the providers were being built: nothing may send any more
        backend.abort();
        void backend.shutdown().catch(() => {});
      }
      this.#sink.discard();
      return undefined;
    }
    this.#backend = backend;
    this.#sink.attach(backend.sink);
    // The first export is the expensive one (cold serializer, HTTP client, connection): do it now,
    // while the agent works, rather than in the final flush. Skipped if shutdown already began.
    setImmediate(() => {
      if (!this.#shutdown) backend.warmUp();
    }).unref();
    return backend;
  }

  async #doShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.#timeoutMs - teardownReserveMs(this.#timeoutMs));
    });
    try {
      const flushed = this.#ready
        .then((backend) => backend?.shutdown())
        .then(
          () => 'done' as const,
          () => 'done' as const,
        );
      const outcome = await Promise.race([flushed, deadline]);
      if (outcome === 'timeout') {
        this.#abandoned = true;
        this.#sink.discard();
        this.#backend?.abort();
      }
    } catch {
      // never throws into the agent
    } finally {
      clearTimeout(timer);
    }
    const dropped = this.droppedLogRecords;
    if (dropped > 0) {
      this.#onDiagnostic(
        `[@agentotel/otel] dropped ${dropped} log record${dropped === 1 ? '' : 's'}: export queue full (maxQueueSize ${this.#maxQueueSize})`,
      );
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
