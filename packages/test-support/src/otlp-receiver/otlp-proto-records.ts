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

/**
 * Strict OTLP protobuf decoding straight into normalized {@link OtlpRecord}s, in one pass over the bytes.
 *
 * Field numbers and wire types are those of opentelemetry-proto (`common/v1`, `resource/v1`, `logs/v1`,
 * `metrics/v1`, `trace/v1`, `collector/*`/v1); `otlp-proto-records.test.ts` checks them against the
 * generated protobufjs module (`otlp-proto.ts`) by decoding its encodings both ways. The decoder is as
 * strict as the OpenTelemetry Collector's pdata unmarshaller: a known field with another wire type, an
 * invalid wire type (3, 4: groups; 6, 7), field number 0, a length past the end of its message, a truncated
 * varint, or a trace/span id that is neither empty nor 16/8 bytes is an
 * {@link OtlpDecodeError} naming the message and field. Unknown fields with a valid wire type are skipped,
 * as protobuf requires. Packed and unpacked repeated numbers are both accepted.
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

const utf8 = new TextDecoder('utf-8', { fatal: false });
const INTERN_MAX_LENGTH = 48;
const INTERN_SLOTS = 4096;
/** Recently decoded short ASCII strings by a hash of their bytes (strings are immutable: safe to share). */
const interned: (string | undefined)[] = new Array(INTERN_SLOTS);
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A cursor over one protobuf buffer; every read checks bounds. */
class Cursor {
  readonly buf: Uint8Array;
  readonly view: DataView;
  pos = 0;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  fail(message: string): never {
    throw new OtlpDecodeError(`${message} (at byte ${this.pos})`);
  }

