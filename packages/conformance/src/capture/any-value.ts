/**
 * An OTLP attribute value in its OTLP/JSON form (`opentelemetry.proto.common.v1.AnyValue`).
 * `intValue` is kept as a decimal string so 64-bit values survive.
 *
 * @see https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 */
export type AnyValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { bytesValue: string }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } }
  | Record<string, never>;

/** An OTLP key/value pair. */
export interface KeyValue {
  key: string;
  value: AnyValue;
}

/** Attributes by key. */
export type Attributes = Record<string, AnyValue>;

/** Normalises any OTLP/JSON or protobufjs-decoded AnyValue-like object into {@link AnyValue}. */
export function normalizeAnyValue(v: unknown): AnyValue {
  if (v === null || v === undefined || typeof v !== 'object') {
    if (typeof v === 'string') return { stringValue: v };
    if (typeof v === 'boolean') return { boolValue: v };
    if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
    return {};
  }
  const o = v as Record<string, unknown>;
  if ('stringValue' in o && o.stringValue !== undefined && o.stringValue !== null)
    return { stringValue: String(o.stringValue) };
  if ('intValue' in o && o.intValue !== undefined && o.intValue !== null)
    return { intValue: longToString(o.intValue) };
  if ('doubleValue' in o && o.doubleValue !== undefined && o.doubleValue !== null)
    return { doubleValue: Number(o.doubleValue) };
  if ('boolValue' in o && o.boolValue !== undefined && o.boolValue !== null)
    return { boolValue: Boolean(o.boolValue) };
  if ('bytesValue' in o && o.bytesValue !== undefined && o.bytesValue !== null)
    return {
      bytesValue:
        typeof o.bytesValue === 'string'
          ? o.bytesValue
          : Buffer.from(o.bytesValue as Uint8Array).toString('base64'),
    };
  if ('arrayValue' in o && o.arrayValue) {
    const values = ((o.arrayValue as { values?: unknown[] }).values ?? []).map(normalizeAnyValue);
    return { arrayValue: { values } };
  }
  if ('kvlistValue' in o && o.kvlistValue) {
    const values = ((o.kvlistValue as { values?: unknown[] }).values ?? []).map(normalizeKeyValue);
    return { kvlistValue: { values } };
  }
  return {};
}

/** Normalises one OTLP KeyValue. */
export function normalizeKeyValue(kv: unknown): KeyValue {
  const o = (kv ?? {}) as { key?: unknown; value?: unknown };
  return { key: String(o.key ?? ''), value: normalizeAnyValue(o.value) };
}

/** Converts an OTLP attribute list into a map (a repeated key keeps its last value). */
export function attributesFromList(list: unknown): Attributes {
  const out: Attributes = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    const n = normalizeKeyValue(kv);
    out[n.key] = n.value;
  }
  return out;
}

function longToString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (v && typeof v === 'object' && 'low' in v && 'high' in v) {
    const l = v as { low: number; high: number; unsigned?: boolean };
    const big = (BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0);
    return String(l.unsigned ? big : BigInt.asIntN(64, big));
  }
  return String(v);
}

/** The OTLP type name of a value (`string`, `int`, `double`, `bool`, `bytes`, `array`, `kvlist`, `empty`). */
export function valueTypeName(v: AnyValue | undefined): string {
  if (!v) return 'absent';
  if ('stringValue' in v) return 'string';
  if ('intValue' in v) return 'int';
  if ('doubleValue' in v) return 'double';
  if ('boolValue' in v) return 'bool';
  if ('bytesValue' in v) return 'bytes';
  if ('arrayValue' in v) return 'array';
  if ('kvlistValue' in v) return 'kvlist';
  return 'empty';
}

/** The value as a plain JS scalar/structure (ints as numbers when safe). */
export function plainValue(v: AnyValue | undefined): unknown {
  if (!v) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : v.intValue;
  }
  if ('doubleValue' in v) return v.doubleValue;
  if ('boolValue' in v) return v.boolValue;
  if ('bytesValue' in v) return v.bytesValue;
  if ('arrayValue' in v) return v.arrayValue.values.map(plainValue);
  if ('kvlistValue' in v)
    return Object.fromEntries(v.kvlistValue.values.map((kv) => [kv.key, plainValue(kv.value)]));
  return undefined;
}

/** The value as display text with its type, e.g. `int 3` or `string "abc"`. */
export function describeValue(v: AnyValue | undefined): string {
  if (!v) return 'absent';
  const t = valueTypeName(v);
  const p = plainValue(v);
  return `${t} ${typeof p === 'string' ? JSON.stringify(p) : JSON.stringify(p)}`;
}

/** A string view of a value (numbers and booleans formatted), or `undefined` when absent. */
export function textValue(v: AnyValue | undefined): string | undefined {
  const p = plainValue(v);
  if (p === undefined) return undefined;
  return typeof p === 'string' ? p : JSON.stringify(p);
}

/** A numeric view of a value: ints, doubles and numeric strings; `undefined` otherwise. */
export function numericValue(v: AnyValue | undefined): number | undefined {
  if (!v) return undefined;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('stringValue' in v && /^-?\d+(\.\d+)?$/.test(v.stringValue.trim())) return Number(v.stringValue);
  return undefined;
}
