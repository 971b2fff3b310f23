import {
  evAssistantMessage,
  evCompleted,
  evResponseCreated,
  type MockServer,
  mountResponseOnce,
  type StartedOtlpReceiver,
  sse,
  sseResponse,
  startMockServer,
  startOtlpReceiver,
  withDelay,
} from '@agentotel/test-support';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { logsNamed, MAIN, makeHome } from '../helpers/harness.ts';

let server: MockServer;
let receiver: StartedOtlpReceiver;
beforeAll(async () => {
  [server, receiver] = await Promise.all([startMockServer(), startOtlpReceiver({ grpc: false })]);
});
afterEach(async () => {
  await server.reset();
  receiver.clear();
});
afterAll(async () => {
  await Promise.all([server?.close(), receiver?.stop()]);
});

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
      cwd: makeHome(server, { receiver }),
      env: {
        AGENTOTEL_HOME: makeHome(server, { receiver }),
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
    .poll(async () => (await server.journal()).length, { timeout: 10_000, interval: 50 })
    .toBeGreaterThan(0);
}

for (const [sig, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  test(`${sig} mid-request: exit ${code}, telemetry flushed before exit`, async () => {
    await mountResponseOnce(server, slow());
    const child = spawn();
    await untilRequested();
    child.kill(sig);
    const r = await child;
    expect(r.exitCode).toBe(code);
    const records = receiver.records();
    expect(logsNamed(records, 'codex.user_prompt')).toHaveLength(1);
    expect(logsNamed(records, 'codex.api_request')).toHaveLength(1);
  });
}

test('an uncaught error: exit 1, telemetry flushed before exit', async () => {
  await mountResponseOnce(server, slow());
  // Well after start-up (telemetry starts a few ms after the CLI's modules are loaded) and well
  // before the 8 s model response: the error lands mid-turn, after the first events were emitted.
  const child = spawn({ AGENTOTEL_EXEC_TEST_UNCAUGHT_AFTER_MS: '1000' });
  const r = await child;
  expect(r.exitCode).toBe(1);
  expect(String(r.stderr)).toMatch(/uncaught error: injected/);
  expect(
    logsNamed(receiver.records(), 'codex.conversation_starts').length +
      logsNamed(receiver.records(), 'codex.user_prompt').length,
  ).toBeGreaterThan(0);
});