  /** A varint as a number; exact up to 2^53, which is all lengths, tags, enums and int32 need. */
  varint(): number {
    const buf = this.buf;
    let result = 0;
    let shift = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= buf.length) this.fail('truncated varint');
      const b = buf[this.pos++] as number;
      result += (b & 0x7f) * shift;
      if (b < 0x80) return result;
      shift *= 128;
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** A varint read as a signed int32 (two's complement of the low 32 bits), as protobuf `int32`/enums. */
  int32(): number {
    const buf = this.buf;
    let lo = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= buf.length) this.fail('truncated varint');
      const b = buf[this.pos++] as number;
      if (shift < 32) lo |= (b & 0x7f) << shift;
      shift += 7;
      if (b < 0x80) return lo | 0;
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** A varint as int64 converted to the nearest double (protobuf `int64`). */
  int64(): number {
    const buf = this.buf;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= buf.length) this.fail('truncated varint');
      const b = buf[this.pos++] as number;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      shift += 7;
      if (b < 0x80) return (hi | 0) * 4294967296 + (lo >>> 0);
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** A varint as uint64 converted to the nearest double (protobuf `uint64`). */
  int64Unsigned(): number {
    const n = this.int64();
    return n < 0 ? n + 2 ** 64 : n;
  }

  /** Fails unless a nested message ended exactly at its declared length. */
  done(end: number, message: string): void {
    if (this.pos !== end) this.fail(`${message} overruns its length`);
  }

  sint32(): number {
    const n = this.varint() >>> 0;
    return (n >>> 1) ^ -(n & 1);
  }

  ensure(n: number): number {
    const at = this.pos;
    if (at + n > this.buf.length) this.fail(`field of ${n} bytes runs past the end of the message`);
    this.pos = at + n;
    return at;
  }

  fixed32(): number {
    return this.view.getUint32(this.ensure(4), true);
  }

  /** fixed64 as a decimal string, exact. */
  fixed64String(): string {
    const at = this.ensure(8);
    return u64ToDecimal(this.view.getUint32(at, true), this.view.getUint32(at + 4, true));
  }

  /** fixed64 as the nearest double. */
  fixed64Number(): number {
    const at = this.ensure(8);
    return this.view.getUint32(at + 4, true) * 4294967296 + this.view.getUint32(at, true);
  }

  /** sfixed64 as the nearest double. */
  sfixed64Number(): number {
    const at = this.ensure(8);
    return this.view.getInt32(at + 4, true) * 4294967296 + this.view.getUint32(at, true);
  }

  double(): number {
    return this.view.getFloat64(this.ensure(8), true);
  }

  /** The end offset of a length-delimited field starting here. */
  lenEnd(): number {
    const n = this.varint();
    const end = this.pos + n;
    if (end > this.buf.length) this.fail(`length ${n} runs past the end of the message`);
    return end;
  }

  string(): string {
    const end = this.lenEnd();
    const start = this.pos;
    this.pos = end;
    const n = end - start;
    if (n === 0) return '';
    if (n > INTERN_MAX_LENGTH) return utf8.decode(this.buf.subarray(start, end));
    // Short ASCII strings (attribute keys, names, enum-like values) repeat from record to record: share one
    // string per distinct value instead of allocating it again for every record.
    const buf = this.buf;
    let h = n;
    for (let i = start; i < end; i++) {
      const c = buf[i] as number;
      if (c >= 0x80) return utf8.decode(buf.subarray(start, end));
      h = Math.imul(h ^ c, 16777619);
    }
    const slot = h & (INTERN_SLOTS - 1);
    const cached = interned[slot];
    if (cached !== undefined && cached.length === n) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (cached.charCodeAt(i) !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return cached;
    }
    const s = String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
    interned[slot] = s;
    return s;
  }

  /**
   * A trace or span id of `size` bytes as lower-case hex, or undefined when empty or all zero (unset).
   * Another length fails, as in the collector.
   */
  hexId(size: 8 | 16, what: string): string | undefined {
    const end = this.lenEnd();
    if (end !== this.pos && end - this.pos !== size) {
      this.fail(`${what} is ${end - this.pos} bytes, expected ${size} (or none)`);
    }
    let s = '';
    let zero = true;
    for (let i = this.pos; i < end; i++) {
      const b = this.buf[i] as number;
      if (b !== 0) zero = false;
      s += HEX[b];
    }
    this.pos = end;
    return zero ? undefined : s;
  }

  base64(): string {
    const end = this.lenEnd();
    const s = Buffer.from(this.buf.buffer, this.buf.byteOffset + this.pos, end - this.pos).toString('base64');
    this.pos = end;
    return s;
  }

  /** Skips an unknown field of wire type `wt`. */
  skip(wt: number, field: number, message: string): void {
    switch (wt) {
      case VARINT:
        this.varint();
        return;
      case I64:
        this.ensure(8);
        return;
      case LEN:
        this.pos = this.lenEnd();
        return;
      case I32:
        this.ensure(4);
        return;
      default:
        this.fail(
          `invalid wire type ${wt} for field ${field} of ${message}${wt === 3 || wt === 4 ? ' (groups are not accepted)' : ''}`,
        );
    }
  }

  /** Reads a tag; fails on field number 0. Returns `field * 8 + wireType`. */
  tag(message: string): number {
    const tag = this.varint();
    if (tag < 8) this.fail(`invalid field number 0 in ${message}`);
    return tag;
  }

  expect(wt: number, want: number, field: string, message: string): void {
    if (wt !== want) this.fail(`${message}.${field} has wire type ${wt}, expected ${want}`);
  }
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

/** Repeated numbers: packed (LEN) or one at a time. */
function repeated(c: Cursor, wt: number, one: number, read: () => number, out: number[], name: string): void {
  if (wt === LEN) {
    const end = c.lenEnd();
    while (c.pos < end) out.push(read());
    if (c.pos !== end) c.fail(`packed ${name} overruns its length`);
  } else {
    c.expect(wt, one, name, 'packed field');
    out.push(read());
  }
}

function anyValue(c: Cursor, end: number): OtlpValue {
  let v: OtlpValue = { type: 'empty' };
  while (c.pos < end) {
    const tag = c.tag('AnyValue');
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        c.expect(wt, LEN, 'string_value', 'AnyValue');
        v = { type: 'string', value: c.string() };
        break;
      case 2:
        c.expect(wt, VARINT, 'bool_value', 'AnyValue');
        v = { type: 'bool', value: c.varint() !== 0 };
        break;
      case 3:
        c.expect(wt, VARINT, 'int_value', 'AnyValue');
        v = { type: 'int', value: c.int64() };
        break;
      case 4:
        c.expect(wt, I64, 'double_value', 'AnyValue');
        v = { type: 'double', value: c.double() };
        break;
      case 5: {
        c.expect(wt, LEN, 'array_value', 'AnyValue');
        const e = c.lenEnd();
        const values: OtlpValue[] = [];
        while (c.pos < e) {
          const t = c.tag('ArrayValue');
          if (t >>> 3 === 1) {
            c.expect(t & 7, LEN, 'values', 'ArrayValue');
            values.push(anyValue(c, c.lenEnd()));
          } else c.skip(t & 7, t >>> 3, 'ArrayValue');
        }
        c.done(e, 'ArrayValue');
        v = { type: 'array', value: values };
        break;
      }
      case 6: {
        c.expect(wt, LEN, 'kvlist_value', 'AnyValue');
        const e = c.lenEnd();
        const values: OtlpAttributes = {};
        while (c.pos < e) {
          const t = c.tag('KeyValueList');
          if (t >>> 3 === 1) {
            c.expect(t & 7, LEN, 'values', 'KeyValueList');
            keyValue(c, c.lenEnd(), values);
          } else c.skip(t & 7, t >>> 3, 'KeyValueList');
        }
        c.done(e, 'KeyValueList');
        v = { type: 'kvlist', value: values };
        break;
      }
      case 7:
        c.expect(wt, LEN, 'bytes_value', 'AnyValue');
        v = { type: 'bytes', value: c.base64() };
        break;
      default:
        c.skip(wt, tag >>> 3, 'AnyValue');
    }
  }
  c.done(end, 'AnyValue');
  return v;
}

const EMPTY: OtlpValue = { type: 'empty' };

/** Sets one attribute; `__proto__` and other special keys become own data properties. */
export function setAttribute(out: OtlpAttributes, key: string, value: OtlpValue): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  } else out[key] = value;
}

