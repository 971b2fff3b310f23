import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  type EngineName,
  functionCallPart,
  type GeminiMockServer,
  geminiChunk,
  geminiErrorBody,
  geminiErrorResponse,
  geminiFunctionCallChunks,
  geminiSse,
  geminiSseCutMidFrame,
  geminiTextChunks,
  generateContentResponse,
  mountGeminiFunctionCallTurn,
  mountGeminiResponseOnce,
  mountGeminiResponseSequence,
  mountGeminiSseAlways,
  mountGeminiSseOnce,
  mountGeminiSseSequence,
  mountGenerateContentOnce,
  retryInfo,
  startGeminiMockServer,
  textPart,
} from '../../src/index.ts';
import { json, readSse } from './sse-reader.ts';

const MODEL = 'gemini-2.5-flash';

const userTurn = (text: string) => ({
  contents: [{ role: 'user', parts: [{ text }] }],
  systemInstruction: { parts: [{ text: 'be brief' }] },
  tools: [{ functionDeclarations: [{ name: 'run_shell_command' }, { name: 'read_file' }] }],
});

function post(server: GeminiMockServer, body: unknown = userTurn('hi'), method = 'streamGenerateContent') {
  const query = method === 'streamGenerateContent' ? '?alt=sse' : '';
  return fetch(`${server.url}/v1beta/models/${MODEL}:${method}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': 'test-key' },
    body: JSON.stringify(body),
  });
}

const ENGINES: EngineName[] = ['msw', 'wiremock'];

describe.each(ENGINES)('mock Gemini API contract (%s engine)', (engine) => {
  let server: GeminiMockServer;
  beforeAll(async () => {
    server = await startGeminiMockServer({ engine });
  });
  afterEach(async () => {
    await server.reset();
  });
  afterAll(async () => {
    await server?.close();
  });

  test('url is the 127.0.0.1 origin (GOOGLE_GEMINI_BASE_URL) and names the engine', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.engine).toBe(engine);
    expect(server.api.name).toBe('Gemini API');
  });

  test('streaming text: data-only SSE chunks; the last one has finishReason and usageMetadata', async () => {
    const chunks = geminiTextChunks('Hello from the mock!', {
      chunks: 3,
      usage: {
        promptTokenCount: 21,
        candidatesTokenCount: 6,
        cachedContentTokenCount: 4,
        thoughtsTokenCount: 2,
      },
    });
    const body = geminiSse(chunks);
    await mountGeminiSseOnce(server, body);
    const res = await post(server);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const read = await readSse(res);
    expect(read.error).toBeUndefined();
    expect(read.text).toBe(body);
    expect(read.text).not.toContain('event:');
    expect(read.events).toHaveLength(3);
    const data = read.events.map((e) => JSON.parse(e.data));
    expect(data.map((d) => d.candidates[0].content.parts[0].text).join('')).toBe('Hello from the mock!');
    expect(data.map((d) => d.candidates[0].finishReason)).toEqual([undefined, undefined, 'STOP']);
    expect(data.map((d) => d.usageMetadata)).toEqual([
      undefined,
      undefined,
      {
        promptTokenCount: 21,
        candidatesTokenCount: 6,
        cachedContentTokenCount: 4,
        thoughtsTokenCount: 2,
        totalTokenCount: 29,
      },
    ]);
    expect(data[0].candidates[0].content.role).toBe('model');
    expect(data[0].modelVersion).toBe(MODEL);
  });

  test('function call: a functionCall part, then the functionResponse comes back', async () => {
    const { functionCall, completion } = await mountGeminiFunctionCallTurn(
      server,
      'run_shell_command',
      { command: 'echo hi' },
      'all done',
    );
    const first = await readSse(await post(server, userTurn('run it')));
    const chunk = JSON.parse(first.events[0]!.data);
    expect(chunk.candidates[0].content.parts).toEqual([
      { functionCall: { name: 'run_shell_command', args: { command: 'echo hi' } } },
    ]);
    const followUp = {
      ...userTurn('run it'),
      contents: [
        { role: 'user', parts: [{ text: 'run it' }] },
        {
          role: 'model',
          parts: [{ functionCall: { id: 'c1', name: 'run_shell_command', args: { command: 'echo hi' } } }],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { id: 'c1', name: 'run_shell_command', response: { output: 'hi\n' } } },
          ],
        },
      ],
    };
    const second = await readSse(await post(server, followUp));
    expect(JSON.parse(second.events.at(-1)!.data).candidates[0].content.parts[0].text).toBe('all done');
    expect((await functionCall.singleRequest()).userTexts()).toEqual(['run it']);
    const recorded = await completion.singleRequest();
    expect(recorded.functionResponse('run_shell_command')).toEqual({
      id: 'c1',
      name: 'run_shell_command',
      response: { output: 'hi\n' },
    });
    expect(() => recorded.functionResponse('read_file')).toThrow(
      /no functionResponse for "read_file".*function responses present: "run_shell_command"/,
    );
    expect(await server.unmatchedRequests()).toEqual([]);
  });

  test(':generateContent answers JSON; stream mounts and JSON mounts keep to their endpoint', async () => {
    const answer = geminiChunk([textPart('{"complexity_score": 1}')], {
      finishReason: 'STOP',
      usage: { promptTokenCount: 5, candidatesTokenCount: 3 },
    });
    await mountGeminiSseOnce(server, geminiSse(geminiTextChunks('streamed')));
    const jsonMount = await mountGenerateContentOnce(server, generateContentResponse(answer));
    const res = await post(server, userTurn('route me'), 'generateContent');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await json(res)).toEqual(answer);
    expect((await jsonMount.singleRequest()).method()).toBe('generateContent');
    const again = await post(server, userTurn('route me'), 'generateContent');
    expect(again.status).toBe(404);
    const streamed = await readSse(await post(server));
    expect(JSON.parse(streamed.events[0]!.data).candidates[0].content.parts[0].text).toBe('streamed');
  });

  test("error answers in Google's shape: 429 RESOURCE_EXHAUSTED with retry-after, 500 INTERNAL, 503 UNAVAILABLE", async () => {
    await mountGeminiResponseSequence(server, [
      geminiErrorResponse(429, 'Resource has been exhausted (e.g. check quota).', {
        retryAfterS: 2,
        details: [retryInfo(1.5)],
      }),
      geminiErrorResponse(500, 'An internal error has occurred.'),
      geminiErrorResponse(503, 'The model is overloaded. Please try again later.'),
    ]);
    const limited = await post(server);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await json(limited)).toEqual({
      error: {
        code: 429,
        message: 'Resource has been exhausted (e.g. check quota).',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' }],
      },
    });
    const internal = await post(server, userTurn('x'), 'generateContent');
    expect(internal.status).toBe(500);
    expect((await json(internal)).error).toEqual({
      code: 500,
      message: 'An internal error has occurred.',
      status: 'INTERNAL',
    });
    const unavailable = await post(server);
    expect(unavailable.status).toBe(503);
    expect((await json(unavailable)).error.status).toBe('UNAVAILABLE');
  });

  test('an error object as a stream chunk, and a stream cut mid-frame', async () => {
    const [partial] = geminiTextChunks('par', { chunks: 1 });
    await mountGeminiSseOnce(
      server,
      geminiSse([geminiChunk([textPart('par')]), geminiErrorBody(500, 'boom')]),
    );
    const withError = await readSse(await post(server));
    expect(JSON.parse(withError.events[1]!.data)).toEqual({
      error: { code: 500, message: 'boom', status: 'INTERNAL' },
    });
    await mountGeminiResponseOnce(server, geminiSseCutMidFrame([geminiChunk([textPart('whole')])], partial!));
    const cut = await readSse(await post(server));
    expect(cut.error).toBeInstanceOf(Error);
    expect(cut.events).toHaveLength(1);
  });

  test("unmatched requests get a 404 NOT_FOUND in Google's shape naming the mounts", async () => {
    await mountGeminiSseOnce(
      server,
      geminiSse(geminiFunctionCallChunks([functionCallPart('read_file', { path: 'a' })])),
    );
    const counting = await post(server, userTurn('x'), 'countTokens');
    expect(counting.status).toBe(404);
    const body = await json(counting);
    expect(body.error.code).toBe(404);
    expect(body.error.status).toBe('NOT_FOUND');
    expect(body.error.message).toContain(`no mount matched POST /v1beta/models/${MODEL}:countTokens`);
    expect(body.error.message).toMatch(/#\d+ mountGeminiSseOnce: .* once where path matches/);
    await (await post(server)).text();
    const usedUp = await post(server);
    expect(usedUp.status).toBe(404);
    expect((await server.unmatchedRequests()).map(String)).toEqual([
      `POST /v1beta/models/${MODEL}:countTokens`,
      `POST /v1beta/models/${MODEL}:streamGenerateContent`,
    ]);
    expect(await server.requests()).toHaveLength(3);
  });

  test('a body that is not a JSON object is refused with a 400 INVALID_ARGUMENT; no mount is used', async () => {
    await mountGeminiSseOnce(server, geminiSse(geminiTextChunks('kept')));
    const refused = await fetch(`${server.url}/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`, {
      method: 'POST',
      body: 'contents=hi',
    });
    expect(refused.status).toBe(400);
    expect(await json(refused)).toEqual({
      error: {
        code: 400,
        message:
          '[@agentotel/test-support] Gemini API mock: request body is not a JSON object; the request was refused and no mount was used',
        status: 'INVALID_ARGUMENT',
      },
    });
    expect((await server.rejectedRequests()).map((r) => [r.request.method(), r.reason])).toEqual([
      ['streamGenerateContent', 'request body is not a JSON object'],
    ]);
    const served = await readSse(await post(server));
    expect(JSON.parse(served.events[0]!.data).candidates[0].content.parts[0].text).toBe('kept');
  });

  test('sequence and always: the i-th stream request gets bodies[i]; a repeating mount answers the rest', async () => {
    const bodies = ['a', 'b'].map((t) => geminiSse(geminiTextChunks(t)));
    const always = geminiSse(geminiTextChunks('always'));
    await mountGeminiSseSequence(server, bodies);
    const repeating = await mountGeminiSseAlways(server, always);
    expect(await (await post(server)).text()).toBe(bodies[0]);
    expect(await (await post(server)).text()).toBe(bodies[1]);
    for (let i = 0; i < 2; i++) expect(await (await post(server)).text()).toBe(always);
    expect(await repeating.requests()).toHaveLength(2);
  });

  test('recorded requests: model and method from the path, alt=sse, key header, contents, declarations', async () => {
    const mock = await mountGeminiSseOnce(server, geminiSse(geminiTextChunks('ok')));
    await (await post(server, userTurn('what is up'))).text();
    const request = await mock.singleRequest();
    expect(request.path()).toBe(`/v1beta/models/${MODEL}:streamGenerateContent`);
    expect(request.model()).toBe(MODEL);
    expect(request.method()).toBe('streamGenerateContent');
    expect(request.queryParam('alt')).toBe('sse');
    expect(request.header('X-Goog-Api-Key')).toBe('test-key');
    expect(request.contents()).toEqual(userTurn('what is up').contents);
    expect(request.userTexts()).toEqual(['what is up']);
    expect(request.functionDeclarationNames()).toEqual(['run_shell_command', 'read_file']);
    expect(request.functionResponses()).toEqual([]);
    expect(request.bodyJson().systemInstruction.parts[0].text).toBe('be brief');
  });
});
