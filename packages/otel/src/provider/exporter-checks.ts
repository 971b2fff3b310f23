import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { OtelConfigError } from '../config/otel-config-error.ts';
import type { OtelExporter, OtelSettings, OtelTls } from '../config/otel-settings.ts';
import type { Signal } from './otlp-exporters.ts';
import { EXPORTER_FIELD, type TlsMaterial } from './tls-material.ts';

type ActiveExporter = Exclude<OtelExporter, { kind: 'none' }>;

/** What {@link checkExporters} found: the settings to run with, the TLS files read, the problems. */
export interface CheckedExporters {
  /** `settings` with every exporter that failed its check replaced by `{ kind: 'none' }`. */
  settings: OtelSettings;
  /** The PEM contents of each remaining exporter's TLS files. */
  tls: Partial<Record<Signal, TlsMaterial>>;
  /** One error per disabled exporter (the first problem found in it), in signal order. */
  problems: Array<{ signal: Signal; error: OtelConfigError }>;
}

const SIGNALS = [
  ['logs', 'exporter'],
  ['metrics', 'metricsExporter'],
  ['traces', 'traceExporter'],
] as const;

/**
 * Checks every active exporter before the SDK is loaded, for what would otherwise fail silently at
 * the first export: header names and values the transport cannot carry, and TLS files that are
 * unreadable, empty, not PEM or (client pair) do not belong together. An exporter with a problem is
 * replaced by `none` in the returned settings; the other signals are unaffected.
 *
 * Rules (the transports' own, so that what passes here is also accepted by them):
 * - OTLP/HTTP: a header name is an RFC 9110 token (`!#$%&'*+-.^_`|~`, digits, letters); a value
 *   holds only HTAB, SP, visible ASCII and Latin-1 `0x80-0xFF` (what Node's HTTP client sends;
 *   CR, LF, NUL and other control characters are refused).
 * - OTLP/gRPC: a metadata key (lower-cased) is `[0-9a-z_.-]+` and does not end in `-bin` (binary
 *   metadata); a value is printable ASCII `0x20-0x7E` (the gRPC over HTTP/2 spec, as `@grpc/grpc-js`
 *   enforces it).
 * - TLS: `ca-certificate` and `client-certificate` hold at least one PEM `CERTIFICATE` block, each
 *   parsed by `X509Certificate`; `client-private-key` is parsed by `createPrivateKey` and must match
 *   the client certificate's public key.
 *
 * Header values are never quoted in the errors (they may hold credentials).
 *
 * @returns the settings to run with, the TLS material, and one {@link OtelConfigError} per disabled
 *   exporter (`invalid_header`, `tls_file_unreadable` or `tls_file_invalid`, key naming the header
 *   or TLS file)
 */
export async function checkExporters(settings: OtelSettings): Promise<CheckedExporters> {
  const out: CheckedExporters = { settings: { ...settings }, tls: {}, problems: [] };
  const results = await Promise.all(
    SIGNALS.map(async ([signal, field]) => {
      const cfg = settings[field];
      if (cfg.kind === 'none') return undefined;
      return { signal, field, result: await checkExporter(signal, cfg) };
    }),
  );
  for (const r of results) {
    if (!r) continue;
    if (r.result instanceof OtelConfigError) {
      out.settings[r.field] = { kind: 'none' };
      out.problems.push({ signal: r.signal, error: r.result });
    } else {
      out.tls[r.signal] = r.result;
    }
  }
  return out;
}

/** The first problem of one exporter, or its TLS material. */
async function checkExporter(signal: Signal, cfg: ActiveExporter): Promise<TlsMaterial | OtelConfigError> {
  const prefix = `otel.${EXPORTER_FIELD[signal]}.${cfg.kind}`;
  for (const [name, value] of Object.entries(cfg.headers)) {
    const problem =
      cfg.kind === 'otlp-grpc' ? grpcHeaderProblem(name, value) : httpHeaderProblem(name, value);
    if (problem) return new OtelConfigError('invalid_header', `${prefix}.headers.${name}`, problem);
  }
  return checkTls(cfg.tls, prefix);
}