function keyValue(c: Cursor, end: number, out: OtlpAttributes): void {
  let key: string | undefined;
  let value: OtlpValue | undefined;
  while (c.pos < end) {
    const tag = c.tag('KeyValue');
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1) {
      c.expect(wt, LEN, 'key', 'KeyValue');
      key = c.string();
    } else if (field === 2) {
      c.expect(wt, LEN, 'value', 'KeyValue');
      value = anyValue(c, c.lenEnd());
    } else c.skip(wt, field, 'KeyValue');
  }
  c.done(end, 'KeyValue');
  // as the OTLP/JSON form of the generated module has it: a key not on the wire (empty) is dropped
  if (key !== undefined) setAttribute(out, key, value ?? { ...EMPTY });
}

/** Reads a `KeyValue` (field wire type already checked by the caller's switch). */
function attributeField(c: Cursor, wt: number, out: OtlpAttributes, message: string): void {
  c.expect(wt, LEN, 'attributes', message);
  keyValue(c, c.lenEnd(), out);
}

function resource(c: Cursor, end: number): OtlpAttributes {
  const attributes: OtlpAttributes = {};
  while (c.pos < end) {
    const tag = c.tag('Resource');
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1) attributeField(c, wt, attributes, 'Resource');
    else if (field === 2) {
      c.expect(wt, VARINT, 'dropped_attributes_count', 'Resource');
      c.varint();
    } else if (field === 3) {
      c.expect(wt, LEN, 'entity_refs', 'Resource');
      c.pos = c.lenEnd();
    } else c.skip(wt, field, 'Resource');
  }
  c.done(end, 'Resource');
  return attributes;
}

