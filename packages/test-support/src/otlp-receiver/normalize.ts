import { OtlpDecodeError } from './errors.ts';
import { setAttribute } from './otlp-proto-records.ts';
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

/**
 * Strict mode (set for the duration of one {@link normalizeOtlpJson} call with `strict: true`): values the
 * OpenTelemetry Collector's OTLP/JSON decoder refuses throw {@link OtlpDecodeError} instead of being read
 * leniently. Lenient mode is the historical behaviour, kept for callers that normalize their own data.
 */
let strict = false;

const bad = (what: string, v: unknown, expected: string): never => {
  throw new OtlpDecodeError(`${what} is ${JSON.stringify(v) ?? String(v)}, expected ${expected}`);
};

const EMPTY_OBJ: Json = Object.freeze({}) as Json;
const asObj = (v: unknown, what = 'value'): Json => {
  if (v !== null && typeof v === 'object' && !(strict && Array.isArray(v))) return v as Json;
  if (strict && v !== undefined && v !== null) bad(what, v, 'an object');
  return EMPTY_OBJ;
};
const obj = (v: unknown): Json => asObj(v, 'message');
const NO_ITEMS: unknown[] = [];
const asArr = (v: unknown, what = 'list'): unknown[] => {
  if (Array.isArray(v)) return v;
  if (strict && v !== undefined && v !== null) bad(what, v, 'an array');
  return NO_ITEMS;
};
const str = (v: unknown, what = 'string'): string | undefined => {
  if (typeof v === 'string') return v !== '' ? v : undefined;
  if (strict && v !== undefined && v !== null) bad(what, v, 'a string');
  return undefined;
};

const INT64 = /^[-+]?\d+$/; // as Go's strconv.ParseInt, which the collector uses
const UINT64 = /^\d+$/;
const INT64_MAX_DIGITS = '9223372036854775807';
const INT64_MIN_DIGITS = '9223372036854775808';
const UINT64_MAX_DIGITS = '18446744073709551615';

/** In strict mode, checks an OTLP/JSON int64/uint64: a JSON integer or a decimal string in range. */
function checkInteger(v: unknown, what: string, unsigned: boolean): void {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || (unsigned && v < 0)) bad(what, v, unsigned ? 'a uint64' : 'an int64');
    return;
  }
  if (typeof v !== 'string' || !(unsigned ? UINT64 : INT64).test(v)) {
    bad(what, v, unsigned ? 'a uint64 (number or decimal string)' : 'an int64 (number or decimal string)');
  }
  const s = v as string;
  const sign = s.charCodeAt(0);
  const digits = sign === 45 /* - */ || sign === 43 /* + */ ? s.slice(1) : s;
  const max = unsigned ? UINT64_MAX_DIGITS : sign === 45 ? INT64_MIN_DIGITS : INT64_MAX_DIGITS;
  // decimal strings of the same length compare like numbers; leading zeros take the slow path
  if (digits.length > max.length || (digits.length === max.length && digits > max)) {
    if (digits.length === max.length || digits.charCodeAt(0) !== 48 /* 0 */ || BigInt(digits) > BigInt(max)) {
      bad(what, v, 'a 64-bit integer in range');
    }
  }
}

/** Reads an OTLP/JSON number: a JSON number or a decimal string (int64), also `NaN`/`Infinity` strings. */
function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') {
    const n = Number(v);
    return Number.isNaN(n) && v !== 'NaN' ? undefined : n;
  }
  return undefined;
}

/** An int64 field (`intValue`, `asInt`, counts): strict mode checks it first. */
function int(v: unknown, what: string, unsigned = false): number | undefined {
  if (strict && v !== undefined && v !== null) checkInteger(v, what, unsigned);
  return num(v);
}

/** A double field: a JSON number, or the strings `NaN`, `Infinity`, `-Infinity` or a decimal number. */
function dbl(v: unknown, what: string): number | undefined {
  const n = num(v);
  if (strict && v !== undefined && v !== null && (n === undefined || typeof v === 'boolean')) {
    bad(what, v, 'a double');
  }
  return n;
}

/** int64/fixed64 nanosecond timestamps kept exact as decimal strings. */
function nanos(v: unknown, what = 'timeUnixNano'): string {
  if (strict && v !== undefined && v !== null) checkInteger(v, what, true);
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return BigInt(Math.round(v)).toString();
  if (typeof v === 'bigint') return v.toString();
  return '0';
}

const HEX_ID = /^(?:[0-9a-fA-F]{2})*$/;

