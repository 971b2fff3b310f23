import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  evAssistantMessage,
  evCompleted,
  evFunctionCall,
  evResponseCreated,
  mountFunctionCallAgentResponse,
  mountSseSequence,
  sse,
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

const call = (id: string, command: string[], name = 'shell') =>
  sse([
    evResponseCreated(`r_${id}`),
    evFunctionCall(id, name, JSON.stringify({ command })),
    evCompleted(`r_${id}`),
  ]);
const done = (text = 'all done') =>
  sse([evResponseCreated('r_end'), evAssistantMessage('m1', text), evCompleted('r_end')]);

test('a tool turn: call, decision, execution, function_call_output in the next request, final message', async () => {
  const mocks = await mountFunctionCallAgentResponse(
    ctx.server,
    'call_1',
    JSON.stringify({ command: ['echo', 'hello from shell'] }),
    'shell',
  );
  const home = makeHome(ctx.server, { receiver: ctx.receiver });
  const r = await runExecProcess(['--skip-git-repo-check', '--json', 'run echo'], { home });
  expect(r.exitCode, r.stderr).toBe(0);
  const out = (await mocks.completion.singleRequest()).functionCallOutput('call_1');
  expect(JSON.stringify(out)).toMatch(/hello from shell/);
  const events = jsonLines(r.stdout);
  expect(events.map((e) => e.type)).toEqual([
    'thread.started',
    'turn.started',
    'item.started',
    'item.completed',
    'item.completed',
    'turn.completed',
  ]);
  expect(events[3]).toMatchObject({ item: { type: 'command_execution', exit_code: 0, status: 'completed' } });
  const records = ctx.receiver.records();
  const decision = logsNamed(records, 'codex.tool_decision');
  const result = logsNamed(records, 'codex.tool_result');
  expect(decision).toHaveLength(1);
  expect(result).toHaveLength(1);
  expect(attr(decision[0], 'call_id')).toBe('call_1');
  expect(attr(result[0], 'call_id')).toBe('call_1');
  expect(attr(decision[0], 'decision')).toBe('approved');
  expect(attr(decision[0], 'source')).toBe('config');
  expect(attr(result[0], 'success')).toBe('true');
  const starts = logsNamed(records, 'codex.conversation_starts')[0];
  expect(attr(starts, 'approval_policy')).toBe('never');
  expect(attr(starts, 'sandbox_policy')).toBe('read-only');
  expect(attr(starts, 'provider_name')).toBe('Mock Responses');
});

test('every decision from the approvals file (source user), session approval, and config', async () => {
  const m = await mountSseSequence(ctx.server, [
    call('call_a', ['git', 'init', '-q']),
    call('call_b', ['touch', 'b.txt']),
    call('call_c', ['touch', 'b.txt']),
    call('call_d', ['rm', '-rf', 'nothing']),
    call('call_e', ['ls']),
    done(),
  ]);
  const home = makeHome(ctx.server, { receiver: ctx.receiver });
  const approvals = join(home, 'approvals.jsonl');
  writeFileSync(
    approvals,
    [
      '{"call_id":"call_d","decision":"denied"}',
      '{"decision":"approved"}',
      '{"decision":"approved_for_session"}',
    ].join('\n'),
  );
  const r = await runExecProcess(
    ['--skip-git-repo-check', '--approval-policy', 'untrusted', '--approvals-file', approvals, 'work'],
    { home },
  );
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.stdout.trim()).toBe('all done');
  const decisions = logsNamed(ctx.receiver.records(), 'codex.tool_decision').map((d) => [
    attr(d, 'call_id'),
    attr(d, 'decision'),
    attr(d, 'source'),
  ]);
  expect(decisions).toEqual([
    ['call_a', 'approved', 'user'],
    ['call_b', 'approved_for_session', 'user'],
    ['call_c', 'approved_for_session', 'config'],
    ['call_d', 'denied', 'user'],
    ['call_e', 'approved', 'config'],
  ]);
  const last = (await m.requests()).at(-1)!;
  expect(String(last.functionCallOutput('call_d')?.output ?? last.functionCallOutput('call_d'))).toMatch(
    /rejected by user/,
  );
  const denied = logsNamed(ctx.receiver.records(), 'codex.tool_result').find(
    (e) => attr(e, 'call_id') === 'call_d',
  );
  expect(attr(denied, 'success')).toBe('false');
});

test('abort ends the turn with exit 1 and flushes telemetry', async () => {
  await mountSseSequence(ctx.server, [call('call_x', ['touch', 'x'])]);
  const home = makeHome(ctx.server, { receiver: ctx.receiver });
  const approvals = join(home, 'approvals.jsonl');
  writeFileSync(approvals, '{"decision":"abort"}\n');
  const r = await runExecProcess(
    ['--skip-git-repo-check', '--json', '-a', 'untrusted', '--approvals-file', approvals, 'work'],
    { home },
  );
  expect(r.exitCode).toBe(1);
  expect(jsonLines(r.stdout).at(-1)).toMatchObject({ type: 'turn.failed' });
  const d = logsNamed(ctx.receiver.records(), 'codex.tool_decision');
  expect(d.map((e) => [attr(e, 'decision'), attr(e, 'source')])).toEqual([['abort', 'user']]);
});

test('a call to an unknown tool: tool_result success "false" and no decision', async () => {
  await mountSseSequence(ctx.server, [call('call_u', ['x'], 'teleport'), done()]);
  const home = makeHome(ctx.server, { receiver: ctx.receiver });
  const r = await runExecProcess(['--skip-git-repo-check', 'go'], { home });
  expect(r.exitCode, r.stderr).toBe(0);
  const records = ctx.receiver.records();
  expect(logsNamed(records, 'codex.tool_decision')).toHaveLength(0);
  const res = logsNamed(records, 'codex.tool_result');
  expect(res.map((e) => [attr(e, 'tool_name'), attr(e, 'call_id'), attr(e, 'success')])).toEqual([
    ['teleport', 'call_u', 'false'],
  ]);
});
