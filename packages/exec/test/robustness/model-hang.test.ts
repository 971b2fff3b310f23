import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { MockServer } from '@agentotel/test-support';
import { afterEach, expect, test } from 'vitest';
import { attr, logsNamed, makeHome, useModelAndReceiver } from '../helpers/harness.ts';
import { runAgent, useLeakCheck } from './support.ts';

const ctx = useModelAndReceiver();
useLeakCheck();

type Mode = 'silent' | 'trickle' | 'comments' | 'endless-events';

/** A raw model server on 127.0.0.1 that misbehaves in one way; `close()` ends every socket and timer. */
async function faultyModelServer(
  mode: Mode,
): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let requests = 0;
  const every = (ms: number, f: () => void) => timers.add(setInterval(f, ms));
  const sseHead = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream' });
  const server: Server = createServer((req, res) => {
    requests++;
    req.resume();
    if (mode === 'silent') return; // accepts, reads, never answers
    sseHead(res);
    if (mode === 'trickle') {
      const frame = 'event: response.created\ndata: {"type":"response.created","response":{"id":"r"}}';
      let i = 0;
      every(1000, () => res.write(frame[i++ % frame.length]!)); // one byte a second, never a whole frame
    } else if (mode === 'comments') {
      every(1000, () => res.write(': keep-alive\n\n'));
    } else {
      res.write('event: response.created\ndata: {"type":"response.created","response":{"id":"r"}}\n\n');
      every(200, () =>
        res.write(
          'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":"."}\n\n',
        ),
      );
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests: () => requests,
    close: async () => {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function runAgainst(mode: Mode, extraArgs: string[] = []) {
  const server = await faultyModelServer(mode);
  stop = server.close;
  const home = makeHome({ url: server.url } as MockServer, {
    receiver: ctx.receiver,
    provider: { stream_idle_timeout_ms: 1500, request_max_retries: 1, stream_max_retries: 1 },
  });
  // The 45 s kill is only a safety net: the assertions require the agent to have exited by itself.
  const r = await runAgent(['--skip-git-repo-check', ...extraArgs, 'hi'], { home, timeoutMs: 45_000 });
  return { r, requests: server.requests() };
}

test('a server that accepts the request and never answers: each attempt ends at the idle timeout, exit 1', {
  timeout: 60_000,
}, async () => {
  const { r, requests } = await runAgainst('silent');
  expect(r.signal, 'the agent had to be killed').toBeUndefined();
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toMatch(/no response headers within 1500ms/);
  expect(requests).toBe(2); // request_max_retries = 1
  const api = logsNamed(ctx.receiver.records(), 'codex.api_request');
  expect(api.map((a) => attr(a, 'attempt'))).toEqual([1, 2]);
});

test('a body trickling one byte a second never completes an SSE event: idle timeout, exit 1', {
  timeout: 60_000,
}, async () => {
  const { r } = await runAgainst('trickle');
  expect(r.signal, 'the agent had to be killed').toBeUndefined();
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toMatch(/idle timeout waiting for SSE/);
});

test('SSE comments every second are not events: idle timeout, exit 1', { timeout: 60_000 }, async () => {
  const { r } = await runAgainst('comments');
  expect(r.signal, 'the agent had to be killed').toBeUndefined();
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toMatch(/idle timeout waiting for SSE/);
  const sse = logsNamed(ctx.receiver.records(), 'codex.sse_event').filter((e) =>
    String(attr(e, 'error.message')).startsWith('idle timeout'),
  );
  expect(sse.length).toBe(2); // one per attempt, delivered before exit
});

test('valid events that never end: the turn deadline (turn_timeout_ms) ends it, exit 1', {
  timeout: 60_000,
}, async () => {
  const { r } = await runAgainst('endless-events', ['-c', 'turn_timeout_ms=3000']);
  expect(r.signal, 'the agent had to be killed').toBeUndefined();
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toMatch(/turn timed out: no answer within turn_timeout_ms = 3000/);
});
