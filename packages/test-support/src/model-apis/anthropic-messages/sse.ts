import type { MockResponse } from '../../responses/mock-response.ts';
import { SSE_CONTENT_TYPE } from '../../responses/mock-response.ts';

/**
 * Frames one Messages stream event: `event: <type>\ndata: <compact JSON>\n\n`. Unlike the Responses
 * framing, the `data:` line is always written (the API repeats the type in the data, even for
 * `message_stop` and `ping`).
 *
 * @throws {TypeError} when the event has no string `type`.
 * @see Anthropic, "Streaming Messages" (platform.claude.com/docs/en/build-with-claude/streaming)
 */
export function messagesSseFrame(event: object): string {
  const type = (event as { type?: unknown }).type;
  if (typeof type !== 'string') {
    throw new TypeError(
      `[@agentotel/test-support] messagesSse(): every event needs a string "type", got ${JSON.stringify(event)}`,
    );
  }
  return `event: ${type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** One frame per event; `messagesSseFrames(e).join('') === messagesSse(e)`. */
export function messagesSseFrames(events: readonly object[]): string[] {
  return events.map(messagesSseFrame);
}

/**
 * A `text/event-stream` body from Messages stream events.
 *
 * @throws {TypeError} when an event has no string `type`.
 * @example messagesSse(messagesTextEvents('Hello!'))
 */
export function messagesSse(events: readonly object[]): string {
  return messagesSseFrames(events).join('');
}

/**
 * A 200 answer with `content-type: text/event-stream` and the given Messages stream body.
 *
 * @example mountMessagesResponseOnce(server, messagesSseResponse(messagesSse(events)))
 */
export function messagesSseResponse(body: string): MockResponse {
  return { status: 200, headers: { 'content-type': SSE_CONTENT_TYPE }, body };
}

/** Options of {@link messagesSseStream} and {@link messagesSseCutMidFrame}. */
export interface MessagesSseStreamOptions {
  /** Milliseconds before the status line (time to first byte). @defaultValue 0 */
  readonly firstFrameDelayMs?: number;
  /** Milliseconds between two frames. @defaultValue 0 */
  readonly frameDelayMs?: number;
}

/**
 * A 200 Messages stream written one frame at a time, with delays before the first frame and between
 * frames.
 *
 * @example messagesSseStream(messagesTextEvents('Hi'), { frameDelayMs: 100 })
 */
export function messagesSseStream(
  events: readonly object[],
  options: MessagesSseStreamOptions = {},
): MockResponse {
  const chunks = messagesSseFrames(events);
  return {
    ...messagesSseResponse(chunks.join('')),
    chunks,
    chunkDelayMs: options.frameDelayMs ?? 0,
    delayMs: options.firstFrameDelayMs ?? 0,
  };
}

/**
 * A 200 Messages stream that sends `events` whole, then half of `cutEvent`'s frame, then drops the
 * connection (no `message_stop`): a stream cut mid-frame.
 *
 * @example messagesSseCutMidFrame([evMessageStart(), evTextStart(0)], evTextDelta(0, 'Hel'))
 */
export function messagesSseCutMidFrame(
  events: readonly object[],
  cutEvent: object,
  options: MessagesSseStreamOptions = {},
): MockResponse {
  const frame = messagesSseFrame(cutEvent);
  const chunks = [...messagesSseFrames(events), frame.slice(0, Math.max(1, Math.floor(frame.length / 2)))];
  return {
    ...messagesSseResponse(chunks.join('')),
    chunks,
    chunkDelayMs: options.frameDelayMs ?? 0,
    delayMs: options.firstFrameDelayMs ?? 0,
    fault: 'cut',
  };
}
