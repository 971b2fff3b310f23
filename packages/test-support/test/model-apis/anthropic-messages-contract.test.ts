import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  bodyContains,
  connectionReset,
  type EngineName,
  evError,
  evInputJsonDelta,
  evMessageStart,
  evPing,
  evTextDelta,
  evTextStart,
  evToolUse,
  type MessagesMockServer,
  MockServerError,
  messagesErrorResponse,
  messagesSse,
  messagesSseCutMidFrame,
  messagesTextEvents,
  messagesTextResponse,
  messagesToolUseEvents,
  messagesToolUseResponse,
  mountMessagesResponseOnce,
  mountMessagesResponseSequence,
  mountMessagesSseAlways,
  mountMessagesSseOnce,
  mountMessagesSseOnceMatch,
  mountMessagesSseSequence,
  mountMessagesToolUseTurn,
  startMessagesMockServer,
} from '../../src/index.ts';
import { json, readSse } from './sse-reader.ts';

const REQUEST_ID = /^req_[a-z0-9]{24}$/;

const userTurn = (text: string) => ({
  model: 'claude-opus-5-5',
  max_tokens: 1024,
  stream: true,
  messages: [{ role: 'user', content: [{ type: 'text', text }] }],
  tools: [{ name: 'Bash', input_schema: { type: 'object' } }],
});

