import protobuf from 'protobufjs/minimal.js';
import { OtlpDecodeError } from './errors.ts';
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

type Reader = protobuf.Reader;
type Long = protobuf.Long;

/**
 * Strict OTLP protobuf decoding straight into normalized {@link OtlpRecord}s, in one pass over the bytes.
 *
 * The wire format (tags, varints, fixed32/fixed64, doubles, lengths, strings, bytes, packed numbers,
 * skipping unknown fields) is read by protobufjs' `Reader` (`protobufjs/minimal`); what is ours is the OTLP
 * traversal: which field of which message means what, and how it becomes a record.
 *
 * Field numbers and wire types are those of opentelemetry-proto (`common/v1`, `resource/v1`, `logs/v1`,
 * `metrics/v1`, `trace/v1`, `collector/*`/v1); `otlp-proto-records.test.ts` checks them against the
 * generated protobufjs module (`otlp-proto.ts`) by decoding its encodings both ways. The decoder is as
 * strict as the OpenTelemetry Collector's pdata unmarshaller: a known field with another wire type, an
 * invalid wire type (3, 4: groups; 6, 7), field number 0, a length past the end of its message, a truncated
 * varint, a varint longer than 10 bytes, or a trace/span id that is neither empty nor 16/8 bytes is an
 * {@link OtlpDecodeError} naming the message and field (the Reader's own `RangeError`s and encoding errors
 * are turned into one). Unknown fields with a valid wire type are skipped, as protobuf requires. Packed and
 * unpacked repeated numbers are both accepted.
 *
 * The records are identical (`toEqual`) to those of `normalizeOtlpJson` over the OTLP/JSON form of the
 * same request; this path exists for speed (no intermediate message objects, no base64 round trip of ids).
 *
 * @see https://protobuf.dev/programming-guides/encoding/
 * @module
 */

const VARINT = 0;
const I64 = 1;
const LEN = 2;
const I32 = 5;

/** Where the decoder is, for error messages: the message being read and the field being read in it. */
let atMessage = '';
let atField = '';

function fail(r: Reader, message: string): never {
  throw new OtlpDecodeError(`${message} (at byte ${r.pos})`);
}

/** Reads a tag; fails on field number 0. Returns `field * 8 + wireType`. */
function readTag(r: Reader, message: string): number {
  atMessage = message;
  atField = '';
  const t = r.tag();
  if (t < 8) fail(r, `invalid field number 0 in ${message}`);
  return t;
}

/** Fails unless a known field came with its wire type; records where the decoder is. */
function expect(r: Reader, wt: number, want: number, field: string, message: string): void {
  atMessage = message;
  atField = field;
  if (wt !== want) fail(r, `${message}.${field} has wire type ${wt}, expected ${want}`);
}

/**
 * Skips an unknown field of wire type `wt`. Groups (3, 4) and the undefined wire types 6 and 7 are refused
 * here, before the Reader's `skipType` (which would skip a group). An unknown varint is read as a 64-bit
 * value, which refuses one longer than 10 bytes as the collector does (`skipType(0)` has no such limit).
 */
function skip(r: Reader, wt: number, field: number, message: string): void {
  atMessage = message;
  atField = `field ${field}`;
  if (wt === VARINT) r.uint64();
  else if (wt === I64 || wt === LEN || wt === I32) r.skipType(wt);
  else {
    fail(
      r,
      `invalid wire type ${wt} for field ${field} of ${message}${wt === 3 || wt === 4 ? ' (groups are not accepted)' : ''}`,
    );
  }
}

/** The end offset of a length-delimited field starting here; fails when it runs past the end of the buffer. */
function lenEnd(r: Reader): number {
  const n = r.size();
  const end = r.pos + n;
  if (end > r.len) fail(r, `length ${n} runs past the end of the message`);
  return end;
}

/** Fails unless a nested message ended exactly at its declared length. */
function done(r: Reader, end: number, message: string): void {
  if (r.pos !== end) fail(r, `${message} overruns its length`);
}

/** A 64-bit value of the Reader (a `Long` when protobufjs found `long`, else a number) as the nearest double. */
function toNumber(v: Long | number): number {
  if (typeof v === 'number') return v;
  return (v.unsigned ? v.high >>> 0 : v.high | 0) * 4294967296 + (v.low >>> 0);
}

/** A varint as int64 converted to the nearest double (protobuf `int64`). */
function int64(r: Reader): number {
  return toNumber(r.int64());
}

/** fixed64 as the nearest double. */
function fixed64Number(r: Reader): number {
  return toNumber(r.fixed64());
}

/** sfixed64 as the nearest double. */
function sfixed64Number(r: Reader): number {
  return toNumber(r.sfixed64());
}

/**
 * fixed64 as a decimal string, exact: read as its two 32-bit words, so that it does not depend on whether
 * protobufjs found `long` (without it, `Reader.fixed64` gives a lossy double).
 */