function scope(c: Cursor, end: number): OtlpScope {
  const s: OtlpScope = { name: '', attributes: {} };
  while (c.pos < end) {
    const tag = c.tag('InstrumentationScope');
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        c.expect(wt, LEN, 'name', 'InstrumentationScope');
        s.name = c.string();
        break;
      case 2: {
        c.expect(wt, LEN, 'version', 'InstrumentationScope');
        const v = c.string();
        if (v !== '') s.version = v;
        else delete s.version;
        break;
      }
      case 3:
        attributeField(c, wt, s.attributes, 'InstrumentationScope');
        break;
      case 4:
        c.expect(wt, VARINT, 'dropped_attributes_count', 'InstrumentationScope');
        c.varint();
        break;
      default:
        c.skip(wt, tag >>> 3, 'InstrumentationScope');
    }
  }
  c.done(end, 'InstrumentationScope');
  return s;
}

/**
 * One `Resource*` message: its resource, schema_url and the `Scope*` messages, whose ranges are collected
 * first because schema_url (field 3) may come after them on the wire.
 */
function resourceEnvelope(
  c: Cursor,
  end: number,
  message: string,
  scopeField: string,
): { resource: OtlpResource; scopes: [number, number][] } {
  let attributes: OtlpAttributes = {};
  let schemaUrl = '';
  const scopes: [number, number][] = [];
  while (c.pos < end) {
    const tag = c.tag(message);
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        c.expect(wt, LEN, 'resource', message);
        attributes = resource(c, c.lenEnd());
        break;
      case 2: {
        c.expect(wt, LEN, scopeField, message);
        const e = c.lenEnd();
        scopes.push([c.pos, e]);
        c.pos = e;
        break;
      }
      case 3:
        c.expect(wt, LEN, 'schema_url', message);
        schemaUrl = c.string();
        break;
      default:
        c.skip(wt, tag >>> 3, message);
    }
  }
  c.done(end, message);
  const r: OtlpResource = { attributes };
  if (schemaUrl !== '') r.schemaUrl = schemaUrl;
  return { resource: r, scopes };
}

/** One `Scope*` message: the scope, schema_url, and the ranges of its items (field 2). */
function scopeEnvelope(c: Cursor, end: number, message: string, itemField: string): [OtlpScope, number[]] {
  let s: OtlpScope | undefined;
  let schemaUrl = '';
  const items: number[] = [];
  while (c.pos < end) {
    const tag = c.tag(message);
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        c.expect(wt, LEN, 'scope', message);
        s = scope(c, c.lenEnd());
        break;
      case 2: {
        c.expect(wt, LEN, itemField, message);
        const e = c.lenEnd();
        items.push(c.pos, e);
        c.pos = e;
        break;
      }
      case 3:
        c.expect(wt, LEN, 'schema_url', message);
        schemaUrl = c.string();
        break;
      default:
        c.skip(wt, tag >>> 3, message);
    }
  }
  c.done(end, message);
  const sc = s ?? { name: '', attributes: {} };
  if (schemaUrl !== '') sc.schemaUrl = schemaUrl;
  return [sc, items];
}

/** Walks `Export*ServiceRequest` → `Resource*` → `Scope*` → items, calling `item` for each item range. */
function walk(
  c: Cursor,
  names: [request: string, resource: string, scopeField: string, scope: string, itemField: string],
  item: (resource: OtlpResource, scope: OtlpScope, end: number) => void,
): void {
  const [requestName, resourceName, scopeField, scopeName, itemField] = names;
  const end = c.buf.length;
  while (c.pos < end) {
    const tag = c.tag(requestName);
    const wt = tag & 7;
    if (tag >>> 3 !== 1) {
      c.skip(wt, tag >>> 3, requestName);
      continue;
    }
    c.expect(wt, LEN, 'resource_*', requestName);
    const rEnd = c.lenEnd();
    const { resource: res, scopes } = resourceEnvelope(c, rEnd, resourceName, scopeField);
    for (const [sStart, sEnd] of scopes) {
      c.pos = sStart;
      const [sc, items] = scopeEnvelope(c, sEnd, scopeName, itemField);
      for (let i = 0; i < items.length; i += 2) {
        c.pos = items[i] as number;
        item(res, sc, items[i + 1] as number);
      }
    }
    c.pos = rEnd;
  }
  c.done(end, requestName);
}

