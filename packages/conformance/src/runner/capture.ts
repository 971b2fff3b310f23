import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type StartedOtlpReceiver,
  startOtlpReceiver,
  type TestCertificateFiles,
  type TestCertificates,
} from '@agentotel/test-support';
import {
  type ProbedConnection,
  reserveClosedPort,
  startConnectionProbe,
} from '../capture/connection-probe.ts';
import type { Transport } from '../capture/model.ts';
import type { CaptureVia } from '../model/scenario-run.ts';
import type { TelemetryConfig } from '../profiles/profile.ts';
import type { Scenario } from '../scenarios/model.ts';
import type { CaptureBackend, StartedCaptureBackend } from './capture-backend.ts';
import { embeddedBackend } from './capture-backend.ts';
import { describeClientIdentity } from './client-identity.ts';

/** The ports of `http(s)://host:port` URLs (empty strings skipped). */
const portsOf = (...urls: string[]): Set<number> =>
  new Set(urls.filter((u) => u !== '').map((u) => Number(new URL(u).port)));

/** One place records are read back from after the run. */
export interface CaptureSource {
  source: StartedCaptureBackend | StartedOtlpReceiver;
  kind: 'backend' | 'receiver';
}

/** The telemetry side of one scenario run, started. */
export interface StartedCapture {
  sources: CaptureSource[];
  /** Connections the stand-in listener saw (exporter none, TLS endpoints). */
  connections: () => ProbedConnection[];
  /** Endpoint base URLs (`http(s)://127.0.0.1:port`), absent when export is off. */
  base?: { http: string; grpc: string };
  /** Environment variables the capture needs set (exporter none: every endpoint variable). */
  env: Record<string, string>;
  tls?: TelemetryConfig['tls'];
  /** Evidence text of the mTLS client identity. */
  clientIdentity?: string;
  captureVia: CaptureVia;
  /**
   * Local ports of every listener the run's telemetry reaches (receivers, probe, collector), for
   * `waitForConnectionsAnswered` after the run; empty when nothing listens (receiver down).
   */
  ports: ReadonlySet<number>;
  /** Stops everything started, in reverse order; never throws. */
  stop(): Promise<void>;
}

/** Resources the capture step shares across a certification. */
export interface CaptureResources {
  backend: CaptureBackend;
  certificates: { pem: TestCertificates; files: TestCertificateFiles };
  requestFactRequirements?: (scenario: Scenario) => string[];
}

/**
 * Starts what receives a scenario's telemetry:
 *
 * - exporter `none`: a connection-counting probe stands in for every `OTEL_EXPORTER_OTLP_*ENDPOINT`;
 * - receiver down: a closed loopback port;
 * - TLS/mTLS: a TLS and a plaintext embedded receiver behind the probe that tells a TLS ClientHello
 *   from plaintext; for `clientPemFinalNewline: false` a copy of the client certificate without its
 *   final line break is written under `root`;
 * - otherwise the certification's backend (the embedded receiver, or the collector unless the
 *   scenario's requirements need per-request facts).
 */