function fixed64String(r: Reader): string {
  const lo = r.fixed32();
  return u64ToDecimal(lo, r.fixed32());
}

const INTERN_MAX_LENGTH = 48;
const INTERN_SLOTS = 4096;
/** Recently decoded short ASCII strings by a hash of their bytes (strings are immutable: safe to share). */
const interned: (string | undefined)[] = new Array(INTERN_SLOTS);

/**
 * A string field. Short ASCII strings (attribute keys, names, enum-like values) repeat from record to record:
 * one string per distinct value is shared from a small cache instead of being allocated again for every
 * record; other strings are the Reader's (`BufferReader.string`: Node's UTF-8 decoder, U+FFFD for invalid
 * sequences).
 */
function str(r: Reader): string {
  const start = r.pos;
  const n = r.size();
  const at = r.pos;
  const end = at + n;
  if (n === 0 || n > INTERN_MAX_LENGTH || end > r.len) {
    r.pos = start;
    return r.string();
  }
  const buf = r.buf;
  let h = n;
  for (let i = at; i < end; i++) {
    const c = buf[i] as number;
    if (c >= 0x80) {
      r.pos = start;
      return r.string();
    }
    h = Math.imul(h ^ c, 16777619);
  }
  r.pos = end;
  const slot = h & (INTERN_SLOTS - 1);
  const cached = interned[slot];
  if (cached !== undefined && cached.length === n) {
    let same = true;
    for (let i = 0; i < n; i++) {
      if (cached.charCodeAt(i) !== buf[at + i]) {
        same = false;
        break;
      }
    }
    if (same) return cached;
  }
  const s = (buf as Buffer).toString('latin1', at, end);
  interned[slot] = s;
  return s;
}

/**
 * A trace or span id of `size` bytes as lower-case hex, or undefined when empty or all zero (unset).
 * Another length fails, as in the collector.
 */
function hexId(r: Reader, size: 8 | 16, what: string): string | undefined {
  const b = r.bytes() as Buffer;
  const n = b.length;
  if (n === 0) return undefined;
  if (n !== size) fail(r, `${what} is ${n} bytes, expected ${size} (or none)`);
  for (let i = 0; i < n; i++) if (b[i] !== 0) return b.toString('hex');
  return undefined;
}

function base64(r: Reader): string {
  return (r.bytes() as Buffer).toString('base64');
}

/**
 * The decode error for an error thrown by protobufjs' Reader: `RangeError('index out of range: …')` when a
 * varint or value runs past the end of the buffer, a plain `Error` for an invalid varint, tag or length
 * encoding. Other errors (and our own {@link OtlpDecodeError}s) are returned as they are.
 */
function readerError(err: unknown, r: Reader): unknown {
  if (err instanceof OtlpDecodeError || !(err instanceof Error)) return err;
  if (!(err instanceof RangeError) && err.constructor !== Error) return err;
  const where =
    atField === ''
      ? `a tag of ${atMessage}`
      : atField.startsWith('field ')
        ? `${atField} of ${atMessage}`
        : `${atMessage}.${atField}`;
  const what = err.message.startsWith('index out of range')
    ? 'truncated varint, or a value running past the end of the message,'
    : err.message;
  return new OtlpDecodeError(`${what} in ${where} (at byte ${r.pos}; protobufjs: ${err.message})`);
}

// fixed64 -> decimal: cache hi * 2^32 split into (top, bottom) at 1e9, per hi word
let cachedHi = -1;
let cachedTop = 0;
let cachedBottom = 0;

function u64ToDecimal(lo: number, hi: number): string {
  if (hi < 0x200000) return String(hi * 4294967296 + lo);
  if (hi !== cachedHi) {
    const base = BigInt(hi) << 32n;
    cachedTop = Number(base / 1_000_000_000n);
    cachedBottom = Number(base % 1_000_000_000n);
    cachedHi = hi;
  }
  let bottom = cachedBottom + lo;
  const carry = Math.floor(bottom / 1e9);
  bottom -= carry * 1e9;
  const b = String(bottom);
  return `${cachedTop + carry}${'000000000'.slice(b.length)}${b}`;
}

/**
 * A repeated number field of protobuf type `type`, packed (LEN) or one value at a time; the values are
 * appended to `out` as numbers (64-bit integers as the nearest double).
 */
function repeated(
  r: Reader,
  wt: number,
  type: 'fixed64' | 'double' | 'uint64',
  out: number[],
  field: string,
  message: string,
): void {
  if (wt === LEN) {
    atMessage = message;
    atField = field;
    if (type === 'double') r.doubles(out);
    else for (const v of type === 'fixed64' ? r.fixed64s() : r.uint64s()) out.push(toNumber(v));
  } else {
    expect(r, wt, type === 'uint64' ? VARINT : I64, field, message);
    out.push(type === 'double' ? r.double() : toNumber(type === 'fixed64' ? r.fixed64() : r.uint64()));
  }
}

