import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  evAssistantMessage,
  evCompleted,
  evFunctionCall,
  evResponseCreated,
  mountSseSequence,
  type StartedOtlpReceiver,
  sse,
} from '@agentotel/test-support';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type StartedHttpMcpServer, startHttpMcpServer } from '../fixtures/mcp-http-server.ts';
import { AppServerClient } from '../helpers/app-server-client.ts';
import { attr, logsNamed, makeHome, runExecProcess, useModelAndReceiver } from '../helpers/harness.ts';

const STDIO_SERVER = resolve(import.meta.dirname, '../fixtures/mcp-stdio-server.ts');

const ctx = useModelAndReceiver();
let http: StartedHttpMcpServer;
beforeAll(async () => {
  http = await startHttpMcpServer('remote', 's3cret');
});
afterAll(async () => {
  await http?.stop();
});

const decisionsOf = (records: ReturnType<StartedOtlpReceiver['records']>) =>
  logsNamed(records, 'codex.tool_decision').map((e) => [
    attr(e, 'call_id'),
    attr(e, 'tool_name'),
    attr(e, 'decision'),
    attr(e, 'source'),
  ]);

/** `[mcp_servers.local]` (stdio) and `[mcp_servers.remote]` (streamable HTTP) for config.toml. */
const bothServers = () =>
  [
    '[mcp_servers.local]',
    `command = ${JSON.stringify(process.execPath)}`,
    `args = ["--conditions=@agentotel/source", ${JSON.stringify(STDIO_SERVER)}, "local"]`,
    '[mcp_servers.remote]',
    `url = "${http.url}"`,
    'bearer_token = "s3cret"',
  ].join('\n');

const call = (id: string, name: string, args: object) =>
  sse([evResponseCreated(`r_${id}`), evFunctionCall(id, name, JSON.stringify(args)), evCompleted(`r_${id}`)]);

test('a stdio MCP server and a streamable HTTP one: tools offered, called, results carry mcp_server', async () => {
  const m = await mountSseSequence(ctx.server, [
    call('call_s', 'mcp__local__echo', { text: 'one' }),
    call('call_h', 'mcp__remote__echo', { text: 'two' }),
    call('call_f', 'mcp__remote__fail', {}),
    sse([evResponseCreated('r_end'), evAssistantMessage('m', 'done'), evCompleted('r_end')]),
  ]);
  const home = makeHome(ctx.server, { receiver: ctx.receiver, extra: bothServers() });
  const r = await runExecProcess(['--skip-git-repo-check', 'use the tools'], { home });
  expect(r.exitCode, r.stderr).toBe(0);
  const requests = await m.requests();
  const toolNames = (requests[0]!.bodyJson().tools as Array<{ name: string }>).map((t) => t.name);
  expect(toolNames).toEqual(
    expect.arrayContaining(['shell', 'mcp__local__echo', 'mcp__remote__echo', 'mcp__remote__fail']),
  );
  const last = requests.at(-1)!;
  expect(last.functionCallOutput('call_s').output).toBe('local:one');
  expect(last.functionCallOutput('call_h').output).toBe('remote:two');
  expect(http.authorizations.every((a) => a === 'Bearer s3cret')).toBe(true);
  const records = ctx.receiver.records();
  // approval_policy defaults to never: every MCP call is approved by configuration, before its result
  expect(decisionsOf(records)).toEqual([
    ['call_s', 'mcp__local__echo', 'approved', 'config'],
    ['call_h', 'mcp__remote__echo', 'approved', 'config'],
    ['call_f', 'mcp__remote__fail', 'approved', 'config'],
  ]);
  const results = logsNamed(records, 'codex.tool_result').map((e) => [
    attr(e, 'call_id'),
    attr(e, 'mcp_server'),
    attr(e, 'success'),
  ]);
  expect(results).toEqual([
    ['call_s', 'local', 'true'],
    ['call_h', 'remote', 'true'],
    ['call_f', 'remote', 'false'],
  ]);
  expect(attr(logsNamed(records, 'codex.conversation_starts')[0], 'mcp_servers')).toBe('local, remote');
});

