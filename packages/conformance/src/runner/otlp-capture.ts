import type {
  OtlpLogRecord,
  OtlpMetricPoint,
  OtlpRecord,
  OtlpRequestInfo,
  OtlpValue,
} from '@agentotel/test-support';
import type { AnyValue, Attributes } from '../capture/any-value.ts';
import type { CapturedLog, CapturedMetricPoint } from '../capture/model.ts';
import type { OtlpRequestSummary } from '../model/scenario-run.ts';

/** Converts a test-support typed value into the OTLP/JSON {@link AnyValue} form the catalog checks use. */
export function toAnyValue(v: OtlpValue): AnyValue {
  switch (v.type) {
    case 'string':
      return { stringValue: v.value };
    case 'int':
      return { intValue: String(v.value) };
    case 'double':
      return { doubleValue: v.value };
    case 'bool':
      return { boolValue: v.value };
    case 'bytes':
      return { bytesValue: v.value };
    case 'array':
      return { arrayValue: { values: v.value.map(toAnyValue) } };
    case 'kvlist':
      return {
        kvlistValue: {
          values: Object.entries(v.value).map(([key, value]) => ({ key, value: toAnyValue(value) })),
        },
      };
    default:
      return {};
  }
}

function toAttributes(a: Record<string, OtlpValue>): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(a)) out[k] = toAnyValue(v);
  return out;
}

/** Converts the receiver's log records (arrival order) into {@link CapturedLog}s. */
export function toCapturedLogs(records: readonly OtlpLogRecord[], seqStart = 0): CapturedLog[] {
  return records.map((r, i) => {
    const log: CapturedLog = {
      seq: seqStart + i,
      transport: r.request.transport === 'file' ? 'unknown' : r.request.transport,
      receivedAtMs: r.request.receivedAtMs,
      resource: toAttributes(r.resource.attributes),
      scopeName: r.scope.name,
      attributes: toAttributes(r.attributes),
    };
    if (r.timeUnixNano && r.timeUnixNano !== '0') log.timeUnixNano = r.timeUnixNano;
    if (r.observedTimeUnixNano && r.observedTimeUnixNano !== '0')
      log.observedTimeUnixNano = r.observedTimeUnixNano;
    if (r.severityNumber !== undefined) log.severityNumber = r.severityNumber;
    if (r.severityText) log.severityText = r.severityText;
    if (r.eventNameSource === 'eventName' && r.eventName) log.eventName = r.eventName;
    if (r.body) log.body = toAnyValue(r.body);
    return log;
  });
}

/** Converts the receiver's metric points into {@link CapturedMetricPoint}s. */
export function toCapturedMetrics(points: readonly OtlpMetricPoint[]): CapturedMetricPoint[] {
  return points.map((p) => {
    const m: CapturedMetricPoint = {
      name: p.name,
      type: p.metricType,
      resource: toAttributes(p.resource.attributes),
      attributes: toAttributes(p.attributes),
    };
    if (p.unit) m.unit = p.unit;
    if (p.temporality) m.temporality = p.temporality === 'delta' ? 1 : p.temporality === 'cumulative' ? 2 : 0;
    if (p.value !== undefined) m.value = p.value;
    else if (p.sum !== undefined) m.value = p.sum;
    if (p.count !== undefined) m.count = p.count;
    return m;
  });
}

/** Summarises the receiver's request log. */
export function toRequestSummaries(requests: readonly OtlpRequestInfo[]): OtlpRequestSummary[] {
  return requests.map((r) => {
    const s: OtlpRequestSummary = {
      signal: r.signal,
      transport: r.transport,
      path: r.path,
      headers: r.headers,
      encrypted: r.tls.encrypted,
      status: r.status,
      receivedAtMs: r.receivedAtMs,
    };
    if (r.tls.clientCertificateSubject) s.clientCertificateSubject = r.tls.clientCertificateSubject;
    if (r.rejection) s.rejection = { kind: r.rejection.kind, reason: r.rejection.reason };
    return s;
  });
}

/** The minimal view of a capture backend the engine reads after a run. */
export interface RecordSource {
  records(): OtlpRecord[];
  requests(): OtlpRequestInfo[];
}
