/**
 * Test helper: drives the OTel JS SDK's own OTLP exporters (logs, metrics, traces over HTTP JSON, HTTP
 * protobuf or gRPC) and emits one fixed sample of telemetry, to one or several endpoints at once.
 */
import * as grpc from '@grpc/grpc-js';
import { context, SeverityNumber, trace } from '@opentelemetry/api';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonMetricExporter,
} from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { SimpleSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';

export type SdkTransport = 'http/json' | 'http/protobuf' | 'grpc';
export const SDK_TRANSPORTS: SdkTransport[] = ['http/json', 'http/protobuf', 'grpc'];

export interface SdkTarget {
  transport: SdkTransport;
  /** Base URL: `http(s)://127.0.0.1:<port>` (the HTTP listener for http/*, the gRPC one for grpc). */
  url: string;
  headers?: Record<string, string>;
  /** PEM: CA to trust, and the client pair for mTLS. */
  tls?: { ca: string; cert?: string; key?: string };
  compression?: 'gzip' | 'none';
}

type AnyExporter = {
  export(items: unknown, cb: (r: { code: number; error?: Error }) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
};

/** Exports the same batch to several exporters; fails when any fails. */
function fanOut<T extends AnyExporter>(exporters: T[]): T {
  return {
    export(items: unknown, cb: (r: { code: number; error?: Error }) => void) {
      let pending = exporters.length;
      let failed: { code: number; error?: Error } | undefined;
      for (const e of exporters) {
        e.export(items, (r) => {
          if (r.code !== 0) failed = r;
          if (--pending === 0) cb(failed ?? { code: 0 });
        });
      }
    },
    async shutdown() {
      await Promise.all(exporters.map((e) => e.shutdown()));
    },
    async forceFlush() {
      await Promise.all(exporters.map((e) => e.forceFlush?.()));
    },
    selectAggregationTemporality: (
      exporters[0] as unknown as PushMetricExporter
    ).selectAggregationTemporality?.bind(exporters[0]),
  } as unknown as T;
}

function grpcCredentials(t: SdkTarget): grpc.ChannelCredentials {
  if (!t.tls) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(
    Buffer.from(t.tls.ca),
    t.tls.key ? Buffer.from(t.tls.key) : null,
    t.tls.cert ? Buffer.from(t.tls.cert) : null,
  );
}

function httpOptions(t: SdkTarget, path: string) {
  return {
    url: `${t.url}${path}`,
    headers: t.headers ?? {},
    timeoutMillis: 5_000,
    compression: t.compression === 'gzip' ? ('gzip' as never) : ('none' as never),
    ...(t.tls ? { httpAgentOptions: { ca: t.tls.ca, cert: t.tls.cert, key: t.tls.key } } : {}),
  };
}

function grpcOptions(t: SdkTarget) {
  const metadata = new grpc.Metadata();
  for (const [k, v] of Object.entries(t.headers ?? {})) metadata.set(k, v);
  return {
    url: t.url,
    metadata,
    credentials: grpcCredentials(t),
    timeoutMillis: 5_000,
    compression: t.compression === 'gzip' ? ('gzip' as never) : ('none' as never),
  };
}

export function logExporter(t: SdkTarget): LogRecordExporter {
  if (t.transport === 'grpc') return new GrpcLogExporter(grpcOptions(t));
  if (t.transport === 'http/json') return new JsonLogExporter(httpOptions(t, '/v1/logs'));
  return new ProtoLogExporter(httpOptions(t, '/v1/logs'));
}

export function metricExporter(t: SdkTarget): PushMetricExporter {
  const temporalityPreference = AggregationTemporalityPreference.DELTA;
  if (t.transport === 'grpc') return new GrpcMetricExporter({ ...grpcOptions(t), temporalityPreference });
  if (t.transport === 'http/json')
    return new JsonMetricExporter({ ...httpOptions(t, '/v1/metrics'), temporalityPreference });
  return new ProtoMetricExporter({ ...httpOptions(t, '/v1/metrics'), temporalityPreference });
}

export function spanExporter(t: SdkTarget): SpanExporter {
  if (t.transport === 'grpc') return new GrpcTraceExporter(grpcOptions(t));
  if (t.transport === 'http/json') return new JsonTraceExporter(httpOptions(t, '/v1/traces'));
  return new ProtoTraceExporter(httpOptions(t, '/v1/traces'));
}

/** What {@link emitSample} sends: 2 log records, 3 metric points, 2 spans. */
export const SAMPLE = { logs: 2, metricPoints: 3, spans: 2 } as const;

/**
 * Emits the fixed sample through the SDK to every target (the same batches to each), flushes and shuts
 * down. Rejects when an export fails.
 */
export async function emitSample(targets: SdkTarget[], tag = 'sample'): Promise<void> {
  const resource = resourceFromAttributes({
    'service.name': 'agentotel-test',
    'service.version': '1.2.3',
    env: 'test',
    'test.tag': tag,
  });
  const errors: Error[] = [];
  const watch = <T extends AnyExporter>(e: T): T => {
    const orig = e.export.bind(e);
    e.export = (items, cb) =>
      orig(items, (r) => {
        if (r.code !== 0) errors.push(r.error ?? new Error('export failed'));
        cb(r);
      });
    return e;
  };
  const logs = watch(fanOut(targets.map(logExporter) as AnyExporter[]));
  const spans = watch(fanOut(targets.map(spanExporter) as AnyExporter[]));
  const metrics = watch(fanOut(targets.map(metricExporter) as AnyExporter[]));

  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter: logs as unknown as LogRecordExporter })],
  });
  const tracerProvider = new TracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor({ exporter: spans as unknown as SpanExporter })],
  });
  const reader = new PeriodicExportingMetricReader({
    exporter: metrics as unknown as PushMetricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ resource, readers: [reader] });

  const logger = loggerProvider.getLogger('agentotel.test', '0.0.1');
  logger.emit({
    eventName: 'codex.user_prompt',
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: 'codex.user_prompt',
    attributes: {
      'event.name': 'codex.user_prompt',
      prompt_length: 42,
      ratio: 0.5,
      whole_double: 3.0,
      success: true,
      prompt: '[REDACTED]',
      tags: ['a', 'b'],
    },
  });
  logger.emit({ body: 'codex.api_request', attributes: { attempt: 1, 'http.response.status_code': 200 } });

  const meter = meterProvider.getMeter('codex', '0.0.1');
  const counter = meter.createCounter('codex.api_request', { description: 'API requests' });
  counter.add(2, { status: '200', success: 'true' });
  const histogram = meter.createHistogram('codex.api_request.duration_ms', { unit: 'ms' });
  histogram.record(12.5, { status: '200' });
  histogram.record(30, { status: '200' });
  const gauge = meter.createGauge('codex.context_window', { unit: 'By' });
  gauge.record(1024);

  const tracer = tracerProvider.getTracer('agentotel.test', '0.0.1');
  const parent = tracer.startSpan('turn', { attributes: { 'turn.id': 7 } });
  const child = tracer.startSpan(
    'tool.call',
    { attributes: { tool: 'shell', ok: false } },
    trace.setSpan(context.active(), parent),
  );
  child.addEvent('started', { step: 1 });
  child.setStatus({ code: 2, message: 'boom' });
  child.end();
  parent.end();

  await Promise.all([loggerProvider.forceFlush(), tracerProvider.forceFlush(), meterProvider.forceFlush()]);
  await Promise.all([loggerProvider.shutdown(), tracerProvider.shutdown(), meterProvider.shutdown()]);
  if (errors.length)
    throw new AggregateError(errors, `export failed: ${errors.map((e) => e.message).join('; ')}`);
}