function anyValue(r: Reader, end: number): OtlpValue {
  let v: OtlpValue = { type: 'empty' };
  while (r.pos < end) {
    const tag = readTag(r, 'AnyValue');
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expect(r, wt, LEN, 'string_value', 'AnyValue');
        v = { type: 'string', value: str(r) };
        break;
      case 2:
        expect(r, wt, VARINT, 'bool_value', 'AnyValue');
        v = { type: 'bool', value: r.bool() };
        break;
      case 3:
        expect(r, wt, VARINT, 'int_value', 'AnyValue');
        v = { type: 'int', value: int64(r) };
        break;
      case 4:
        expect(r, wt, I64, 'double_value', 'AnyValue');
        v = { type: 'double', value: r.double() };
        break;
      case 5: {
        expect(r, wt, LEN, 'array_value', 'AnyValue');
        const e = lenEnd(r);
        const values: OtlpValue[] = [];
        while (r.pos < e) {
          const t = readTag(r, 'ArrayValue');
          if (t >>> 3 === 1) {
            expect(r, t & 7, LEN, 'values', 'ArrayValue');
            values.push(anyValue(r, lenEnd(r)));
          } else skip(r, t & 7, t >>> 3, 'ArrayValue');
        }
        done(r, e, 'ArrayValue');
        v = { type: 'array', value: values };
        break;
      }
      case 6: {
        expect(r, wt, LEN, 'kvlist_value', 'AnyValue');
        const e = lenEnd(r);
        const values: OtlpAttributes = {};
        while (r.pos < e) {
          const t = readTag(r, 'KeyValueList');
          if (t >>> 3 === 1) {
            expect(r, t & 7, LEN, 'values', 'KeyValueList');
            keyValue(r, lenEnd(r), values);
          } else skip(r, t & 7, t >>> 3, 'KeyValueList');
        }
        done(r, e, 'KeyValueList');
        v = { type: 'kvlist', value: values };
        break;
      }
      case 7:
        expect(r, wt, LEN, 'bytes_value', 'AnyValue');
        v = { type: 'bytes', value: base64(r) };
        break;
      default:
        skip(r, wt, tag >>> 3, 'AnyValue');
    }
  }
  done(r, end, 'AnyValue');
  return v;
}

const EMPTY: OtlpValue = { type: 'empty' };

/** Sets one attribute; `__proto__` and other special keys become own data properties. */
export function setAttribute(out: OtlpAttributes, key: string, value: OtlpValue): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  } else out[key] = value;
}

function keyValue(r: Reader, end: number, out: OtlpAttributes): void {
  let key: string | undefined;
  let value: OtlpValue | undefined;
  while (r.pos < end) {
    const tag = readTag(r, 'KeyValue');
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1) {
      expect(r, wt, LEN, 'key', 'KeyValue');
      key = str(r);
    } else if (field === 2) {
      expect(r, wt, LEN, 'value', 'KeyValue');
      value = anyValue(r, lenEnd(r));
    } else skip(r, wt, field, 'KeyValue');
  }
  done(r, end, 'KeyValue');
  // as the OTLP/JSON form of the generated module has it: a key not on the wire (empty) is dropped
  if (key !== undefined) setAttribute(out, key, value ?? { ...EMPTY });
}

/** Reads a `KeyValue` (field wire type already checked by the caller's switch). */
function attributeField(r: Reader, wt: number, out: OtlpAttributes, message: string): void {
  expect(r, wt, LEN, 'attributes', message);
  keyValue(r, lenEnd(r), out);
}

function resource(r: Reader, end: number): OtlpAttributes {
  const attributes: OtlpAttributes = {};
  while (r.pos < end) {
    const tag = readTag(r, 'Resource');
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1) attributeField(r, wt, attributes, 'Resource');
    else if (field === 2) {
      expect(r, wt, VARINT, 'dropped_attributes_count', 'Resource');
      r.uint32();
    } else if (field === 3) {
      expect(r, wt, LEN, 'entity_refs', 'Resource');
      r.pos = lenEnd(r);
    } else skip(r, wt, field, 'Resource');
  }
  done(r, end, 'Resource');
  return attributes;
}

function scope(r: Reader, end: number): OtlpScope {
  const s: OtlpScope = { name: '', attributes: {} };
  while (r.pos < end) {
    const tag = readTag(r, 'InstrumentationScope');
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expect(r, wt, LEN, 'name', 'InstrumentationScope');
        s.name = str(r);
        break;
      case 2: {
        expect(r, wt, LEN, 'version', 'InstrumentationScope');
        const v = str(r);
        if (v !== '') s.version = v;
        else delete s.version;
        break;
      }
      case 3:
        attributeField(r, wt, s.attributes, 'InstrumentationScope');
        break;
      case 4:
        expect(r, wt, VARINT, 'dropped_attributes_count', 'InstrumentationScope');
        r.uint32();
        break;
      default:
        skip(r, wt, tag >>> 3, 'InstrumentationScope');
    }
  }
  done(r, end, 'InstrumentationScope');
  return s;
}