function logRecord(
  c: Cursor,
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
  while (c.pos < end) {
    const tag = c.tag('LogRecord');
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        c.expect(wt, I64, 'time_unix_nano', 'LogRecord');
        time = c.fixed64String();
        break;
      case 11:
        c.expect(wt, I64, 'observed_time_unix_nano', 'LogRecord');
        observed = c.fixed64String();
        break;
      case 2:
        c.expect(wt, VARINT, 'severity_number', 'LogRecord');
        severityNumber = c.int32();
        break;
      case 3:
        c.expect(wt, LEN, 'severity_text', 'LogRecord');
        severityText = c.string();
        break;
      case 5:
        c.expect(wt, LEN, 'body', 'LogRecord');
        body = anyValue(c, c.lenEnd());
        break;
      case 6:
        attributeField(c, wt, attributes, 'LogRecord');
        break;
      case 7:
        c.expect(wt, VARINT, 'dropped_attributes_count', 'LogRecord');
        c.varint();
        break;
      case 8:
        c.expect(wt, I32, 'flags', 'LogRecord');
        flags = c.fixed32();
        break;
      case 9:
        c.expect(wt, LEN, 'trace_id', 'LogRecord');
        traceId = c.hexId(16, 'trace_id');
        break;
      case 10:
        c.expect(wt, LEN, 'span_id', 'LogRecord');
        spanId = c.hexId(8, 'span_id');
        break;
      case 12:
        c.expect(wt, LEN, 'event_name', 'LogRecord');
        eventName = c.string();
        break;
      default:
        c.skip(wt, tag >>> 3, 'LogRecord');
    }
  }
  c.done(end, 'LogRecord');
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

function buckets(c: Cursor, end: number): { offset: number; bucketCounts: number[] } {
  const b = { offset: 0, bucketCounts: [] as number[] };
  const read = () => c.int64Unsigned();
  while (c.pos < end) {
    const tag = c.tag('Buckets');
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1) {
      c.expect(wt, VARINT, 'offset', 'Buckets');
      b.offset = c.sint32();
    } else if (field === 2) repeated(c, wt, VARINT, read, b.bucketCounts, 'Buckets.bucket_counts');
    else c.skip(wt, field, 'Buckets');
  }
  c.done(end, 'Buckets');
  return b;
}

function exemplar(c: Cursor, end: number): void {
  while (c.pos < end) {
    const tag = c.tag('Exemplar');
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 7) attributeField(c, wt, {}, 'Exemplar');
    else if (field === 2 || field === 3 || field === 6) {
      c.expect(wt, I64, field === 2 ? 'time_unix_nano' : field === 3 ? 'as_double' : 'as_int', 'Exemplar');
      c.ensure(8);
    } else if (field === 4 || field === 5) {
      c.expect(wt, LEN, field === 4 ? 'span_id' : 'trace_id', 'Exemplar');
      c.hexId(field === 4 ? 8 : 16, field === 4 ? 'Exemplar.span_id' : 'Exemplar.trace_id');
    } else c.skip(wt, field, 'Exemplar');
  }
  c.done(end, 'Exemplar');
}

