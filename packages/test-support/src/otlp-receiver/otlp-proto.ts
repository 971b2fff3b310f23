import { createRequire } from 'node:module';
import protobuf from 'protobufjs';
import type { OtlpSignal } from './types.ts';

/**
 * Official OTLP protobuf definitions: the protobufjs static module generated from opentelemetry-proto and
 * published in `@opentelemetry/otlp-transformer` 0.208 (installed under the alias `otlp-transformer-protos`).
 * No protobuf is hand-written here.
 */
interface GeneratedType {
  decode(reader: Uint8Array): object;
  encode(message: object): { finish(): Uint8Array };
  fromObject(object: object): object;
  toObject(message: object, options: protobuf.IConversionOptions): Record<string, unknown>;
}

const require = createRequire(import.meta.url);
const ROOT_PATH = require.resolve('otlp-transformer-protos/build/src/generated/root.js');
const rootRequire = createRequire(ROOT_PATH);
// @note protobufjs finds its int64 library `long` through an eval'd require that fails under some loaders
// (vitest); without it, fixed64 nanosecond timestamps decode as lossy doubles. Install it explicitly.
const minimal = rootRequire('protobufjs/minimal');
if (!minimal.util.Long) {
  const long = createRequire(rootRequire.resolve('protobufjs/minimal'))('long');
  minimal.util.Long = typeof long === 'function' ? long : long.default;
  minimal.configure();
}
// biome-ignore lint/suspicious/noExplicitAny: generated module without usable typings
const root: any = rootRequire(ROOT_PATH);
const collector = root.opentelemetry.proto.collector;

/** The request and response message types and gRPC method path of one signal. */
export interface OtlpSignalProto {
  request: GeneratedType;
  response: GeneratedType;
  /** `/opentelemetry.proto.collector.logs.v1.LogsService/Export` etc. */
  grpcPath: string;
  grpcService: string;
}

/** Request/response types per signal. */
export const OTLP_PROTO: Record<OtlpSignal, OtlpSignalProto> = {
  logs: {
    request: collector.logs.v1.ExportLogsServiceRequest,
    response: collector.logs.v1.ExportLogsServiceResponse,
    grpcService: 'opentelemetry.proto.collector.logs.v1.LogsService',
    grpcPath: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
  },
  metrics: {
    request: collector.metrics.v1.ExportMetricsServiceRequest,
    response: collector.metrics.v1.ExportMetricsServiceResponse,
    grpcService: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
    grpcPath: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  },
  traces: {
    request: collector.trace.v1.ExportTraceServiceRequest,
    response: collector.trace.v1.ExportTraceServiceResponse,
    grpcService: 'opentelemetry.proto.collector.trace.v1.TraceService',
    grpcPath: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  },
};

const CONVERSION: protobuf.IConversionOptions = {
  longs: String,
  enums: Number,
  bytes: String,
  defaults: false,
};
const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** Rewrites base64 id fields (trace/span ids) as lower-case hex, as OTLP/JSON has them, in place. */
function idsToHex(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) idsToHex(item);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (ID_FIELDS.has(key) && typeof v === 'string') {
      obj[key] = Buffer.from(v, 'base64').toString('hex');
    } else if (key !== 'bytesValue' && typeof v === 'object') {
      idsToHex(v);
    }
  }
}

/**
 * Decodes an OTLP protobuf export request into its OTLP/JSON form (ids in hex, int64 as strings, enums as
 * numbers), the same form a JSON body or a file-exporter line has.
 *
 * @throws Error when the bytes are not a valid message of that type.
 */
export function decodeOtlpProtobuf(signal: OtlpSignal, body: Uint8Array): Record<string, unknown> {
  const type = OTLP_PROTO[signal].request;
  const message = type.decode(body);
  const json = type.toObject(message, CONVERSION);
  idsToHex(json);
  return json;
}

/** Encodes an empty (full success) export response for the signal. */
export function encodeOtlpSuccess(signal: OtlpSignal): Uint8Array {
  const type = OTLP_PROTO[signal].response;
  return type.encode(type.fromObject({})).finish();
}

/**
 * `google.rpc.Status` built with protobufjs reflection from its published field numbers
 * (code = 1, message = 2, details = 3), used for OTLP/HTTP error bodies.
 *
 * @see https://github.com/googleapis/googleapis/blob/master/google/rpc/status.proto
 */
const statusRoot = protobuf.Root.fromJSON({
  nested: {
    google: {
      nested: {
        protobuf: {
          nested: {
            Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
          },
        },
        rpc: {
          nested: {
            Status: {
              fields: {
                code: { type: 'int32', id: 1 },
                message: { type: 'string', id: 2 },
                details: { rule: 'repeated', type: 'google.protobuf.Any', id: 3 },
              },
            },
          },
        },
      },
    },
  },
});
const StatusType = statusRoot.lookupType('google.rpc.Status');

/** gRPC status codes used in OTLP answers. */
export const GRPC_CODE = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNAUTHENTICATED: 16,
  UNIMPLEMENTED: 12,
} as const;

/** Encodes a `google.rpc.Status` as protobuf bytes. */
export function encodeRpcStatus(code: number, message: string): Uint8Array {
  return StatusType.encode(StatusType.create({ code, message })).finish();
}

/** Decodes a `google.rpc.Status` from protobuf bytes (for tests and clients). */
export function decodeRpcStatus(bytes: Uint8Array): { code: number; message: string } {
  const obj = StatusType.toObject(StatusType.decode(bytes), { defaults: true });
  return { code: obj.code as number, message: obj.message as string };
}
