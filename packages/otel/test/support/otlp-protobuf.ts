/**
 * A tiny protobuf reader for the OTLP messages the tests need (logs and metrics requests). Test
 * support only; the shared receiver of @agentotel/test-support replaces it when it lands.
 */

type Field = { no: number; wt: number; varint?: bigint; bytes?: Buffer };

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Number(tag >> 3n);
    const wt = Number(tag & 7n);
    if (wt === 0) {
      const [v, p2] = readVarint(buf, pos);
      pos = p2;
      out.push({ no, wt, varint: v });
    } else if (wt === 1) {
      out.push({ no, wt, bytes: buf.subarray(pos, pos + 8) });
      pos += 8;
    } else if (wt === 2) {
      const [len, p2] = readVarint(buf, pos);
      pos = p2;
      out.push({ no, wt, bytes: buf.subarray(pos, pos + Number(len)) });
      pos += Number(len);
    } else if (wt === 5) {
      out.push({ no, wt, bytes: buf.subarray(pos, pos + 4) });
      pos += 4;
    } else {
      throw new Error(`unsupported wire type ${wt}`);
    }
  }
  return out;
}

const all = (fs: Field[], no: number) => fs.filter((f) => f.no === no);
const one = (fs: Field[], no: number) => fs.find((f) => f.no === no);
const str = (f: Field | undefined) => (f?.bytes ? f.bytes.toString('utf8') : undefined);

/** A decoded attribute value with its OTLP type. */
export type TypedValue =
  | { type: 'string'; value: string }
  | { type: 'int'; value: number }
  | { type: 'double'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'other'; value: unknown };

function anyValue(buf: Buffer): TypedValue {
  const fs = fields(buf);
  const f = fs[0];
  if (!f) return { type: 'other', value: undefined };
  switch (f.no) {
    case 1:
      return { type: 'string', value: f.bytes!.toString('utf8') };
    case 2:
      return { type: 'bool', value: f.varint !== 0n };
    case 3:
      return { type: 'int', value: Number(BigInt.asIntN(64, f.varint!)) };
    case 4:
      return { type: 'double', value: f.bytes!.readDoubleLE(0) };
    default:
      return { type: 'other', value: f.bytes };
  }
}

function keyValues(fs: Field[], no: number): Record<string, TypedValue> {
  const out: Record<string, TypedValue> = {};
  for (const kv of all(fs, no)) {
    const kvf = fields(kv.bytes!);
    const key = str(one(kvf, 1)) ?? '';
    const v = one(kvf, 2);
    out[key] = v?.bytes ? anyValue(v.bytes) : { type: 'other', value: undefined };
  }
  return out;
}

/** One received log record, normalised across JSON and protobuf. */
export interface ReceivedLog {
  resource: Record<string, TypedValue>;
  scope: string;
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string | undefined;
  eventName: string | undefined;
  attributes: Record<string, TypedValue>;
}

/** One received metric point, normalised across JSON and protobuf. */
export interface ReceivedMetricPoint {
  resource: Record<string, TypedValue>;
  scope: string;
  name: string;
  unit: string;
  kind: 'sum' | 'histogram' | 'gauge' | 'other';
  /** 1 = delta, 2 = cumulative */
  temporality: number;
  attributes: Record<string, TypedValue>;
  /** Sum value, or histogram count. */
  value: number;
  /** Histogram sum. */
  sum?: number;
}

/** Decodes `ExportLogsServiceRequest` protobuf bytes. */
export function decodeLogsProto(buf: Buffer): ReceivedLog[] {
  const out: ReceivedLog[] = [];
  for (const rl of all(fields(buf), 1)) {
    const rlf = fields(rl.bytes!);
    const resBytes = one(rlf, 1)?.bytes;
    const resource = resBytes ? keyValues(fields(resBytes), 1) : {};
    for (const sl of all(rlf, 2)) {
      const slf = fields(sl.bytes!);
      const scopeBytes = one(slf, 1)?.bytes;
      const scope = scopeBytes ? (str(one(fields(scopeBytes), 1)) ?? '') : '';
      for (const lr of all(slf, 2)) {
        const f = fields(lr.bytes!);
        out.push({
          resource,
          scope,
          timeUnixNano: one(f, 1)?.bytes?.readBigUInt64LE(0) ?? 0n,
          observedTimeUnixNano: one(f, 11)?.bytes?.readBigUInt64LE(0) ?? 0n,
          severityNumber: Number(one(f, 2)?.varint ?? 0n),
          severityText: str(one(f, 3)),
          eventName: str(one(f, 12)),
          attributes: keyValues(f, 6),
        });
      }
    }
  }
  return out;
}