/**
 * One `Resource*` message: its resource, schema_url and the `Scope*` messages, whose ranges are collected
 * first because schema_url (field 3) may come after them on the wire.
 */
function resourceEnvelope(
  r: Reader,
  end: number,
  message: string,
  scopeField: string,
): { resource: OtlpResource; scopes: [number, number][] } {
  let attributes: OtlpAttributes = {};
  let schemaUrl = '';
  const scopes: [number, number][] = [];
  while (r.pos < end) {
    const tag = readTag(r, message);
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expect(r, wt, LEN, 'resource', message);
        attributes = resource(r, lenEnd(r));
        break;
      case 2: {
        expect(r, wt, LEN, scopeField, message);
        const e = lenEnd(r);
        scopes.push([r.pos, e]);
        r.pos = e;
        break;
      }
      case 3:
        expect(r, wt, LEN, 'schema_url', message);
        schemaUrl = str(r);
        break;
      default:
        skip(r, wt, tag >>> 3, message);
    }
  }
  done(r, end, message);
  const res: OtlpResource = { attributes };
  if (schemaUrl !== '') res.schemaUrl = schemaUrl;
  return { resource: res, scopes };
}

/** One `Scope*` message: the scope, schema_url, and the ranges of its items (field 2). */
function scopeEnvelope(r: Reader, end: number, message: string, itemField: string): [OtlpScope, number[]] {
  let s: OtlpScope | undefined;
  let schemaUrl = '';
  const items: number[] = [];
  while (r.pos < end) {
    const tag = readTag(r, message);
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expect(r, wt, LEN, 'scope', message);
        s = scope(r, lenEnd(r));
        break;
      case 2: {
        expect(r, wt, LEN, itemField, message);
        const e = lenEnd(r);
        items.push(r.pos, e);
        r.pos = e;
        break;
      }
      case 3:
        expect(r, wt, LEN, 'schema_url', message);
        schemaUrl = str(r);
        break;
      default:
        skip(r, wt, tag >>> 3, message);
    }
  }
  done(r, end, message);
  const sc = s ?? { name: '', attributes: {} };
  if (schemaUrl !== '') sc.schemaUrl = schemaUrl;
  return [sc, items];
}

/** Walks `Export*ServiceRequest` → `Resource*` → `Scope*` → items, calling `item` for each item range. */
function walk(
  r: Reader,
  names: [request: string, resource: string, scopeField: string, scope: string, itemField: string],
  item: (resource: OtlpResource, scope: OtlpScope, end: number) => void,
): void {
  const [requestName, resourceName, scopeField, scopeName, itemField] = names;
  const end = r.len;
  while (r.pos < end) {
    const tag = readTag(r, requestName);
    const wt = tag & 7;
    if (tag >>> 3 !== 1) {
      skip(r, wt, tag >>> 3, requestName);
      continue;
    }
    expect(r, wt, LEN, 'resource_*', requestName);
    const rEnd = lenEnd(r);
    const { resource: res, scopes } = resourceEnvelope(r, rEnd, resourceName, scopeField);
    for (const [sStart, sEnd] of scopes) {
      r.pos = sStart;
      const [sc, items] = scopeEnvelope(r, sEnd, scopeName, itemField);
      for (let i = 0; i < items.length; i += 2) {
        r.pos = items[i] as number;
        item(res, sc, items[i + 1] as number);
      }
    }
    r.pos = rEnd;
  }
  done(r, end, requestName);
}