const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HTTP_VALUE_BAD = /[^\t\x20-\x7e\x80-\xff]/;
const GRPC_KEY = /^[0-9a-z_.-]+$/;
const GRPC_VALUE_BAD = /[^\x20-\x7e]/;

function httpHeaderProblem(name: string, value: string): string | undefined {
  if (!HTTP_TOKEN.test(name)) {
    return `header name ${JSON.stringify(name)} is not an HTTP token (letters, digits and !#$%&'*+-.^_\`|~ only)`;
  }
  const bad = HTTP_VALUE_BAD.exec(value);
  if (bad)
    return `the value of header ${name} contains ${describeChar(bad[0])}, which an HTTP header cannot carry`;
  return undefined;
}

function grpcHeaderProblem(name: string, value: string): string | undefined {
  const key = name.toLowerCase();
  if (!GRPC_KEY.test(key)) {
    return `header name ${JSON.stringify(name)} is not a gRPC metadata key (letters, digits, "_", "." and "-" only)`;
  }
  if (key.endsWith('-bin')) {
    return `header name ${JSON.stringify(name)} ends in "-bin", which gRPC reserves for binary metadata`;
  }
  const bad = GRPC_VALUE_BAD.exec(value);
  if (bad)
    return `the value of header ${name} contains ${describeChar(bad[0])}; gRPC metadata values are printable ASCII`;
  return undefined;
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (c === '\r' || c === '\n') return `a line break (${c === '\r' ? 'CR' : 'LF'}, ${hex})`;
  if (code < 0x20 || code === 0x7f) return `a control character (${hex})`;
  return `the character ${hex}`;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

async function checkTls(tls: OtelTls | undefined, prefix: string): Promise<TlsMaterial | OtelConfigError> {
  if (!tls) return {};
  const out: TlsMaterial = {};
  try {
    if (tls.caCertificate !== undefined) {
      out.ca = await readPem(tls.caCertificate, `${prefix}.tls.ca-certificate`);
      certificates(out.ca, tls.caCertificate, `${prefix}.tls.ca-certificate`);
    }
    if (tls.clientCertificate !== undefined && tls.clientPrivateKey !== undefined) {
      const certKey = `${prefix}.tls.client-certificate`;
      const keyKey = `${prefix}.tls.client-private-key`;
      out.cert = await readPem(tls.clientCertificate, certKey);
      const leaf = certificates(out.cert, tls.clientCertificate, certKey)[0]!;
      out.key = await readPem(tls.clientPrivateKey, keyKey);
      let key: KeyObject;
      try {
        key = createPrivateKey(out.key);
      } catch (error) {
        throw invalid(keyKey, `${tls.clientPrivateKey} is not a usable PEM private key (${reasonOf(error)})`);
      }
      if (!leaf.checkPrivateKey(key)) {
        throw invalid(
          keyKey,
          `the key in ${tls.clientPrivateKey} does not belong to the certificate in ${tls.clientCertificate}`,
        );
      }
    }
  } catch (error) {
    if (error instanceof OtelConfigError) return error;
    throw error;
  }
  return out;
}

async function readPem(path: string, key: string): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    throw new OtelConfigError('tls_file_unreadable', key, `cannot read ${path}: ${reasonOf(error)}`);
  }
  if (data.toString('latin1').trim() === '') throw invalid(key, `${path} is empty; expected PEM`);
  return data;
}

/** Parses every PEM certificate of a file; at least one. */
function certificates(pem: Buffer, path: string, key: string): X509Certificate[] {
  const blocks = pem.toString('latin1').match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    throw invalid(key, `${path} holds no PEM certificate (no "-----BEGIN CERTIFICATE-----" block)`);
  }
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw invalid(
        key,
        `${path}: PEM certificate ${i + 1} of ${blocks.length} cannot be parsed (${reasonOf(error)})`,
      );
    }
  });
}

function invalid(key: string, detail: string): OtelConfigError {
  return new OtelConfigError('tls_file_invalid', key, detail);
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
