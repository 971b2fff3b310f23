/**
 * The normalized record model shared by the embedded OTLP receiver and the real-collector launcher.
 *
 * @see https://opentelemetry.io/docs/specs/otlp/
 * @module
 */

/** The three OTLP signals, named as in the OTLP/HTTP paths (`/v1/logs`, `/v1/metrics`, `/v1/traces`). */
export type OtlpSignal = 'logs' | 'metrics' | 'traces';

/**
 * How a request reached the receiver: OTLP/HTTP with a protobuf or JSON body, OTLP/gRPC, or read back from
 * an OTLP JSON-lines file (the collector's file exporter or {@link readOtlpJsonLines}).
 */
export type OtlpTransport = 'http/protobuf' | 'http/json' | 'grpc' | 'file';

/**
 * A typed OTLP `AnyValue`. `int` and `double` stay distinct even when the number is integral
 * (`{ type: 'double', value: 3 }` is not `{ type: 'int', value: 3 }`).
 *
 * - `int`: an OTLP int64; `value` is a JS number (exact up to 2^53).
 * - `bytes`: `value` is base64, as in OTLP/JSON.
 * - `empty`: an `AnyValue` with no value set.
 *
 * @see https://opentelemetry.io/docs/specs/otel/common/#anyvalue
 */
export type OtlpValue =
  | { type: 'string'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: number }
  | { type: 'double'; value: number }
  | { type: 'bytes'; value: string }
  | { type: 'array'; value: OtlpValue[] }
  | { type: 'kvlist'; value: OtlpAttributes }
  | { type: 'empty' };

/** Attributes by key, each a typed {@link OtlpValue}. */
export type OtlpAttributes = Record<string, OtlpValue>;

/** TLS facts about the connection that carried a request. */
export interface OtlpTlsInfo {
  /** True when the connection was TLS. */
  encrypted: boolean;
  /** Subject common name of the verified client certificate (mTLS), when one was presented. */
  clientCertificateSubject?: string;
}

/**
 * Per-request metadata: which transport, path and headers carried the records.
 * For gRPC, `headers` are the call metadata and `path` is the method path
 * (`/opentelemetry.proto.collector.logs.v1.LogsService/Export`).
 */
export interface OtlpRequestInfo {
  /** Sequence number of the request on its receiver, from 1. */
  id: number;
  transport: OtlpTransport;
  signal: OtlpSignal;
  /** HTTP path, gRPC method path, or the file path for `file`. */
  path: string;
  /** Lower-case header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  tls: OtlpTlsInfo;
  /** `gzip` when the body was compressed, else `identity`. */
  contentEncoding: 'gzip' | 'identity';
  /** Size of the body as received (compressed), in bytes. */
  bodyBytes: number;
  /** Epoch milliseconds when the request was complete. */
  receivedAtMs: number;
  /** HTTP status answered (gRPC: 200 for OK), or 0 when the connection was cut before an answer. */
  status: number;
  /** Why the request was rejected; absent on success. */
  error?: string;
  /**
   * Set when the receiver refused the request or could not complete it: the class and the reason (the
   * same text as `error`). `kind: 'malformed'` means the payload does not decode strictly: the
   * OpenTelemetry Collector refuses it too (HTTP 400 / gRPC `INVALID_ARGUMENT`). Absent on success.
   */
  rejection?: OtlpRejection;
  /** Number of normalized records taken from the request. */
  recordCount: number;
}

/**
 * Classes of refused or incomplete requests:
 *
 * - `malformed`: the body does not decode strictly (bad protobuf, bad OTLP/JSON value, bad gzip) → 400.
 * - `unsupported`: another content type or content encoding → 415.
 * - `too-large`: over `maxBodyBytes`, compressed or gunzipped → 413 / `RESOURCE_EXHAUSTED`.
 * - `unauthenticated`: a required header missing or wrong → 401 / `UNAUTHENTICATED`.
 * - `method`: not `POST` → 405.
 * - `timeout`: headers or body not complete within the receiver's timeouts → 408 and the connection closed.
 * - `incomplete`: the client closed the connection before the body was complete (no answer possible).
 */
export type OtlpRejectionKind =
  | 'malformed'
  | 'unsupported'
  | 'too-large'
  | 'unauthenticated'
  | 'method'
  | 'timeout'
  | 'incomplete';

/** Why a request was refused; see {@link OtlpRejectionKind}. */
export interface OtlpRejection {
  kind: OtlpRejectionKind;
  /** What was wrong, naming the field, header or limit at fault. */
  reason: string;
}

