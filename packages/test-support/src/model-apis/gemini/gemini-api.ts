import type { MockServerOptions } from '../../responses/mock-server.ts';
import type { RawRequest } from '../../responses/recorded-request.ts';
import type { ModelApi } from '../model-api.ts';
import { type ModelApiMock, type ModelApiServer, startModelApiServer } from '../model-api-server.ts';
import { GeminiRequest } from './gemini-request.ts';
import { geminiErrorBody } from './responses.ts';

/**
 * The Gemini API as served by the mock: mounts answer `POST …/models/<model>:streamGenerateContent`
 * (with `?alt=sse`) and `POST …/models/<model>:generateContent`; anything else (e.g. `:countTokens`) gets
 * a 404 `NOT_FOUND` in Google's error shape naming what was mounted.
 *
 * @see Google, "Gemini API reference: Generating content" (ai.google.dev/api/generate-content, v1beta, read 2026-12)
 */
export const geminiApi: ModelApi<GeminiRequest> = {
  name: 'Gemini API',
  endpoint: {
    method: 'POST',
    pathPattern: '(?:/.*)?/models/[^/]+:(?:streamGenerateContent|generateContent)',
    description: 'POST /v1beta/models/*:(stream)GenerateContent',
  },
  errorBody: (status, message) => geminiErrorBody(status, message),
  recorded: (raw: RawRequest) => new GeminiRequest(raw),
};

/** A running Gemini mock; `url` is the `GOOGLE_GEMINI_BASE_URL` to give the agent. */
export type GeminiMockServer = ModelApiServer<GeminiRequest>;

/** The handle of one mount on a {@link GeminiMockServer}. */
export type GeminiMock = ModelApiMock<GeminiRequest>;

/**
 * Starts a mock Gemini API on a free 127.0.0.1 port (engine `msw` by default, or `wiremock`). Point
 * Gemini CLI at it with `GOOGLE_GEMINI_BASE_URL=<server.url>`.
 *
 * @throws {MockServerError} `UNKNOWN_ENGINE`; `ENGINE_START_FAILED` when WireMock (Java) does not come up.
 * @example await using server = await startGeminiMockServer({ engine: 'wiremock' });
 */
export function startGeminiMockServer(options: MockServerOptions = {}): Promise<GeminiMockServer> {
  return startModelApiServer(geminiApi, options);
}
