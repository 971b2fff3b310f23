import { request as httpRequest } from 'node:http';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  bodyContains,
  connectionReset,
  type EngineName,
  evAssistantMessage,
  evCompleted,
  evFunctionCall,
  evOutputTextDelta,
  evResponseCreated,
  header,
  jsonResponse,
  type MockServer,
  mockResponse,
  mountFunctionCallAgentResponse,
  mountResponseOnce,
  mountSseAlways,
  mountSseOnce,
  mountSseOnceMatch,
  mountSseSequence,
  path,
  ResponsesInvariantError,
  sse,
  sseCutMidFrame,
  sseFailed,
  sseStream,
  startMockServer,
  withDelay,
} from '../../src/index.ts';

const userMessage = (text: string) => ({
  type: 'message',
  role: 'user',
  content: [{ type: 'input_text', text }],
});
const turn = (input: unknown[] = [userMessage('hi')]) => ({
  model: 'gpt-5',
  instructions: 'be brief',
  input,
  stream: true,
});

function post(
  server: MockServer,
  body: unknown = turn(),
  headers: Record<string, string> = {},
  suffix = '/responses',
) {
  return fetch(`${server.url}${suffix}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
}

/** Reads a stream with eventsource-parser, noting when each event arrived (ms since `start`). */
async function readEvents(res: Response, start = performance.now()) {
  const events: (EventSourceMessage & { atMs: number })[] = [];
  const parser = createParser({ onEvent: (e) => events.push({ ...e, atMs: performance.now() - start }) });
  const decoder = new TextDecoder();
  let text = '';
  let error: unknown;
  try {
    for await (const chunk of res.body!) {
      const piece = decoder.decode(chunk, { stream: true });
      text += piece;
      parser.feed(piece);
    }
  } catch (e) {
    error = e;
  }
  return { events, text, error };
}

const ENGINES: EngineName[] = ['msw', 'wiremock'];

describe.each(ENGINES)('mock Responses server contract (%s engine)', (engine) => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ engine });
  });
  afterEach(async () => {
    await server.reset();
  });
  afterAll(async () => {
    await server?.close();
  });

  test('url is a 127.0.0.1 base URL ending /v1 and names the engine', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(server.engine).toBe(engine);
  });

  test('GET /v1/models answers {"models":[]}', async () => {
    const res = await fetch(`${server.url}/models`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ models: [] });
    expect(await server.unmatchedRequests()).toEqual([]);
  });

  test('once: serves the body once with text/event-stream, then the request is unmatched', async () => {
    const body = sse([evResponseCreated('r1'), evCompleted('r1')]);
    const mock = await mountSseOnce(server, body);
    const first = await post(server);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/event-stream');
    expect(await first.text()).toBe(body);

    const second = await post(server);
    expect(second.status).toBe(404);
    const error = (await second.json()) as { error: { message: string } };
    expect(error.error.message).toContain('no mount matched POST /v1/responses');
    expect(error.error.message).toContain('#1 mountSseOnce');
    expect(await mock.requests()).toHaveLength(1);
    const unmatched = await server.unmatchedRequests();
    expect(unmatched.map((r) => r.path())).toEqual(['/v1/responses']);
  });

  test('several once mounts are served in mount order', async () => {
    const a = sse([evResponseCreated('a'), evCompleted('a')]);
    const b = sse([evResponseCreated('b'), evCompleted('b')]);
    const ma = await mountSseOnce(server, a);
    const mb = await mountSseOnce(server, b);
    expect(await (await post(server)).text()).toBe(a);
    expect(await (await post(server)).text()).toBe(b);
    expect((await ma.singleRequest()).path()).toBe('/v1/responses');
    expect(await mb.requests()).toHaveLength(1);
  });

  test('sequence: the i-th request gets bodies[i]; one more is unmatched', async () => {
    const bodies = ['x', 'y', 'z'].map((id) => sse([evResponseCreated(id), evCompleted(id)]));
    const mock = await mountSseSequence(server, bodies);
    for (const expected of bodies) expect(await (await post(server)).text()).toBe(expected);
    const extra = await post(server);
    expect(extra.status).toBe(404);
    expect(((await extra.json()) as { error: { message: string } }).error.message).toContain(
      'mountSseSequence',
    );
    expect(await mock.requests()).toHaveLength(3);
    expect(await server.unmatchedRequests()).toHaveLength(1);
  });

  test('always: a repeating mount answers every request, after earlier once mounts', async () => {
    const once = sse([evResponseCreated('once'), evCompleted('once')]);
    const always = sse([evResponseCreated('always'), evCompleted('always')]);
    await mountSseOnce(server, once);
    const mock = await mountSseAlways(server, always);
    expect(await (await post(server)).text()).toBe(once);
    for (let i = 0; i < 3; i++) expect(await (await post(server)).text()).toBe(always);
    expect(await mock.requests()).toHaveLength(3);
  });

  test('match: header, body and path matchers pick the mount', async () => {
    const a = sse([evResponseCreated('a'), evCompleted('a')]);
    const b = sse([evResponseCreated('b'), evCompleted('b')]);
    const c = sse([evResponseCreated('c'), evCompleted('c')]);
    const ma = await mountSseOnceMatch(server, header('originator', 'agent_a'), a);
    const mb = await mountSseOnceMatch(server, bodyContains('please say b'), b);
    const mc = await mountSseOnceMatch(server, path({ contains: '/v2/' }), c);
    expect(await (await post(server, turn([userMessage('please say b')]))).text()).toBe(b);
    expect(await (await post(server, turn(), { originator: 'agent_a' })).text()).toBe(a);
    const viaV2 = await fetch(server.url.replace(/\/v1$/, '/v2/responses'), {
      method: 'POST',
      body: JSON.stringify(turn()),
    });
    expect(await viaV2.text()).toBe(c);
    expect((await ma.singleRequest()).header('originator')).toBe('agent_a');
    expect((await mb.singleRequest()).input()[0].content[0].text).toBe('please say b');
    expect((await mc.singleRequest()).path()).toBe('/v2/responses');
    expect(await server.unmatchedRequests()).toEqual([]);
  });

  test('non-SSE responses: 429 with retry-after, then a JSON 500', async () => {
    await mountResponseOnce(
      server,
      mockResponse(429, { headers: { 'retry-after': '2' }, body: 'slow down' }),
    );
    await mountResponseOnce(server, jsonResponse(500, { error: { message: 'boom' } }));
    const limited = await post(server);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(await limited.text()).toBe('slow down');
    const failed = await post(server);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: { message: 'boom' } });
  });

  test('sseFailed streams a response.failed event', async () => {
    await mountSseOnce(server, sseFailed('r1', 'rate_limit_exceeded', 'synthetic server error'));
    const { events } = await readEvents(await post(server));
    expect(events).toHaveLength(1);
    expect(events[0]!.event).toBe('response.failed');
    expect(JSON.parse(events[0]!.data).response.error.code).toBe('rate_limit_exceeded');
  });

  test('delays: time to first byte and time between frames', async () => {
    const events = [
      evResponseCreated('r1'),
      evOutputTextDelta('He'),
      evOutputTextDelta('llo'),
      evCompleted('r1'),
    ];
    await mountResponseOnce(server, sseStream(events, { firstFrameDelayMs: 300, frameDelayMs: 200 }));
    const start = performance.now();
    const res = await post(server);
    const headersAtMs = performance.now() - start;
    const read = await readEvents(res, start);
    expect(headersAtMs).toBeGreaterThanOrEqual(280);
    expect(read.text).toBe(sse(events));
    expect(read.events.map((e) => e.event)).toEqual(events.map((e) => e.type));
    const spread = read.events.at(-1)!.atMs - read.events[0]!.atMs;
    expect(spread).toBeGreaterThanOrEqual(350); // three gaps of 200 ms, engines may merge at most one
    expect(read.events.at(-1)!.atMs).toBeGreaterThanOrEqual(300 + 550);
  });

  test('withDelay delays a whole non-streamed answer', async () => {
    await mountResponseOnce(server, withDelay(mockResponse(503), 250));
    const start = performance.now();
    const res = await post(server);
    expect(res.status).toBe(503);
    expect(performance.now() - start).toBeGreaterThanOrEqual(230);
  });

  test('a stream cut mid-frame: whole frames, half a frame, then the connection drops', async () => {
    const mock = await mountResponseOnce(
      server,
      sseCutMidFrame([evResponseCreated('r1'), evOutputTextDelta('Hi')], evCompleted('r1')),
    );
    const res = await post(server);
    expect(res.status).toBe(200);
    const read = await readEvents(res);
    expect(read.error).toBeInstanceOf(Error);
    expect(read.events.map((e) => e.event)).toEqual(['response.created', 'response.output_text.delta']);
    const full = sse([evResponseCreated('r1'), evOutputTextDelta('Hi'), evCompleted('r1')]);
    const whole = sse([evResponseCreated('r1'), evOutputTextDelta('Hi')]);
    expect(read.text.startsWith(whole)).toBe(true);
    expect(read.text.length).toBeGreaterThan(whole.length);
    expect(full.startsWith(read.text)).toBe(true);
    expect(await mock.requests()).toHaveLength(1);
  });

  test('a connection reset fails the request with a network error', async () => {
    await mountResponseOnce(server, connectionReset());
    const error = await post(server).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    expect(`${cause?.code} ${cause?.message}`).toMatch(/ECONNRESET|socket|closed|terminated/i);
    // the next mount still works
    const body = sse([evCompleted('after')]);
    await mountSseOnce(server, body);
    expect(await (await post(server)).text()).toBe(body);
  });

  test('recorded requests expose body, input, headers, path and function call outputs', async () => {
    const input = [
      userMessage('run it'),
      { type: 'function_call', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"echo hi"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'hi\n' },
    ];
    const mock = await mountSseSequence(server, [sse([evCompleted('1')]), sse([evCompleted('2')])]);
    await (
      await post(server, turn([userMessage('first')]), {
        authorization: 'Bearer k',
        originator: 'codex_exec',
      })
    ).text();
    await (await post(server, turn(input), { originator: 'codex_exec' })).text();
    const requests = await mock.requests();
    expect(requests).toHaveLength(2);
    const first = requests[0]!;
    expect(first.bodyJson().model).toBe('gpt-5');
    expect(first.header('Authorization')).toBe('Bearer k');
    expect(first.header('originator')).toBe('codex_exec');
    expect(first.header('x-missing')).toBeUndefined();
    expect(first.path()).toBe('/v1/responses');
    expect(first.messageInputTexts('user')).toEqual(['first']);
    const last = await mock.lastRequest();
    expect(last.input()).toEqual(input);
    expect(last.functionCallOutput('call_1')).toEqual({
      type: 'function_call_output',
      call_id: 'call_1',
      output: 'hi\n',
    });
    expect(() => last.functionCallOutput('call_404')).toThrow(/call_404/);
    await expect(mock.singleRequest()).rejects.toThrow(/expected 1 request.*got 2/);
  });

  /** Sends raw bytes (not JSON.stringify'd) to `${server.url}/responses`. */
  const postRaw = (body: Uint8Array | string, contentType = 'application/json') =>
    fetch(`${server.url}/responses`, {
      method: 'POST',
      headers: { 'content-type': contentType, accept: 'text/event-stream' },
      body,
    });

  const BAD_BODIES: [name: string, body: Uint8Array | string, reason: string][] = [
    ['an empty body', '', 'request body is empty'],
    ['a blank body', ' \r\n\t', 'request body is empty'],
    ['text that is not JSON', 'hello, model', 'request body is not a JSON object'],
    ['truncated JSON', '{"model":"gpt-5","input":[', 'request body is not a JSON object'],
    ['a JSON array', '[{"type":"message"}]', 'request body is not a JSON object'],
    ['JSON null', 'null', 'request body is not a JSON object'],
    ['a JSON string', '"hi"', 'request body is not a JSON object'],
    ['a JSON number', '42', 'request body is not a JSON object'],
    [
      'invalid UTF-8 inside otherwise valid JSON',
      Uint8Array.from([
        ...Buffer.from('{"model":"gpt-5","input":[],"x":"'),
        0xff,
        0xfe,
        ...Buffer.from('"}'),
      ]),
      'request body is not valid UTF-8',
    ],
    ['a lone continuation byte', Uint8Array.from([0x7b, 0x80, 0x7d]), 'request body is not valid UTF-8'],
  ];

  test.each(BAD_BODIES)(
    'refuses %s with 400 and a reason, uses up no mount, records why',
    async (_name, bad, reason) => {
      const body = sse([evResponseCreated('r1'), evCompleted('r1')]);
      const mock = await mountSseOnce(server, body);
      const res = await postRaw(bad);
      expect(res.status).toBe(400);
      const answer = (await res.json()) as { error: { code: string; type: string; message: string } };
      expect(answer.error).toMatchObject({ code: 'invalid_request_body', type: 'invalid_request_error' });
      expect(answer.error.message).toContain(reason);
      const rejected = await server.rejectedRequests();
      expect(rejected.map((r) => r.reason)).toEqual([reason]);
      expect(rejected[0]?.request.path()).toBe('/v1/responses');
      expect(await server.unmatchedRequests()).toEqual([]);
      expect(await server.invariantViolations()).toEqual([]);
      // the mount is still there for the good request that follows
      const good = await post(server);
      expect(good.status).toBe(200);
      expect(await good.text()).toBe(body);
      expect(await mock.requests()).toHaveLength(1);
    },
  );

  test('a valid JSON object with U+FFFD escaped as \\ufffd is served (only raw invalid bytes are refused)', async () => {
    const body = sse([evResponseCreated('r1'), evCompleted('r1')]);
    await mountSseOnce(server, body);
    const res = await postRaw(JSON.stringify(turn()).replace('"hi"', '"hi \\ufffd"'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(body);
    expect(await server.rejectedRequests()).toEqual([]);
  });

  test('invariant failures: 500 naming the offending item, accessors throw, violations listed', async () => {
    const mock = await mountSseOnce(server, sse([evCompleted('r1')]));
    const orphan = { type: 'function_call_output', call_id: 'call_orphan', output: 'x' };
    const res = await post(server, turn([userMessage('hi'), orphan]));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe('invariant_violation');
    expect(text).toContain('call_orphan');
    expect(text).toContain('without matching call');

    const error = await mock.requests().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ResponsesInvariantError);
    expect(String((error as Error).message)).toContain('"call_id":"call_orphan"');

    const missing = await post(server, { model: 'gpt-5' });
    expect(missing.status).toBe(500);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('input array');
    const unanswered = await post(
      server,
      turn([{ type: 'function_call', call_id: 'call_open', name: 'x', arguments: '{}' }]),
    );
    expect(unanswered.status).toBe(500);
    const unansweredBody = (await unanswered.json()) as { error: { code: string } };
    expect(unansweredBody.error.code).toBe('invariant_violation');
    expect(JSON.stringify(unansweredBody)).toContain('call_open');
    const emptyId = await post(server, turn([{ type: 'function_call_output', call_id: '', output: 'x' }]));
    expect(emptyId.status).toBe(500);
    expect(((await emptyId.json()) as { error: { message: string } }).error.message).toContain(
      'empty call_id',
    );

    const violations = await server.invariantViolations();
    expect(violations.map((v) => v.rule)).toEqual([
      'output-without-call',
      'input-missing',
      'call-without-output',
      'output-without-call-id',
    ]);
    expect(violations[0]!.item).toEqual(orphan);
    // the mount was not consumed by the bad requests
    expect(await (await post(server)).text()).toBe(sse([evCompleted('r1')]));
    expect(await mock.requests()).toHaveLength(1);
  });

  test('bytes on the wire equal the framing of docs/responses-sse.md §2', async () => {
    const events = [
      evResponseCreated('resp_1'),
      { type: 'response.in_progress' },
      evOutputTextDelta('héllo ✓'),
      evFunctionCall('call_1', 'shell', JSON.stringify({ command: ['echo', 'hi'] })),
      evCompleted('resp_1'),
    ];
    await mountSseOnce(server, sse(events));
    const url = new URL(`${server.url}/responses`);
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      const req = httpRequest(
        url,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (p: Buffer) => parts.push(p));
          res.on('end', () => resolve(Buffer.concat(parts)));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(turn()));
    });
    const expected =
      'event: response.created\ndata: {"type":"response.created","response":{"id":"resp_1"}}\n\n' +
      'event: response.in_progress\n\n' +
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"héllo ✓"}\n\n' +
      `event: response.output_item.done\ndata: {"type":"response.output_item.done","item":{"type":"function_call","call_id":"call_1","name":"shell","arguments":"{\\"command\\":[\\"echo\\",\\"hi\\"]}"}}\n\n` +
      'event: response.completed\ndata: {"type":"response.completed","response":{"id":"resp_1","usage":{"input_tokens":0,"input_tokens_details":null,"output_tokens":0,"output_tokens_details":null,"total_tokens":0}}}\n\n';
    expect(bytes.equals(Buffer.from(expected, 'utf8'))).toBe(true);
    expect(bytes.toString()).not.toContain('[DONE]');
  });

  test('end to end: a streaming client runs a function-call turn with fetch + eventsource-parser', async () => {
    const { functionCall, completion } = await mountFunctionCallAgentResponse(
      server,
      'call_7',
      JSON.stringify({ cmd: 'echo hi' }),
      'exec_command',
    );
    const input: unknown[] = [userMessage('say hi')];
    let finalText: string | undefined;
    for (let round = 0; round < 3 && finalText === undefined; round++) {
      const res = await post(server, turn(input), { originator: 'e2e' });
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      const { events, error } = await readEvents(res);
      expect(error).toBeUndefined();
      expect(events.at(-1)?.event).toBe('response.completed');
      for (const e of events) {
        const data = JSON.parse(e.data);
        expect(data.type).toBe(e.event);
        if (e.event !== 'response.output_item.done') continue;
        if (data.item.type === 'function_call') {
          input.push(data.item, { type: 'function_call_output', call_id: data.item.call_id, output: 'hi\n' });
        } else if (data.item.type === 'message') {
          finalText = data.item.content[0].text;
        }
      }
    }
    expect(finalText).toBe('done');
    expect((await functionCall.singleRequest()).messageInputTexts('user')).toEqual(['say hi']);
    const followUp = await completion.singleRequest();
    expect(followUp.functionCallOutput('call_7').output).toBe('hi\n');
    expect(await server.unmatchedRequests()).toEqual([]);
  });

  test('an assistant message stream parses into the expected deltas', async () => {
    const events = [
      evResponseCreated('r'),
      evOutputTextDelta('Hel'),
      evOutputTextDelta('lo'),
      evAssistantMessage('m', 'Hello'),
      evCompleted('r'),
    ];
    await mountSseOnce(server, sse(events));
    const { events: got } = await readEvents(await post(server));
    expect(got.map((e) => JSON.parse(e.data))).toEqual(events);
  });
});
