import { MockServerError } from './errors.ts';

/** The raw parts of a request as an engine saw it. */
export interface RawRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** URL path without query, e.g. `/v1/responses`. */
  readonly path: string;
  /** Query string without `?` (empty when none). */
  readonly query: string;
  /** Header names lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as UTF-8 text (empty when none). */
  readonly body: string;
  /**
   * True when the body bytes were not valid UTF-8 (`body` then holds U+FFFD in their place). Set by the
   * `msw` engine, which sees the bytes; the `wiremock` engine only sees WireMock's decoded text.
   */
  readonly invalidUtf8?: boolean;
}

/**
 * One request the mock received, as Codex's `ResponsesRequest`: synchronous accessors over a snapshot.
 *
 * @see docs/responses-sse.md §1, §3
 */
export class RecordedRequest {
  /** The raw request as received. */
  readonly raw: RawRequest;

  constructor(raw: RawRequest) {
    this.raw = raw;
  }

  /**
   * The body parsed as JSON.
   *
   * @throws {MockServerError} when the body is not JSON.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the request body is free-form JSON, as in the contract
  bodyJson(): any {
    try {
      return JSON.parse(this.raw.body);
    } catch (cause) {
      throw new MockServerError(
        'REQUEST_SHAPE',
        `request body of ${this.raw.method} ${this.raw.path} is not JSON: ${this.raw.body.slice(0, 200)}`,
        { cause },
      );
    }
  }

  /**
   * The `input` array of the JSON body.
   *
   * @throws {MockServerError} when the body has no `input` array.
   * @see docs/responses-sse.md §1
   */
  // biome-ignore lint/suspicious/noExplicitAny: input items are free-form JSON, as in the contract
  input(): any[] {
    const input = this.bodyJson()?.input;
    if (!Array.isArray(input)) {
      throw new MockServerError('REQUEST_SHAPE', `input array not found in request ${this.raw.path}`);
    }
    return input;
  }

  /** The `input` items whose `type` equals `type`, e.g. `inputsOfType('function_call_output')`. */
  // biome-ignore lint/suspicious/noExplicitAny: input items are free-form JSON
  inputsOfType(type: string): any[] {
    return this.input().filter((item) => item?.type === type);
  }

  /** Texts of the `input_text` parts of `message` inputs of the given role (e.g. `'user'`). */
  messageInputTexts(role: string): string[] {
    return this.inputsOfType('message')
      .filter((m) => m.role === role && Array.isArray(m.content))
      .flatMap((m) => m.content)
      .filter(
        (part: { type?: unknown; text?: unknown }) =>
          part?.type === 'input_text' && typeof part.text === 'string',
      )
      .map((part: { text: string }) => part.text);
  }

  /** A header value by case-insensitive name, or `undefined`. */
  header(name: string): string | undefined {
    return this.raw.headers[name.toLowerCase()];
  }

  /** The URL path without query, e.g. `/v1/responses`. */
  path(): string {
    return this.raw.path;
  }

  /** A query parameter by name, or `undefined`. */
  queryParam(name: string): string | undefined {
    return new URLSearchParams(this.raw.query).get(name) ?? undefined;
  }

  /**
   * The `function_call_output` input item with this `call_id`.
   *
   * @throws {MockServerError} when no such item is in `input`.
   * @see docs/responses-sse.md §1
   */
  // biome-ignore lint/suspicious/noExplicitAny: input items are free-form JSON, as in the contract
  functionCallOutput(callId: string): any {
    const found = this.input().find(
      (item) => item?.type === 'function_call_output' && item.call_id === callId,
    );
    if (found === undefined) {
      throw new MockServerError(
        'REQUEST_SHAPE',
        `function call output ${callId} item not found in request ${this.raw.path}; input types: ${this.input()
          .map((i) => i?.type)
          .join(', ')}`,
      );
    }
    return found;
  }

  /** `METHOD /path` for messages. */
  toString(): string {
    return `${this.raw.method} ${this.raw.path}`;
  }
}