/**
 * A connection the OTLP/HTTP listener answered without a request (bad HTTP framing, oversized headers,
 * header timeout): HTTP 400, 431 or 408 and the connection closed; `status` 0 when no answer was possible.
 */
export interface OtlpProtocolError {
  listener: 'http' | 'grpc';
  /** The HTTP status written before closing, or 0. */
  status: number;
  /** Node's error code, e.g. `HPE_HEADER_OVERFLOW`, `HPE_INVALID_METHOD`, `ERR_HTTP_REQUEST_TIMEOUT`. */
  code: string;
  /** What was wrong. */
  reason: string;
  /** Epoch milliseconds. */
  atMs: number;
}

/** The resource a record belongs to. */
export interface OtlpResource {
  attributes: OtlpAttributes;
  schemaUrl?: string;
}

/** The instrumentation scope a record belongs to. */
export interface OtlpScope {
  name: string;
  version?: string;
  attributes: OtlpAttributes;
  schemaUrl?: string;
}

/** Fields every normalized record has. */
export interface OtlpRecordBase {
  resource: OtlpResource;
  scope: OtlpScope;
  attributes: OtlpAttributes;
  /** The request that carried it. */
  request: OtlpRequestInfo;
}

/**
 * One OTLP LogRecord. `eventName` comes from the LogRecord's `event_name` field, else the `event.name`
 * attribute, else a string body; `eventNameSource` says which.
 *
 * @see https://opentelemetry.io/docs/specs/otel/logs/data-model/
 */
export interface OtlpLogRecord extends OtlpRecordBase {
  signal: 'logs';
  eventName?: string;
  eventNameSource?: 'eventName' | 'attribute' | 'body';
  body?: OtlpValue;
  severityNumber?: number;
  severityText?: string;
  /** Nanoseconds since the epoch, as a decimal string ("0" when unset). */
  timeUnixNano: string;
  observedTimeUnixNano: string;
  /** Lower-case hex, absent when unset. */
  traceId?: string;
  spanId?: string;
  flags?: number;
}

/** Kinds of OTLP metric data. */
export type OtlpMetricType = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';

/** Aggregation temporality of sums and histograms. */
export type OtlpTemporality = 'delta' | 'cumulative' | 'unspecified';

/**
 * One metric data point with its metric's name, unit and temporality.
 *
 * - gauge/sum: `value` with `valueType` `int` or `double`.
 * - histogram: `count`, `sum`, `min`, `max`, `bucketCounts`, `explicitBounds`.
 * - exponentialHistogram: `count`, `sum`, `min`, `max`, `scale`, `zeroCount`, `positive`, `negative`.
 * - summary: `count`, `sum`, `quantiles`.
 *
 * @see https://opentelemetry.io/docs/specs/otel/metrics/data-model/
 */
export interface OtlpMetricPoint extends OtlpRecordBase {
  signal: 'metrics';
  name: string;
  description: string;
  /** UCUM unit string, `""` when none (e.g. `ms`). */
  unit: string;
  metricType: OtlpMetricType;
  /** Sums and histograms only. */
  temporality?: OtlpTemporality;
  /** Sums only. */
  monotonic?: boolean;
  startTimeUnixNano: string;
  timeUnixNano: string;
  value?: number;
  valueType?: 'int' | 'double';
  count?: number;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts?: number[];
  explicitBounds?: number[];
  scale?: number;
  zeroCount?: number;
  positive?: { offset: number; bucketCounts: number[] };
  negative?: { offset: number; bucketCounts: number[] };
  quantiles?: { quantile: number; value: number }[];
  flags?: number;
}

/** Span kinds, lower-case. */
export type OtlpSpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/**
 * One span.
 *
 * @see https://opentelemetry.io/docs/specs/otel/trace/api/#span
 */
export interface OtlpSpan extends OtlpRecordBase {
  signal: 'traces';
  name: string;
  /** Lower-case hex. */
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  spanKind: OtlpSpanKind;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  /** (end - start) in milliseconds. */
  durationMs: number;
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
  events: { name: string; timeUnixNano: string; attributes: OtlpAttributes }[];
  links: { traceId: string; spanId: string; traceState?: string; attributes: OtlpAttributes }[];
  flags?: number;
}

/** One normalized OTLP record: a log record, a metric data point or a span; `signal` tells which. */
export type OtlpRecord = OtlpLogRecord | OtlpMetricPoint | OtlpSpan;