function post(
  server: MessagesMockServer,
  body: unknown = userTurn('hi'),
  options: { path?: string; headers?: Record<string, string> } = {},
) {
  return fetch(`${server.url}${options.path ?? '/v1/messages?beta=true'}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'x-api-key': 'sk-ant-test',
      ...options.headers,
    },
    body: JSON.stringify(body),
  });
}

const ENGINES: EngineName[] = ['msw', 'wiremock'];

describe.each(ENGINES)('mock Anthropic Messages API contract (%s engine)', (engine) => {
  let server: MessagesMockServer;
  beforeAll(async () => {
    server = await startMessagesMockServer({ engine });
  });
  afterEach(async () => {
    await server.reset();
  });
  afterAll(async () => {
    await server?.close();
  });

  test('url is the 127.0.0.1 origin (ANTHROPIC_BASE_URL) and names the engine', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.engine).toBe(engine);
    expect(server.api.name).toBe('Anthropic Messages API');
  });

  test('streaming text: the frames of the stream, byte for byte, with usage and a request-id', async () => {
    const events = messagesTextEvents('Hello from the mock!', {
      deltas: 3,
      usage: { input_tokens: 12, output_tokens: 7, cache_read_input_tokens: 4 },
    });
    const body = messagesSse(events);
    await mountMessagesSseOnce(server, body);
    const res = await post(server);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('request-id')).toMatch(REQUEST_ID);
    const read = await readSse(res);
    expect(read.error).toBeUndefined();
    expect(read.text).toBe(body);
    // every frame names its type twice: the SSE event and the data's type
    for (const e of read.events) expect(JSON.parse(e.data).type).toBe(e.event);
    expect(read.events.map((e) => e.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const data = read.events.map((e) => JSON.parse(e.data));
    expect(data[0].message.usage).toEqual({
      input_tokens: 12,
      output_tokens: 1,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 4,
    });
    expect(data[0].message.content).toEqual([]);
    const text = data
      .filter((d) => d.type === 'content_block_delta')
      .map((d) => d.delta.text)
      .join('');
    expect(text).toBe('Hello from the mock!');
    expect(data[7]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 7 },
    });
  });

  test('tool use: a tool_use block whose input_json_delta pieces join to the input; the tool_result comes back', async () => {
    const input = { command: 'echo "hi there"', description: 'greet' };
    const { toolUse, completion } = await mountMessagesToolUseTurn(
      server,
      'toolu_01',
      'Bash',
      input,
      'all done',
    );
    const read = await readSse(await post(server, userTurn('run it')));
    const data = read.events.map((e) => JSON.parse(e.data));
    const start = data.find((d) => d.type === 'content_block_start');
    expect(start.content_block).toEqual({ type: 'tool_use', id: 'toolu_01', name: 'Bash', input: {} });
    const pieces = data
      .filter((d) => d.type === 'content_block_delta')
      .map((d) => {
        expect(d.delta.type).toBe('input_json_delta');
        return d.delta.partial_json as string;
      });
    expect(pieces.length).toBeGreaterThan(1);
    expect(JSON.parse(pieces.join(''))).toEqual(input);
    expect(data.find((d) => d.type === 'message_delta').delta.stop_reason).toBe('tool_use');

    const followUp = {
      ...userTurn('run it'),
      messages: [
        { role: 'user', content: 'run it' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'Bash', input }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01', content: [{ type: 'text', text: 'hi there\n' }] },
          ],
        },
      ],
    };
    const final = await readSse(await post(server, followUp));
    expect(final.events.at(-1)?.event).toBe('message_stop');
    expect((await toolUse.singleRequest()).userTexts()).toEqual(['run it']);
    const recorded = await completion.singleRequest();
    expect(recorded.toolResult('toolu_01')).toEqual(followUp.messages[2]!.content[0]);
    expect(recorded.toolResultText('toolu_01')).toBe('hi there\n');
    expect(() => recorded.toolResult('toolu_404')).toThrow(/toolu_404.*tool_use_ids present: "toolu_01"/);
    expect(await server.unmatchedRequests()).toEqual([]);
  });

  test('text before a tool call, then the tool_use block at index 1', async () => {
    const events = messagesToolUseEvents('toolu_9', 'Bash', { command: 'ls' }, { text: 'Let me look.' });
    await mountMessagesSseOnce(server, messagesSse(events));
    const data = (await readSse(await post(server))).events.map((e) => JSON.parse(e.data));
    const starts = data.filter((d) => d.type === 'content_block_start');
    expect(starts.map((d) => [d.index, d.content_block.type])).toEqual([
      [0, 'text'],
      [1, 'tool_use'],
    ]);
  });

  test('non-streaming JSON answers: a text Message and a tool_use Message', async () => {
    await mountMessagesResponseSequence(server, [
      messagesTextResponse('plain', { usage: { input_tokens: 3, output_tokens: 2 } }),
      messagesToolUseResponse('toolu_2', 'Bash', { command: 'pwd' }),
    ]);
    const first = await post(server, { ...userTurn('x'), stream: false });
    expect(first.status).toBe(200);
    expect(first.headers.get('request-id')).toMatch(REQUEST_ID);
    const message = await json(first);
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'plain' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 3, output_tokens: 2 },
    });
    const second = await json(await post(server, { ...userTurn('x'), stream: false }));
    expect(second.content).toEqual([
      { type: 'tool_use', id: 'toolu_2', name: 'Bash', input: { command: 'pwd' } },
    ]);
    expect(second.stop_reason).toBe('tool_use');
  });

  test("error answers in Anthropic's shape: 529 overloaded, 429 with retry-after, 500, fixed request id", async () => {
    await mountMessagesResponseSequence(server, [
      messagesErrorResponse(529, 'Overloaded'),
      messagesErrorResponse(429, 'Number of requests has exceeded your rate limit', { retryAfterS: 3 }),
      messagesErrorResponse(500, 'Internal server error', { requestId: 'req_fixed_for_test' }),
    ]);
    const overloaded = await post(server);
    expect(overloaded.status).toBe(529);
    expect(overloaded.headers.get('request-id')).toMatch(REQUEST_ID);
    expect(await json(overloaded)).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    const limited = await post(server);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await json(limited)).error.type).toBe('rate_limit_error');
    const failed = await post(server);
    expect(failed.status).toBe(500);
    expect(failed.headers.get('request-id')).toBe('req_fixed_for_test');
    expect(await json(failed)).toEqual({
      type: 'error',
      error: { type: 'api_error', message: 'Internal server error' },
      request_id: 'req_fixed_for_test',
    });
  });

  test('every answer carries its own request-id', async () => {
    await mountMessagesSseAlways(server, messagesSse(messagesTextEvents('again')));
    const ids = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const res = await post(server);
      await res.text();
      ids.add(res.headers.get('request-id') ?? 'missing');
    }
    expect(ids.size).toBe(4);
    for (const id of ids) expect(id).toMatch(REQUEST_ID);
  });

  test('ping and an error event inside a 200 stream', async () => {
    const events = [
      evMessageStart(),
      evPing(),
      evTextStart(0),
      evTextDelta(0, 'par'),
      evError('overloaded_error', 'Overloaded'),
    ];
    await mountMessagesSseOnce(server, messagesSse(events));
    const read = await readSse(await post(server));
    expect(read.events.map((e) => e.event)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'error',
    ]);
    expect(read.events[1]!.data).toBe('{"type":"ping"}');
    expect(JSON.parse(read.events[4]!.data)).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
  });

  test('a stream cut mid-frame ends without message_stop; a reset fails the request', async () => {
    await mountMessagesResponseOnce(
      server,
      messagesSseCutMidFrame(
        [evMessageStart(), evToolUse(0, 'toolu_c', 'Bash')],
        evInputJsonDelta(0, '{"command":"ls"}'),
      ),
    );
    const read = await readSse(await post(server));
    expect(read.error).toBeInstanceOf(Error);
    expect(read.events.map((e) => e.event)).toEqual(['message_start', 'content_block_start']);
    await mountMessagesResponseOnce(server, connectionReset());
    await expect(post(server)).rejects.toBeInstanceOf(TypeError);
  });

  test("unmatched requests get a 404 not_found_error in Anthropic's shape naming the mounts", async () => {
    const mock = await mountMessagesSseOnce(server, messagesSse(messagesTextEvents('once')));
    await (await post(server)).text();
    const again = await post(server);
    expect(again.status).toBe(404);
    expect(again.headers.get('request-id')).toMatch(REQUEST_ID);
    const error = await json(again);
    expect(error.type).toBe('error');
    expect(error.error.type).toBe('not_found_error');
    expect(error.error.message).toContain('no mount matched POST /v1/messages');
    expect(error.error.message).toMatch(/#\d+ mountMessagesSseOnce: POST \/v1\/messages once/);
    const counting = await post(server, userTurn('x'), { path: '/v1/messages/count_tokens' });
    expect(counting.status).toBe(404);
    expect((await json(counting)).error.message).toContain('POST /v1/messages/count_tokens');
    const models = await fetch(`${server.url}/v1/models`);
    expect(models.status).toBe(404);
    expect((await json(models)).error.message).toContain('no mount matched GET /v1/models');
    expect((await server.unmatchedRequests()).map(String)).toEqual([
      'POST /v1/messages',
      'POST /v1/messages/count_tokens',
      'GET /v1/models',
    ]);
    expect((await server.requests()).length).toBe(4);
    expect(await mock.requests()).toHaveLength(1);
  });

  test('a body that is not a JSON object is refused with a 400 invalid_request_error; no mount is used', async () => {
    const mock = await mountMessagesSseOnce(server, messagesSse(messagesTextEvents('kept')));
    const send = (body: string | Uint8Array) =>
      fetch(`${server.url}/v1/messages?beta=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const notJson = await send('{"model": "x", ');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('request-id')).toMatch(REQUEST_ID);
    expect(await json(notJson)).toEqual({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message:
          '[@agentotel/test-support] Anthropic Messages API mock: request body is not a JSON object; the request was refused and no mount was used',
      },
    });
    expect((await send('')).status).toBe(400);
    expect((await send(new Uint8Array([0x7b, 0xff, 0x7d]))).status).toBe(400);
    expect((await send('[1, 2]')).status).toBe(400);
    expect((await server.rejectedRequests()).map((r) => r.reason)).toEqual([
      'request body is not a JSON object',
      'request body is empty',
      'request body is not valid UTF-8',
      'request body is not a JSON object',
    ]);
    expect(await server.unmatchedRequests()).toEqual([]);
    // the mount was not used up
    expect(await (await post(server)).text()).toBe(messagesSse(messagesTextEvents('kept')));
    expect(await mock.requests()).toHaveLength(1);
  });

  test('sequence and match: the i-th request gets bodies[i]; a matcher picks the mount', async () => {
    const bodies = ['one', 'two'].map((t) => messagesSse(messagesTextEvents(t)));
    const toolResultMount = await mountMessagesSseOnceMatch(
      server,
      bodyContains('"tool_result"'),
      messagesSse(messagesTextEvents('after the tool')),
    );
    const sequence = await mountMessagesSseSequence(server, bodies);
    expect(await (await post(server)).text()).toBe(bodies[0]);
    const withResult = {
      ...userTurn('x'),
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'ok' }] }],
    };
    expect(await (await post(server, withResult)).text()).toBe(
      messagesSse(messagesTextEvents('after the tool')),
    );
    expect(await (await post(server)).text()).toBe(bodies[1]);
    expect((await post(server)).status).toBe(404);
    expect(await sequence.requests()).toHaveLength(2);
    expect((await toolResultMount.singleRequest()).toolResult('t').content).toBe('ok');
  });

  test('recorded requests: headers, query, body, model, stream flag, tools, user texts', async () => {
    const mock = await mountMessagesSseOnce(server, messagesSse(messagesTextEvents('ok')));
    await (
      await post(server, userTurn('what is up'), { headers: { 'anthropic-beta': 'claude-code-20250219' } })
    ).text();
    const request = await mock.singleRequest();
    expect(request.path()).toBe('/v1/messages');
    expect(request.queryParam('beta')).toBe('true');
    expect(request.header('X-Api-Key')).toBe('sk-ant-test');
    expect(request.header('anthropic-version')).toBe('2023-06-01');
    expect(request.header('anthropic-beta')).toBe('claude-code-20250219');
    expect(request.bodyJson().max_tokens).toBe(1024);
    expect(request.model()).toBe('claude-opus-5-5');
    expect(request.isStreaming()).toBe(true);
    expect(request.toolNames()).toEqual(['Bash']);
    expect(request.userTexts()).toEqual(['what is up']);
    expect(request.toolResults()).toEqual([]);
    expect(await mock.lastRequest()).toEqual(request);
    const none = await mountMessagesSseOnce(server, messagesSse(messagesTextEvents('never')));
    await expect(none.singleRequest()).rejects.toBeInstanceOf(MockServerError);
    await expect(none.lastRequest()).rejects.toThrow(
      /expected at least 1 request for mount #\d+ \(mountMessagesSseOnce\), got none/,
    );
  });
});
