import type {
  OtlpAttributes,
  OtlpLogRecord,
  OtlpMetricPoint,
  OtlpMetricType,
  OtlpRecord,
  OtlpRequestInfo,
  OtlpResource,
  OtlpScope,
  OtlpSignal,
  OtlpSpan,
  OtlpSpanKind,
  OtlpTemporality,
  OtlpValue,
} from './types.ts';

type Json = Record<string, unknown>;

const asObj = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Reads an OTLP/JSON number: a JSON number or a decimal string (int64), also `NaN`/`Infinity` strings. */
function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') {
    const n = Number(v);
    return Number.isNaN(n) && v !== 'NaN' ? undefined : n;
  }
  return undefined;
}

/** int64/fixed64 nanosecond timestamps kept exact as decimal strings. */
function nanos(v: unknown): string {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return BigInt(Math.round(v)).toString();
  if (typeof v === 'bigint') return v.toString();
  return '0';
}

/** OTLP/JSON ids are hex; tolerate upper case. Empty ids are absent. */
function hexId(v: unknown): string | undefined {
  const s = str(v);
  if (s === undefined || /^0+$/.test(s)) return undefined;
  return s.toLowerCase();
}

/** Converts an OTLP/JSON `AnyValue` to a typed {@link OtlpValue}. */
export function toOtlpValue(raw: unknown): OtlpValue {
  const v = asObj(raw);
  if ('stringValue' in v) return { type: 'string', value: String(v.stringValue ?? '') };
  if ('boolValue' in v) return { type: 'bool', value: v.boolValue === true || v.boolValue === 'true' };
  if ('intValue' in v) return { type: 'int', value: num(v.intValue) ?? 0 };
  if ('doubleValue' in v) return { type: 'double', value: num(v.doubleValue) ?? 0 };
  if ('bytesValue' in v) return { type: 'bytes', value: String(v.bytesValue ?? '') };
  if ('arrayValue' in v) return { type: 'array', value: asArr(asObj(v.arrayValue).values).map(toOtlpValue) };
  if ('kvlistValue' in v) return { type: 'kvlist', value: toOtlpAttributes(asObj(v.kvlistValue).values) };
  return { type: 'empty' };
}

/** Converts an OTLP/JSON `KeyValue[]` list to {@link OtlpAttributes}. */
export function toOtlpAttributes(list: unknown): OtlpAttributes {
  const out: OtlpAttributes = {};
  for (const kv of asArr(list)) {
    const o = asObj(kv);
    if (typeof o.key === 'string') out[o.key] = toOtlpValue(o.value);
  }
  return out;
}

function resourceOf(raw: Json): OtlpResource {
  const r: OtlpResource = { attributes: toOtlpAttributes(asObj(raw.resource).attributes) };
  const schemaUrl = str(raw.schemaUrl);
  if (schemaUrl) r.schemaUrl = schemaUrl;
  return r;
}

function scopeOf(raw: Json): OtlpScope {
  const s = asObj(raw.scope);
  const scope: OtlpScope = { name: String(s.name ?? ''), attributes: toOtlpAttributes(s.attributes) };
  const version = str(s.version);
  if (version) scope.version = version;
  const schemaUrl = str(raw.schemaUrl);
  if (schemaUrl) scope.schemaUrl = schemaUrl;
  return scope;
}

function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function normalizeLogs(body: Json, request: OtlpRequestInfo, out: OtlpRecord[]): void {
  for (const rl of asArr(body.resourceLogs).map(asObj)) {
    const resource = resourceOf(rl);
    for (const sl of asArr(rl.scopeLogs).map(asObj)) {
      const scope = scopeOf(sl);
      for (const lr of asArr(sl.logRecords).map(asObj)) {
        const attributes = toOtlpAttributes(lr.attributes);
        const rec: OtlpLogRecord = {
          signal: 'logs',
          resource,
          scope,
          attributes,
          request,
          timeUnixNano: nanos(lr.timeUnixNano),
          observedTimeUnixNano: nanos(lr.observedTimeUnixNano),
        };
        if ('body' in lr && lr.body !== null && lr.body !== undefined) rec.body = toOtlpValue(lr.body);
        const attr = attributes['event.name'];
        const eventName = str(lr.eventName);
        if (eventName) {
          rec.eventName = eventName;
          rec.eventNameSource = 'eventName';
        } else if (attr?.type === 'string' && attr.value !== '') {
          rec.eventName = attr.value;
          rec.eventNameSource = 'attribute';
        } else if (rec.body?.type === 'string' && rec.body.value !== '') {
          rec.eventName = rec.body.value;
          rec.eventNameSource = 'body';
        }
        setIf(rec, 'severityNumber', num(lr.severityNumber) || undefined);
        setIf(rec, 'severityText', str(lr.severityText));
        setIf(rec, 'traceId', hexId(lr.traceId));
        setIf(rec, 'spanId', hexId(lr.spanId));
        setIf(rec, 'flags', num(lr.flags) || undefined);
        out.push(rec);
      }
    }
  }
}