/** Decodes `ExportMetricsServiceRequest` protobuf bytes (sums and histograms). */
export function decodeMetricsProto(buf: Buffer): ReceivedMetricPoint[] {
  const out: ReceivedMetricPoint[] = [];
  for (const rm of all(fields(buf), 1)) {
    const rmf = fields(rm.bytes!);
    const resBytes = one(rmf, 1)?.bytes;
    const resource = resBytes ? keyValues(fields(resBytes), 1) : {};
    for (const sm of all(rmf, 2)) {
      const smf = fields(sm.bytes!);
      const scopeBytes = one(smf, 1)?.bytes;
      const scope = scopeBytes ? (str(one(fields(scopeBytes), 1)) ?? '') : '';
      for (const m of all(smf, 2)) {
        const mf = fields(m.bytes!);
        const name = str(one(mf, 1)) ?? '';
        const unit = str(one(mf, 3)) ?? '';
        const sum = one(mf, 7);
        const hist = one(mf, 9);
        if (sum?.bytes) {
          const sf = fields(sum.bytes);
          const temporality = Number(one(sf, 2)?.varint ?? 0n);
          for (const dp of all(sf, 1)) {
            const df = fields(dp.bytes!);
            const asDouble = one(df, 4)?.bytes?.readDoubleLE(0);
            const asInt = one(df, 6)?.bytes ? Number(one(df, 6)!.bytes!.readBigInt64LE(0)) : undefined;
            out.push({
              resource,
              scope,
              name,
              unit,
              kind: 'sum',
              temporality,
              attributes: keyValues(df, 7),
              value: asInt ?? asDouble ?? 0,
            });
          }
        } else if (hist?.bytes) {
          const hf = fields(hist.bytes);
          const temporality = Number(one(hf, 2)?.varint ?? 0n);
          for (const dp of all(hf, 1)) {
            const df = fields(dp.bytes!);
            out.push({
              resource,
              scope,
              name,
              unit,
              kind: 'histogram',
              temporality,
              attributes: keyValues(df, 9),
              value: Number(one(df, 4)?.bytes?.readBigUInt64LE(0) ?? 0n),
              sum: one(df, 5)?.bytes?.readDoubleLE(0),
            });
          }
        } else {
          out.push({ resource, scope, name, unit, kind: 'other', temporality: 0, attributes: {}, value: 0 });
        }
      }
    }
  }
  return out;
}

// ---- JSON (OTLP/HTTP JSON encoding) ----

type Json = any;

function jsonValue(v: Json): TypedValue {
  if (v == null) return { type: 'other', value: undefined };
  if ('stringValue' in v) return { type: 'string', value: v.stringValue };
  if ('intValue' in v) return { type: 'int', value: Number(v.intValue) };
  if ('doubleValue' in v) return { type: 'double', value: Number(v.doubleValue) };
  if ('boolValue' in v) return { type: 'bool', value: Boolean(v.boolValue) };
  return { type: 'other', value: v };
}

function jsonAttrs(list: Json[] | undefined): Record<string, TypedValue> {
  const out: Record<string, TypedValue> = {};
  for (const kv of list ?? []) out[kv.key] = jsonValue(kv.value);
  return out;
}

/** Decodes an OTLP/JSON `ExportLogsServiceRequest`. */
export function decodeLogsJson(body: Json): ReceivedLog[] {
  const out: ReceivedLog[] = [];
  for (const rl of body.resourceLogs ?? []) {
    const resource = jsonAttrs(rl.resource?.attributes);
    for (const sl of rl.scopeLogs ?? []) {
      for (const lr of sl.logRecords ?? []) {
        out.push({
          resource,
          scope: sl.scope?.name ?? '',
          timeUnixNano: BigInt(lr.timeUnixNano ?? 0),
          observedTimeUnixNano: BigInt(lr.observedTimeUnixNano ?? 0),
          severityNumber: Number(lr.severityNumber ?? 0),
          severityText: lr.severityText,
          eventName: lr.eventName,
          attributes: jsonAttrs(lr.attributes),
        });
      }
    }
  }
  return out;
}

/** Decodes an OTLP/JSON `ExportMetricsServiceRequest` (sums and histograms). */
export function decodeMetricsJson(body: Json): ReceivedMetricPoint[] {
  const out: ReceivedMetricPoint[] = [];
  for (const rm of body.resourceMetrics ?? []) {
    const resource = jsonAttrs(rm.resource?.attributes);
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const common = { resource, scope: sm.scope?.name ?? '', name: m.name, unit: m.unit ?? '' };
        if (m.sum) {
          for (const dp of m.sum.dataPoints ?? []) {
            out.push({
              ...common,
              kind: 'sum',
              temporality: Number(m.sum.aggregationTemporality),
              attributes: jsonAttrs(dp.attributes),
              value: Number(dp.asInt ?? dp.asDouble ?? 0),
            });
          }
        } else if (m.histogram) {
          for (const dp of m.histogram.dataPoints ?? []) {
            out.push({
              ...common,
              kind: 'histogram',
              temporality: Number(m.histogram.aggregationTemporality),
              attributes: jsonAttrs(dp.attributes),
              value: Number(dp.count ?? 0),
              sum: dp.sum === undefined ? undefined : Number(dp.sum),
            });
          }
        }
      }
    }
  }
  return out;
}
