import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { gunzip } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { createSniffingServer, type OtlpConnectionInfo } from './connection-sniffer.ts';
import { OtlpDecodeError, OtlpReceiverError } from './errors.ts';
import { normalizeOtlpJson, signalOfOtlpJson } from './normalize.ts';
import { OtlpJsonLinesWriter } from './otlp-json-lines.ts';
import {
  decodeOtlpProtobuf,
  encodeOtlpSuccess,
  encodeRpcStatus,
  GRPC_CODE,
  OTLP_PROTO,
} from './otlp-proto.ts';
import { decodeOtlpProtobufRecords } from './otlp-proto-records.ts';
import type {
  OtlpLogRecord,
  OtlpMetricPoint,
  OtlpProtocolError,
  OtlpRecord,
  OtlpRejectionKind,
  OtlpRequestInfo,
  OtlpSignal,
  OtlpSpan,
  OtlpTlsInfo,
  OtlpTransport,
} from './types.ts';

/** TLS for both listeners of the receiver. PEM strings, e.g. from {@link generateTestCertificates}. */
export interface OtlpReceiverTlsOptions {
  /** Server certificate (PEM). */
  cert: string;
  /** Server private key (PEM). */
  key: string;
  /** CA (PEM) that client certificates must chain to; when set, a client certificate is required (mTLS). */
  clientCa?: string;
}

/** Options of {@link startOtlpReceiver}; every field is optional. */
export interface OtlpReceiverOptions {
  /** Interface to bind. @defaultValue `'127.0.0.1'` */
  host?: string;
  /** OTLP/HTTP port. @defaultValue 0 (a free port from the OS) */
  httpPort?: number;
  /** OTLP/gRPC port. @defaultValue 0 (a free port from the OS) */
  grpcPort?: number;
  /** Start the gRPC listener. @defaultValue true */
  grpc?: boolean;
  /** Serve both listeners over TLS (mTLS when `clientCa` is set). @defaultValue plaintext */
  tls?: OtlpReceiverTlsOptions;
  /**
   * Headers every request must carry with exactly this value (names case-insensitive), e.g.
   * `{ authorization: 'Bearer s3cret' }`. Otherwise HTTP 401 / gRPC UNAUTHENTICATED.
   * @defaultValue none
   */
  requiredHeaders?: Record<string, string>;
  /**
   * Largest accepted body in bytes, compressed and after gunzip; larger gets HTTP 413 / gRPC RESOURCE_EXHAUSTED.
   * @defaultValue 16 MiB
   */
  maxBodyBytes?: number;
  /** Also append every accepted request as a line of OTLP/JSON to this file (the OTLP file format). */
  jsonLinesPath?: string;
  /**
   * OTLP/HTTP: time allowed for a client to send the request headers (from connecting, or from the end of
   * the previous request), in milliseconds; then 408 and the connection is closed. Also bounds the wait for
   * the first byte on either listener. Node's `headersTimeout`. Between 1 and 2^31-1.
   * @defaultValue 10000
   */
  headersTimeoutMs?: number;
  /**
   * OTLP/HTTP: time allowed for a whole request, headers and body, in milliseconds; then 408 and the
   * connection is closed, so a body trickling in slowly cannot hold a connection. Node's `requestTimeout`.
   * Between `headersTimeoutMs` and 2^31-1.
   * @defaultValue 30000
   */
  requestTimeoutMs?: number;
  /**
   * OTLP/gRPC: the longest a connection lives, in milliseconds; then the server sends GOAWAY and, after
   * `requestTimeoutMs` more, closes it (grpc-js `grpc.max_connection_age_ms` and
   * `grpc.max_connection_age_grace_ms`). Exporters reconnect transparently; a call stuck sending a partial
   * message is cut. Between 1 and 2^31-1.
   * @defaultValue 120000
   */
  grpcMaxConnectionAgeMs?: number;
}