function logRecord(
  r: Reader,
  end: number,
  res: OtlpResource,
  sc: OtlpScope,
  request: OtlpRequestInfo,
  out: OtlpRecord[],
): void {
  const attributes: OtlpAttributes = {};
  let time = '0';
  let observed = '0';
  let severityNumber = 0;
  let severityText = '';
  let body: OtlpValue | undefined;
  let flags = 0;
  let traceId: string | undefined;
  let spanId: string | undefined;
  let eventName = '';
  while (r.pos < end) {
    const tag = readTag(r, 'LogRecord');
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expect(r, wt, I64, 'time_unix_nano', 'LogRecord');
        time = fixed64String(r);
        break;
      case 11:
        expect(r, wt, I64, 'observed_time_unix_nano', 'LogRecord');
        observed = fixed64String(r);
        break;
      case 2:
        expect(r, wt, VARINT, 'severity_number', 'LogRecord');
        severityNumber = r.int32();
        break;
      case 3:
        expect(r, wt, LEN, 'severity_text', 'LogRecord');
        severityText = str(r);
        break;
      case 5:
        expect(r, wt, LEN, 'body', 'LogRecord');
        body = anyValue(r, lenEnd(r));
        break;
      case 6:
        attributeField(r, wt, attributes, 'LogRecord');
        break;
      case 7:
        expect(r, wt, VARINT, 'dropped_attributes_count', 'LogRecord');
        r.uint32();
        break;
      case 8:
        expect(r, wt, I32, 'flags', 'LogRecord');
        flags = r.fixed32();
        break;
      case 9:
        expect(r, wt, LEN, 'trace_id', 'LogRecord');
        traceId = hexId(r, 16, 'trace_id');
        break;
      case 10:
        expect(r, wt, LEN, 'span_id', 'LogRecord');
        spanId = hexId(r, 8, 'span_id');
        break;
      case 12:
        expect(r, wt, LEN, 'event_name', 'LogRecord');
        eventName = str(r);
        break;
      default:
        skip(r, wt, tag >>> 3, 'LogRecord');
    }
  }
  done(r, end, 'LogRecord');
  const rec: OtlpLogRecord = {
    signal: 'logs',
    resource: res,
    scope: sc,
    attributes,
    request,
    timeUnixNano: time,
    observedTimeUnixNano: observed,
  };
  if (body !== undefined) rec.body = body;
  if (eventName !== '') {
    rec.eventName = eventName;
    rec.eventNameSource = 'eventName';
  } else {
    const attr = attributes['event.name'];
    if (attr?.type === 'string' && attr.value !== '' && Object.hasOwn(attributes, 'event.name')) {
      rec.eventName = attr.value;
      rec.eventNameSource = 'attribute';
    } else if (body?.type === 'string' && body.value !== '') {
      rec.eventName = body.value;
      rec.eventNameSource = 'body';
    }
  }
  if (severityNumber !== 0) rec.severityNumber = severityNumber;
  if (severityText !== '') rec.severityText = severityText;
  if (traceId !== undefined) rec.traceId = traceId;
  if (spanId !== undefined) rec.spanId = spanId;
  if (flags !== 0) rec.flags = flags;
  out.push(rec);
}

const METRIC_TYPES: Record<number, OtlpMetricType> = {
  5: 'gauge',
  7: 'sum',
  9: 'histogram',
  10: 'exponentialHistogram',
  11: 'summary',
};
const TEMPORALITY: Record<number, OtlpTemporality> = { 1: 'delta', 2: 'cumulative' };

function buckets(r: Reader, end: number): { offset: number; bucketCounts: number[] } {
  const b = { offset: 0, bucketCounts: [] as number[] };
  while (r.pos < end) {
    const tag = readTag(r, 'Buckets');
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1) {
      expect(r, wt, VARINT, 'offset', 'Buckets');
      b.offset = r.sint32();
    } else if (field === 2) repeated(r, wt, 'uint64', b.bucketCounts, 'bucket_counts', 'Buckets');
    else skip(r, wt, field, 'Buckets');
  }
  done(r, end, 'Buckets');
  return b;
}

function exemplar(r: Reader, end: number): void {
  while (r.pos < end) {
    const tag = readTag(r, 'Exemplar');
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 7) attributeField(r, wt, {}, 'Exemplar');
    else if (field === 2 || field === 3 || field === 6) {
      expect(r, wt, I64, field === 2 ? 'time_unix_nano' : field === 3 ? 'as_double' : 'as_int', 'Exemplar');
      r.skip(8);
    } else if (field === 4 || field === 5) {
      expect(r, wt, LEN, field === 4 ? 'span_id' : 'trace_id', 'Exemplar');
      hexId(r, field === 4 ? 8 : 16, field === 4 ? 'Exemplar.span_id' : 'Exemplar.trace_id');
    } else skip(r, wt, field, 'Exemplar');
  }
  done(r, end, 'Exemplar');
}

