import { describe, expect, test } from 'vitest';
import { recordingSession } from '../../test/helpers/recording-telemetry.ts';
import type { ProviderConfig } from '../config/load.ts';
import { ModelError } from './errors.ts';
import { ResponsesClient, retryAfterMs } from './responses-client.ts';
import { SseFrameReader } from './sse-frames.ts';

const frame = (o: { type: string }) => `event: ${o.type}\ndata: ${JSON.stringify(o)}\n\n`;
const completed = (id = 'r1') =>
  frame({
    type: 'response.completed',
    response: {
      id,
      usage: {
        input_tokens: 3,
        input_tokens_details: { cached_tokens: 1 },
        output_tokens: 5,
        output_tokens_details: { reasoning_tokens: 2 },
        total_tokens: 9,
      },
    },
  } as { type: string });
const message = (text: string) =>
  frame({
    type: 'response.output_item.done',
    item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] },
  } as { type: string });

function provider(over: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    id: 'mock',
    name: 'Mock',
    baseUrl: 'http://mock/v1',
    envKey: 'K',
    requestMaxRetries: 4,
    streamMaxRetries: 5,
    streamIdleTimeoutMs: 1000,
    httpHeaders: {},
    queryParams: {},
    ...over,
  };
}

type Step = Response | Error | (() => Response);
function fakeFetch(steps: Step[]) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const f = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const s = steps.shift();
    if (!s) throw new Error('no more steps');
    if (s instanceof Error) throw s;
    return typeof s === 'function' ? s() : s;
  }) as unknown as typeof fetch;
  return { f, calls };
}
const sse = (body: string, status = 200) =>
  new Response(body, { status, headers: { 'content-type': 'text/event-stream' } });

function client(steps: Step[], p: Partial<ProviderConfig> = {}) {
  const { f, calls } = fakeFetch(steps);
  const c = new ResponsesClient({
    provider: provider(p),
    originator: () => 'orig_x',
    version: '0.1.0',
    env: { K: 'secret' },
    fetch: f,
    retryBaseDelayMs: 1,
  });
  return { c, calls };
}
const req = { model: 'm', instructions: 'i', input: [], tools: [] };