function dataPoint(c: Cursor, end: number, type: OtlpMetricType, point: OtlpMetricPoint): void {
  const name = `${type} data point`;
  const attributesField = type === 'histogram' ? 9 : type === 'exponentialHistogram' ? 1 : 7;
  const flagsField = type === 'histogram' || type === 'exponentialHistogram' ? 10 : 8;
  const bucketCounts: number[] = [];
  const explicitBounds: number[] = [];
  const quantiles: { quantile: number; value: number }[] = [];
  let asInt: number | undefined;
  let asDouble: number | undefined;
  let flags = 0;
  while (c.pos < end) {
    const tag = c.tag(name);
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === attributesField) {
      attributeField(c, wt, point.attributes, name);
      continue;
    }
    if (field === flagsField) {
      c.expect(wt, VARINT, 'flags', name);
      flags = c.varint() >>> 0;
      continue;
    }
    if (field === 2 || field === 3) {
      c.expect(wt, I64, field === 2 ? 'start_time_unix_nano' : 'time_unix_nano', name);
      if (field === 2) point.startTimeUnixNano = c.fixed64String();
      else point.timeUnixNano = c.fixed64String();
      continue;
    }
    if (type === 'gauge' || type === 'sum') {
      if (field === 4) {
        c.expect(wt, I64, 'as_double', name);
        asDouble = c.double();
        asInt = undefined;
      } else if (field === 6) {
        c.expect(wt, I64, 'as_int', name);
        asInt = c.sfixed64Number();
        asDouble = undefined;
      } else if (field === 5) {
        c.expect(wt, LEN, 'exemplars', name);
        exemplar(c, c.lenEnd());
      } else c.skip(wt, field, name);
      continue;
    }
    // histogram, exponentialHistogram, summary
    if (field === 4) {
      c.expect(wt, I64, 'count', name);
      point.count = c.fixed64Number();
    } else if (field === 5) {
      c.expect(wt, I64, 'sum', name);
      point.sum = c.double();
    } else if (type === 'histogram') {
      if (field === 6) repeated(c, wt, I64, () => c.fixed64Number(), bucketCounts, 'bucket_counts');
      else if (field === 7) repeated(c, wt, I64, () => c.double(), explicitBounds, 'explicit_bounds');
      else if (field === 8) {
        c.expect(wt, LEN, 'exemplars', name);
        exemplar(c, c.lenEnd());
      } else if (field === 11 || field === 12) {
        c.expect(wt, I64, field === 11 ? 'min' : 'max', name);
        if (field === 11) point.min = c.double();
        else point.max = c.double();
      } else c.skip(wt, field, name);
    } else if (type === 'exponentialHistogram') {
      if (field === 6) {
        c.expect(wt, VARINT, 'scale', name);
        point.scale = c.sint32();
      } else if (field === 7) {
        c.expect(wt, I64, 'zero_count', name);
        point.zeroCount = c.fixed64Number();
      } else if (field === 8 || field === 9) {
        c.expect(wt, LEN, field === 8 ? 'positive' : 'negative', name);
        const b = buckets(c, c.lenEnd());
        if (field === 8) point.positive = b;
        else point.negative = b;
      } else if (field === 11) {
        c.expect(wt, LEN, 'exemplars', name);
        exemplar(c, c.lenEnd());
      } else if (field === 12 || field === 13 || field === 14) {
        c.expect(wt, I64, field === 12 ? 'min' : field === 13 ? 'max' : 'zero_threshold', name);
        const v = c.double();
        if (field === 12) point.min = v;
        else if (field === 13) point.max = v;
      } else c.skip(wt, field, name);
    } else if (field === 6) {
      c.expect(wt, LEN, 'quantile_values', name);
      const e = c.lenEnd();
      const q = { quantile: 0, value: 0 };
      while (c.pos < e) {
        const t = c.tag('ValueAtQuantile');
        const f = t >>> 3;
        if (f === 1 || f === 2) {
          c.expect(t & 7, I64, f === 1 ? 'quantile' : 'value', 'ValueAtQuantile');
          if (f === 1) q.quantile = c.double();
          else q.value = c.double();
        } else c.skip(t & 7, f, 'ValueAtQuantile');
      }
      c.done(e, 'ValueAtQuantile');
      quantiles.push(q);
    } else c.skip(wt, field, name);
  }
  c.done(end, name);
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
  c: Cursor,
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
  while (c.pos < end) {
    const tag = c.tag('Metric');
    const wt = tag & 7;
    const field = tag >>> 3;
    switch (field) {
      case 1:
        c.expect(wt, LEN, 'name', 'Metric');
        name = c.string();
        break;
      case 2:
        c.expect(wt, LEN, 'description', 'Metric');
        description = c.string();
        break;
      case 3:
        c.expect(wt, LEN, 'unit', 'Metric');
        unit = c.string();
        break;
      case 5:
      case 7:
      case 9:
      case 10:
      case 11: {
        type = METRIC_TYPES[field] as OtlpMetricType;
        c.expect(wt, LEN, type, 'Metric');
        dataEnd = c.lenEnd();
        dataStart = c.pos;
        c.pos = dataEnd;
        break;
      }
      case 12:
        attributeField(c, wt, {}, 'Metric.metadata');
        break;
      default:
        c.skip(wt, field, 'Metric');
    }
  }
  c.done(end, 'Metric');
  if (type === undefined) return;
  const after = c.pos;
  c.pos = dataStart;
  let temporalityNumber = 0;
  let monotonic = false;
  const points: [number, number][] = [];
  const dataName = type;
  while (c.pos < dataEnd) {
    const tag = c.tag(dataName);
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1) {
      c.expect(wt, LEN, 'data_points', dataName);
      const e = c.lenEnd();
      points.push([c.pos, e]);
      c.pos = e;
    } else if (field === 2 && type !== 'gauge' && type !== 'summary') {
      c.expect(wt, VARINT, 'aggregation_temporality', dataName);
      temporalityNumber = c.int32();
    } else if (field === 3 && type === 'sum') {
      c.expect(wt, VARINT, 'is_monotonic', dataName);
      monotonic = c.varint() !== 0;
    } else c.skip(wt, field, dataName);
  }
  c.done(dataEnd, dataName);
  const temporality =
    type === 'sum' || type === 'histogram' || type === 'exponentialHistogram'
      ? (TEMPORALITY[temporalityNumber] ?? 'unspecified')
      : undefined;
  for (const [pStart, pEnd] of points) {
    c.pos = pStart;
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
    dataPoint(c, pEnd, type, point);
    out.push(point);
  }
  c.pos = after;
}