function dataPoint(r: Reader, end: number, type: OtlpMetricType, point: OtlpMetricPoint): void {
  const name = `${type} data point`;
  const attributesField = type === 'histogram' ? 9 : type === 'exponentialHistogram' ? 1 : 7;
  const flagsField = type === 'histogram' || type === 'exponentialHistogram' ? 10 : 8;
  const bucketCounts: number[] = [];
  const explicitBounds: number[] = [];
  const quantiles: { quantile: number; value: number }[] = [];
  let asInt: number | undefined;
  let asDouble: number | undefined;
  let flags = 0;
  while (r.pos < end) {
    const tag = readTag(r, name);
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === attributesField) {
      attributeField(r, wt, point.attributes, name);
      continue;
    }
    if (field === flagsField) {
      expect(r, wt, VARINT, 'flags', name);
      flags = r.uint32();
      continue;
    }
    if (field === 2 || field === 3) {
      expect(r, wt, I64, field === 2 ? 'start_time_unix_nano' : 'time_unix_nano', name);
      if (field === 2) point.startTimeUnixNano = fixed64String(r);
      else point.timeUnixNano = fixed64String(r);
      continue;
    }
    if (type === 'gauge' || type === 'sum') {
      if (field === 4) {
        expect(r, wt, I64, 'as_double', name);
        asDouble = r.double();
        asInt = undefined;
      } else if (field === 6) {
        expect(r, wt, I64, 'as_int', name);
        asInt = sfixed64Number(r);
        asDouble = undefined;
      } else if (field === 5) {
        expect(r, wt, LEN, 'exemplars', name);
        exemplar(r, lenEnd(r));
      } else skip(r, wt, field, name);
      continue;
    }
    // histogram, exponentialHistogram, summary
    if (field === 4) {
      expect(r, wt, I64, 'count', name);
      point.count = fixed64Number(r);
    } else if (field === 5) {
      expect(r, wt, I64, 'sum', name);
      point.sum = r.double();
    } else if (type === 'histogram') {
      if (field === 6) repeated(r, wt, 'fixed64', bucketCounts, 'bucket_counts', name);
      else if (field === 7) repeated(r, wt, 'double', explicitBounds, 'explicit_bounds', name);
      else if (field === 8) {
        expect(r, wt, LEN, 'exemplars', name);
        exemplar(r, lenEnd(r));
      } else if (field === 11 || field === 12) {
        expect(r, wt, I64, field === 11 ? 'min' : 'max', name);
        if (field === 11) point.min = r.double();
        else point.max = r.double();
      } else skip(r, wt, field, name);
    } else if (type === 'exponentialHistogram') {
      if (field === 6) {
        expect(r, wt, VARINT, 'scale', name);
        point.scale = r.sint32();
      } else if (field === 7) {
        expect(r, wt, I64, 'zero_count', name);
        point.zeroCount = fixed64Number(r);
      } else if (field === 8 || field === 9) {
        expect(r, wt, LEN, field === 8 ? 'positive' : 'negative', name);
        const b = buckets(r, lenEnd(r));
        if (field === 8) point.positive = b;
        else point.negative = b;
      } else if (field === 11) {
        expect(r, wt, LEN, 'exemplars', name);
        exemplar(r, lenEnd(r));
      } else if (field === 12 || field === 13 || field === 14) {
        expect(r, wt, I64, field === 12 ? 'min' : field === 13 ? 'max' : 'zero_threshold', name);
        const v = r.double();
        if (field === 12) point.min = v;
        else if (field === 13) point.max = v;
      } else skip(r, wt, field, name);
    } else if (field === 6) {
      expect(r, wt, LEN, 'quantile_values', name);
      const e = lenEnd(r);
      const q = { quantile: 0, value: 0 };
      while (r.pos < e) {
        const t = readTag(r, 'ValueAtQuantile');
        const f = t >>> 3;
        if (f === 1 || f === 2) {
          expect(r, t & 7, I64, f === 1 ? 'quantile' : 'value', 'ValueAtQuantile');
          if (f === 1) q.quantile = r.double();
          else q.value = r.double();
        } else skip(r, t & 7, f, 'ValueAtQuantile');
      }
      done(r, e, 'ValueAtQuantile');
      quantiles.push(q);
    } else skip(r, wt, field, name);
  }
  done(r, end, name);
  if (type === 'gauge' || type === 'sum') {
    if (asInt !== undefined) {
      point.value = asInt;
      point.valueType = 'int';
    } else {
      point.value = asDouble ?? 0;
      point.valueType = 'double';
    }
  } else {
    point.count ??= 0;
    if (type === 'histogram') {
      point.bucketCounts = bucketCounts;
      point.explicitBounds = explicitBounds;
    } else if (type === 'exponentialHistogram') {
      point.scale ??= 0;
      point.zeroCount ??= 0;
    } else point.quantiles = quantiles;
  }
  if (flags !== 0) point.flags = flags;
}

