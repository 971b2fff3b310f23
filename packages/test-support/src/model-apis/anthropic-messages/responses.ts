import { jsonResponse, type MockResponse } from '../../responses/mock-response.ts';
import {
  DEFAULT_MESSAGES_MODEL,
  type MessagesStopReason,
  type MessagesUsage,
  messagesUsage,
} from './events.ts';

/** Options of the non-streaming answers {@link messagesTextResponse} and {@link messagesToolUseResponse}. */
export interface MessagesResponseOptions {
  /** The Message id. @defaultValue `'msg_mock_1'` */
  readonly id?: string;
  /** The model that answered. @defaultValue {@link DEFAULT_MESSAGES_MODEL} */
  readonly model?: string;
  /** Final usage. @defaultValue 10 input, 5 output tokens */
  readonly usage?: MessagesUsage;
  /** Extra response headers, e.g. a fixed `request-id`. */
  readonly headers?: Record<string, string>;
}

/**
 * A complete Message object (the non-streaming answer body) with the given content blocks.
 *
 * @example messageObject([{ type: 'text', text: 'Hi' }], 'end_turn')
 */
export function messageObject(
  content: readonly object[],
  stopReason: MessagesStopReason,
  options: MessagesResponseOptions = {},
): Record<string, unknown> {
  return {
    id: options.id ?? 'msg_mock_1',
    type: 'message',
    role: 'assistant',
    model: options.model ?? DEFAULT_MESSAGES_MODEL,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: messagesUsage(options.usage ?? { input_tokens: 10, output_tokens: 5 }),
  };
}

/**
 * A 200 JSON answer (no stream) whose Message holds one text block, `stop_reason: end_turn`.
 *
 * @example mountMessagesResponseOnce(server, messagesTextResponse('Hello!'))
 */
export function messagesTextResponse(text: string, options: MessagesResponseOptions = {}): MockResponse {
  return jsonResponse(200, messageObject([{ type: 'text', text }], 'end_turn', options), options.headers);
}

/**
 * A 200 JSON answer (no stream) whose Message asks for one tool call (`tool_use` block),
 * `stop_reason: tool_use`.
 *
 * @example messagesToolUseResponse('toolu_01', 'Bash', { command: 'echo hi' })
 */
export function messagesToolUseResponse(
  toolUseId: string,
  name: string,
  input: object,
  options: MessagesResponseOptions = {},
): MockResponse {
  const block = { type: 'tool_use', id: toolUseId, name, input };
  return jsonResponse(200, messageObject([block], 'tool_use', options), options.headers);
}

/**
 * The error type the Anthropic API uses for an HTTP status (Anthropic, "Errors",
 * platform.claude.com/docs/en/api/errors, read 2026-12): 400 `invalid_request_error`,
 * 401 `authentication_error`, 402 `billing_error`, 403 `permission_error`, 404 `not_found_error`,
 * 413 `request_too_large`, 429 `rate_limit_error`, 500 `api_error`, 504 `timeout_error`,
 * 529 `overloaded_error`; other 4xx `invalid_request_error`, other 5xx `api_error`.
 */
export function messagesErrorType(status: number): string {
  const known: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    402: 'billing_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    500: 'api_error',
    504: 'timeout_error',
    529: 'overloaded_error',
  };
  return known[status] ?? (status < 500 ? 'invalid_request_error' : 'api_error');
}

/**
 * An error body in Anthropic's shape: `{"type":"error","error":{"type":…,"message":…}}`, plus
 * `request_id` when given.
 *
 * @example messagesErrorBody('overloaded_error', 'Overloaded')
 */
export function messagesErrorBody(
  errorType: string,
  message: string,
  requestId?: string,
): Record<string, unknown> {
  return {
    type: 'error',
    error: { type: errorType, message },
    ...(requestId === undefined ? {} : { request_id: requestId }),
  };
}

/** Options of {@link messagesErrorResponse}. */
export interface MessagesErrorOptions {
  /** The error type. @defaultValue {@link messagesErrorType}(status) */
  readonly errorType?: string;
  /** Seconds for a `retry-after` header (sent on 429 and 529 by the API). */
  readonly retryAfterS?: number;
  /** A fixed request id: sent as the `request-id` header and as `request_id` in the body. */
  readonly requestId?: string;
  /** Extra response headers. */
  readonly headers?: Record<string, string>;
}

/**
 * An HTTP error answer in Anthropic's error shape, e.g. 529 `overloaded_error`, 429 `rate_limit_error`,
 * 500 `api_error`. Without `requestId` the engine adds a fresh `request-id` header.
 *
 * @example mountMessagesResponseOnce(server, messagesErrorResponse(529, 'Overloaded'))
 * @see Anthropic, "Errors" (platform.claude.com/docs/en/api/errors)
 */
export function messagesErrorResponse(
  status: number,
  message: string,
  options: MessagesErrorOptions = {},
): MockResponse {
  const headers: Record<string, string> = { ...options.headers };
  if (options.retryAfterS !== undefined) headers['retry-after'] = String(options.retryAfterS);
  if (options.requestId !== undefined) headers['request-id'] = options.requestId;
  const body = messagesErrorBody(options.errorType ?? messagesErrorType(status), message, options.requestId);
  return jsonResponse(status, body, headers);
}
