import { evFailed } from './events.ts';

/**
 * Frames one event: `event: <type>\n`, then `data: <compact JSON>\n` unless the object has only a
 * `type` key, then a blank line. No `[DONE]` is ever written.
 *
 * @throws {TypeError} when the event has no string `type`.
 * @see docs/responses-sse.md §2
 */
export function sseFrame(event: object): string {
  const type = (event as { type?: unknown }).type;
  if (typeof type !== 'string') {
    throw new TypeError(
      `[@agentotel/test-support] sse(): every event needs a string "type", got ${JSON.stringify(event)}`,
    );
  }
  const onlyType = Object.keys(event).length === 1;
  return onlyType ? `event: ${type}\n\n` : `event: ${type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Builds a `text/event-stream` body from event objects with exactly the framing of docs/responses-sse.md §2,
 * as Codex's `sse(events)`.
 *
 * @throws {TypeError} when an event has no string `type`.
 * @example sse([evResponseCreated('resp_1'), evCompleted('resp_1')])
 * @see docs/responses-sse.md §2
 */
export function sse(events: readonly object[]): string {
  return events.map(sseFrame).join('');
}

/**
 * Splits events into their frames (one string per event); `sseFrames(e).join('') === sse(e)`.
 *
 * @see docs/responses-sse.md §2
 */
export function sseFrames(events: readonly object[]): string[] {
  return events.map(sseFrame);
}

/**
 * A stream body holding a single `response.failed` event, as Codex's `sse_failed`.
 *
 * @example mountSseOnce(server, sseFailed('resp_1', 'rate_limit_exceeded', 'synthetic server error'))
 * @see docs/responses-sse.md §2, §3
 */
export function sseFailed(id: string, code: string, message: string): string {
  return sse([evFailed(id, code, message)]);
}
