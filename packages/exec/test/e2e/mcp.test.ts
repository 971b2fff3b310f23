import { resolve } from 'node:path';
import {
  evAssistantMessage,
  evCompleted,
  evFunctionCall,
  evResponseCreated,
  type MockServer,
  mountSseSequence,
  type StartedOtlpReceiver,
  sse,
  startMockServer,
  startOtlpReceiver,
} from '@agentotel/test-support';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type StartedHttpMcpServer, startHttpMcpServer } from '../fixtures/mcp-http-server.ts';
import { attr, logsNamed, makeHome, runExecProcess } from '../helpers/harness.ts';

const STDIO_SERVER = resolve(import.meta.dirname, '../fixtures/mcp-stdio-server.ts');

let server: MockServer;
let receiver: StartedOtlpReceiver;
let http: StartedHttpMcpServer;
beforeAll(async () => {
  [server, receiver, http] = await Promise.all([
    startMockServer(),
    startOtlpReceiver({ grpc: false }),
    startHttpMcpServer('remote', 's3cret'),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.close(), receiver?.stop(), http?.stop()]);
});

const call = (id: string, name: string, args: object) =>
  sse([evResponseCreated(`r_${id}`), evFunctionCall(id, name, JSON.stringify(args)), evCompleted(`r_${id}`)]);

test('a stdio MCP server and a streamable HTTP one: tools offered, called, results carry mcp_server', async () => {
  const m = await mountSseSequence(server, [
    call('call_s', 'mcp__local__echo', { text: 'one' }),
    call('call_h', 'mcp__remote__echo', { text: 'two' }),
    call('call_f', 'mcp__remote__fail', {}),
    sse([evResponseCreated('r_end'), evAssistantMessage('m', 'done'), evCompleted('r_end')]),
  ]);
  const home = makeHome(server, {
    receiver,
    extra: [
      '[mcp_servers.local]',
      `command = ${JSON.stringify(process.execPath)}`,
      `args = ["--conditions=@agentotel/source", ${JSON.stringify(STDIO_SERVER)}, "local"]`,
      '[mcp_servers.remote]',
      `url = "${http.url}"`,
      'bearer_token = "s3cret"',
    ].join('\n'),
  });
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
  const records = receiver.records();
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
