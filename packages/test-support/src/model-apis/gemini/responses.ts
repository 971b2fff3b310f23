import { jsonResponse, type MockResponse, SSE_CONTENT_TYPE } from '../../responses/mock-response.ts';
import type { GenerateContentResponse } from './chunks.ts';

/**
 * Frames one chunk as the Gemini API does for `alt=sse`: `data: <compact JSON>\n\n` (no `event:` line).
 *
 * @see Google, "Gemini API reference: Generating content" (ai.google.dev/api/generate-content), `streamGenerateContent`
 */
export function geminiSseFrame(chunk: object): string {
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** One frame per chunk; `geminiSseFrames(c).join('') === geminiSse(c)`. */
export function geminiSseFrames(chunks: readonly object[]): string[] {
  return chunks.map(geminiSseFrame);
}

/**
 * A `text/event-stream` body from `GenerateContentResponse` chunks.
 *
 * @example geminiSse(geminiTextChunks('Hello!'))
 */
export function geminiSse(chunks: readonly object[]): string {
  return geminiSseFrames(chunks).join('');
}

/** A 200 answer with `content-type: text/event-stream` and the given Gemini stream body. */
export function geminiSseResponse(body: string): MockResponse {
  return { status: 200, headers: { 'content-type': SSE_CONTENT_TYPE }, body };
}

/** Options of {@link geminiSseStream} and {@link geminiSseCutMidFrame}. */
export interface GeminiSseStreamOptions {
  /** Milliseconds before the status line. @defaultValue 0 */
  readonly firstFrameDelayMs?: number;
  /** Milliseconds between two frames. @defaultValue 0 */
  readonly frameDelayMs?: number;
}

/** A 200 Gemini stream written one frame at a time, with delays. @example geminiSseStream(chunks, { frameDelayMs: 100 }) */
export function geminiSseStream(
  chunks: readonly object[],
  options: GeminiSseStreamOptions = {},
): MockResponse {
  const frames = geminiSseFrames(chunks);
  return {
    ...geminiSseResponse(frames.join('')),
    chunks: frames,
    chunkDelayMs: options.frameDelayMs ?? 0,
    delayMs: options.firstFrameDelayMs ?? 0,
  };
}

/**
 * A 200 Gemini stream that sends `chunks` whole, then half of `cutChunk`'s frame, then drops the
 * connection: a stream cut mid-frame.
 *
 * @example geminiSseCutMidFrame([], geminiTextChunks('Hello')[0])
 */
export function geminiSseCutMidFrame(
  chunks: readonly object[],
  cutChunk: object,
  options: GeminiSseStreamOptions = {},
): MockResponse {
  const frame = geminiSseFrame(cutChunk);
  const frames = [...geminiSseFrames(chunks), frame.slice(0, Math.max(1, Math.floor(frame.length / 2)))];
  return {
    ...geminiSseResponse(frames.join('')),
    chunks: frames,
    chunkDelayMs: options.frameDelayMs ?? 0,
    delayMs: options.firstFrameDelayMs ?? 0,
    fault: 'cut',
  };
}

/**
 * A 200 JSON answer of `:generateContent` (the whole `GenerateContentResponse`).
 *
 * @example mountGenerateContentOnce(server, generateContentResponse(geminiTextChunks('Hi')[0]))
 */
export function generateContentResponse(response: GenerateContentResponse): MockResponse {
  return jsonResponse(200, response);
}

/**
 * The canonical status name Google APIs pair with an HTTP status (Google, "Gemini API troubleshooting",
 * ai.google.dev/gemini-api/docs/troubleshooting, read 2026-12; AIP-193 error model): 400
 * `INVALID_ARGUMENT`, 401 `UNAUTHENTICATED`, 403 `PERMISSION_DENIED`, 404 `NOT_FOUND`, 429
 * `RESOURCE_EXHAUSTED`, 500 `INTERNAL`, 503 `UNAVAILABLE`, 504 `DEADLINE_EXCEEDED`; others `UNKNOWN`.
 */
export function googleErrorStatus(code: number): string {
  const known: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    409: 'ABORTED',
    429: 'RESOURCE_EXHAUSTED',
    499: 'CANCELLED',
    500: 'INTERNAL',
    501: 'NOT_IMPLEMENTED',
    503: 'UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
  };
  return known[code] ?? 'UNKNOWN';
}

/**
 * An error body in Google's shape: `{"error":{"code":429,"message":…,"status":"RESOURCE_EXHAUSTED"}}`.
 *
 * @example geminiErrorBody(429, 'Resource has been exhausted (e.g. check quota).')
 */
export function geminiErrorBody(
  code: number,
  message: string,
  status = googleErrorStatus(code),
  details?: readonly object[],
): Record<string, unknown> {
  return { error: { code, message, status, ...(details === undefined ? {} : { details }) } };
}

/**
 * A `google.rpc.RetryInfo` error detail telling the client how long to wait (`retryDelay` as a protobuf
 * Duration string, e.g. `"1s"`). Gemini CLI 0.61.0 reads it on 429 answers and logs "Suggested retry
 * after", but still waits its own initial backoff (about 5 s) before the retry.
 *
 * @example geminiErrorResponse(429, 'Resource has been exhausted', { details: [retryInfo(0.5)] })
 */
export function retryInfo(retryDelayS: number): object {
  return { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelayS}s` };
}

/** Options of {@link geminiErrorResponse}. */
export interface GeminiErrorOptions {
  /** The canonical status name. @defaultValue {@link googleErrorStatus}(code) */
  readonly status?: string;
  /** Seconds for a `retry-after` header. */
  readonly retryAfterS?: number;
  /** `error.details` entries, e.g. {@link retryInfo}. */
  readonly details?: readonly object[];
  /** Extra response headers. */
  readonly headers?: Record<string, string>;
}

/**
 * An HTTP error answer in Google's error shape, e.g. 429 `RESOURCE_EXHAUSTED`, 500 `INTERNAL`,
 * 503 `UNAVAILABLE`.
 *
 * @example mountGeminiResponseOnce(server, geminiErrorResponse(429, 'Resource has been exhausted'))
 */
export function geminiErrorResponse(
  code: number,
  message: string,
  options: GeminiErrorOptions = {},
): MockResponse {
  const headers: Record<string, string> = { ...options.headers };
  if (options.retryAfterS !== undefined) headers['retry-after'] = String(options.retryAfterS);
  return jsonResponse(code, geminiErrorBody(code, message, options.status, options.details), headers);
}