/** Options of {@link StartedOtlpReceiver.waitFor}. */
export interface WaitForOptions {
  /** How long to wait, in milliseconds. @defaultValue 5000 */
  timeoutMs?: number;
}

/**
 * A running embedded OTLP receiver. Records are kept in arrival order until {@link clear}.
 *
 * @see https://opentelemetry.io/docs/specs/otlp/
 */
export interface StartedOtlpReceiver {
  /** `http://127.0.0.1:<port>` or `https://...`; OTLP/HTTP paths are `/v1/logs`, `/v1/metrics`, `/v1/traces`. */
  readonly httpUrl: string;
  /** `http://127.0.0.1:<port>` or `https://...` for OTLP/gRPC; empty when `grpc: false`. */
  readonly grpcUrl: string;
  /** Every normalized record received so far (a copy). */
  records(): OtlpRecord[];
  /** Log records only. */
  logs(): OtlpLogRecord[];
  /** Metric data points only. */
  metrics(): OtlpMetricPoint[];
  /** Spans only. */
  spans(): OtlpSpan[];
  /** Every request seen, accepted or rejected, with its transport, headers, TLS facts, status and error. */
  requests(): OtlpRequestInfo[];
  /** Every TCP connection accepted, with whether it began with a TLS ClientHello or plaintext. */
  connections(): OtlpConnectionInfo[];
  /** The requests that were refused or cut (those with a `rejection`), in arrival order. */
  rejectedRequests(): OtlpRequestInfo[];
  /**
   * Connections answered without a request: bad HTTP framing (400), oversized headers (431), header or
   * request timeouts (408).
   */
  protocolErrors(): OtlpProtocolError[];
  /**
   * Resolves with the first record (already received or arriving later) matching `predicate`.
   *
   * @throws OtlpReceiverError `WAIT_TIMEOUT` after `timeoutMs`, listing what was received.
   * @example const rec = await receiver.waitFor((r) => r.signal === 'logs' && r.eventName === 'codex.user_prompt')
   */
  waitFor<T extends OtlpRecord>(predicate: (r: OtlpRecord) => r is T, options?: WaitForOptions): Promise<T>;
  waitFor(predicate: (r: OtlpRecord) => boolean, options?: WaitForOptions): Promise<OtlpRecord>;
  /** Forgets records, requests, connections and protocol errors received so far. */
  clear(): void;
  /** Closes both listeners and every open connection, and the JSON-lines file. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const PATHS: Record<string, OtlpSignal> = {
  '/v1/logs': 'logs',
  '/v1/metrics': 'metrics',
  '/v1/traces': 'traces',
};
const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkMs(name: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > MAX_TIMER_MS) {
    throw new RangeError(
      `[test-support] startOtlpReceiver: ${name} must be an integer number of milliseconds from ${min} to ${MAX_TIMER_MS}, got ${String(value)}`,
    );
  }
  return v;
}

/** gRPC status code → the HTTP status recorded for a gRPC request. */
const KIND_OF_STATUS: Record<number, OtlpRejectionKind> = {
  400: 'malformed',
  401: 'unauthenticated',
  405: 'method',
  408: 'timeout',
  413: 'too-large',
  415: 'unsupported',
};

type Waiter = { predicate: (r: OtlpRecord) => boolean; resolve: (r: OtlpRecord) => void };

function joinHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function describe(records: readonly OtlpRecord[]): string {
  if (records.length === 0) return 'nothing';
  const names = records.slice(-10).map((r) => {
    if (r.signal === 'logs') return `log ${r.eventName ?? '(no event name)'}`;
    if (r.signal === 'metrics') return `metric ${r.name}`;
    return `span ${r.name}`;
  });
  return `${records.length} record(s), last: ${names.join(', ')}`;
}

function gunzipLimited(body: Buffer, maxBytes: number): Promise<Buffer> {
  return new Promise((ok, fail) =>
    gunzip(body, { maxOutputLength: maxBytes }, (err, out) => (err ? fail(err) : ok(out))),
  );
}

class HttpAnswer extends Error {
  readonly status: number;
  readonly grpcCode: number;