export async function startCapture(
  scenario: Scenario,
  res: CaptureResources,
  root: string,
): Promise<StartedCapture> {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const t = scenario.telemetry;
    if (t.exporter === 'none') {
      const probe = await startConnectionProbe();
      stops.push(() => probe.stop());
      const url = `http://127.0.0.1:${probe.port}`;
      const env: Record<string, string> = {};
      for (const k of [
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT',
        'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
        'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      ])
        env[k] = url;
      return {
        sources: [],
        connections: () => probe.connections(),
        ports: new Set([probe.port]),
        env,
        captureVia: {
          path: 'connection-probe',
          reason: 'exporter "none": a listener that counts connections stands in for every endpoint',
        },
        stop,
      };
    }
    if (t.receiver === 'down') {
      const { host, port } = await reserveClosedPort();
      return {
        sources: [],
        connections: () => [],
        ports: new Set(),
        base: { http: `http://${host}:${port}`, grpc: `http://${host}:${port}` },
        env: {},
        captureVia: { path: 'none', reason: 'receiver down: the endpoint is a closed loopback port' },
        stop,
      };
    }
    if (t.tls) {
      const { pem, files } = res.certificates;
      const secure = await startOtlpReceiver({
        tls: {
          cert: pem.server.cert,
          key: pem.server.key,
          ...(t.tls === 'mtls' ? { clientCa: pem.ca.cert } : {}),
        },
      });
      stops.push(() => secure.stop());
      const plain = await startOtlpReceiver();
      stops.push(() => plain.stop());
      const port = (u: string) => Number(new URL(u).port);
      const grpc = t.transport === 'grpc';
      const probe = await startConnectionProbe({
        tlsTarget: { host: '127.0.0.1', port: port(grpc ? secure.grpcUrl : secure.httpUrl) },
        plaintextTarget: { host: '127.0.0.1', port: port(grpc ? plain.grpcUrl : plain.httpUrl) },
      });
      stops.push(() => probe.stop());
      const tls: NonNullable<TelemetryConfig['tls']> = { caCertificate: files.caCert };
      let clientIdentity: string | undefined;
      if (t.tls === 'mtls') {
        let clientCertificate = files.clientCert;
        if (t.clientPemFinalNewline === false) {
          // the same certificate, its file without the final line break (valid PEM per RFC 7468)
          clientCertificate = join(root, 'client-no-final-newline.crt');
          await writeFile(clientCertificate, pem.client.cert.replace(/\s+$/, ''));
        }
        Object.assign(tls, { clientCertificate, clientPrivateKey: files.clientKey });
        clientIdentity = describeClientIdentity(pem.client, t.clientPemFinalNewline !== false);
      }
      return {
        sources: [
          { source: secure, kind: 'receiver' },
          { source: plain, kind: 'receiver' },
        ],
        connections: () => probe.connections(),
        ports: new Set([
          probe.port,
          ...portsOf(secure.httpUrl, secure.grpcUrl, plain.httpUrl, plain.grpcUrl),
        ]),
        base: { http: `https://127.0.0.1:${probe.port}`, grpc: `https://127.0.0.1:${probe.port}` },
        env: {},
        tls,
        ...(clientIdentity ? { clientIdentity } : {}),
        captureVia: {
          path: 'embedded-receiver',
          reason:
            'https:// endpoint: embedded receivers (TLS and plaintext) behind the probe that tells a TLS ClientHello from plaintext; TLS, client certificate and plaintext are per-connection facts',
        },
        stop,
      };
    }
    const wire = res.backend.observesRequests ? [] : (res.requestFactRequirements?.(scenario) ?? []);
    const backend = await (wire.length ? embeddedBackend : res.backend).start({});
    stops.push(() => backend.stop());
    return {
      sources: [{ source: backend, kind: 'backend' }],
      connections: () => [],
      ports: portsOf(backend.httpUrl, backend.grpcUrl),
      base: { http: backend.httpUrl, grpc: backend.grpcUrl },
      env: {},
      captureVia: {
        path: backend.observesRequests ? 'embedded-receiver' : 'collector',
        reason: wire.length
          ? `${wire.join(', ')} ${wire.length > 1 ? 'are' : 'is'} decided by per-request facts (transport, content type, headers) that the collector does not pass on, so this scenario is captured by the ${backend.label} even under --collector`
          : `records captured by the ${backend.label}`,
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The full endpoint of a signal: OTLP/HTTP appends `/v1/<signal>`, gRPC uses the base. */
export function endpointFor(
  base: { http: string; grpc: string },
  transport: Transport,
  signal: 'logs' | 'metrics',
): string {
  return transport === 'grpc' ? base.grpc : `${base.http}/v1/${signal}`;
}
