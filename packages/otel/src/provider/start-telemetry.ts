import type { OtelSettings } from '../config/otel-settings.ts';
import { type SessionMetadata, SessionTelemetry } from '../events/session-telemetry.ts';
import { NOOP_SINK } from '../events/telemetry-sink.ts';
import { otelFeature } from '../feature/otel-feature.ts';
import { BufferedSink } from './buffered-sink.ts';
import type { CreateSdkBackend, ExporterTls, SdkBackend, SdkBackendOptions } from './sdk-backend.ts';
import type { Telemetry } from './telemetry.ts';
import { EXPORTER_FIELD, readTlsMaterial } from './tls-material.ts';

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
   * Receives a message when telemetry was asked for but cannot run (the SDK cannot be loaded: the
   * bundle of dist/ is missing, or, from sources, the @opentelemetry/* packages). @defaultValue writes one line to stderr
   */
  onDiagnostic?: (message: string) => void;
}

/** Default of {@link StartTelemetryOptions.shutdownTimeoutMs}. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 2000;

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
 * Otherwise it checks what is cheap to check now (the TLS files are read) and returns at once: the
 * SDK is loaded by dynamic import in the background while the caller proceeds. Events emitted
 * meanwhile are held in memory (bounded by `maxQueueSize`) and replayed into the SDK, in order and
 * with their own timestamps, once it is loaded. `shutdown()` waits for the load and the flush within
 * the same `shutdownTimeoutMs`. If the SDK cannot be loaded, `onDiagnostic` is told once, the held
 * events are dropped and `enabled` turns false; nothing is thrown into the agent.
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
  const wantLogs = settings.exporter.kind !== 'none' || extra.length > 0;
  const wantMetrics = settings.metricsExporter.kind !== 'none';
  const anything = wantLogs || wantMetrics || settings.traceExporter.kind !== 'none';
  const feature = otelFeature({
    ...(options.feature ? { feature: options.feature } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  if (!feature.enabled || !anything) return disabledTelemetry();

  // Cheap checks first, so that a bad configuration still fails start-up.
  const tls = await readExporterTls(settings);

  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const maxQueueSize = options.maxQueueSize ?? 20_000;
  const sink = new BufferedSink({ logs: wantLogs, metrics: wantMetrics, maxBuffered: maxQueueSize });
  const backendOptions: SdkBackendOptions = {
    settings,
    serviceName: options.serviceName,
    serviceVersion: options.serviceVersion,
    shutdownTimeoutMs,
    logRecordProcessors: extra,
    maxQueueSize,
    maxExportBatchSize: options.maxExportBatchSize ?? 512,
    scheduledDelayMs: options.scheduledDelayMs ?? 1000,
    metricsExportIntervalMs: options.metricsExportIntervalMs ?? 60_000,
    tls,
  };
  return new StartedTelemetry(sink, shutdownTimeoutMs, (isAbandoned) =>
    loadBackend(backendOptions, isAbandoned, options.onDiagnostic ?? writeStderr),
  );
}

/** Reads the TLS files of every active exporter (the same file is read once). */
async function readExporterTls(settings: OtelSettings): Promise<ExporterTls> {
  const out: ExporterTls = {};
  const signals = [
    ['logs', settings.exporter],
    ['metrics', settings.metricsExporter],
    ['traces', settings.traceExporter],
  ] as const;
  await Promise.all(
    signals.map(async ([signal, cfg]) => {
      if (cfg.kind === 'none') return;
      out[signal] = await readTlsMaterial(cfg.tls, `otel.${EXPORTER_FIELD[signal]}.${cfg.kind}`);
    }),
  );
  return out;
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
  session: (meta: SessionMetadata) => new SessionTelemetry(NOOP_SINK, meta),
  shutdown: () => Promise.resolve(),
  [Symbol.asyncDispose]: () => Promise.resolve(),
});

class StartedTelemetry implements Telemetry {
  readonly #sink: BufferedSink;
  readonly #timeoutMs: number;
  readonly #ready: Promise<SdkBackend | undefined>;
  #backend: SdkBackend | undefined;
  #failed = false;
  #abandoned = false;
  #shutdown: Promise<void> | undefined;

  constructor(
    sink: BufferedSink,
    timeoutMs: number,
    load: (isAbandoned: () => boolean) => Promise<SdkBackend | undefined>,
  ) {
    this.#sink = sink;
    this.#timeoutMs = timeoutMs;
    this.#ready = load(() => this.#abandoned).then(
      (backend) => this.#loaded(backend),
      () => this.#loaded(undefined),
    );
  }

  /** True until the SDK turned out not to be loadable (then the hooks are no-ops). */
  get enabled(): boolean {
    return !this.#failed;
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
  }
}

function writeStderr(message: string): void {
  try {
    process.stderr.write(`${message}\n`);
  } catch {
    // ignore
  }
}
