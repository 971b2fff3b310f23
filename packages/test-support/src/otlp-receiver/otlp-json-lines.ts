import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { normalizeOtlpJson, signalOfOtlpJson } from './normalize.ts';
import type { OtlpRecord, OtlpRequestInfo, OtlpSignal } from './types.ts';

/**
 * Appends OTLP/JSON export requests to a file, one per line: the OTLP file format, as the collector's file
 * exporter writes it.
 *
 * @see https://opentelemetry.io/docs/specs/otel/protocol/file-exporter/
 */
export class OtlpJsonLinesWriter {
  readonly path: string;
  #stream: WriteStream | undefined;
  #ready: Promise<void>;

  constructor(path: string) {
    this.path = resolve(path);
    this.#ready = mkdir(dirname(this.path), { recursive: true }).then(() => {
      this.#stream = createWriteStream(this.path, { flags: 'a' });
    });
  }

  /** Appends one export request (OTLP/JSON form) as a line. */
  async write(request: object): Promise<void> {
    await this.#ready;
    const line = `${JSON.stringify(request)}\n`;
    await new Promise<void>((ok, fail) => this.#stream?.write(line, (err) => (err ? fail(err) : ok())));
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    await this.#ready;
    const stream = this.#stream;
    if (!stream || stream.closed) return;
    await new Promise<void>((ok) => stream.end(ok));
  }
}

/** Options of {@link readOtlpJsonLines}. */
export interface ReadOtlpJsonLinesOptions {
  /** Keep only this signal. @defaultValue all signals */
  signal?: OtlpSignal;
  /** Skip this many bytes at the start (for tailing a growing file). @defaultValue 0 */
  fromByte?: number;
}

/**
 * Reads an OTLP JSON-lines file (one `ExportLogsServiceRequest` / `ExportMetricsServiceRequest` /
 * `ExportTraceServiceRequest` in OTLP/JSON per line) and normalizes it into records with transport `file`.
 * A missing file reads as no records; a trailing partial line is ignored.
 *
 * @throws Error when a complete line is not JSON or not an OTLP export request.
 * @see https://opentelemetry.io/docs/specs/otel/protocol/file-exporter/
 * @example const logs = await readOtlpJsonLines('out/logs.jsonl', { signal: 'logs' })
 */
export async function readOtlpJsonLines(
  path: string,
  options: ReadOtlpJsonLinesOptions = {},
): Promise<OtlpRecord[]> {
  let text: string;
  try {
    const buf = await readFile(path);
    text = buf.subarray(options.fromByte ?? 0).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lastNewline = text.lastIndexOf('\n');
  const complete = lastNewline < 0 ? '' : text.slice(0, lastNewline);
  const out: OtlpRecord[] = [];
  let lineNo = 0;
  for (const line of complete.split('\n')) {
    lineNo++;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err) {
      throw new Error(`[test-support] ${path}:${lineNo} is not JSON: ${(err as Error).message}`);
    }
    const signal = signalOfOtlpJson(parsed);
    if (!signal) {
      throw new Error(
        `[test-support] ${path}:${lineNo} is not an OTLP export request: expected resourceLogs, resourceMetrics or resourceSpans`,
      );
    }
    if (options.signal && options.signal !== signal) continue;
    const request: OtlpRequestInfo = {
      id: lineNo,
      transport: 'file',
      signal,
      path,
      headers: {},
      tls: { encrypted: false },
      contentEncoding: 'identity',
      bodyBytes: Buffer.byteLength(line),
      receivedAtMs: Date.now(),
      status: 200,
      recordCount: 0,
    };
    const records = normalizeOtlpJson(signal, parsed, request);
    request.recordCount = records.length;
    out.push(...records);
  }
  return out;
}
