import type { RawRequest, RecordedRequest } from '../responses/recorded-request.ts';

/**
 * The request side every mount of a model API shares: an HTTP method and a whole-path regular expression
 * (portable between JavaScript and Java, without a top-level `|`: group alternatives).
 */
export interface ModelApiEndpoint {
  /** HTTP method, upper case, e.g. `POST`. */
  readonly method: string;
  /** Regex the whole URL path (no query) must match, e.g. `(?:/.*)?/v1/messages`. */
  readonly pathPattern: string;
  /** Human form for messages, e.g. `POST /v1/messages`. */
  readonly description: string;
}

/**
 * A model API as plain data: what the engines need to serve its mounts, answer unmatched requests in the
 * API's own error shape, and wrap recorded requests with the API's accessors. Built-in:
 * {@link anthropicMessagesApi} and {@link geminiApi}.
 *
 * @typeParam R the recorded-request class with this API's accessors.
 */
export interface ModelApi<R extends RecordedRequest = RecordedRequest> {
  /** Name for messages, e.g. `Anthropic Messages API`. */
  readonly name: string;
  /** The endpoint mounts answer. */
  readonly endpoint: ModelApiEndpoint;
  /**
   * The body of an error answer in the API's own error shape, e.g. Anthropic's
   * `{"type":"error","error":{"type":"not_found_error","message":…}}`.
   *
   * @param status HTTP status of the answer, e.g. 404.
   */
  errorBody(status: number, message: string): unknown;
  /**
   * A response header that carries a fresh id on every answer (unless the answer sets it itself), e.g.
   * Anthropic's `request-id`; none when undefined.
   */
  readonly requestIdHeader?: string;
  /** Wraps a raw request with the API's accessors. */
  recorded(raw: RawRequest): R;
}
