import {
  evAssistantMessage,
  evCompleted,
  evCompletedWithUsage,
  evResponseCreated,
  mockResponse,
  mountResponseOnce,
  mountSseOnce,
  sse,
  sseCutMidFrame,
  sseFrame,
  sseStream,
} from '@agentotel/test-support';
import { expect, test } from 'vitest';
import {
  attr,
  jsonLines,
  logsNamed,
  makeHome,
  runExecProcess,
  useModelAndReceiver,
} from '../helpers/harness.ts';

const ctx = useModelAndReceiver();

const answer = (text: string) =>
  sse([evResponseCreated('r1'), evAssistantMessage('m1', text), evCompleted('r1')]);

test('HTTP 500 then success: two codex.api_request, attempts 1 and 2, with their status codes', async () => {
  await mountResponseOnce(ctx.server, mockResponse(500, { body: 'upstream exploded' }));
  await mountSseOnce(ctx.server, answer('recovered'));
  const home = makeHome(ctx.server, { receiver: ctx.receiver, provider: { request_max_retries: 2 } });
  const r = await runExecProcess(['--skip-git-repo-check', 'hi'], { home });
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.stdout.trim()).toBe('recovered');
  const api = logsNamed(ctx.receiver.records(), 'codex.api_request');
  expect(api.map((a) => [attr(a, 'attempt'), attr(a, 'http.response.status_code')])).toEqual([
    [1, 500],
    [2, 200],
  ]);
  expect(attr(api[0], 'error.message')).toMatch(/500/);
  expect(attr(api[1], 'error.message')).toBeUndefined();
});

test('token counts come from the real usage object', async () => {
  const usage = { input: 11, cached: 4, output: 7, reasoning: 3, total: 18 };
  await mountSseOnce(
    ctx.server,
    sse([evResponseCreated('r1'), evAssistantMessage('m1', 'x'), evCompletedWithUsage('r1', usage)]),
  );
  const r = await runExecProcess(['--skip-git-repo-check', '--json', 'hi'], {
    home: makeHome(ctx.server, { receiver: ctx.receiver }),
  });
  expect(r.exitCode, r.stderr).toBe(0);
  expect(jsonLines(r.stdout).at(-1)).toEqual({
    type: 'turn.completed',
    usage: { input_tokens: 11, cached_input_tokens: 4, output_tokens: 7 },
  });
  const done = logsNamed(ctx.receiver.records(), 'codex.sse_event').find(
    (e) => attr(e, 'event.kind') === 'response.completed',
  );
  expect([
    attr(done, 'input_token_count'),
    attr(done, 'output_token_count'),
    attr(done, 'cached_token_count'),
    attr(done, 'reasoning_token_count'),
  ]).toEqual(['11', '7', 4, 3]);
});

test('a stream cut before response.completed fails with exit 1', async () => {
  await mountResponseOnce(ctx.server, sseCutMidFrame([evResponseCreated('r1')], evCompleted('r1')));
  const r = await runExecProcess(['--skip-git-repo-check', 'hi'], {
    home: makeHome(ctx.server, { receiver: ctx.receiver }),
  });
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toMatch(/stream (closed before response\.completed|error)/);
  const failed = logsNamed(ctx.receiver.records(), 'codex.sse_event').filter(
    (e) => attr(e, 'error.message') !== undefined,
  );
  expect(failed.length).toBe(1);
});

test('a stream that closes cleanly without response.completed: "stream closed before response.completed"', async () => {
  await mountSseOnce(ctx.server, sse([evResponseCreated('r1'), evAssistantMessage('m1', 'half')]));
  const r = await runExecProcess(['--skip-git-repo-check', 'hi'], {
    home: makeHome(ctx.server, { receiver: ctx.receiver }),
  });
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toMatch(/stream closed before response\.completed/);
  const failed = logsNamed(ctx.receiver.records(), 'codex.sse_event').find(
    (e) => attr(e, 'error.message') !== undefined,
  );
  expect(attr(failed, 'error.message')).toBe('stream closed before response.completed');
});

test('an idle stream fails after stream_idle_timeout_ms', async () => {
  // The second frame would come after 15 s and complete the turn (exit 0): only the idle timeout
  // (1.5 s, which also covers the response headers, hence not smaller on a busy machine) fails it.
  await mountResponseOnce(
    ctx.server,
    sseStream([evResponseCreated('r1'), evCompleted('r1')], { frameDelayMs: 15_000 }),
  );
  const home = makeHome(ctx.server, { receiver: ctx.receiver, provider: { stream_idle_timeout_ms: 1500 } });
  const r = await runExecProcess(['--skip-git-repo-check', 'hi'], { home });
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toMatch(/idle timeout waiting for SSE/);
  const idle = logsNamed(ctx.receiver.records(), 'codex.sse_event').find((e) =>
    String(attr(e, 'error.message')).startsWith('idle timeout'),
  );
  expect(idle).toBeDefined();
});

test('malformed frames are reported with error.message and skipped; the turn completes', async () => {
  const body = `${sseFrame(evResponseCreated('r1'))}event: response.output_text.delta\ndata: {this is not json\n\n${sseFrame(evAssistantMessage('m1', 'fine'))}${sseFrame(evCompleted('r1'))}`;
  await mountSseOnce(ctx.server, body);
  const r = await runExecProcess(['--skip-git-repo-check', 'hi'], {
    home: makeHome(ctx.server, { receiver: ctx.receiver }),
  });
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.stdout.trim()).toBe('fine');
  const bad = logsNamed(ctx.receiver.records(), 'codex.sse_event').find(
    (e) => attr(e, 'event.kind') === 'response.output_text.delta',
  );
  expect(attr(bad, 'error.message')).toMatch(/failed to parse SSE event data/);
});

test('retries exhausted: exit 1, one api_request per attempt', async () => {
  for (let i = 0; i < 2; i++) await mountResponseOnce(ctx.server, mockResponse(503));
  const r = await runExecProcess(['--skip-git-repo-check', 'hi'], {
    home: makeHome(ctx.server, { receiver: ctx.receiver, provider: { request_max_retries: 1 } }),
  });
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toMatch(/503.*after 2 attempts/);
  expect(logsNamed(ctx.receiver.records(), 'codex.api_request').map((a) => attr(a, 'attempt'))).toEqual([
    1, 2,
  ]);
});
