import { sseFrames } from './sse.ts';

/**
 * What a mount answers: a plain value that every engine plays the same way.
 *
 * Streaming: when `chunks` is set, the body is written as those pieces (their concatenation is `body`),
 * with `chunkDelayMs` between them. The `msw` engine keeps piece boundaries exactly; the `wiremock`
 * engine uses WireMock's chunked dribble delay (`numberOfChunks = chunks.length`,
 * `totalDuration = chunkDelayMs × chunks.length`), which splits the body into equal byte runs.
 *
 * @see docs/responses-sse.md §2
 */
export interface MockResponse {
  /** HTTP status code, e.g. 200, 429, 500. */
  readonly status: number;
  /** Response headers (names lower case recommended), e.g. `{ 'retry-after': '1' }`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The whole body as text (for a cut stream: the bytes actually sent before the cut). */
  readonly body: string;
  /** Milliseconds to wait before the status line is sent (time to first byte). @defaultValue 0 */
  readonly delayMs?: number;
  /** Body pieces written one by one; `chunks.join('') === body`. */
  readonly chunks?: readonly string[];
  /** Milliseconds between two pieces of `chunks` (time between frames). @defaultValue 0 */
  readonly chunkDelayMs?: number;
  /**
   * A transport failure to play: `'cut'` sends the status line, headers and `body`, then closes the
   * connection before the declared body length was sent (the client sees a truncated stream);
   * `'reset'` resets the TCP connection (RST) before any byte of the response.
   */
  readonly fault?: 'cut' | 'reset';
}

/** Content type of Responses API streams. @see docs/responses-sse.md §2 */
export const SSE_CONTENT_TYPE = 'text/event-stream';

/**
 * A 200 answer with `content-type: text/event-stream` and the given stream body, as Codex's
 * `sse_response(body)`.
 *
 * @example mountResponseOnce(server, sseResponse(sse([evCompleted('r1')])))
 * @see docs/responses-sse.md §2, §3
 */
export function sseResponse(body: string): MockResponse {
  return { status: 200, headers: { 'content-type': SSE_CONTENT_TYPE }, body };
}

/**
 * Any answer: a status, optional headers (e.g. `retry-after`) and an optional text body.
 *
 * @example mountResponseOnce(server, mockResponse(429, { headers: { 'retry-after': '1' } }))
 */
export function mockResponse(
  status: number,
  init: { headers?: Record<string, string>; body?: string; delayMs?: number } = {},
): MockResponse {
  const response: MockResponse = { status, headers: { ...init.headers }, body: init.body ?? '' };
  return init.delayMs === undefined ? response : { ...response, delayMs: init.delayMs };
}

/**
 * A JSON answer with `content-type: application/json`.
 *
 * @example mountResponseOnce(server, jsonResponse(500, { error: { message: 'boom' } }))
 */
export function jsonResponse(
  status: number,
  json: unknown,
  headers: Record<string, string> = {},
): MockResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(json) };
}

/**
 * The same answer, sent only after `delayMs` milliseconds (time to first byte).
 *
 * @example withDelay(sseResponse(body), 500)
 */
export function withDelay(response: MockResponse, delayMs: number): MockResponse {
  return { ...response, delayMs };
}

/** Options of {@link sseStream}. */
export interface SseStreamOptions {
  /** Milliseconds before the status line (time to first byte). @defaultValue 0 */
  readonly firstFrameDelayMs?: number;
  /** Milliseconds between two frames (idle time inside the stream). @defaultValue 0 */
  readonly frameDelayMs?: number;
}

/**
 * A 200 event stream written one frame at a time, with a delay before the first frame and between frames.
 *
 * @example sseStream([evResponseCreated('r1'), evCompleted('r1')], { frameDelayMs: 200 })
 * @see docs/responses-sse.md §2
 */
export function sseStream(events: readonly object[], options: SseStreamOptions = {}): MockResponse {
  const chunks = sseFrames(events);
  return {
    ...sseResponse(chunks.join('')),
    chunks,
    chunkDelayMs: options.frameDelayMs ?? 0,
    delayMs: options.firstFrameDelayMs ?? 0,
  };
}

/**
 * A 200 event stream that sends `events` whole, then the first half of `cutFrame`'s frame, then drops the
 * connection: the client sees a stream that ends mid-frame, without `response.completed`.
 *
 * @example sseCutMidFrame([evResponseCreated('r1')], evCompleted('r1'))
 * @see docs/responses-sse.md §2 ("stream closed before response.completed")
 */
export function sseCutMidFrame(
  events: readonly object[],
  cutFrame: object,
  options: SseStreamOptions = {},
): MockResponse {
  const [frame] = sseFrames([cutFrame]);
  const partial = frame!.slice(0, Math.max(1, Math.floor(frame!.length / 2)));
  const chunks = [...sseFrames(events), partial];
  return {
    ...sseResponse(chunks.join('')),
    chunks,
    chunkDelayMs: options.frameDelayMs ?? 0,
    delayMs: options.firstFrameDelayMs ?? 0,
    fault: 'cut',
  };
}

/**
 * An answer that resets the TCP connection (RST) before any response byte: a network error for the client.
 *
 * @example mountResponseOnce(server, connectionReset())
 */
export function connectionReset(): MockResponse {
  return { status: 0, headers: {}, body: '', fault: 'reset' };
}
