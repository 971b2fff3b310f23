import {
  evAssistantMessage,
  evCompleted,
  evResponseCreated,
  mountResponseOnce,
  sse,
  sseResponse,
  withDelay,
} from '@agentotel/test-support';
import { execa } from 'execa';
import { expect, test } from 'vitest';
import { logsNamed, MAIN, makeHome, useModelAndReceiver } from '../helpers/harness.ts';

const ctx = useModelAndReceiver();

const slow = () =>
  withDelay(
    sseResponse(sse([evResponseCreated('r'), evAssistantMessage('m', 'late'), evCompleted('r')])),
    8000,
  );

function spawn(env: Record<string, string> = {}) {
  return execa(
    process.execPath,
    ['--conditions=@agentotel/source', MAIN, '--skip-git-repo-check', 'wait for it'],
    {
      cwd: makeHome(ctx.server, { receiver: ctx.receiver }),
      env: {
        AGENTOTEL_HOME: makeHome(ctx.server, { receiver: ctx.receiver }),
        MOCK_API_KEY: 'dummy',
        AGENTOTEL_OTEL_SHUTDOWN_TIMEOUT_MS: '10000',
        ...env,
      },
      reject: false,
      stdin: 'ignore',
      timeout: 20_000,
    },
  );
}

async function untilRequested(): Promise<void> {
  await expect
    .poll(async () => (await ctx.server.journal()).length, { timeout: 10_000, interval: 50 })
    .toBeGreaterThan(0);
}

for (const [sig, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  test(`${sig} mid-request: exit ${code}, telemetry flushed before exit`, async () => {
    await mountResponseOnce(ctx.server, slow());
    const child = spawn();
    await untilRequested();
    child.kill(sig);
    const r = await child;
    expect(r.exitCode).toBe(code);
    const records = ctx.receiver.records();
    expect(logsNamed(records, 'codex.user_prompt')).toHaveLength(1);
    expect(logsNamed(records, 'codex.api_request')).toHaveLength(1);
  });
}

test('an uncaught error: exit 1, telemetry flushed before exit', async () => {
  await mountResponseOnce(ctx.server, slow());
  // Well after start-up (telemetry starts a few ms after the CLI's modules are loaded) and well
  // before the 8 s model response: the error lands mid-turn, after the first events were emitted.
  const child = spawn({ AGENTOTEL_EXEC_TEST_UNCAUGHT_AFTER_MS: '1000' });
  const r = await child;
  expect(r.exitCode).toBe(1);
  expect(String(r.stderr)).toMatch(/uncaught error: injected/);
  expect(
    logsNamed(ctx.receiver.records(), 'codex.conversation_starts').length +
      logsNamed(ctx.receiver.records(), 'codex.user_prompt').length,
  ).toBeGreaterThan(0);
});
