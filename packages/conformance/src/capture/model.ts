import type { AnyValue, Attributes } from './any-value.ts';
import { attributesFromList, normalizeAnyValue } from './any-value.ts';

/** How an export reached the receiver. */
export type Transport = 'http/json' | 'http/protobuf' | 'grpc';

/** The three OTLP signals. */
export type Signal = 'logs' | 'metrics' | 'traces';

/** One OTLP export request as the receiver got it, with the request body in OTLP/JSON form. */
export interface CapturedExport {
  signal: Signal;
  transport: Transport | 'unknown';
  /** Epoch ms when the receiver got it. */
  receivedAtMs: number;
  /** Request headers / gRPC metadata, lower-case keys. */
  headers: Record<string, string>;
  /** `ExportLogsServiceRequest` / `ExportMetricsServiceRequest` / `ExportTraceServiceRequest` as OTLP/JSON. */
  body: unknown;
}

/** One OTLP LogRecord with its resource, flattened. */
export interface CapturedLog {
  /** Index in arrival order across the scenario. */
  seq: number;
  transport: Transport | 'unknown';
  receivedAtMs: number;
  resource: Attributes;
  scopeName?: string;
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  severityNumber?: number;
  severityText?: string;
  /** The LogRecord field `eventName`, when set. */
  eventName?: string;
  body?: AnyValue;
  attributes: Attributes;
}

/** One metric data point with its metric and resource. */
export interface CapturedMetricPoint {
  name: string;
  unit?: string;
  type: 'sum' | 'gauge' | 'histogram' | 'exponentialHistogram' | 'summary' | 'unknown';
  /** 1 delta, 2 cumulative, per OTLP. */
  temporality?: number;
  resource: Attributes;
  attributes: Attributes;
  value?: number;
  count?: number;
}

/** Everything one scenario captured. */
export interface Capture {
  exports: CapturedExport[];
  logs: CapturedLog[];
  metrics: CapturedMetricPoint[];
  spans: number;
}

/**
 * The event name of a record: the `event.name` attribute, else the LogRecord `eventName` field. When
 * the attribute holds a bare name and the LogRecord body the same name with its namespace (Claude
 * Code: `event.name` `"user_prompt"`, body `"claude_code.user_prompt"`), the body's full name.
 */
export function eventNameOf(log: CapturedLog): string | undefined {
  const a = log.attributes['event.name'];
  if (a && 'stringValue' in a) {
    const name = a.stringValue;
    const body = log.body && 'stringValue' in log.body ? log.body.stringValue : undefined;
    if (!name.includes('.') && body?.endsWith(`.${name}`) && /^[a-z][a-z0-9_]*\.[a-z0-9_.]+$/.test(body))
      return body;
    return name;
  }
  return log.eventName || undefined;
}

const num = (v: unknown): number | undefined =>
  v === undefined || v === null || v === '' ? undefined : Number(v);
const nanos = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object' && v && 'low' in v) {
    const l = v as { low: number; high: number };
    return String((BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0));
  }
  return String(v);
};

/**
 * Flattens captured exports into log records and metric points, in arrival order.
 *
 * @example const { logs } = decodeExports(receiverExports)
 */
export function decodeExports(exports: CapturedExport[]): Capture {
  const logs: CapturedLog[] = [];
  const metrics: CapturedMetricPoint[] = [];
  let spans = 0;
  const sorted = [...exports].sort((x, y) => x.receivedAtMs - y.receivedAtMs);
  for (const ex of sorted) {
    const body = (ex.body ?? {}) as Record<string, unknown[]>;
    if (ex.signal === 'logs') {
      for (const rl of (body.resourceLogs ?? []) as Record<string, unknown>[]) {
        const resource = attributesFromList((rl.resource as { attributes?: unknown })?.attributes);
        for (const sl of (rl.scopeLogs ?? []) as Record<string, unknown>[]) {
          const scopeName = (sl.scope as { name?: string } | undefined)?.name;
          for (const lr of (sl.logRecords ?? []) as Record<string, unknown>[]) {
            const rec: CapturedLog = {
              seq: logs.length,
              transport: ex.transport,
              receivedAtMs: ex.receivedAtMs,
              resource,
              attributes: attributesFromList(lr.attributes),
            };
            if (scopeName) rec.scopeName = scopeName;
            const t = nanos(lr.timeUnixNano);
            if (t && t !== '0') rec.timeUnixNano = t;
            const ot = nanos(lr.observedTimeUnixNano);
            if (ot && ot !== '0') rec.observedTimeUnixNano = ot;
            const sn = num(lr.severityNumber);
            if (sn !== undefined && !Number.isNaN(sn)) rec.severityNumber = sn;
            if (typeof lr.severityText === 'string' && lr.severityText) rec.severityText = lr.severityText;
            if (typeof lr.eventName === 'string' && lr.eventName) rec.eventName = lr.eventName;
            if (lr.body !== undefined && lr.body !== null) rec.body = normalizeAnyValue(lr.body);
            logs.push(rec);
          }
        }
      }
    } else if (ex.signal === 'metrics') {
      for (const rm of (body.resourceMetrics ?? []) as Record<string, unknown>[]) {
        const resource = attributesFromList((rm.resource as { attributes?: unknown })?.attributes);
        for (const sm of (rm.scopeMetrics ?? []) as Record<string, unknown>[]) {
          for (const m of (sm.metrics ?? []) as Record<string, unknown>[]) {
            const type = (['sum', 'gauge', 'histogram', 'exponentialHistogram', 'summary'] as const).find(
              (k) => m[k] !== undefined && m[k] !== null,
            );
            const data = (type ? m[type] : {}) as {
              dataPoints?: Record<string, unknown>[];
              aggregationTemporality?: unknown;
            };
            for (const dp of data.dataPoints ?? []) {
              const point: CapturedMetricPoint = {
                name: String(m.name ?? ''),
                type: type ?? 'unknown',
                resource,
                attributes: attributesFromList(dp.attributes),
              };
              if (typeof m.unit === 'string' && m.unit) point.unit = m.unit;
              const temporality = num(data.aggregationTemporality);
              if (temporality !== undefined) point.temporality = temporality;
              const value = num(dp.asInt ?? dp.asDouble ?? dp.sum);
              if (value !== undefined) point.value = value;
              const count = num(dp.count);
              if (count !== undefined) point.count = count;
              metrics.push(point);
            }
          }
        }
      }
    } else {
      for (const rs of (body.resourceSpans ?? []) as Record<string, unknown>[])
        for (const ss of (rs.scopeSpans ?? []) as Record<string, unknown>[])
          spans += ((ss.spans ?? []) as unknown[]).length;
    }
  }
  return { exports: sorted, logs, metrics, spans };
}