function metric(
  r: Reader,
  end: number,
  res: OtlpResource,
  sc: OtlpScope,
  request: OtlpRequestInfo,
  out: OtlpRecord[],
): void {
  let name = '';
  let description = '';
  let unit = '';
  let type: OtlpMetricType | undefined;
  let dataStart = 0;
  let dataEnd = 0;
  while (r.pos < end) {
    const tag = readTag(r, 'Metric');
    const wt = tag & 7;
    const field = tag >>> 3;
    switch (field) {
      case 1:
        expect(r, wt, LEN, 'name', 'Metric');
        name = str(r);
        break;
      case 2:
        expect(r, wt, LEN, 'description', 'Metric');
        description = str(r);
        break;
      case 3:
        expect(r, wt, LEN, 'unit', 'Metric');
        unit = str(r);
        break;
      case 5:
      case 7:
      case 9:
      case 10:
      case 11: {
        type = METRIC_TYPES[field] as OtlpMetricType;
        expect(r, wt, LEN, type, 'Metric');
        dataEnd = lenEnd(r);
        dataStart = r.pos;
        r.pos = dataEnd;
        break;
      }
      case 12:
        attributeField(r, wt, {}, 'Metric.metadata');
        break;
      default:
        skip(r, wt, field, 'Metric');
    }
  }
  done(r, end, 'Metric');
  if (type === undefined) return;
  const after = r.pos;
  r.pos = dataStart;
  let temporalityNumber = 0;
  let monotonic = false;
  const points: [number, number][] = [];
  const dataName = type;
  while (r.pos < dataEnd) {
    const tag = readTag(r, dataName);
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1) {
      expect(r, wt, LEN, 'data_points', dataName);
      const e = lenEnd(r);
      points.push([r.pos, e]);
      r.pos = e;
    } else if (field === 2 && type !== 'gauge' && type !== 'summary') {
      expect(r, wt, VARINT, 'aggregation_temporality', dataName);
      temporalityNumber = r.int32();
    } else if (field === 3 && type === 'sum') {
      expect(r, wt, VARINT, 'is_monotonic', dataName);
      monotonic = r.bool();
    } else skip(r, wt, field, dataName);
  }
  done(r, dataEnd, dataName);
  const temporality =
    type === 'sum' || type === 'histogram' || type === 'exponentialHistogram'
      ? (TEMPORALITY[temporalityNumber] ?? 'unspecified')
      : undefined;
  for (const [pStart, pEnd] of points) {
    r.pos = pStart;
    const point: OtlpMetricPoint = {
      signal: 'metrics',
      resource: res,
      scope: sc,
      attributes: {},
      request,
      name,
      description,
      unit,
      metricType: type,
      startTimeUnixNano: '0',
      timeUnixNano: '0',
    };
    if (temporality !== undefined) point.temporality = temporality;
    if (type === 'sum') point.monotonic = monotonic;
    dataPoint(r, pEnd, type, point);
    out.push(point);
  }
  r.pos = after;
}

const SPAN_KINDS: OtlpSpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

function spanEvent(r: Reader, end: number): OtlpSpan['events'][number] {
  const e = { name: '', timeUnixNano: '0', attributes: {} as OtlpAttributes };
  while (r.pos < end) {
    const tag = readTag(r, 'Span.Event');
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1) {
      expect(r, wt, I64, 'time_unix_nano', 'Span.Event');
      e.timeUnixNano = fixed64String(r);
    } else if (field === 2) {
      expect(r, wt, LEN, 'name', 'Span.Event');
      e.name = str(r);
    } else if (field === 3) attributeField(r, wt, e.attributes, 'Span.Event');
    else if (field === 4) {
      expect(r, wt, VARINT, 'dropped_attributes_count', 'Span.Event');
      r.uint32();
    } else skip(r, wt, field, 'Span.Event');
  }
  done(r, end, 'Span.Event');
  return e;
}

function spanLink(r: Reader, end: number): OtlpSpan['links'][number] {
  let traceId: string | undefined;
  let spanId: string | undefined;
  let traceState = '';
  const attributes: OtlpAttributes = {};
  while (r.pos < end) {
    const tag = readTag(r, 'Span.Link');
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1 || field === 2) {
      expect(r, wt, LEN, field === 1 ? 'trace_id' : 'span_id', 'Span.Link');
      if (field === 1) traceId = hexId(r, 16, 'trace_id');
      else spanId = hexId(r, 8, 'span_id');
    } else if (field === 3) {
      expect(r, wt, LEN, 'trace_state', 'Span.Link');
      traceState = str(r);
    } else if (field === 4) attributeField(r, wt, attributes, 'Span.Link');
    else if (field === 5) {
      expect(r, wt, VARINT, 'dropped_attributes_count', 'Span.Link');
      r.uint32();
    } else if (field === 6) {
      expect(r, wt, I32, 'flags', 'Span.Link');
      r.fixed32();
    } else skip(r, wt, field, 'Span.Link');
  }
  done(r, end, 'Span.Link');
  const link: OtlpSpan['links'][number] = { traceId: traceId ?? '', spanId: spanId ?? '', attributes };
  if (traceState !== '') link.traceState = traceState;
  return link;
}

