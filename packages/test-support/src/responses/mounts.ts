import { evAssistantMessage, evCompleted, evFunctionCall, evResponseCreated } from './events.ts';
import type { MockResponse } from './mock-response.ts';
import { sseResponse } from './mock-response.ts';
import type { MockServer, ResponseMock } from './mock-server.ts';
import { responsesMount } from './mount-definition.ts';
import type { RequestMatcher } from './request-matcher.ts';
import { sse } from './sse.ts';

/**
 * Serves `body` (a stream from {@link sse}) to the next `POST .../responses`, once; several mounts are
 * served in mount order. As Codex's `mount_sse_once`.
 *
 * @example const mock = await mountSseOnce(server, sse([evResponseCreated('r1'), evCompleted('r1')]));
 * @see docs/responses-sse.md §3
 */
export function mountSseOnce(server: MockServer, body: string): Promise<ResponseMock> {
  return server.mount(responsesMount([sseResponse(body)], { label: 'mountSseOnce' }));
}

/**
 * Serves `body` to every `POST .../responses` (not used up), e.g. for load tests and agents that poll.
 *
 * @example await mountSseAlways(server, sse([evResponseCreated('r1'), evCompleted('r1')]))
 */
export function mountSseAlways(server: MockServer, body: string): Promise<ResponseMock> {
  return server.mount(responsesMount([sseResponse(body)], { label: 'mountSseAlways', repeatLast: true }));
}

/**
 * Like {@link mountSseOnce}, only for requests `matcher` accepts (header, path or body conditions).
 *
 * @example await mountSseOnceMatch(server, header('originator', 'codex_exec'), body)
 * @see docs/responses-sse.md §3
 */
export function mountSseOnceMatch(
  server: MockServer,
  matcher: RequestMatcher,
  body: string,
): Promise<ResponseMock> {
  return server.mount(responsesMount([sseResponse(body)], { matcher, label: 'mountSseOnceMatch' }));
}

/**
 * The i-th `POST .../responses` gets `bodies[i]`; a request after the last body is unmatched (404 naming
 * the mounts, listed by `unmatchedRequests()`). As Codex's `mount_sse_sequence`.
 *
 * @example await mountSseSequence(server, [first, second])
 * @see docs/responses-sse.md §3
 */
export function mountSseSequence(server: MockServer, bodies: readonly string[]): Promise<ResponseMock> {
  return server.mount(responsesMount(bodies.map(sseResponse), { label: 'mountSseSequence' }));
}

/**
 * Serves any {@link MockResponse} once: a 500, a 429 with `retry-after`, a delayed, streamed, cut or
 * reset answer. As Codex's `mount_response_once`.
 *
 * @example await mountResponseOnce(server, mockResponse(429, { headers: { 'retry-after': '1' } }))
 * @see docs/responses-sse.md §3
 */
export function mountResponseOnce(server: MockServer, response: MockResponse): Promise<ResponseMock> {
  return server.mount(responsesMount([response], { label: 'mountResponseOnce' }));
}

/**
 * Like {@link mountResponseOnce}, only for requests `matcher` accepts.
 *
 * @example await mountResponseOnceMatch(server, bodyContains('retry me'), mockResponse(500))
 */
export function mountResponseOnceMatch(
  server: MockServer,
  matcher: RequestMatcher,
  response: MockResponse,
): Promise<ResponseMock> {
  return server.mount(responsesMount([response], { matcher, label: 'mountResponseOnceMatch' }));
}

/** The two handles of {@link mountFunctionCallAgentResponse}. */
export interface FunctionCallResponseMocks {
  /** Answers the first request with the function call. */
  readonly functionCall: ResponseMock;
  /** Answers the follow-up request (which carries the `function_call_output`) with `done`. */
  readonly completion: ResponseMock;
}

/**
 * Two mounts: a stream with a `function_call` (`callId`, `toolName`, `args` as a JSON string) and then a
 * final assistant message `done`. As Codex's `mount_function_call_agent_response`.
 *
 * @example const { completion } = await mountFunctionCallAgentResponse(server, 'call_1', '{"cmd":"echo hi"}', 'exec_command');
 * @see docs/responses-sse.md §3
 */
export async function mountFunctionCallAgentResponse(
  server: MockServer,
  callId: string,
  args: string,
  toolName: string,
): Promise<FunctionCallResponseMocks> {
  const functionCall = await mountSseOnce(
    server,
    sse([evResponseCreated('resp-1'), evFunctionCall(callId, toolName, args), evCompleted('resp-1')]),
  );
  const completion = await mountSseOnce(
    server,
    sse([evResponseCreated('resp-2'), evAssistantMessage('msg-1', 'done'), evCompleted('resp-2')]),
  );
  return { functionCall, completion };
}