const TEMPORALITY: Record<string, OtlpTemporality> = {
  '1': 'delta',
  '2': 'cumulative',
  AGGREGATION_TEMPORALITY_DELTA: 'delta',
  AGGREGATION_TEMPORALITY_CUMULATIVE: 'cumulative',
};

const nums = (v: unknown): number[] => asArr(v).map((x) => num(x) ?? 0);

function buckets(v: unknown): { offset: number; bucketCounts: number[] } | undefined {
  if (v === undefined || v === null) return undefined;
  const o = asObj(v);
  return { offset: num(o.offset) ?? 0, bucketCounts: nums(o.bucketCounts) };
}

function normalizeMetrics(body: Json, request: OtlpRequestInfo, out: OtlpRecord[]): void {
  for (const rm of asArr(body.resourceMetrics).map(asObj)) {
    const resource = resourceOf(rm);
    for (const sm of asArr(rm.scopeMetrics).map(asObj)) {
      const scope = scopeOf(sm);
      for (const m of asArr(sm.metrics).map(asObj)) {
        const metricType = (['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const).find(
          (k) => k in m && m[k] !== null && m[k] !== undefined,
        ) as OtlpMetricType | undefined;
        if (!metricType) continue;
        const data = asObj(m[metricType]);
        const temporality =
          metricType === 'sum' || metricType === 'histogram' || metricType === 'exponentialHistogram'
            ? (TEMPORALITY[String(data.aggregationTemporality ?? '0')] ?? 'unspecified')
            : undefined;
        for (const dp of asArr(data.dataPoints).map(asObj)) {
          const point: OtlpMetricPoint = {
            signal: 'metrics',
            resource,
            scope,
            attributes: toOtlpAttributes(dp.attributes),
            request,
            name: String(m.name ?? ''),
            description: String(m.description ?? ''),
            unit: String(m.unit ?? ''),
            metricType,
            startTimeUnixNano: nanos(dp.startTimeUnixNano),
            timeUnixNano: nanos(dp.timeUnixNano),
          };
          setIf(point, 'temporality', temporality);
          if (metricType === 'sum') point.monotonic = data.isMonotonic === true;
          if (metricType === 'gauge' || metricType === 'sum') {
            if ('asInt' in dp) {
              point.value = num(dp.asInt) ?? 0;
              point.valueType = 'int';
            } else {
              point.value = num(dp.asDouble) ?? 0;
              point.valueType = 'double';
            }
          } else {
            point.count = num(dp.count) ?? 0;
            setIf(point, 'sum', num(dp.sum));
            if (metricType !== 'summary') {
              setIf(point, 'min', num(dp.min));
              setIf(point, 'max', num(dp.max));
            }
          }
          if (metricType === 'histogram') {
            point.bucketCounts = nums(dp.bucketCounts);
            point.explicitBounds = nums(dp.explicitBounds);
          }
          if (metricType === 'exponentialHistogram') {
            point.scale = num(dp.scale) ?? 0;
            point.zeroCount = num(dp.zeroCount) ?? 0;
            setIf(point, 'positive', buckets(dp.positive));
            setIf(point, 'negative', buckets(dp.negative));
          }
          if (metricType === 'summary') {
            point.quantiles = asArr(dp.quantileValues)
              .map(asObj)
              .map((q) => ({ quantile: num(q.quantile) ?? 0, value: num(q.value) ?? 0 }));
          }
          setIf(point, 'flags', num(dp.flags) || undefined);
          out.push(point);
        }
      }
    }
  }
}

const SPAN_KINDS: OtlpSpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

function spanKind(v: unknown): OtlpSpanKind {
  if (typeof v === 'string' && v.startsWith('SPAN_KIND_')) {
    const k = v.slice('SPAN_KIND_'.length).toLowerCase() as OtlpSpanKind;
    return SPAN_KINDS.includes(k) ? k : 'unspecified';
  }
  return SPAN_KINDS[num(v) ?? 0] ?? 'unspecified';
}

function statusCode(v: unknown): 'unset' | 'ok' | 'error' {
  const n = typeof v === 'string' && v.startsWith('STATUS_CODE_') ? v : (num(v) ?? 0);
  if (n === 1 || n === 'STATUS_CODE_OK') return 'ok';
  if (n === 2 || n === 'STATUS_CODE_ERROR') return 'error';
  return 'unset';
}

function normalizeTraces(body: Json, request: OtlpRequestInfo, out: OtlpRecord[]): void {
  for (const rs of asArr(body.resourceSpans).map(asObj)) {
    const resource = resourceOf(rs);
    for (const ss of asArr(rs.scopeSpans).map(asObj)) {
      const scope = scopeOf(ss);
      for (const sp of asArr(ss.spans).map(asObj)) {
        const start = nanos(sp.startTimeUnixNano);
        const end = nanos(sp.endTimeUnixNano);
        const status = asObj(sp.status);
        const span: OtlpSpan = {
          signal: 'traces',
          resource,
          scope,
          attributes: toOtlpAttributes(sp.attributes),
          request,
          name: String(sp.name ?? ''),
          traceId: hexId(sp.traceId) ?? '',
          spanId: hexId(sp.spanId) ?? '',
          spanKind: spanKind(sp.kind),
          startTimeUnixNano: start,
          endTimeUnixNano: end,
          durationMs: Number(BigInt(end) - BigInt(start)) / 1e6,
          status: { code: statusCode(status.code) },
          events: asArr(sp.events)
            .map(asObj)
            .map((e) => ({
              name: String(e.name ?? ''),
              timeUnixNano: nanos(e.timeUnixNano),
              attributes: toOtlpAttributes(e.attributes),
            })),
          links: asArr(sp.links)
            .map(asObj)
            .map((l) => {
              const link: OtlpSpan['links'][number] = {
                traceId: hexId(l.traceId) ?? '',
                spanId: hexId(l.spanId) ?? '',
                attributes: toOtlpAttributes(l.attributes),
              };
              setIf(link, 'traceState', str(l.traceState));
              return link;
            }),
        };
        setIf(span.status, 'message', str(status.message));
        setIf(span, 'parentSpanId', hexId(sp.parentSpanId));
        setIf(span, 'traceState', str(sp.traceState));
        setIf(span, 'flags', num(sp.flags) || undefined);
        out.push(span);
      }
    }
  }
}

/**
 * Normalizes one OTLP/JSON export request (`{ resourceLogs }`, `{ resourceMetrics }` or `{ resourceSpans }`)
 * into records; protobuf requests are first decoded into this form, so both paths share this code.
 *
 * @param signal which request type `body` is.
 * @param body the export request in OTLP/JSON form (lowerCamelCase keys, hex ids).
 * @param request metadata attached to every record.
 * @returns the log records, metric data points or spans, in wire order.
 * @see https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 */
export function normalizeOtlpJson(signal: OtlpSignal, body: unknown, request: OtlpRequestInfo): OtlpRecord[] {
  const out: OtlpRecord[] = [];
  const obj = asObj(body);
  if (signal === 'logs') normalizeLogs(obj, request, out);
  else if (signal === 'metrics') normalizeMetrics(obj, request, out);
  else normalizeTraces(obj, request, out);
  return out;
}

/** Which signal an OTLP/JSON export request carries, from its top-level key; undefined when none. */
export function signalOfOtlpJson(body: unknown): OtlpSignal | undefined {
  const obj = asObj(body);
  if ('resourceLogs' in obj) return 'logs';
  if ('resourceMetrics' in obj) return 'metrics';
  if ('resourceSpans' in obj) return 'traces';
  return undefined;
}

/** A record without its transport metadata (`request`), for comparing records that took different paths. */
export type ComparableOtlpRecord =
  | Omit<OtlpLogRecord, 'request'>
  | Omit<OtlpMetricPoint, 'request'>
  | Omit<OtlpSpan, 'request'>;

/**
 * Drops `request` from each record and sorts them in a stable order (signal, name, time, ids), so that
 * "straight to the embedded receiver" and "through the real collector" compare with one `toEqual`.
 *
 * @example expect(comparableRecords(viaCollector)).toEqual(comparableRecords(direct))
 */
export function comparableRecords(records: readonly OtlpRecord[]): ComparableOtlpRecord[] {
  const key = (r: OtlpRecord): string => {
    if (r.signal === 'logs')
      return `logs|${r.eventName ?? ''}|${r.timeUnixNano}|${JSON.stringify(r.attributes)}`;
    if (r.signal === 'metrics')
      return `metrics|${r.name}|${r.timeUnixNano}|${JSON.stringify(r.attributes)}|${r.value ?? r.count}`;
    return `traces|${r.name}|${r.traceId}|${r.spanId}`;
  };
  return [...records]
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .map(({ request: _request, ...rest }) => rest as ComparableOtlpRecord);
}

/**
 * Plain JS values of typed attributes: strings, booleans and numbers as they are, arrays and kvlists
 * recursively, bytes as base64, empty as null. The int/double distinction is lost; use the typed form to
 * assert it.
 */
export function plainAttributes(attributes: OtlpAttributes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attributes)) out[k] = plainValue(v);
  return out;
}

/** Plain JS value of one {@link OtlpValue}; see {@link plainAttributes}. */
export function plainValue(v: OtlpValue): unknown {
  switch (v.type) {
    case 'array':
      return v.value.map(plainValue);
    case 'kvlist':
      return plainAttributes(v.value);
    case 'empty':
      return null;
    default:
      return v.value;
  }
}
