import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  evAssistantMessage,
  evCompleted,
  evResponseCreated,
  mountSseSequence,
  sse,
} from '@agentotel/test-support';
import { expect, test } from 'vitest';
import { makeHome, useModelAndReceiver } from '../helpers/harness.ts';
import {
  missingRecords,
  pidsIn,
  runAgent,
  shellCall,
  startAgent,
  survivors,
  trackPidFile,
  useLeakCheck,
} from './support.ts';

const ctx = useModelAndReceiver();
useLeakCheck();

const done = () => sse([evResponseCreated('r_end'), evAssistantMessage('m', 'done'), evCompleted('r_end')]);
const pidFile = () => trackPidFile(join(mkdtempSync(join(tmpdir(), 'agentotel-pids-')), 'pids'));

/** Runs one turn whose only tool call is `command` (with `timeout_ms` when given); returns what the model got back. */
async function runCommand(command: string[], timeoutMs?: number) {
  const m = await mountSseSequence(ctx.server, [
    shellCall('call_1', { command, ...(timeoutMs !== undefined ? { timeout_ms: timeoutMs } : {}) }),
    done(),
  ]);
  const home = makeHome(ctx.server, { receiver: ctx.receiver });
  // The 45 s kill is only a safety net: the tests require the agent to have exited by itself.
  const r = await runAgent(['--skip-git-repo-check', 'run it'], { home, timeoutMs: 45_000 });
  const requests = await m.requests();
  const output = requests.length === 2 ? JSON.stringify(requests[1]!.functionCallOutput('call_1')) : '';
  // Records lost: the run's tool result and both responses' completion, the last emitted just before exit.
  const lost = missingRecords(ctx.receiver.records(), { callIds: ['call_1'], responses: 2 });
  return { r, output, lost };
}

test('a command that exits leaving "(sleep 300 &)" holding its stdout does not hang the turn; the sleep is killed', {
  timeout: 60_000,
}, async () => {
  const pf = pidFile();
  const { r, output, lost } = await runCommand([
    'sh',
    '-c',
    `(sleep 300 & echo $! >> '${pf}'); echo started`,
  ]);
  expect(r.signal, 'the agent had to be killed').toBeUndefined();
  expect(r.exitCode, r.stderr).toBe(0);
  expect(output).toMatch(/started/);
  expect(lost, 'records the run never delivered').toEqual([]);
  expect(pidsIn(pf)).toHaveLength(1);
  expect(await survivors(pidsIn(pf))).toEqual([]);
});

test('sh -c "sleep 600 & echo started": the output comes back at once and the background sleep is gone', {
  timeout: 60_000,
}, async () => {
  const pf = pidFile();
  const { r, output, lost } = await runCommand(['sh', '-c', `sleep 600 & echo $! >> '${pf}'; echo started`]);
  expect(r.signal, 'the agent had to be killed').toBeUndefined();
  expect(r.exitCode, r.stderr).toBe(0);
  expect(output).toMatch(/started/);
  expect(lost, 'records the run never delivered').toEqual([]);
  expect(await survivors(pidsIn(pf))).toEqual([]);
});

test('at timeout_ms the whole group is killed, SIGKILL for what ignores SIGTERM', {
  timeout: 60_000,
}, async () => {
  const pf = pidFile();
  const { r, output, lost } = await runCommand(
    ['sh', '-c', `trap '' TERM; echo $$ >> '${pf}'; sleep 300 & echo $! >> '${pf}'; wait`],
    1000,
  );
  expect(r.signal, 'the agent had to be killed').toBeUndefined();
  expect(r.exitCode, r.stderr).toBe(0);
  expect(output).toMatch(/command timed out/);
  expect(lost, 'records the run never delivered').toEqual([]);
  expect(pidsIn(pf)).toHaveLength(2);
  expect(await survivors(pidsIn(pf))).toEqual([]);
});

test('an MCP stdio server whose start-up times out is killed with its whole group (no orphan)', {
  timeout: 60_000,
}, async () => {
  const pf = pidFile();
  const home = makeHome(ctx.server, {
    receiver: ctx.receiver,
    extra: [
      '[mcp_servers.stuck]',
      'command = "sh"',
      `args = ["-c", ${JSON.stringify(`echo $$ >> '${pf}'; sleep 600 & echo $! >> '${pf}'; wait`)}]`,
      'startup_timeout_ms = 1000',
    ].join('\n'),
  });
  const r = await runAgent(['--skip-git-repo-check', 'hi'], { home, timeoutMs: 45_000 });
  expect(r.signal, 'the agent had to be killed').toBeUndefined();
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toMatch(/MCP server "stuck" failed to start/);
  expect(pidsIn(pf)).toHaveLength(2);
  expect(await survivors(pidsIn(pf))).toEqual([]);
});

test('SIGINT while a command runs: the whole process group of the command is killed and the agent exits 130', {
  timeout: 60_000,
}, async () => {
  const pf = pidFile();
  await mountSseSequence(ctx.server, [
    shellCall('call_1', {
      command: ['sh', '-c', `echo $$ >> '${pf}'; sleep 300 & echo $! >> '${pf}'; wait`],
    }),
    done(),
  ]);
  const home = makeHome(ctx.server, { receiver: ctx.receiver });
  const agent = startAgent(['--skip-git-repo-check', 'run it'], { home, timeoutMs: 45_000 });
  let ended = false;
  void agent.finally(() => {
    ended = true;
  });
  while (pidsIn(pf).length < 2 && !ended) await new Promise((r) => setTimeout(r, 50));
  agent.kill('SIGINT');
  const r = await agent;
  expect(r.signal, 'the agent had to be killed').toBeUndefined();
  expect(r.exitCode).toBe(130);
  expect(pidsIn(pf)).toHaveLength(2);
  expect(await survivors(pidsIn(pf))).toEqual([]);
});
