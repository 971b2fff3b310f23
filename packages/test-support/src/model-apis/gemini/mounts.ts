import type { MockResponse } from '../../responses/mock-response.ts';
import { responsesMount } from '../../responses/mount-definition.ts';
import { allOf, path, type RequestMatcher } from '../../responses/request-matcher.ts';
import { functionCallPart, geminiFunctionCallChunks, geminiTextChunks } from './chunks.ts';
import type { GeminiMock, GeminiMockServer } from './gemini-api.ts';
import { geminiSse, geminiSseResponse } from './responses.ts';

/** Matches `…:streamGenerateContent` requests. */
export const STREAM_GENERATE_CONTENT: RequestMatcher = path({ matches: '.*:streamGenerateContent' });
/** Matches `…:generateContent` requests. */
export const GENERATE_CONTENT: RequestMatcher = path({ matches: '.*:generateContent' });

/**
 * Serves `body` (a stream from {@link geminiSse}) to the next `:streamGenerateContent`, once; several
 * mounts are served in mount order.
 *
 * @example const mock = await mountGeminiSseOnce(server, geminiSse(geminiTextChunks('Hello!')));
 */
export function mountGeminiSseOnce(server: GeminiMockServer, body: string): Promise<GeminiMock> {
  return server.mount(
    responsesMount([geminiSseResponse(body)], {
      matcher: STREAM_GENERATE_CONTENT,
      label: 'mountGeminiSseOnce',
    }),
  );
}

/**
 * Like {@link mountGeminiSseOnce}, only for requests `matcher` also accepts.
 *
 * @example await mountGeminiSseOnceMatch(server, bodyContains('functionResponse'), body)
 */
export function mountGeminiSseOnceMatch(
  server: GeminiMockServer,
  matcher: RequestMatcher,
  body: string,
): Promise<GeminiMock> {
  return server.mount(
    responsesMount([geminiSseResponse(body)], {
      matcher: allOf(STREAM_GENERATE_CONTENT, matcher),
      label: 'mountGeminiSseOnceMatch',
    }),
  );
}

/**
 * The i-th `:streamGenerateContent` gets `bodies[i]`; one more is unmatched (404 `NOT_FOUND`).
 *
 * @example await mountGeminiSseSequence(server, [first, second])
 */
export function mountGeminiSseSequence(
  server: GeminiMockServer,
  bodies: readonly string[],
): Promise<GeminiMock> {
  return server.mount(
    responsesMount(bodies.map(geminiSseResponse), {
      matcher: STREAM_GENERATE_CONTENT,
      label: 'mountGeminiSseSequence',
    }),
  );
}

/**
 * Serves `body` to every `:streamGenerateContent` (never used up).
 *
 * @example await mountGeminiSseAlways(server, geminiSse(geminiTextChunks('ok')))
 */
export function mountGeminiSseAlways(server: GeminiMockServer, body: string): Promise<GeminiMock> {
  return server.mount(
    responsesMount([geminiSseResponse(body)], {
      matcher: STREAM_GENERATE_CONTENT,
      label: 'mountGeminiSseAlways',
      repeatLast: true,
    }),
  );
}

/**
 * Serves a JSON answer to the next `:generateContent` (no stream), once.
 *
 * @example await mountGenerateContentOnce(server, generateContentResponse(geminiTextChunks('Hi')[0]!))
 */
export function mountGenerateContentOnce(
  server: GeminiMockServer,
  response: MockResponse,
): Promise<GeminiMock> {
  return server.mount(
    responsesMount([response], { matcher: GENERATE_CONTENT, label: 'mountGenerateContentOnce' }),
  );
}

/**
 * Serves any answer once to either endpoint: an error in Google's shape ({@link geminiErrorResponse}),
 * a delayed, cut or reset answer.
 *
 * @example await mountGeminiResponseOnce(server, geminiErrorResponse(503, 'The model is overloaded.'))
 */
export function mountGeminiResponseOnce(
  server: GeminiMockServer,
  response: MockResponse,
): Promise<GeminiMock> {
  return server.mount(responsesMount([response], { label: 'mountGeminiResponseOnce' }));
}

/**
 * Serves `responses` once each, in order, to either endpoint (e.g. a 500 then a stream: a retry).
 *
 * @example await mountGeminiResponseSequence(server, [geminiErrorResponse(500, 'x'), geminiSseResponse(body)])
 */
export function mountGeminiResponseSequence(
  server: GeminiMockServer,
  responses: readonly MockResponse[],
): Promise<GeminiMock> {
  return server.mount(responsesMount(responses, { label: 'mountGeminiResponseSequence' }));
}

/** The two handles of {@link mountGeminiFunctionCallTurn}. */
export interface GeminiFunctionCallMocks {
  /** Answers the first request with the `functionCall`. */
  readonly functionCall: GeminiMock;
  /** Answers the follow-up request (which carries the `functionResponse`) with `finalText`. */
  readonly completion: GeminiMock;
}

/**
 * Two stream mounts for a tool turn: a `functionCall` of `name` with `args`, then `finalText`.
 *
 * @example const { completion } = await mountGeminiFunctionCallTurn(server, 'run_shell_command', { command: 'echo hi' });
 */
export async function mountGeminiFunctionCallTurn(
  server: GeminiMockServer,
  name: string,
  args: object,
  finalText = 'done',
): Promise<GeminiFunctionCallMocks> {
  const functionCall = await mountGeminiSseOnce(
    server,
    geminiSse(geminiFunctionCallChunks([functionCallPart(name, args)], { responseId: 'resp_mock_1' })),
  );
  const completion = await mountGeminiSseOnce(
    server,
    geminiSse(geminiTextChunks(finalText, { responseId: 'resp_mock_2' })),
  );
  return { functionCall, completion };
}
