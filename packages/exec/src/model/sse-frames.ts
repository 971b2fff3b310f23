import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * Feeds SSE text to `eventsource-parser` and reports each frame.
 *
 * @note The Responses API leaves out the `data:` line when the event object has only a `type` key
 * (docs/responses-sse.md §2). Per the SSE spec such a block dispatches nothing, so this wrapper adds
 * `data: {"type":"<event>"}` to a block that has an `event:` line and no `data:` line before the
 * parser sees it; everything else is the library's parsing.
 */
export class SseFrameReader {
  readonly #parser;
  #partial = '';
  #blockEvent: string | undefined;
  #blockHasData = false;

  /** @param onFrame - called once per dispatched frame. */
  constructor(onFrame: (frame: EventSourceMessage) => void) {
    this.#parser = createParser({ onEvent: onFrame });
  }

  /** Feeds a chunk of decoded text. */
  feed(chunk: string): void {
    const text = this.#partial + chunk;
    let start = 0;
    let out = '';
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      let line = text.slice(start, nl);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      start = nl + 1;
      if (line === '') {
        if (this.#blockEvent !== undefined && !this.#blockHasData) {
          out += `data: ${JSON.stringify({ type: this.#blockEvent })}\n`;
        }
        out += '\n';
        this.#blockEvent = undefined;
        this.#blockHasData = false;
        continue;
      }
      if (line === 'data' || line.startsWith('data:')) this.#blockHasData = true;
      else if (line.startsWith('event:')) this.#blockEvent = line.slice(6).trim();
      out += `${line}\n`;
    }
    this.#partial = text.slice(start);
    if (out) this.#parser.feed(out);
  }
}
