/**
 * Minimal embedded OTLP receiver for this package's tests: OTLP/HTTP (JSON and protobuf) and
 * OTLP/gRPC on 127.0.0.1 with OS ports, optional TLS and mTLS. Temporary until
 * @agentotel/test-support's startOtlpReceiver lands.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import {
  decodeLogsJson,
  decodeLogsProto,
  decodeMetricsJson,
  decodeMetricsProto,
  type ReceivedLog,
  type ReceivedMetricPoint,
} from './otlp-protobuf.ts';

export interface ReceiverTls {
  cert: string;
  key: string;
  /** CA used to verify client certificates; with `requireClientCert` turns on mTLS. */
  ca?: string;
  requireClientCert?: boolean;
}

export interface ReceivedRequest {
  transport: 'http' | 'grpc';
  signal: 'logs' | 'metrics' | 'traces';
  contentType: string | undefined;
  headers: Record<string, string>;
  /** CN of the client certificate presented, if any. */
  clientCertCN: string | undefined;
}

export interface StartedTestReceiver {
  readonly httpUrl: string;
  readonly grpcUrl: string;
  logs(): ReceivedLog[];
  metrics(): ReceivedMetricPoint[];
  requests(): ReceivedRequest[];
  waitForLogs(count: number, timeoutMs?: number): Promise<ReceivedLog[]>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startTestReceiver(opts: { tls?: ReceiverTls } = {}): Promise<StartedTestReceiver> {
  const logs: ReceivedLog[] = [];
  const metrics: ReceivedMetricPoint[] = [];
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of waiters) w();
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '';
      const signal = path.endsWith('/v1/logs') ? 'logs' : path.endsWith('/v1/metrics') ? 'metrics' : 'traces';
      const contentType = req.headers['content-type'];
      const json = contentType?.includes('json') ?? false;
      const peer = (req.socket as TLSSocket).getPeerCertificate?.();
      requests.push({
        transport: 'http',
        signal,
        contentType,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        clientCertCN: peer && 'subject' in peer ? (peer.subject?.CN as string | undefined) : undefined,
      });
      try {
        if (signal === 'logs')
          logs.push(...(json ? decodeLogsJson(JSON.parse(body.toString())) : decodeLogsProto(body)));
        if (signal === 'metrics')
          metrics.push(...(json ? decodeMetricsJson(JSON.parse(body.toString())) : decodeMetricsProto(body)));
      } catch (error) {
        res.writeHead(400).end(String(error));
        return;
      }
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : Buffer.alloc(0));
      notify();
    });
  };

  const tls = opts.tls;
  const http: Server = tls
    ? createHttpsServer(
        {
          cert: tls.cert,
          key: tls.key,
          ...(tls.ca ? { ca: tls.ca } : {}),
          requestCert: tls.requireClientCert ?? false,
          rejectUnauthorized: tls.requireClientCert ?? false,
        },
        handle,
      )
    : createHttpServer(handle);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const httpPort = (http.address() as AddressInfo).port;

  const grpcServer = new grpc.Server();
  const raw = (b: Buffer) => b;
  const method = (signal: 'logs' | 'metrics' | 'traces', path: string) => ({
    Export: {
      path,
      requestStream: false,
      responseStream: false,
      requestSerialize: raw,
      requestDeserialize: raw,
      responseSerialize: raw,
      responseDeserialize: raw,
      originalName: 'export',
      signal,
    },
  });
  const impl =
    (signal: 'logs' | 'metrics' | 'traces') =>
    (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
      const auth = call.getAuthContext?.();
      const cert = auth?.sslPeerCertificate;
      requests.push({
        transport: 'grpc',
        signal,
        contentType: 'application/grpc',
        headers: Object.fromEntries(Object.entries(call.metadata.getMap()).map(([k, v]) => [k, String(v)])),
        clientCertCN: cert && 'subject' in cert ? (cert.subject?.CN as string | undefined) : undefined,
      });
      if (signal === 'logs') logs.push(...decodeLogsProto(call.request));
      if (signal === 'metrics') metrics.push(...decodeMetricsProto(call.request));
      cb(null, Buffer.alloc(0));
      notify();
    };
  grpcServer.addService(
    method('logs', '/opentelemetry.proto.collector.logs.v1.LogsService/Export') as never,
    { Export: impl('logs') } as never,
  );
  grpcServer.addService(
    method('metrics', '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export') as never,
    { Export: impl('metrics') } as never,
  );
  grpcServer.addService(
    method('traces', '/opentelemetry.proto.collector.trace.v1.TraceService/Export') as never,
    { Export: impl('traces') } as never,
  );
  const creds = tls
    ? grpc.ServerCredentials.createSsl(
        tls.ca ? Buffer.from(tls.ca) : null,
        [{ cert_chain: Buffer.from(tls.cert), private_key: Buffer.from(tls.key) }],
        tls.requireClientCert ?? false,
      )
    : grpc.ServerCredentials.createInsecure();
  const grpcPort = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync('127.0.0.1:0', creds, (err, port) => (err ? reject(err) : resolve(port))),
  );

  const scheme = tls ? 'https' : 'http';
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    grpcServer.forceShutdown();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return {
    httpUrl: `${scheme}://127.0.0.1:${httpPort}`,
    grpcUrl: `${scheme}://127.0.0.1:${grpcPort}`,
    logs: () => [...logs],
    metrics: () => [...metrics],
    requests: () => [...requests],
    waitForLogs(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (logs.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve([...logs]);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `receiver: ${count} log records not received within ${timeoutMs}ms; got ${logs.length}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