describe('ResponsesClient', () => {
  test('sends the headers and reads usage', async () => {
    const { c, calls } = client([
      sse(
        frame({ type: 'response.created', response: { id: 'r1' } } as { type: string }) +
          message('hi') +
          completed(),
      ),
    ]);
    const { telemetry, events } = recordingSession();
    const r = await c.stream(req, telemetry);
    const h = calls[0]!.init.headers as Record<string, string>;
    expect(calls[0]!.url).toBe('http://mock/v1/responses');
    expect(h.authorization).toBe('Bearer secret');
    expect(h.originator).toBe('orig_x');
    expect(h['user-agent']).toMatch(/^orig_x\/0\.1\.0 /);
    expect(h.accept).toBe('text/event-stream');
    expect(r.usage).toEqual({
      inputTokens: 3,
      outputTokens: 5,
      cachedTokens: 1,
      reasoningTokens: 2,
      totalTokens: 9,
    });
    const sseEvents = events.filter((e) => e.name === 'codex.sse_event');
    expect(sseEvents.map((e) => e.attributes['event.kind'])).toEqual([
      'response.created',
      'response.output_item.done',
      'response.completed',
    ]);
    const done = sseEvents[2]!.attributes;
    expect(done.input_token_count).toBe('3');
    expect(done.cached_token_count).toBe(1);
    expect(events.filter((e) => e.name === 'codex.api_request')).toHaveLength(1);
  });

  test('500 then success: two api_request events, attempts 1 and 2', async () => {
    const { c } = client([new Response('boom', { status: 500 }), sse(message('ok') + completed())]);
    const { telemetry, events } = recordingSession();
    await c.stream(req, telemetry);
    const api = events.filter((e) => e.name === 'codex.api_request').map((e) => e.attributes);
    expect(api.map((a) => [a.attempt, a['http.response.status_code']])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect(api[0]!['error.message']).toMatch(/500/);
  });

  test('429 honours retry-after', async () => {
    const { c } = client([
      new Response('slow down', { status: 429, headers: { 'retry-after': '0.05' } }),
      sse(completed()),
    ]);
    const { telemetry } = recordingSession();
    const t0 = performance.now();
    await c.stream(req, telemetry);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
  });

  test('network errors retry up to request_max_retries then fail', async () => {
    const { c, calls } = client(
      [new Error('ECONNREFUSED'), new Error('ECONNREFUSED'), new Error('ECONNREFUSED')],
      { requestMaxRetries: 2 },
    );
    const { telemetry, events } = recordingSession();
    await expect(c.stream(req, telemetry)).rejects.toMatchObject({ code: 'retries_exhausted' });
    expect(calls).toHaveLength(3);
    expect(
      events
        .filter((e) => e.name === 'codex.api_request')
        .every((e) => typeof e.attributes['error.message'] === 'string'),
    ).toBe(true);
  });

  test('a 4xx is not retried', async () => {
    const { c, calls } = client([new Response('nope', { status: 401 })]);
    await expect(c.stream(req, recordingSession().telemetry)).rejects.toMatchObject({
      code: 'http_status',
      statusCode: 401,
    });
    expect(calls).toHaveLength(1);
  });

  test('final response.failed codes are not retried', async () => {
    const failed = frame({
      type: 'response.failed',
      response: { id: 'r', error: { code: 'insufficient_quota', message: 'no quota' } },
    } as { type: string });
    const { c, calls } = client([sse(failed)]);
    const { telemetry, events } = recordingSession();
    await expect(c.stream(req, telemetry)).rejects.toMatchObject({
      code: 'response_failed',
      failedCode: 'insufficient_quota',
    });
    expect(calls).toHaveLength(1);
    expect(
      events.find((e) => e.attributes['event.kind'] === 'response.failed')?.attributes['error.message'],
    ).toBe('no quota');
  });

  test('other response.failed codes retry as stream errors', async () => {
    const failed = frame({
      type: 'response.failed',
      response: { id: 'r', error: { code: 'rate_limit_exceeded', message: 'synthetic server error' } },
    } as { type: string });
    const { c, calls } = client([sse(failed), sse(completed())], { streamMaxRetries: 1 });
    await c.stream(req, recordingSession().telemetry);
    expect(calls).toHaveLength(2);
  });

  test('a stream closed before response.completed fails after stream retries', async () => {
    const { c, calls } = client([sse(message('x')), sse(message('x'))], { streamMaxRetries: 1 });
    const { telemetry, events } = recordingSession();
    const err = await c.stream(req, telemetry).catch((e: ModelError) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).message).toMatch(/stream closed before response\.completed/);
    expect(calls).toHaveLength(2);
    expect(
      events.filter((e) => e.attributes['error.message'] === 'stream closed before response.completed'),
    ).toHaveLength(2);
  });

  test.each([
    [
      'a string content',
      'hello',
      /SSE frame #2 \(response\.output_item\.done\): item\.content must be an array/,
    ],
    [
      'a [null] content',
      [null],
      /SSE frame #2 \(response\.output_item\.done\): item\.content\[0\] must be an object, got null/,
    ],
  ])(
    'a message item with %s fails with a protocol error naming the frame, not retried',
    async (_, content, re) => {
      const bad = frame({
        type: 'response.output_item.done',
        item: { type: 'message', role: 'assistant', content },
      } as { type: string });
      const { c, calls } = client([sse(frame({ type: 'response.created' }) + bad + completed())]);
      const { telemetry, events } = recordingSession();
      const err = (await c.stream(req, telemetry).catch((e: unknown) => e)) as ModelError;
      expect(err).toBeInstanceOf(ModelError);
      expect(err.code).toBe('protocol_error');
      expect(err.message).toMatch(re);
      expect(calls).toHaveLength(1);
      expect(events.some((e) => re.test(String(e.attributes['error.message'])))).toBe(true);
    },
  );

  test('the idle timeout covers the response headers (a fetch that never answers)', async () => {
    const never = (async (_url: string, init: RequestInit) =>
      new Promise<Response>((_, reject) => {
        init.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      })) as unknown as typeof fetch;
    const c = new ResponsesClient({
      provider: provider({ requestMaxRetries: 1, streamIdleTimeoutMs: 50 }),
      originator: () => 'o',
      version: '0',
      env: { K: 'k' },
      fetch: never,
      retryBaseDelayMs: 1,
    });
    const { telemetry } = recordingSession();
    await expect(c.stream(req, telemetry)).rejects.toMatchObject({
      code: 'retries_exhausted',
      message: expect.stringMatching(/no response headers within 50ms/),
    });
  });

  test('SSE comments do not keep an attempt alive', async () => {
    let t: NodeJS.Timeout | undefined;
    const comments = () =>
      new Response(
        new ReadableStream({
          start(ctrl) {
            t = setInterval(() => ctrl.enqueue(new TextEncoder().encode(': keep-alive\n\n')), 10);
          },
          cancel() {
            clearInterval(t);
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    const { c } = client([comments], { streamMaxRetries: 0, streamIdleTimeoutMs: 100 });
    const { telemetry } = recordingSession();
    await expect(c.stream(req, telemetry)).rejects.toMatchObject({ code: 'idle_timeout' });
    clearInterval(t);
  });

  test('idle timeout', async () => {
    const stalled = () =>
      new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(
              new TextEncoder().encode(
                frame({ type: 'response.created', response: { id: 'r' } } as { type: string }),
              ),
            );
          },
        }),
        {
          headers: { 'content-type': 'text/event-stream' },
        },
      );
    const { c } = client([stalled], { streamMaxRetries: 0, streamIdleTimeoutMs: 50 });
    const { telemetry, events } = recordingSession();
    await expect(c.stream(req, telemetry)).rejects.toMatchObject({ code: 'idle_timeout' });
    expect(events.some((e) => String(e.attributes['error.message']).startsWith('idle timeout'))).toBe(true);
  });

  test('malformed frames are reported and skipped', async () => {
    const { c } = client([
      sse(`event: response.output_text.delta\ndata: {not json\n\n${message('ok')}${completed()}`),
    ]);
    const { telemetry, events } = recordingSession();
    const r = await c.stream(req, telemetry);
    expect(r.items).toHaveLength(1);
    const bad = events.find((e) => e.attributes['event.kind'] === 'response.output_text.delta');
    expect(bad?.attributes['error.message']).toMatch(/failed to parse SSE event data/);
  });

  test('a missing API key fails before any request', () => {
    const c = new ResponsesClient({ provider: provider(), originator: () => 'o', version: '1', env: {} });
    expect(() => c.headers()).toThrow(/set the environment variable K/);
  });
});

describe('SseFrameReader', () => {
  test('fills the data of a frame that has only an event line, across chunk splits', () => {
    const frames: Array<{ event?: string; data: string }> = [];
    const r = new SseFrameReader((f) => frames.push(f));
    const text = 'event: response.in_progress\n\nevent: a\ndata: {"type":"a"}\n\n';
    for (const ch of text) r.feed(ch);
    expect(frames).toEqual([
      { event: 'response.in_progress', data: '{"type":"response.in_progress"}', id: undefined },
      { event: 'a', data: '{"type":"a"}', id: undefined },
    ]);
  });
});

test('retryAfterMs reads seconds and retry-after-ms', () => {
  expect(retryAfterMs(new Headers({ 'retry-after': '2' }), 60_000)).toBe(2000);
  expect(retryAfterMs(new Headers({ 'retry-after-ms': '15' }), 60_000)).toBe(15);
  expect(retryAfterMs(new Headers({ 'retry-after': '999' }), 1000)).toBe(1000);
  expect(retryAfterMs(new Headers(), 1000)).toBeUndefined();
});
