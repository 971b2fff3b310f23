import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** Reads a whole SSE body with eventsource-parser; `error` is set when the stream broke. */
export async function readSse(res: Response) {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (e) => events.push(e) });
  const decoder = new TextDecoder();
  let text = '';
  let error: unknown;
  try {
    for await (const chunk of res.body!) {
      const piece = decoder.decode(chunk, { stream: true });
      text += piece;
      parser.feed(piece);
    }
  } catch (e) {
    error = e;
  }
  return { events, text, error };
}

/** The JSON body of an answer, untyped (the tests check its shape). */
// biome-ignore lint/suspicious/noExplicitAny: answer bodies are free-form JSON
export const json = (res: Response): Promise<any> => res.json();