/** OTLP/JSON ids are hex; tolerate upper case. Empty ids are absent. Strict: hex of `bytes` bytes. */
function hexId(v: unknown, what = 'id', bytes = 0): string | undefined {
  const s = str(v, what);
  if (strict && s !== undefined && (!HEX_ID.test(s) || (bytes > 0 && s.length !== bytes * 2))) {
    bad(what, v, `${bytes > 0 ? `${bytes} bytes of ` : ''}hex`);
  }
  if (s === undefined || /^0+$/.test(s)) return undefined;
  return s.toLowerCase();
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Converts an OTLP/JSON `AnyValue` to a typed {@link OtlpValue}. */
export function toOtlpValue(raw: unknown): OtlpValue {
  const v = asObj(raw, 'AnyValue');
  if ('stringValue' in v) {
    if (strict && typeof v.stringValue !== 'string' && v.stringValue !== null) {
      bad('stringValue', v.stringValue, 'a string');
    }
    return { type: 'string', value: String(v.stringValue ?? '') };
  }
  if ('boolValue' in v) {
    if (strict && typeof v.boolValue !== 'boolean' && v.boolValue !== null)
      bad('boolValue', v.boolValue, 'a bool');
    return { type: 'bool', value: v.boolValue === true || v.boolValue === 'true' };
  }
  if ('intValue' in v) {
    if (strict && v.intValue === null) bad('intValue', null, 'an int64');
    return { type: 'int', value: int(v.intValue, 'intValue') ?? 0 };
  }
  if ('doubleValue' in v) return { type: 'double', value: dbl(v.doubleValue, 'doubleValue') ?? 0 };
  if ('bytesValue' in v) {
    if (strict && v.bytesValue !== null && (typeof v.bytesValue !== 'string' || !BASE64.test(v.bytesValue))) {
      bad('bytesValue', v.bytesValue, 'base64');
    }
    return { type: 'bytes', value: String(v.bytesValue ?? '') };
  }
  if ('arrayValue' in v) {
    return {
      type: 'array',
      value: asArr(asObj(v.arrayValue, 'arrayValue').values, 'arrayValue.values').map(toOtlpValue),
    };
  }
  if ('kvlistValue' in v) {
    return { type: 'kvlist', value: toOtlpAttributes(asObj(v.kvlistValue, 'kvlistValue').values) };
  }
  return { type: 'empty' };
}

/**
 * Converts an OTLP/JSON `KeyValue[]` list to {@link OtlpAttributes}. Every key is kept as an own property,
 * `__proto__` included.
 */
export function toOtlpAttributes(list: unknown): OtlpAttributes {
  const out: OtlpAttributes = {};
  for (const kv of asArr(list, 'attributes')) {
    const o = asObj(kv, 'KeyValue');
    if (typeof o.key === 'string') {
      try {
        setAttribute(out, o.key, toOtlpValue(o.value));
      } catch (err) {
        if (err instanceof OtlpDecodeError)
          throw new OtlpDecodeError(`attribute ${JSON.stringify(o.key)}: ${err.message}`);
        throw err;
      }
    } else if (strict && o.key !== undefined && o.key !== null) bad('KeyValue.key', o.key, 'a string');
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
  const rlList = asArr(body.resourceLogs, 'resourceLogs');
  for (let i0 = 0; i0 < rlList.length; i0++) {
    at[0] = i0;
    const rl = obj(rlList[i0]);
    const resource = resourceOf(rl);
    const slList = asArr(rl.scopeLogs, 'scopeLogs');
    for (let i1 = 0; i1 < slList.length; i1++) {
      at[1] = i1;
      const sl = obj(slList[i1]);
      const scope = scopeOf(sl);
      const lrList = asArr(sl.logRecords, 'logRecords');
      for (let i2 = 0; i2 < lrList.length; i2++) {
        at[2] = i2;
        const lr = obj(lrList[i2]);
        const attributes = toOtlpAttributes(lr.attributes);
        const rec: OtlpLogRecord = {
          signal: 'logs',
          resource,
          scope,
          attributes,
          request,
          timeUnixNano: nanos(lr.timeUnixNano, 'timeUnixNano'),
          observedTimeUnixNano: nanos(lr.observedTimeUnixNano, 'observedTimeUnixNano'),
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
        setIf(rec, 'traceId', hexId(lr.traceId, 'traceId', 16));
        setIf(rec, 'spanId', hexId(lr.spanId, 'spanId', 8));
        setIf(rec, 'flags', int(lr.flags, 'flags', true) || undefined);
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

const nums = (v: unknown, what: string, integer: boolean): number[] =>
  asArr(v, what).map((x) => (integer ? int(x, what, true) : dbl(x, what)) ?? 0);

function buckets(v: unknown): { offset: number; bucketCounts: number[] } | undefined {
  if (v === undefined || v === null) return undefined;
  const o = asObj(v);
  return { offset: int(o.offset, 'offset') ?? 0, bucketCounts: nums(o.bucketCounts, 'bucketCounts', true) };
}

function normalizeMetrics(body: Json, request: OtlpRequestInfo, out: OtlpRecord[]): void {
  const rmList = asArr(body.resourceMetrics, 'resourceMetrics');
  for (let i0 = 0; i0 < rmList.length; i0++) {
    at[0] = i0;
    const rm = obj(rmList[i0]);
    const resource = resourceOf(rm);
    const smList = asArr(rm.scopeMetrics, 'scopeMetrics');
    for (let i1 = 0; i1 < smList.length; i1++) {
      at[1] = i1;
      const sm = obj(smList[i1]);
      const scope = scopeOf(sm);
      const mList = asArr(sm.metrics, 'metrics');
      for (let i2 = 0; i2 < mList.length; i2++) {
        at[2] = i2;
        const m = obj(mList[i2]);
        const metricType = (['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const).find(
          (k) => k in m && m[k] !== null && m[k] !== undefined,
        ) as OtlpMetricType | undefined;
        if (!metricType) continue;
        const data = asObj(m[metricType]);
        const temporality =
          metricType === 'sum' || metricType === 'histogram' || metricType === 'exponentialHistogram'
            ? (TEMPORALITY[String(data.aggregationTemporality ?? '0')] ?? 'unspecified')
            : undefined;
        const dpList = asArr(data.dataPoints, 'dataPoints');
        for (let i3 = 0; i3 < dpList.length; i3++) {
          at[3] = i3;
          const dp = obj(dpList[i3]);
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
            startTimeUnixNano: nanos(dp.startTimeUnixNano, 'startTimeUnixNano'),
            timeUnixNano: nanos(dp.timeUnixNano, 'timeUnixNano'),
          };
          setIf(point, 'temporality', temporality);
          if (metricType === 'sum') point.monotonic = data.isMonotonic === true;
          if (metricType === 'gauge' || metricType === 'sum') {
            if ('asInt' in dp) {
              point.value = int(dp.asInt, 'asInt') ?? 0;
              point.valueType = 'int';
            } else {
              point.value = dbl(dp.asDouble, 'asDouble') ?? 0;
              point.valueType = 'double';
            }
          } else {
            point.count = int(dp.count, 'count', true) ?? 0;
            setIf(point, 'sum', dbl(dp.sum, 'sum'));
            if (metricType !== 'summary') {
              setIf(point, 'min', dbl(dp.min, 'min'));
              setIf(point, 'max', dbl(dp.max, 'max'));
            }
          }
          if (metricType === 'histogram') {
            point.bucketCounts = nums(dp.bucketCounts, 'bucketCounts', true);
            point.explicitBounds = nums(dp.explicitBounds, 'explicitBounds', false);
          }
          if (metricType === 'exponentialHistogram') {
            point.scale = int(dp.scale, 'scale') ?? 0;
            point.zeroCount = int(dp.zeroCount, 'zeroCount', true) ?? 0;
            setIf(point, 'positive', buckets(dp.positive));
            setIf(point, 'negative', buckets(dp.negative));
          }
          if (metricType === 'summary') {
            point.quantiles = asArr(dp.quantileValues)
              .map(obj)
              .map((q) => ({
                quantile: dbl(q.quantile, 'quantile') ?? 0,
                value: dbl(q.value, 'value') ?? 0,
              }));
          }
          setIf(point, 'flags', int(dp.flags, 'flags', true) || undefined);
          out.push(point);
        }
      }
    }
  }
}

const SPAN_KINDS: OtlpSpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/** In strict mode, an enum is a JSON integer or one of its names (the collector refuses other strings). */
function checkEnum(v: unknown, what: string, names: readonly string[]): void {
  if (!strict || v === undefined || v === null || typeof v === 'number') return;
  if (typeof v !== 'string' || !names.includes(v)) bad(what, v, `an integer or one of ${names.join(', ')}`);
}

const SPAN_KIND_NAMES = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'].map(
  (k) => `SPAN_KIND_${k}`,
);
const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

function spanKind(v: unknown): OtlpSpanKind {
  checkEnum(v, 'kind', SPAN_KIND_NAMES);
  if (typeof v === 'string' && v.startsWith('SPAN_KIND_')) {
    const k = v.slice('SPAN_KIND_'.length).toLowerCase() as OtlpSpanKind;
    return SPAN_KINDS.includes(k) ? k : 'unspecified';
  }
  return SPAN_KINDS[num(v) ?? 0] ?? 'unspecified';
}

function statusCode(v: unknown): 'unset' | 'ok' | 'error' {
  checkEnum(v, 'status.code', STATUS_CODE_NAMES);
  const n = typeof v === 'string' && v.startsWith('STATUS_CODE_') ? v : (num(v) ?? 0);
  if (n === 1 || n === 'STATUS_CODE_OK') return 'ok';
  if (n === 2 || n === 'STATUS_CODE_ERROR') return 'error';
  return 'unset';
}

function normalizeTraces(body: Json, request: OtlpRequestInfo, out: OtlpRecord[]): void {
  const rsList = asArr(body.resourceSpans, 'resourceSpans');
  for (let i0 = 0; i0 < rsList.length; i0++) {
    at[0] = i0;
    const rs = obj(rsList[i0]);
    const resource = resourceOf(rs);
    const ssList = asArr(rs.scopeSpans, 'scopeSpans');
    for (let i1 = 0; i1 < ssList.length; i1++) {
      at[1] = i1;
      const ss = obj(ssList[i1]);
      const scope = scopeOf(ss);
      const spList = asArr(ss.spans, 'spans');
      for (let i2 = 0; i2 < spList.length; i2++) {
        at[2] = i2;
        const sp = obj(spList[i2]);
        const start = nanos(sp.startTimeUnixNano, 'startTimeUnixNano');
        const end = nanos(sp.endTimeUnixNano, 'endTimeUnixNano');
        const status = asObj(sp.status);
        const span: OtlpSpan = {
          signal: 'traces',
          resource,
          scope,
          attributes: toOtlpAttributes(sp.attributes),
          request,
          name: String(sp.name ?? ''),
          traceId: hexId(sp.traceId, 'traceId', 16) ?? '',
          spanId: hexId(sp.spanId, 'spanId', 8) ?? '',
          spanKind: spanKind(sp.kind),
          startTimeUnixNano: start,
          endTimeUnixNano: end,
          durationMs: Number(BigInt(end) - BigInt(start)) / 1e6,
          status: { code: statusCode(status.code) },
          events: asArr(sp.events)
            .map(obj)
            .map((e) => ({
              name: String(e.name ?? ''),
              timeUnixNano: nanos(e.timeUnixNano, 'events.timeUnixNano'),
              attributes: toOtlpAttributes(e.attributes),
            })),
          links: asArr(sp.links)
            .map(obj)
            .map((l) => {
              const link: OtlpSpan['links'][number] = {
                traceId: hexId(l.traceId, 'links.traceId', 16) ?? '',
                spanId: hexId(l.spanId, 'links.spanId', 8) ?? '',
                attributes: toOtlpAttributes(l.attributes),
              };
              setIf(link, 'traceState', str(l.traceState));
              return link;
            }),
        };
        setIf(span.status, 'message', str(status.message));
        setIf(span, 'parentSpanId', hexId(sp.parentSpanId, 'parentSpanId', 8));
        setIf(span, 'traceState', str(sp.traceState));
        setIf(span, 'flags', int(sp.flags, 'flags', true) || undefined);
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
export function normalizeOtlpJson(
  signal: OtlpSignal,
  body: unknown,
  request: OtlpRequestInfo,
  options: NormalizeOptions = {},
): OtlpRecord[] {
  const out: OtlpRecord[] = [];
  const previous = strict;
  strict = options.strict === true;
  at.fill(-1);
  try {
    const root = asObj(body, 'export request');
    if (signal === 'logs') normalizeLogs(root, request, out);
    else if (signal === 'metrics') normalizeMetrics(root, request, out);
    else normalizeTraces(root, request, out);
  } catch (err) {
    if (err instanceof OtlpDecodeError) throw new OtlpDecodeError(`${where(signal)}${err.message}`);
    throw err;
  } finally {
    strict = previous;
  }
  return out;
}

/** Options of {@link normalizeOtlpJson}. */
export interface NormalizeOptions {
  /**
   * Refuse what the OpenTelemetry Collector's OTLP/JSON decoder refuses (an `intValue` that is not an int64,
   * an unparsable `timeUnixNano`, ids that are not hex of the right length, bytes that are not base64, a
   * list or object of the wrong JSON type) with an {@link OtlpDecodeError} naming the place.
   * @defaultValue false (lenient: such values read as 0, kept as sent, or skipped)
   */
  strict?: boolean;
}

/** Indices of the resource, scope, item and data point being read, for error messages (-1: not reached). */
const at = [-1, -1, -1, -1];

const LEVELS: Record<OtlpSignal, string[]> = {
  logs: ['resourceLogs', 'scopeLogs', 'logRecords'],
  metrics: ['resourceMetrics', 'scopeMetrics', 'metrics', 'dataPoints'],
  traces: ['resourceSpans', 'scopeSpans', 'spans'],
};

function where(signal: OtlpSignal): string {
  const parts: string[] = [];
  LEVELS[signal].forEach((name, i) => {
    if ((at[i] ?? -1) >= 0) parts.push(`${name}[${at[i]}]`);
  });
  return parts.length > 0 ? `${parts.join('.')}: ` : '';
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