const SPAN_KINDS: OtlpSpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

function spanEvent(c: Cursor, end: number): OtlpSpan['events'][number] {
  const e = { name: '', timeUnixNano: '0', attributes: {} as OtlpAttributes };
  while (c.pos < end) {
    const tag = c.tag('Span.Event');
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1) {
      c.expect(wt, I64, 'time_unix_nano', 'Span.Event');
      e.timeUnixNano = c.fixed64String();
    } else if (field === 2) {
      c.expect(wt, LEN, 'name', 'Span.Event');
      e.name = c.string();
    } else if (field === 3) attributeField(c, wt, e.attributes, 'Span.Event');
    else if (field === 4) {
      c.expect(wt, VARINT, 'dropped_attributes_count', 'Span.Event');
      c.varint();
    } else c.skip(wt, field, 'Span.Event');
  }
  c.done(end, 'Span.Event');
  return e;
}

function spanLink(c: Cursor, end: number): OtlpSpan['links'][number] {
  let traceId: string | undefined;
  let spanId: string | undefined;
  let traceState = '';
  const attributes: OtlpAttributes = {};
  while (c.pos < end) {
    const tag = c.tag('Span.Link');
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1 || field === 2) {
      c.expect(wt, LEN, field === 1 ? 'trace_id' : 'span_id', 'Span.Link');
      if (field === 1) traceId = c.hexId(16, 'trace_id');
      else spanId = c.hexId(8, 'span_id');
    } else if (field === 3) {
      c.expect(wt, LEN, 'trace_state', 'Span.Link');
      traceState = c.string();
    } else if (field === 4) attributeField(c, wt, attributes, 'Span.Link');
    else if (field === 5) {
      c.expect(wt, VARINT, 'dropped_attributes_count', 'Span.Link');
      c.varint();
    } else if (field === 6) {
      c.expect(wt, I32, 'flags', 'Span.Link');
      c.fixed32();
    } else c.skip(wt, field, 'Span.Link');
  }
  c.done(end, 'Span.Link');
  const link: OtlpSpan['links'][number] = { traceId: traceId ?? '', spanId: spanId ?? '', attributes };
  if (traceState !== '') link.traceState = traceState;
  return link;
}

