import { type OtlpReceiverTlsOptions, startOtlpReceiver } from '@agentotel/test-support';
import type { RecordSource } from './otlp-capture.ts';

/** A started place telemetry is sent to, read back after the run. */
export interface StartedCaptureBackend extends RecordSource {
  /** `http(s)://127.0.0.1:<port>`; OTLP/HTTP paths are appended. */
  readonly httpUrl: string;
  /** `http(s)://127.0.0.1:<port>` for OTLP/gRPC. */
  readonly grpcUrl: string;
  /** False when per-request facts (transport, headers, TLS) cannot be observed (the collector). */
  readonly observesRequests: boolean;
  /** What captured the records, for reports (e.g. `real OpenTelemetry Collector (binary launcher)`). */
  readonly label: string;
  /** Waits until everything sent so far is readable (the collector forwards with a delay). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts capture backends: the embedded receiver, or the real collector. */
export interface CaptureBackend {
  readonly name: 'embedded' | 'collector';
  /** Whether its started instances observe per-request facts (see {@link StartedCaptureBackend}). */
  readonly observesRequests: boolean;
  start(options: { tls?: OtlpReceiverTlsOptions }): Promise<StartedCaptureBackend>;
}

/** The embedded OTLP receiver of @agentotel/test-support (HTTP protobuf/JSON + gRPC, TLS/mTLS). */
export const embeddedBackend: CaptureBackend = {
  name: 'embedded',
  observesRequests: true,
  async start(options) {
    const r = await startOtlpReceiver(options.tls ? { tls: options.tls } : {});
    return {
      httpUrl: r.httpUrl,
      grpcUrl: r.grpcUrl,
      records: () => r.records(),
      requests: () => r.requests(),
      observesRequests: true,
      label: 'embedded OTLP receiver',
      settle: async () => {},
      stop: () => r.stop(),
    };
  },
};