function span(
  r: Reader,
  end: number,
  res: OtlpResource,
  sc: OtlpScope,
  request: OtlpRequestInfo,
  out: OtlpRecord[],
): void {
  const attributes: OtlpAttributes = {};
  let traceId: string | undefined;
  let spanId: string | undefined;
  let parentSpanId: string | undefined;
  let traceState = '';
  let name = '';
  let kind = 0;
  let start = '0';
  let endTime = '0';
  let startLo = 0;
  let startHi = 0;
  let endLo = 0;
  let endHi = 0;
  let flags = 0;
  let statusCode = 0;
  let statusMessage = '';
  const events: OtlpSpan['events'] = [];
  const links: OtlpSpan['links'] = [];
  while (r.pos < end) {
    const tag = readTag(r, 'Span');
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expect(r, wt, LEN, 'trace_id', 'Span');
        traceId = hexId(r, 16, 'trace_id');
        break;
      case 2:
        expect(r, wt, LEN, 'span_id', 'Span');
        spanId = hexId(r, 8, 'span_id');
        break;
      case 3:
        expect(r, wt, LEN, 'trace_state', 'Span');
        traceState = str(r);
        break;
      case 4:
        expect(r, wt, LEN, 'parent_span_id', 'Span');
        parentSpanId = hexId(r, 8, 'parent_span_id');
        break;
      case 16:
        expect(r, wt, I32, 'flags', 'Span');
        flags = r.fixed32();
        break;
      case 5:
        expect(r, wt, LEN, 'name', 'Span');
        name = str(r);
        break;
      case 6:
        expect(r, wt, VARINT, 'kind', 'Span');
        kind = r.int32();
        break;
      case 7: {
        expect(r, wt, I64, 'start_time_unix_nano', 'Span');
        startLo = r.fixed32();
        startHi = r.fixed32();
        start = u64ToDecimal(startLo, startHi);
        break;
      }
      case 8: {
        expect(r, wt, I64, 'end_time_unix_nano', 'Span');
        endLo = r.fixed32();
        endHi = r.fixed32();
        endTime = u64ToDecimal(endLo, endHi);
        break;
      }
      case 9:
        attributeField(r, wt, attributes, 'Span');
        break;
      case 10:
      case 12:
      case 14:
        expect(r, wt, VARINT, 'dropped_*_count', 'Span');
        r.uint32();
        break;
      case 11:
        expect(r, wt, LEN, 'events', 'Span');
        events.push(spanEvent(r, lenEnd(r)));
        break;
      case 13:
        expect(r, wt, LEN, 'links', 'Span');
        links.push(spanLink(r, lenEnd(r)));
        break;
      case 15: {
        expect(r, wt, LEN, 'status', 'Span');
        const e = lenEnd(r);
        statusCode = 0;
        statusMessage = '';
        while (r.pos < e) {
          const t = readTag(r, 'Status');
          const f = t >>> 3;
          if (f === 2) {
            expect(r, t & 7, LEN, 'message', 'Status');
            statusMessage = str(r);
          } else if (f === 3) {
            expect(r, t & 7, VARINT, 'code', 'Status');
            statusCode = r.int32();
          } else skip(r, t & 7, f, 'Status');
        }
        done(r, e, 'Status');
        break;
      }
      default:
        skip(r, wt, tag >>> 3, 'Span');
    }
  }
  done(r, end, 'Span');
  const s: OtlpSpan = {
    signal: 'traces',
    resource: res,
    scope: sc,
    attributes,
    request,
    name,
    traceId: traceId ?? '',
    spanId: spanId ?? '',
    spanKind: SPAN_KINDS[kind] ?? 'unspecified',
    startTimeUnixNano: start,
    endTimeUnixNano: endTime,
    durationMs: ((endHi - startHi) * 4294967296 + (endLo - startLo)) / 1e6,
    status: { code: statusCode === 1 ? 'ok' : statusCode === 2 ? 'error' : 'unset' },
    events,
    links,
  };
  if (statusMessage !== '') s.status.message = statusMessage;
  if (parentSpanId !== undefined) s.parentSpanId = parentSpanId;
  if (traceState !== '') s.traceState = traceState;
  if (flags !== 0) s.flags = flags;
  out.push(s);
}

/**
 * Decodes an OTLP protobuf `Export{Logs,Metrics,Trace}ServiceRequest` strictly, straight into records.
 *
 * @param signal which request type `body` is.
 * @param body the protobuf bytes (already gunzipped).
 * @param request metadata attached to every record.
 * @returns the log records, metric data points or spans, in wire order.
 * @throws {OtlpDecodeError} naming the message and field when the bytes are not a valid message, as the
 *   OpenTelemetry Collector would refuse them.
 */
export function decodeOtlpProtobufRecords(
  signal: OtlpSignal,
  body: Uint8Array,
  request: OtlpRequestInfo,
): OtlpRecord[] {
  // a Buffer gets protobufjs' BufferReader, which decodes strings with Node's native UTF-8 decoder (U+FFFD
  // for invalid sequences, like the OTLP/JSON path); wrapping does not copy
  const r = protobuf.Reader.create(
    Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength),
  );
  const out: OtlpRecord[] = [];
  try {
    if (signal === 'logs') {
      walk(
        r,
        ['ExportLogsServiceRequest', 'ResourceLogs', 'scope_logs', 'ScopeLogs', 'log_records'],
        (res, sc, end) => logRecord(r, end, res, sc, request, out),
      );
    } else if (signal === 'metrics') {
      walk(
        r,
        ['ExportMetricsServiceRequest', 'ResourceMetrics', 'scope_metrics', 'ScopeMetrics', 'metrics'],
        (res, sc, end) => metric(r, end, res, sc, request, out),
      );
    } else {
      walk(
        r,
        ['ExportTraceServiceRequest', 'ResourceSpans', 'scope_spans', 'ScopeSpans', 'spans'],
        (res, sc, end) => span(r, end, res, sc, request, out),
      );
    }
  } catch (err) {
    throw readerError(err, r);
  }
  return out;
}
