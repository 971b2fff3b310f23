import type { MockResponse } from '../../responses/mock-response.ts';
import { responsesMount } from '../../responses/mount-definition.ts';
import type { RequestMatcher } from '../../responses/request-matcher.ts';
import { messagesTextEvents, messagesToolUseEvents } from './events.ts';
import type { MessagesMock, MessagesMockServer } from './messages-api.ts';
import { messagesSse, messagesSseResponse } from './sse.ts';

/**
 * Serves `body` (a stream from {@link messagesSse}) to the next `POST /v1/messages`, once; several mounts
 * are served in mount order.
 *
 * @example const mock = await mountMessagesSseOnce(server, messagesSse(messagesTextEvents('Hello!')));
 */
export function mountMessagesSseOnce(server: MessagesMockServer, body: string): Promise<MessagesMock> {
  return server.mount(responsesMount([messagesSseResponse(body)], { label: 'mountMessagesSseOnce' }));
}

/**
 * Like {@link mountMessagesSseOnce}, only for requests `matcher` accepts.
 *
 * @example await mountMessagesSseOnceMatch(server, bodyContains('"tool_result"'), body)
 */
export function mountMessagesSseOnceMatch(
  server: MessagesMockServer,
  matcher: RequestMatcher,
  body: string,
): Promise<MessagesMock> {
  return server.mount(
    responsesMount([messagesSseResponse(body)], { matcher, label: 'mountMessagesSseOnceMatch' }),
  );
}

/**
 * The i-th `POST /v1/messages` gets `bodies[i]`; one more request is unmatched (404 `not_found_error`).
 *
 * @example await mountMessagesSseSequence(server, [first, second])
 */
export function mountMessagesSseSequence(
  server: MessagesMockServer,
  bodies: readonly string[],
): Promise<MessagesMock> {
  return server.mount(responsesMount(bodies.map(messagesSseResponse), { label: 'mountMessagesSseSequence' }));
}

/**
 * Serves `body` to every `POST /v1/messages` (never used up), e.g. for an agent that sends side requests
 * (titles, summaries) besides its turns.
 *
 * @example await mountMessagesSseAlways(server, messagesSse(messagesTextEvents('ok')))
 */
export function mountMessagesSseAlways(server: MessagesMockServer, body: string): Promise<MessagesMock> {
  return server.mount(
    responsesMount([messagesSseResponse(body)], { label: 'mountMessagesSseAlways', repeatLast: true }),
  );
}

/**
 * Serves any answer once: an error in Anthropic's shape ({@link messagesErrorResponse}), a JSON Message
 * ({@link messagesTextResponse}), a delayed, cut or reset answer.
 *
 * @example await mountMessagesResponseOnce(server, messagesErrorResponse(529, 'Overloaded'))
 */
export function mountMessagesResponseOnce(
  server: MessagesMockServer,
  response: MockResponse,
): Promise<MessagesMock> {
  return server.mount(responsesMount([response], { label: 'mountMessagesResponseOnce' }));
}

/**
 * Serves `responses` once each, in order (e.g. two 529s then a stream: retries).
 *
 * @example await mountMessagesResponseSequence(server, [messagesErrorResponse(500, 'x'), messagesSseResponse(body)])
 */
export function mountMessagesResponseSequence(
  server: MessagesMockServer,
  responses: readonly MockResponse[],
): Promise<MessagesMock> {
  return server.mount(responsesMount(responses, { label: 'mountMessagesResponseSequence' }));
}

/** The two handles of {@link mountMessagesToolUseTurn}. */
export interface MessagesToolUseMocks {
  /** Answers the first request with the `tool_use` block. */
  readonly toolUse: MessagesMock;
  /** Answers the follow-up request (which carries the `tool_result`) with `finalText`. */
  readonly completion: MessagesMock;
}

/**
 * Two mounts for a tool turn: a stream asking for tool `name` with `input` (`tool_use` id `toolUseId`,
 * input as `input_json_delta` pieces), then a stream answering `finalText`.
 *
 * @example const { completion } = await mountMessagesToolUseTurn(server, 'toolu_01', 'Bash', { command: 'echo hi' });
 */
export async function mountMessagesToolUseTurn(
  server: MessagesMockServer,
  toolUseId: string,
  name: string,
  input: object,
  finalText = 'done',
): Promise<MessagesToolUseMocks> {
  const toolUse = await mountMessagesSseOnce(
    server,
    messagesSse(messagesToolUseEvents(toolUseId, name, input, { id: 'msg_mock_1' })),
  );
  const completion = await mountMessagesSseOnce(
    server,
    messagesSse(messagesTextEvents(finalText, { id: 'msg_mock_2' })),
  );
  return { toolUse, completion };
}