test('untrusted: MCP calls are decided like commands (read-only tools by config, others by the user), abort ends the turn', async () => {
  const m = await mountSseSequence(ctx.server, [
    call('call_r', 'mcp__local__read', {}),
    call('call_e1', 'mcp__local__echo', { text: 'a' }),
    call('call_e2', 'mcp__local__echo', { text: 'b' }),
    call('call_d', 'mcp__remote__echo', { text: 'never sent' }),
    call('call_x', 'mcp__remote__fail', {}),
  ]);
  const home = makeHome(ctx.server, { receiver: ctx.receiver, extra: bothServers() });
  const approvals = join(home, 'approvals.jsonl');
  writeFileSync(
    approvals,
    [
      '{"call_id":"call_e1","decision":"approved_for_session"}',
      '{"call_id":"call_d","decision":"denied"}',
      '{"call_id":"call_x","decision":"abort"}',
    ].join('\n'),
  );
  const r = await runExecProcess(
    ['--skip-git-repo-check', '--json', '-a', 'untrusted', '--approvals-file', approvals, 'use the tools'],
    { home },
  );
  expect(r.exitCode, r.stderr).toBe(1);
  expect(r.stderr).toMatch(/the user answered abort for call call_x/);
  const records = ctx.receiver.records();
  expect(decisionsOf(records)).toEqual([
    ['call_r', 'mcp__local__read', 'approved', 'config'],
    ['call_e1', 'mcp__local__echo', 'approved_for_session', 'user'],
    ['call_e2', 'mcp__local__echo', 'approved_for_session', 'config'],
    ['call_d', 'mcp__remote__echo', 'denied', 'user'],
    ['call_x', 'mcp__remote__fail', 'abort', 'user'],
  ]);
  // the model is told about the refusal in the next request
  const last = (await m.requests()).at(-1)!;
  expect(last.functionCallOutput('call_r').output).toBe('local:read');
  expect(last.functionCallOutput('call_e2').output).toBe('local:b');
  expect(last.functionCallOutput('call_d').output).toBe('MCP tool call rejected by user');
  const results = logsNamed(records, 'codex.tool_result').map((e) => [
    attr(e, 'call_id'),
    attr(e, 'success'),
  ]);
  expect(results).toEqual([
    ['call_r', 'true'],
    ['call_e1', 'true'],
    ['call_e2', 'true'],
    ['call_d', 'false'],
  ]);
  const declined = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter(
      (e) => e.type === 'item.completed' && e.item.type === 'mcp_tool_call' && e.item.status === 'failed',
    );
  expect(declined.map((e) => e.item.error)).toEqual([
    'MCP tool call rejected by user',
    'MCP tool call rejected by user',
  ]);
});

test('app-server: an MCP call is asked of the client as mcpToolCallApproval', async () => {
  const m = await mountSseSequence(ctx.server, [
    call('call_m', 'mcp__local__echo', { text: 'hi' }),
    sse([evResponseCreated('r_end'), evAssistantMessage('m', 'done'), evCompleted('r_end')]),
  ]);
  const client = new AppServerClient(
    makeHome(ctx.server, { receiver: ctx.receiver, extra: bothServers() }),
    {},
    ['-c', 'approval_policy="untrusted"'],
  );
  const asked: Array<{ method: string; params: unknown }> = [];
  client.onRequest = (method, params) => {
    asked.push({ method, params });
    return { decision: 'approved' };
  };
  const turn = await client.request('turn/start', { prompt: 'use the tools' });
  expect(turn.result).toMatchObject({ status: 'completed', lastMessage: 'done' });
  expect(asked).toEqual([
    {
      method: 'mcpToolCallApproval',
      params: {
        threadId: expect.any(String),
        callId: 'call_m',
        server: 'local',
        tool: 'echo',
        arguments: JSON.stringify({ text: 'hi' }),
      },
    },
  ]);
  expect((await client.close()).exitCode).toBe(0);
  expect((await m.requests()).at(-1)!.functionCallOutput('call_m').output).toBe('local:hi');
  expect(decisionsOf(ctx.receiver.records())).toEqual([['call_m', 'mcp__local__echo', 'approved', 'user']]);
});