function span(
  c: Cursor,
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
  while (c.pos < end) {
    const tag = c.tag('Span');
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        c.expect(wt, LEN, 'trace_id', 'Span');
        traceId = c.hexId(16, 'trace_id');
        break;
      case 2:
        c.expect(wt, LEN, 'span_id', 'Span');
        spanId = c.hexId(8, 'span_id');
        break;
      case 3:
        c.expect(wt, LEN, 'trace_state', 'Span');
        traceState = c.string();
        break;
      case 4:
        c.expect(wt, LEN, 'parent_span_id', 'Span');
        parentSpanId = c.hexId(8, 'parent_span_id');
        break;
      case 16:
        c.expect(wt, I32, 'flags', 'Span');
        flags = c.fixed32();
        break;
      case 5:
        c.expect(wt, LEN, 'name', 'Span');
        name = c.string();
        break;
      case 6:
        c.expect(wt, VARINT, 'kind', 'Span');
        kind = c.int32();
        break;
      case 7: {
        c.expect(wt, I64, 'start_time_unix_nano', 'Span');
        const at = c.ensure(8);
        startLo = c.view.getUint32(at, true);
        startHi = c.view.getUint32(at + 4, true);
        start = u64ToDecimal(startLo, startHi);
        break;
      }
      case 8: {
        c.expect(wt, I64, 'end_time_unix_nano', 'Span');
        const at = c.ensure(8);
        endLo = c.view.getUint32(at, true);
        endHi = c.view.getUint32(at + 4, true);
        endTime = u64ToDecimal(endLo, endHi);
        break;
      }
      case 9:
        attributeField(c, wt, attributes, 'Span');
        break;
      case 10:
      case 12:
      case 14:
        c.expect(wt, VARINT, 'dropped_*_count', 'Span');
        c.varint();
        break;
      case 11:
        c.expect(wt, LEN, 'events', 'Span');
        events.push(spanEvent(c, c.lenEnd()));
        break;
      case 13:
        c.expect(wt, LEN, 'links', 'Span');
        links.push(spanLink(c, c.lenEnd()));
        break;
      case 15: {
        c.expect(wt, LEN, 'status', 'Span');
        const e = c.lenEnd();
        statusCode = 0;
        statusMessage = '';
        while (c.pos < e) {
          const t = c.tag('Status');
          const f = t >>> 3;
          if (f === 2) {
            c.expect(t & 7, LEN, 'message', 'Status');
            statusMessage = c.string();
          } else if (f === 3) {
            c.expect(t & 7, VARINT, 'code', 'Status');
            statusCode = c.int32();
          } else c.skip(t & 7, f, 'Status');
        }
        c.done(e, 'Status');
        break;
      }
      default:
        c.skip(wt, tag >>> 3, 'Span');
    }
  }
  c.done(end, 'Span');
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
  const c = new Cursor(body);
  const out: OtlpRecord[] = [];
  if (signal === 'logs') {
    walk(
      c,
      ['ExportLogsServiceRequest', 'ResourceLogs', 'scope_logs', 'ScopeLogs', 'log_records'],
      (res, sc, end) => logRecord(c, end, res, sc, request, out),
    );
  } else if (signal === 'metrics') {
    walk(
      c,
      ['ExportMetricsServiceRequest', 'ResourceMetrics', 'scope_metrics', 'ScopeMetrics', 'metrics'],
      (res, sc, end) => metric(c, end, res, sc, request, out),
    );
  } else {
    walk(
      c,
      ['ExportTraceServiceRequest', 'ResourceSpans', 'scope_spans', 'ScopeSpans', 'spans'],
      (res, sc, end) => span(c, end, res, sc, request, out),
    );
  }
  return out;
}