  constructor(status: number, grpcCode: number, message: string) {
    super(message);
    this.status = status;
    this.grpcCode = grpcCode;
  }
}

/** Marks a request rejected: status, `error` and `rejection` together. */
function markRejected(
  info: OtlpRequestInfo,
  status: number,
  message: string,
  kind?: OtlpRejectionKind,
): void {
  info.status = status;
  info.error = message;
  info.rejection = { kind: kind ?? KIND_OF_STATUS[status] ?? 'malformed', reason: message };
}

/**
 * Decodes and normalizes one request body strictly. Any failure is the body's fault, so it becomes an
 * {@link OtlpDecodeError} (HTTP 400 / gRPC `INVALID_ARGUMENT`), never an internal error.
 */
function decodeBody(
  signal: OtlpSignal,
  body: Buffer,
  json: boolean,
  info: OtlpRequestInfo,
  path: string,
): { records: OtlpRecord[]; otlpJson?: () => Record<string, unknown> } {
  try {
    if (json) {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new OtlpDecodeError('expected a JSON object');
      }
      const actual = signalOfOtlpJson(parsed);
      if (actual !== undefined && actual !== signal) {
        throw new OtlpDecodeError(`got a ${actual} request on ${path}`);
      }
      const records = normalizeOtlpJson(signal, parsed, info, { strict: true });
      return { records, otlpJson: () => parsed as Record<string, unknown> };
    }
    const records = decodeOtlpProtobufRecords(signal, body, info);
    return { records, otlpJson: () => decodeOtlpProtobuf(signal, body) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new OtlpDecodeError(
      `${json ? 'OTLP/JSON' : 'OTLP protobuf'} ${signal} request does not decode: ${message}`,
    );
  }
}

/**
 * Starts an embedded OTLP receiver: OTLP/HTTP (protobuf and JSON bodies, gzip) on `/v1/logs`,
 * `/v1/metrics`, `/v1/traces`, and OTLP/gRPC for the three services, on 127.0.0.1 with ports from the OS.
 * Everything received is decoded with the official OTLP protobuf definitions and normalized into
 * {@link OtlpRecord}s. Answers follow the OTLP spec: 200 with an empty Export*ServiceResponse, 400 with a
 * `google.rpc.Status` for a body that does not decode, 415 for another content type, 413 over `maxBodyBytes`,
 * 401 without the required headers.
 *
 * @throws OtlpReceiverError `LISTEN_FAILED` when a port cannot be bound.
 * @see https://opentelemetry.io/docs/specs/otlp/#otlphttp
 * @example await using receiver = await startOtlpReceiver(); exporter.url = `${receiver.httpUrl}/v1/logs`
 */
export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<StartedOtlpReceiver> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const required = Object.entries(options.requiredHeaders ?? {}).map(
    ([k, v]) => [k.toLowerCase(), v] as const,
  );
  const writer = options.jsonLinesPath ? new OtlpJsonLinesWriter(options.jsonLinesPath) : undefined;
  const tls = options.tls;
  const mtls = tls?.clientCa !== undefined;
  const headersTimeoutMs = checkMs('headersTimeoutMs', options.headersTimeoutMs, 10_000);
  const requestTimeoutMs = checkMs('requestTimeoutMs', options.requestTimeoutMs, 30_000);
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new RangeError(
      `[test-support] startOtlpReceiver: requestTimeoutMs (${requestTimeoutMs}) must not be below headersTimeoutMs (${headersTimeoutMs})`,
    );
  }
  const grpcMaxConnectionAgeMs = checkMs('grpcMaxConnectionAgeMs', options.grpcMaxConnectionAgeMs, 120_000);

  let records: OtlpRecord[] = [];
  let requests: OtlpRequestInfo[] = [];
  const connections: OtlpConnectionInfo[] = [];
  let protocolErrors: OtlpProtocolError[] = [];
  const inFlight = new WeakMap<net.Socket, OtlpRequestInfo>();
  let waiters: Waiter[] = [];
  let requestSeq = 0;
  let stopped = false;
  const sockets = new Set<net.Socket>();

  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const newRequest = (
    transport: OtlpTransport,
    signal: OtlpSignal,
    path: string,
    headers: Record<string, string>,
    tlsInfo: OtlpTlsInfo,
  ): OtlpRequestInfo => {
    const info: OtlpRequestInfo = {
      id: ++requestSeq,
      transport,
      signal,
      path,
      headers,
      tls: tlsInfo,
      contentEncoding: 'identity',
      bodyBytes: 0,
      receivedAtMs: Date.now(),
      status: 0,
      recordCount: 0,
    };
    requests.push(info);
    return info;
  };

  const checkHeaders = (headers: Record<string, string>): void => {
    for (const [name, value] of required) {
      if (headers[name] !== value) {
        throw new HttpAnswer(
          401,
          GRPC_CODE.UNAUTHENTICATED,
          `missing or wrong required header "${name}"${headers[name] === undefined ? ' (absent)' : ''}`,
        );
      }
    }
  };

  const accept = (
    got: OtlpRecord[],
    otlpJson: (() => Record<string, unknown>) | undefined,
    info: OtlpRequestInfo,
  ): void => {
    info.recordCount = got.length;
    for (let i = 0; i < got.length; i++) records.push(got[i] as OtlpRecord);
    if (writer && otlpJson) void writer.write(otlpJson()).catch(() => undefined);
    if (waiters.length > 0) {
      for (const r of got) {
        waiters = waiters.filter((w) => {
          if (!w.predicate(r)) return true;
          w.resolve(r);
          return false;
        });
      }
    }
  };

  // ---------------- OTLP/HTTP ----------------
  const handleHttp = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const signal = PATHS[path];
    const headers = joinHeaders(req.headers);
    const socket = req.socket as TLSSocket;
    const tlsInfo: OtlpTlsInfo = { encrypted: socket.encrypted === true };
    if (socket.encrypted && mtls) {
      const subject = socket.getPeerCertificate()?.subject?.CN;
      if (subject) tlsInfo.clientCertificateSubject = Array.isArray(subject) ? subject.join(',') : subject;
    }
    const contentType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const isJson = contentType === 'application/json';
    const send = (status: number, body: Uint8Array | string, type: string): void => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    const sendStatus = (status: number, grpcCode: number, message: string): void => {
      if (isJson || contentType !== 'application/x-protobuf') {
        send(status, JSON.stringify({ code: grpcCode, message }), 'application/json');
      } else {
        send(status, encodeRpcStatus(grpcCode, message), 'application/x-protobuf');
      }
    };
    if (!signal) {
      req.resume();
      sendStatus(
        404,
        GRPC_CODE.UNIMPLEMENTED,
        `no OTLP endpoint at ${path}; use /v1/logs, /v1/metrics or /v1/traces`,
      );
      return;
    }
    const transport: OtlpTransport = isJson ? 'http/json' : 'http/protobuf';
    const info = newRequest(transport, signal, path, headers, tlsInfo);
    inFlight.set(req.socket, info);
    const reject = (status: number, grpcCode: number, message: string, drain: boolean): void => {
      markRejected(info, status, message);
      if (!drain) res.setHeader('connection', 'close');
      sendStatus(status, grpcCode, message);
      if (drain) req.resume();
    };
    try {
      if (req.method !== 'POST')
        throw new HttpAnswer(405, GRPC_CODE.UNIMPLEMENTED, `method ${req.method} not allowed; use POST`);
      checkHeaders(headers);
      if (contentType !== 'application/x-protobuf' && contentType !== 'application/json') {
        throw new HttpAnswer(
          415,
          GRPC_CODE.INVALID_ARGUMENT,
          `unsupported content type "${headers['content-type'] ?? ''}"; use application/x-protobuf or application/json`,
        );
      }
      const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      if (encoding !== 'gzip' && encoding !== 'identity' && encoding !== '') {
        throw new HttpAnswer(
          415,
          GRPC_CODE.INVALID_ARGUMENT,
          `unsupported content encoding "${encoding}"; use gzip or none`,
        );
      }
      info.contentEncoding = encoding === 'gzip' ? 'gzip' : 'identity';
      const declared = Number(headers['content-length'] ?? Number.NaN);
      if (declared > maxBodyBytes) {
        reject(
          413,
          GRPC_CODE.RESOURCE_EXHAUSTED,
          `body of ${declared} bytes is over the limit of ${maxBodyBytes} bytes`,
          false,
        );
        return;
      }
    } catch (err) {
      if (err instanceof HttpAnswer) return reject(err.status, err.grpcCode, err.message, true);
      throw err;
    }

    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > maxBodyBytes) {
          info.bodyBytes = size;
          reject(413, GRPC_CODE.RESOURCE_EXHAUSTED, `body over the limit of ${maxBodyBytes} bytes`, false);
          return;
        }
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      info.bodyBytes = size;
      if (info.rejection?.kind !== 'timeout') {
        markRejected(
          info,
          0,
          `connection closed mid-request after ${size} bytes (${(err as Error).message})`,
          'incomplete',
        );
      }
      return;
    }
    if (!req.complete) {
      info.bodyBytes = size;
      if (info.rejection?.kind !== 'timeout') {
        markRejected(info, 0, `connection closed mid-request after ${size} bytes`, 'incomplete');
      }
      return;
    }
    info.bodyBytes = size;
    info.receivedAtMs = Date.now();
    let body: Buffer = Buffer.concat(chunks, size);
    if (info.contentEncoding === 'gzip') {
      try {
        body = await gunzipLimited(body, maxBodyBytes);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
          return reject(
            413,
            GRPC_CODE.RESOURCE_EXHAUSTED,
            `gunzipped body over the limit of ${maxBodyBytes} bytes`,
            true,
          );
        }
        return reject(400, GRPC_CODE.INVALID_ARGUMENT, `body is not valid gzip: ${e.message}`, true);
      }
    }
    let decoded: ReturnType<typeof decodeBody>;
    try {
      decoded = decodeBody(signal, body, isJson, info, path);
    } catch (err) {
      return reject(400, GRPC_CODE.INVALID_ARGUMENT, (err as Error).message, true);
    }
    accept(decoded.records, writer ? decoded.otlpJson : undefined, info);
    info.status = 200;
    if (isJson) send(200, '{}', 'application/json');
    else send(200, encodeOtlpSuccess(signal), 'application/x-protobuf');
  };

  const timeouts: http.ServerOptions = {
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    // how often node checks the two timeouts above
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeoutMs / 4))),
  };
  const httpServer = tls
    ? https.createServer({
        ...timeouts,
        cert: tls.cert,
        key: tls.key,
        ...(mtls ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
      })
    : http.createServer(timeouts);
  httpServer.keepAliveTimeout = 5_000;
  // The server never listens itself (the sniffing listener hands it connections), and node starts the
  // checks of headersTimeout/requestTimeout on 'listening': start them here. close() stops them.
  httpServer.emit('listening');
  httpServer.on('request', (req, res) => {
    handleHttp(req, res).catch((err: Error) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 13, message: err.message }));
      }
    });
  });
  // Bad framing, oversized headers and timeouts: answer as node's default does (400/431/408), record
  // why, and close the connection; never a bare reset while the socket can still take an answer.
  httpServer.on('clientError', (err: NodeJS.ErrnoException, socket: net.Socket) => {
    const code = err.code ?? 'UNKNOWN';
    const status =
      code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 408
          : code === 'ECONNRESET' || code === 'EPIPE'
            ? 0
            : 400;
    const reason =
      status === 431
        ? `request headers larger than ${http.maxHeaderSize} bytes`
        : status === 408
          ? `request not complete within ${requestTimeoutMs} ms (headers within ${headersTimeoutMs} ms)`
          : `malformed HTTP request: ${err.message}`;
    const pending = inFlight.get(socket);
    if (pending && pending.status === 0 && status === 408) markRejected(pending, 408, reason, 'timeout');
    else protocolErrors.push({ listener: 'http', status, code, reason, atMs: Date.now() });
    const response = (socket as net.Socket & { _httpMessage?: http.ServerResponse })._httpMessage;
    if (status !== 0 && socket.writable && !response?.headersSent) {
      const body = JSON.stringify({ code: GRPC_CODE.INVALID_ARGUMENT, message: reason });
      socket.end(
        `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      setTimeout(() => socket.destroy(), 1_000).unref();
    } else socket.destroy();
  });
  httpServer.on('tlsClientError', () => undefined);
  const httpListener = createSniffingServer(
    'http',
    connections,
    (socket) => {
      track(socket);
      httpServer.emit('connection', socket);
    },
    headersTimeoutMs,
  );

  // ---------------- OTLP/gRPC ----------------
  let grpcServer: grpc.Server | undefined;
  let grpcListener: net.Server | undefined;
  let grpcUrl = '';
  if (options.grpc !== false) {
    grpcServer = new grpc.Server({
      'grpc.max_receive_message_length': maxBodyBytes,
      'grpc.max_send_message_length': 1024 * 1024,
      'grpc.max_connection_age_ms': grpcMaxConnectionAgeMs,
      'grpc.max_connection_age_grace_ms': requestTimeoutMs,
    });
    for (const signal of ['logs', 'metrics', 'traces'] as const) {
      const proto = OTLP_PROTO[signal];
      const definition: grpc.ServiceDefinition = {
        Export: {
          path: proto.grpcPath,
          requestStream: false,
          responseStream: false,
          requestSerialize: (b: Buffer) => b,
          requestDeserialize: (b: Buffer) => b,
          responseSerialize: (b: Uint8Array) => Buffer.from(b),
          responseDeserialize: (b: Buffer) => b,
          originalName: 'export',
        },
      };
      const handler: grpc.handleUnaryCall<Buffer, Uint8Array> = (call, callback) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(call.metadata.getMap())) headers[k.toLowerCase()] = String(v);
        const auth = call.getAuthContext?.();
        const tlsInfo: OtlpTlsInfo = {
          encrypted: auth?.transportSecurityType === 'ssl' || (auth == null && !!tls),
        };
        const cn = auth?.sslPeerCertificate?.subject?.CN;
        if (cn) tlsInfo.clientCertificateSubject = Array.isArray(cn) ? cn.join(',') : cn;
        const info = newRequest('grpc', signal, proto.grpcPath, headers, tlsInfo);
        info.contentEncoding = headers['grpc-encoding'] === 'gzip' ? 'gzip' : 'identity';
        info.bodyBytes = call.request.length;
        try {
          checkHeaders(headers);
        } catch (err) {
          const e = err as HttpAnswer;
          markRejected(info, e.status, e.message);
          callback({ code: grpc.status.UNAUTHENTICATED, details: e.message });
          return;
        }
        let decoded: ReturnType<typeof decodeBody>;
        try {
          decoded = decodeBody(signal, call.request, false, info, proto.grpcPath);
        } catch (err) {
          const message = (err as Error).message;
          markRejected(info, 400, message);
          callback({ code: grpc.status.INVALID_ARGUMENT, details: message });
          return;
        }
        accept(decoded.records, writer ? decoded.otlpJson : undefined, info);
        info.status = 200;
        callback(null, encodeOtlpSuccess(signal));
      };
      grpcServer.addService(definition, { Export: handler });
    }
    const creds = tls
      ? grpc.ServerCredentials.createSsl(
          mtls ? Buffer.from(tls.clientCa ?? '') : null,
          [{ private_key: Buffer.from(tls.key), cert_chain: Buffer.from(tls.cert) }],
          mtls,
        )
      : grpc.ServerCredentials.createInsecure();
    const server = grpcServer;
    const innerPort = await new Promise<number>((ok, fail) =>
      server.bindAsync('127.0.0.1:0', creds, (err, port) =>
        err ? fail(new OtlpReceiverError('LISTEN_FAILED', `gRPC listener: ${err.message}`)) : ok(port),
      ),
    );
    // A sniffing front door: records the first bytes of each connection, then relays to grpc-js.
    grpcListener = createSniffingServer(
      'grpc',
      connections,
      (socket) => {
        track(socket);
        const upstream = net.connect({ host: '127.0.0.1', port: innerPort, noDelay: true });
        track(upstream);
        upstream.on('error', () => socket.destroy());
        socket.on('error', () => upstream.destroy());
        socket.on('close', () => upstream.destroy());
        upstream.on('close', () => socket.destroy());
        socket.pipe(upstream);
        upstream.pipe(socket);
      },
      headersTimeoutMs,
    );
  }

  const listen = (server: net.Server, port: number, what: string): Promise<number> =>
    new Promise((ok, fail) => {
      server.once('error', (err) =>
        fail(new OtlpReceiverError('LISTEN_FAILED', `${what} listener on ${host}:${port}: ${err.message}`)),
      );
      server.listen(port, host, () => ok((server.address() as net.AddressInfo).port));
    });
  const scheme = tls ? 'https' : 'http';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const httpPort = await listen(httpListener, options.httpPort ?? 0, 'OTLP/HTTP');
  if (grpcListener)
    grpcUrl = `${scheme}://${urlHost}:${await listen(grpcListener, options.grpcPort ?? 0, 'OTLP/gRPC')}`;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const s of sockets) s.destroy();
    await Promise.all([
      new Promise<void>((ok) => httpListener.close(() => ok())),
      grpcListener ? new Promise<void>((ok) => grpcListener?.close(() => ok())) : undefined,
    ]);
    httpServer.close();
    grpcServer?.forceShutdown();
    await writer?.close();
  };

  const receiver: StartedOtlpReceiver = {
    httpUrl: `${scheme}://${urlHost}:${httpPort}`,
    grpcUrl,
    records: () => [...records],
    logs: () => records.filter((r): r is OtlpLogRecord => r.signal === 'logs'),
    metrics: () => records.filter((r): r is OtlpMetricPoint => r.signal === 'metrics'),
    spans: () => records.filter((r): r is OtlpSpan => r.signal === 'traces'),
    requests: () => [...requests],
    connections: () => [...connections],
    rejectedRequests: () => requests.filter((r) => r.rejection !== undefined),
    protocolErrors: () => [...protocolErrors],
    waitFor(predicate: (r: OtlpRecord) => boolean, waitOptions: WaitForOptions = {}): Promise<never> {
      const timeoutMs = waitOptions.timeoutMs ?? 5_000;
      const found = records.find(predicate);
      if (found) return Promise.resolve(found as never);
      if (stopped) return Promise.reject(new OtlpReceiverError('STOPPED', 'waitFor on a stopped receiver'));
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r as never);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          const rejected = requests.filter((r) => r.error);
          reject(
            new OtlpReceiverError(
              'WAIT_TIMEOUT',
              `no OTLP record matched within ${timeoutMs}ms; received ${describe(records)}` +
                (rejected.length
                  ? `; rejected requests: ${rejected.map((r) => `${r.path} ${r.status}: ${r.error}`).join('; ')}`
                  : ''),
            ),
          );
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    clear: () => {
      records = [];
      requests = [];
      protocolErrors = [];
      connections.length = 0;
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
  return receiver;
}
