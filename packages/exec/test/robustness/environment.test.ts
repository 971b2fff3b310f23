import { resolve } from 'node:path';
import {
  evAssistantMessage,
  evCompleted,
  evFunctionCall,
  evResponseCreated,
  mountSseSequence,
  sse,
} from '@agentotel/test-support';
import { expect, test } from 'vitest';
import { logsNamed, makeHome, useModelAndReceiver } from '../helpers/harness.ts';
import { runAgent, shellCall, useLeakCheck } from './support.ts';

const ctx = useModelAndReceiver();
useLeakCheck();

const ENV_SERVER = resolve(import.meta.dirname, 'fixtures/mcp-env-server.ts');
const SECRETS = {
  OPENAI_API_KEY: 'sk-openai-planted-1',
  MOCK_API_KEY: 'mock-provider-key-planted-2',
  MY_SERVICE_TOKEN: 'service-token-planted-3',
  aws_secret_access_key: 'aws-secret-planted-4',
};

test('neither the shell tool nor an MCP stdio server sees *KEY*/*SECRET*/*TOKEN* variables; nothing leaks to the model or telemetry', async () => {
  const m = await mountSseSequence(ctx.server, [
    shellCall('call_environ', { command: ['cat', '/proc/self/environ'] }),
    sse([evResponseCreated('r_m'), evFunctionCall('call_mcp', 'mcp__envsrv__env', '{}'), evCompleted('r_m')]),
    sse([evResponseCreated('r_end'), evAssistantMessage('m', 'done'), evCompleted('r_end')]),
  ]);
  const home = makeHome(ctx.server, {
    receiver: ctx.receiver,
    extra: [
      '[shell_environment_policy]',
      'set = { AGENTOTEL_SET_BY_POLICY = "policy-value" }',
      '[mcp_servers.envsrv]',
      `command = ${JSON.stringify(process.execPath)}`,
      `args = ["--conditions=@agentotel/source", ${JSON.stringify(ENV_SERVER)}]`,
    ].join('\n'),
  });
  const r = await runAgent(['--skip-git-repo-check', 'print your environment'], {
    home,
    env: { ...SECRETS, AGENTOTEL_VISIBLE: 'visible-value' },
  });
  expect(r.exitCode, r.stderr).toBe(0);
  const last = (await m.requests()).at(-1)!;
  const shellOut = JSON.stringify(last.functionCallOutput('call_environ'));
  const mcpOut = JSON.stringify(last.functionCallOutput('call_mcp'));
  // The commands ran and saw the ordinary environment and the policy's `set`.
  expect(shellOut).toMatch(/AGENTOTEL_VISIBLE=visible-value/);
  expect(mcpOut).toMatch(/AGENTOTEL_VISIBLE=visible-value/);
  const records = JSON.stringify(logsNamed(ctx.receiver.records(), 'codex.tool_result'));
  expect(records).toMatch(/visible-value/);
  for (const value of Object.values(SECRETS)) {
    expect(shellOut).not.toContain(value);
    expect(mcpOut).not.toContain(value);
    expect(records).not.toContain(value);
  }
  expect(shellOut).toMatch(/AGENTOTEL_SET_BY_POLICY=policy-value/);
});
