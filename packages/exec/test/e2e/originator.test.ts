import {
  evAssistantMessage,
  evCompleted,
  evFunctionCall,
  evResponseCreated,
  mountSseOnce,
  mountSseSequence,
  sse,
} from '@agentotel/test-support';
import { expect, test } from 'vitest';
import { AppServerClient, type Json } from '../helpers/app-server-client.ts';
import { attr, logsNamed, makeHome, runExecProcess, useModelAndReceiver } from '../helpers/harness.ts';

const ctx = useModelAndReceiver();

const answer = () => sse([evResponseCreated('r'), evAssistantMessage('m', 'ok'), evCompleted('r')]);
const serviceNames = () =>
  new Set(
    ctx.receiver.logs().map((r) => attr({ attributes: r.resource.attributes } as never, 'service.name')),
  );

test('exec: the default originator is the header, leads the user agent, and is service.name', async () => {
  const m = await mountSseOnce(ctx.server, answer());
  const r = await runExecProcess(['--skip-git-repo-check', 'hi'], {
    home: makeHome(ctx.server, { receiver: ctx.receiver }),
  });
  expect(r.exitCode, r.stderr).toBe(0);
  const req = await m.singleRequest();
  expect(req.header('originator')).toBe('agentotel_exec');
  expect(req.header('user-agent')).toMatch(/^agentotel_exec\/0\.1\.0 /);
  expect(serviceNames()).toEqual(new Set(['agentotel_exec']));
});

test('exec: AGENTOTEL_ORIGINATOR_OVERRIDE wins for header and service.name', async () => {
  const m = await mountSseOnce(ctx.server, answer());
  const r = await runExecProcess(['--skip-git-repo-check', 'hi'], {
    home: makeHome(ctx.server, { receiver: ctx.receiver }),
    env: { AGENTOTEL_ORIGINATOR_OVERRIDE: 'override_x' },
  });
  expect(r.exitCode, r.stderr).toBe(0);
  expect((await m.singleRequest()).header('originator')).toBe('override_x');
  expect(serviceNames()).toEqual(new Set(['override_x']));
});

test('app-server: initialize sets the originator, a second set fails, approvals go to the client, header and service.name agree', async () => {
  const m = await mountSseSequence(ctx.server, [
    sse([
      evResponseCreated('r1'),
      evFunctionCall('call_1', 'shell', JSON.stringify({ command: ['touch', 'made-by-agent'] })),
      evCompleted('r1'),
    ]),
    answer(),
  ]);
  const client = new AppServerClient(makeHome(ctx.server, { receiver: ctx.receiver }), {}, [
    '-c',
    'approval_policy="untrusted"',
  ]);
  const approvals: Json[] = [];
  client.onRequest = (method, params) => {
    approvals.push({ method, params });
    return { decision: 'denied' };
  };
  const init = await client.request('initialize', {
    clientInfo: { name: 'my_ide', title: 'My IDE', version: '1.0.0' },
  });
  expect(init.result).toMatchObject({ originator: 'my_ide', serviceName: 'my_ide' });
  expect(init.result.userAgent).toMatch(/^my_ide\//);
  const again = await client.request('initialize', { clientInfo: { name: 'other' } });
  expect(again.error?.code).toBe(-32003);
  const turn = await client.request('turn/start', { prompt: 'make a file' });
  expect(turn.result).toMatchObject({ status: 'completed', lastMessage: 'ok' });
  expect(approvals).toEqual([
    {
      method: 'execCommandApproval',
      params: expect.objectContaining({ callId: 'call_1', command: ['touch', 'made-by-agent'] }),
    },
  ]);
  expect(client.notifications.map((n) => n.params.event.type)).toContain('turn.completed');
  const { exitCode } = await client.close();
  expect(exitCode).toBe(0);
  for (const req of await m.requests()) expect(req.header('originator')).toBe('my_ide');
  expect(serviceNames()).toEqual(new Set(['my_ide']));
  const d = logsNamed(ctx.receiver.records(), 'codex.tool_decision');
  expect(d.map((e) => [attr(e, 'call_id'), attr(e, 'decision'), attr(e, 'source')])).toEqual([
    ['call_1', 'denied', 'user'],
  ]);
});

test('app-server under AGENTOTEL_ORIGINATOR_OVERRIDE: initialize cannot change originator or service.name', async () => {
  await mountSseOnce(ctx.server, answer());
  const client = new AppServerClient(makeHome(ctx.server, { receiver: ctx.receiver }), {
    AGENTOTEL_ORIGINATOR_OVERRIDE: 'forced',
  });
  const init = await client.request('initialize', { clientInfo: { name: 'my_ide' } });
  expect(init.result).toMatchObject({ originator: 'forced', serviceName: 'forced' });
  await client.request('turn/start', { prompt: 'hi' });
  await client.close();
  expect(serviceNames()).toEqual(new Set(['forced']));
});
