import {
  evAssistantMessage,
  evCompleted,
  evResponseCreated,
  mountSseOnce,
  mountSseSequence,
  sse,
} from '@agentotel/test-support';
import { expect, test } from 'vitest';
import { attr, logsNamed, makeHome, useModelAndReceiver } from '../helpers/harness.ts';
import { runAgent, shellCall, useLeakCheck } from './support.ts';

const ctx = useModelAndReceiver();
useLeakCheck();

const answer = (text: string) =>
  sse([evResponseCreated('r1'), evAssistantMessage('m1', text), evCompleted('r1')]);

test.each([
  [
    'stream_idle_timeout_ms',
    { provider: { stream_idle_timeout_ms: 2 ** 31 } },
    [],
    /model_providers\.mock\.stream_idle_timeout_ms: must be at most 2147483647 ms/,
  ],
  [
    'turn_timeout_ms',
    {},
    ['-c', 'turn_timeout_ms=99999999999'],
    /turn_timeout_ms: must be at most 2147483647 ms/,
  ],
  [
    'startup_timeout_ms',
    { extra: '[mcp_servers.s]\ncommand = "true"\nstartup_timeout_ms = 2147483648' },
    [],
    /mcp_servers\.s\.startup_timeout_ms: must be at most 2147483647 ms/,
  ],
])(
  'a timeout above 2^31-1 ms (%s) is refused at load, naming the key and the limit',
  async (_, home, args, re) => {
    const mount = await mountSseOnce(ctx.server, answer('should not be asked'));
    const r = await runAgent(['--skip-git-repo-check', ...args, 'hi'], { home: makeHome(ctx.server, home) });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(re);
    expect(await mount.requests()).toHaveLength(0);
  },
);

test('AGENTOTEL_OTEL_SHUTDOWN_TIMEOUT_MS above 2^31-1 is refused naming the variable', async () => {
  const r = await runAgent(['--skip-git-repo-check', 'hi'], {
    home: makeHome(ctx.server),
    env: { AGENTOTEL_OTEL_SHUTDOWN_TIMEOUT_MS: '4294967296' },
  });
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toMatch(/AGENTOTEL_OTEL_SHUTDOWN_TIMEOUT_MS: must be at most 2147483647 ms/);
});

test('a shell call with timeout_ms above 2^31-1 is not run (it would be killed after 1 ms); the model is told why', async () => {
  const m = await mountSseSequence(ctx.server, [
    shellCall('call_t', { command: ['echo', 'ran'], timeout_ms: 2 ** 32 }),
    answer('ok'),
  ]);
  const r = await runAgent(['--skip-git-repo-check', 'hi'], {
    home: makeHome(ctx.server, { receiver: ctx.receiver }),
  });
  expect(r.exitCode, r.stderr).toBe(0);
  const out = JSON.stringify((await m.requests())[1]!.functionCallOutput('call_t'));
  expect(out).toMatch(/timeout_ms.{1,3} must be .* at most 2147483647/);
  expect(out).not.toMatch(/timed out/);
});

test.each([
  ['a number after an option', ['--json', '42'], /the prompt is a number \("42"\)/],
  ['a number alone', ['7'], /the prompt is a number \("7"\)/],
  ['blank after an option', ['--json', '   '], /empty prompt/],
])('%s is a usage error (exit 2)', async (_, args, re) => {
  const r = await runAgent(['--skip-git-repo-check', ...args], { home: makeHome(ctx.server) });
  expect(r.exitCode).toBe(2);
  expect(r.stderr).toMatch(re);
  expect(r.stderr).not.toMatch(/is not a function|TypeError/);
});

test.each([
  ['a string', 'just text', /item\.content must be an array of content parts, got string/],
  ['[null]', [null], /item\.content\[0\] must be an object, got null/],
  ['[42]', [42], /item\.content\[0\] must be an object, got number 42/],
])(
  'a message whose content is %s fails the turn with a protocol error naming the SSE frame',
  async (_, content, re) => {
    await mountSseOnce(
      ctx.server,
      sse([
        evResponseCreated('r1'),
        { type: 'response.output_item.done', item: { type: 'message', role: 'assistant', content } },
        evCompleted('r1'),
      ]),
    );
    const r = await runAgent(['--skip-git-repo-check', 'hi'], {
      home: makeHome(ctx.server, { receiver: ctx.receiver }),
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/protocol error: SSE frame #2 \(response\.output_item\.done\)/);
    expect(r.stderr).toMatch(re);
    expect(r.stderr).not.toMatch(/is not a function|TypeError|Cannot read properties/);
    const failed = logsNamed(ctx.receiver.records(), 'codex.sse_event').filter((e) =>
      String(attr(e, 'error.message')).startsWith('protocol error'),
    );
    expect(failed).toHaveLength(1);
  },
);
