import { readFile } from 'node:fs/promises';
import { OtelConfigError } from '../config/otel-config-error.ts';
import type { OtelTls } from '../config/otel-settings.ts';

/** The `[otel]` key of each signal's exporter, for error key paths. */
export const EXPORTER_FIELD = {
  logs: 'exporter',
  metrics: 'metrics_exporter',
  traces: 'trace_exporter',
} as const;

/** PEM contents of an exporter's TLS files. */
export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/**
 * Reads the PEM files named by {@link OtelTls}.
 *
 * @param keyPrefix - key path of the exporter for errors, e.g. `otel.exporter.otlp-grpc`
 * @throws {@link OtelConfigError} `tls_file_unreadable` naming the key whose file cannot be read
 */
export async function readTlsMaterial(tls: OtelTls | undefined, keyPrefix: string): Promise<TlsMaterial> {
  if (!tls) return {};
  const read = async (path: string | undefined, key: string): Promise<Buffer | undefined> => {
    if (path === undefined) return undefined;
    try {
      return await readFile(path);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new OtelConfigError(
        'tls_file_unreadable',
        `${keyPrefix}.tls.${key}`,
        `cannot read ${path}: ${reason}`,
      );
    }
  };
  const out: TlsMaterial = {};
  const ca = await read(tls.caCertificate, 'ca-certificate');
  const cert = await read(tls.clientCertificate, 'client-certificate');
  const key = await read(tls.clientPrivateKey, 'client-private-key');
  if (ca) out.ca = ca;
  if (cert) out.cert = cert;
  if (key) out.key = key;
  return out;
}
