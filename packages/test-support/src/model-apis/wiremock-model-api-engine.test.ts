import { describe, expect, test } from 'vitest';
import { jsonResponse, sseResponse } from '../responses/mock-response.ts';
import { anthropicMessagesApi } from './anthropic-messages/messages-api.ts';
import { geminiApi } from './gemini/gemini-api.ts';
import { REQUEST_ID_TEMPLATE } from './model-api-mount.ts';
import { modelApiCatchAllMapping, modelApiResponseDefinition } from './wiremock-model-api-engine.ts';

describe('WireMock stubs of a model API', () => {
  test('a request-id API: templated header, body as base64Body so templates never touch it', () => {
    const body = 'event: x\ndata: {"text":"{{request.path}}"}\n\n';
    const def = modelApiResponseDefinition(anthropicMessagesApi, sseResponse(body));
    expect(def.headers).toEqual({ 'content-type': 'text/event-stream', 'request-id': REQUEST_ID_TEMPLATE });
    expect(def.body).toBeUndefined();
    expect(Buffer.from(def.base64Body as string, 'base64').toString('utf8')).toBe(body);
    expect(def.transformers).toEqual(['response-template']);
  });

  test('an answer that sets its own request-id, and an API without one, are left as plain bodies', () => {
    const own = modelApiResponseDefinition(
      anthropicMessagesApi,
      jsonResponse(500, {}, { 'request-id': 'req_x' }),
    );
    expect(own.body).toBe('{}');
    expect(own.transformers).toBeUndefined();
    const gemini = modelApiResponseDefinition(geminiApi, sseResponse('data: {}\n\n'));
    expect(gemini.body).toBe('data: {}\n\n');
    expect(gemini.transformers).toBeUndefined();
  });

  test("the catch-all answers 404 in the API's error shape with the method and path templated", () => {
    const mapping = modelApiCatchAllMapping(geminiApi, []) as { response: { status: number; body: string } };
    expect(mapping.response.status).toBe(404);
    expect(mapping.response.body).toContain('"status":"NOT_FOUND"');
    expect(mapping.response.body).toContain('no mount matched {{{request.method}}} {{{request.path}}}');
  });
});
