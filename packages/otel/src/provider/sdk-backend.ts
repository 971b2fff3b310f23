/**
 * The real SDK backend. This module (and everything it imports) is only ever loaded through the
 * dynamic `import('#sdk')` in start-telemetry.ts, and only when the feature is on and at least one
 * exporter is set: nothing here may be imported statically from src/index.ts.
 */
import type { Counter, Histogram, Meter, MeterProvider } from '@opentelemetry/api';
import type { LoggerProvider, LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { OtelSettings } from '../config/otel-settings.ts';
import type { Attributes, TelemetrySink } from '../events/telemetry-sink.ts';
import { METER_NAME, METRIC_INSTRUMENTS, type MetricName } from '../metrics/metric-names.ts';
import { type AbortSwitch, abortable } from './abortable-exporter.ts';
import { createOtlpExporter, type Signal } from './otlp-exporters.ts';
import type { TlsMaterial } from './tls-material.ts';

/** The TLS files of each active exporter, read once when telemetry starts. */
export type ExporterTls = Partial<Record<Signal, TlsMaterial>>;

/** What start-telemetry.ts hands the backend. */
export interface SdkBackendOptions {
  settings: OtelSettings;
  serviceName: string;
  serviceVersion: string;
  /** Also the per-export timeout of every exporter. */
  shutdownTimeoutMs: number;
  logRecordProcessors: unknown[];
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMs: number;
  metricsExportIntervalMs: number;
  /** TLS files already read by startTelemetry; a signal missing here reads its own. */
  tls?: ExporterTls;
}

/** A started SDK: the sink the events write to, and its shutdown. */
export interface SdkBackend {
  readonly sink: TelemetrySink;
  /**
   * Log records the batch worker refused because its queue held `maxQueueSize` records (counted
   * through the SDK's self-observability metric `otel.sdk.processor.log.processed` with
   * `error.type = queue_full`).
   */
  readonly droppedLogRecords: number;
  /** Flushes and shuts down every provider; may take long: the caller bounds it. */
  shutdown(): Promise<void>;
  /** After the deadline: fail further exports at once and drop HTTP sockets. */
  abort(): void;
  /**
   * Exports the log records held so far, in the background, once: the first export pays for
   * compiling the serializer and the HTTP client and for the connection, and this way it does so
   * while the agent works instead of in the final flush. Never throws.
   */
  warmUp(): void;
}

/** The signature of {@link createSdkBackend}; `#sdk` exports `undefined` instead when built out. */
export type CreateSdkBackend = (o: SdkBackendOptions) => Promise<SdkBackend | undefined>;

/**
 * Builds the OTel JS SDK providers the settings ask for (and loads only the SDK parts they need): a LoggerProvider with the extra processors
 * then a BatchLogRecordProcessor; a MeterProvider with a periodic reader and delta temporality; a
 * TracerProvider with a BatchSpanProcessor. Returns undefined when nothing is to be built.
 *
 * @throws OtelConfigError `tls_file_unreadable`
 */
export const createSdkBackend: CreateSdkBackend = async (o) => {
  const shutdowns: Array<() => Promise<void>> = [];
  try {
    return await build(o, shutdowns);
  } catch (error) {
    // A later exporter failed (e.g. unreadable TLS file): release what was already built.
    await Promise.allSettled(shutdowns.map((s) => s()));
    throw error;
  }
};

async function build(
  o: SdkBackendOptions,
  shutdowns: Array<() => Promise<void>>,
): Promise<SdkBackend | undefined> {
  const { settings } = o;
  const wantLogs = settings.exporter.kind !== 'none' || o.logRecordProcessors.length > 0;
  const wantMetrics = settings.metricsExporter.kind !== 'none';
  const wantTraces = settings.traceExporter.kind !== 'none';
  if (!wantLogs && !wantMetrics && !wantTraces) return undefined;

  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const resource = resourceFromAttributes({
    'service.name': o.serviceName,
    'service.version': o.serviceVersion,
    env: settings.environment,
  });
  const sw: AbortSwitch = { aborted: false, onAbort: [] };
  const warmUps: Array<() => Promise<void>> = [];
  let warming: Promise<unknown> = Promise.resolve();
  const drops = { queueFull: 0 };

  let logger: ReturnType<LoggerProvider['getLogger']> | undefined;
  if (wantLogs) {
    const [{ BatchLogRecordProcessor, LoggerProvider }, { createNoopMeter }] = await Promise.all([
      import('@opentelemetry/sdk-logs'),
      import('@opentelemetry/api'),
    ]);
    const processors = [...(o.logRecordProcessors as LogRecordProcessor[])];
    if (settings.exporter.kind !== 'none') {
      const exporter = abortable(
        (await createOtlpExporter('logs', settings.exporter, o.shutdownTimeoutMs, sw, o.tls?.logs)) as never,
        sw,
      );
      processors.push(
        new BatchLogRecordProcessor({
          exporter,
          maxQueueSize: o.maxQueueSize,
          maxExportBatchSize: Math.min(o.maxExportBatchSize, o.maxQueueSize),
          scheduledDelayMillis: o.scheduledDelayMs,
          exportTimeoutMillis: o.shutdownTimeoutMs,
          selfObsMeterProvider: queueFullCounter(createNoopMeter(), (n) => {
            drops.queueFull += n;
          }),
        }),
      );
    }
    const provider = new LoggerProvider({ resource, processors });
    logger = provider.getLogger('@agentotel/otel');
    shutdowns.push(() => provider.shutdown());
    if (settings.exporter.kind !== 'none') warmUps.push(() => provider.forceFlush());
  }

  const counters = new Map<MetricName, Counter>();
  const histograms = new Map<MetricName, Histogram>();
  if (wantMetrics && settings.metricsExporter.kind !== 'none') {
    const { MeterProvider, PeriodicExportingMetricReader } = await import('@opentelemetry/sdk-metrics');
    const exporter = abortable(
      (await createOtlpExporter(
        'metrics',
        settings.metricsExporter,
        o.shutdownTimeoutMs,
        sw,
        o.tls?.metrics,
      )) as never,
      sw,
    );
    const provider = new MeterProvider({
      resource,
      readers: [
        new PeriodicExportingMetricReader({
          exporter,
          exportIntervalMillis: o.metricsExportIntervalMs,
          exportTimeoutMillis: Math.min(o.shutdownTimeoutMs, o.metricsExportIntervalMs),
        }),
      ],
    });
    const meter = provider.getMeter(METER_NAME);
    for (const [name, spec] of Object.entries(METRIC_INSTRUMENTS) as Array<
      [MetricName, (typeof METRIC_INSTRUMENTS)[MetricName]]
    >) {
      const options = spec.unit ? { unit: spec.unit } : {};
      if (spec.kind === 'counter') counters.set(name, meter.createCounter(name, options));
      else histograms.set(name, meter.createHistogram(name, options));
    }
    shutdowns.push(() => provider.shutdown());
  }

  if (wantTraces && settings.traceExporter.kind !== 'none') {
    const { TracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace');
    const exporter = abortable(
      (await createOtlpExporter(
        'traces',
        settings.traceExporter,
        o.shutdownTimeoutMs,
        sw,
        o.tls?.traces,
      )) as never,
      sw,
    );
    const provider = new TracerProvider({
      resource,
      spanProcessors: [new BatchSpanProcessor({ exporter, exportTimeoutMillis: o.shutdownTimeoutMs })],
    });
    shutdowns.push(() => provider.shutdown());
  }

  const sink: TelemetrySink = {
    logsEnabled: logger !== undefined,
    metricsEnabled: counters.size > 0,
    emitEvent(eventName: string, attributes: Attributes, time: Date) {
      logger?.emit({
        eventName,
        severityNumber: 9, // SeverityNumber.INFO
        severityText: 'INFO',
        timestamp: time,
        observedTimestamp: time,
        body: eventName,
        attributes,
      });
    },
    addCounter(name, value, tags) {
      counters.get(name)?.add(value, tags);
    },
    recordHistogram(name, value, tags) {
      histograms.get(name)?.record(value, tags);
    },
  };

  return {
    sink,
    get droppedLogRecords() {
      return drops.queueFull;
    },
    async shutdown() {
      // The SDK's BatchLogRecordProcessor skips a flush requested while another one runs: shutting
      // down during the warm-up export would drop what was emitted since. Let the warm-up finish
      // (the caller bounds the wait; abort() fails it at once).
      await warming;
      await Promise.allSettled(shutdowns.map((s) => s()));
    },
    warmUp() {
      if (sw.aborted) return;
      warming = Promise.allSettled(warmUps.splice(0).map((w) => w()));
    },
    abort() {
      if (sw.aborted) return;
      sw.aborted = true;
      for (const f of sw.onAbort) {
        try {
          f();
        } catch {
          // best effort
        }
      }
    },
  };
}

/** The SDK's self-observability counter of finished log records, and its `error.type` for a full queue. */
const PROCESSED_METRIC = 'otel.sdk.processor.log.processed';
const QUEUE_FULL = 'queue_full';

/**
 * A MeterProvider for the batch processor's `selfObsMeterProvider` that records nothing but the
 * drops: the processor adds to `otel.sdk.processor.log.processed` with `error.type = queue_full`
 * for every record it refuses because its queue is full (sdk-logs 3.x,
 * `BatchLogRecordProcessorBase._addToBuffer`); every other instrument is the API's no-op.
 */
function queueFullCounter(noop: Meter, onDrop: (count: number) => void): MeterProvider {
  const meter: Meter = new Proxy(noop, {
    get(target, prop) {
      if (prop === 'createCounter') {
        return (name: string, options?: unknown) => {
          const inner = target.createCounter(name, options as never);
          if (name !== PROCESSED_METRIC) return inner;
          return {
            add(value: number, attributes?: Record<string, unknown>) {
              if (attributes?.['error.type'] === QUEUE_FULL) onDrop(value);
            },
          } as Counter;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { getMeter: () => meter };
}
