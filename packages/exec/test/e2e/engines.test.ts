// The agent's own Responses client against both mock engines of @agentotel/test-support: the same
// tool turn must stream, execute and report identically on msw and on WireMock.
import { type EngineName, mountFunctionCallAgentResponse } from '@agentotel/test-support';
import { describe, expect, test } from 'vitest';
import {
  attr,
  jsonLines,
  logsNamed,
  makeHome,
  runExecProcess,
  useModelAndReceiver,
} from '../helpers/harness.ts';

describe.each<EngineName>(['msw', 'wiremock'])('a tool turn on the %s engine', (engine) => {
  const ctx = useModelAndReceiver({ engine });

  test('streams the call, runs the shell tool, sends its output back and exits 0', async () => {
    const args = JSON.stringify({ command: ['echo', `hello from ${engine}`] });
    const mocks = await mountFunctionCallAgentResponse(ctx.server, 'call_engine_1', args, 'shell');
    const home = makeHome(ctx.server, { receiver: ctx.receiver });
    const r = await runExecProcess(['--skip-git-repo-check', '--json', '--full-auto', 'say hello'], { home });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(jsonLines(r.stdout).at(-1)).toMatchObject({ type: 'turn.completed' });

    const second = await mocks.completion.singleRequest();
    expect(second.header('originator')).toBe('agentotel_exec');
    expect(String(second.functionCallOutput('call_engine_1')?.output)).toContain(`hello from ${engine}`);
    expect(await ctx.server.unmatchedRequests()).toEqual([]);

    const records = ctx.receiver.records();
    const decision = logsNamed(records, 'codex.tool_decision')[0];
    const result = logsNamed(records, 'codex.tool_result')[0];
    expect(attr(decision, 'call_id')).toBe('call_engine_1');
    expect(attr(result, 'call_id')).toBe('call_engine_1');
    expect(attr(result, 'success')).toBe('true');
    expect(logsNamed(records, 'codex.api_request').map((e) => attr(e, 'attempt'))).toEqual([1, 1]);
  });
});
