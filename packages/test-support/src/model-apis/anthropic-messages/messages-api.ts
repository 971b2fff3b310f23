import type { MockServerOptions } from '../../responses/mock-server.ts';
import type { RawRequest } from '../../responses/recorded-request.ts';
import type { ModelApi } from '../model-api.ts';
import { type ModelApiMock, type ModelApiServer, startModelApiServer } from '../model-api-server.ts';
import { MessagesRequest } from './messages-request.ts';
import { messagesErrorBody, messagesErrorType } from './responses.ts';

/**
 * The Anthropic Messages API as served by the mock: mounts answer `POST …/v1/messages` (any query, e.g.
 * Claude Code's `?beta=true`; not `/v1/messages/count_tokens`); every answer carries a fresh `request-id`
 * header (`req_…`) unless it sets one; anything else gets a 404 `not_found_error` in Anthropic's error
 * shape naming what was mounted.
 *
 * @see Anthropic, "Errors" (platform.claude.com/docs/en/api/errors, read 2026-12): every response has a
 *   unique `request-id` header; error bodies are `{"type":"error","error":{"type","message"}}`.
 */
export const anthropicMessagesApi: ModelApi<MessagesRequest> = {
  name: 'Anthropic Messages API',
  endpoint: { method: 'POST', pathPattern: '(?:/.*)?/v1/messages', description: 'POST /v1/messages' },
  errorBody: (status, message) => messagesErrorBody(messagesErrorType(status), message),
  requestIdHeader: 'request-id',
  recorded: (raw: RawRequest) => new MessagesRequest(raw),
};

/** A running Anthropic Messages mock; `url` is the `ANTHROPIC_BASE_URL` to give the agent. */
export type MessagesMockServer = ModelApiServer<MessagesRequest>;

/** The handle of one mount on a {@link MessagesMockServer}. */
export type MessagesMock = ModelApiMock<MessagesRequest>;

/**
 * Starts a mock Anthropic Messages API on a free 127.0.0.1 port (engine `msw` by default, or
 * `wiremock`). Point the agent at it with `ANTHROPIC_BASE_URL=<server.url>`.
 *
 * @throws {MockServerError} `UNKNOWN_ENGINE`; `ENGINE_START_FAILED` when WireMock (Java) does not come up.
 * @example await using server = await startMessagesMockServer({ engine: 'wiremock' });
 */
export function startMessagesMockServer(options: MockServerOptions = {}): Promise<MessagesMockServer> {
  return startModelApiServer(anthropicMessagesApi, options);
}
