import { existsSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openServerConnections, waitForConnectionsAnswered } from './connections-answered.ts';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

/**
 * A loopback server that reads each connection to its end, then answers and closes it only after
 * `answerAfterMs` (a receiver still decoding the last request when the agent is already gone).
 */
async function slowServer(answerAfterMs: number) {
  const answered: string[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    let got = '';
    socket.on('data', (d: Buffer) => {
      got += d.toString();
    });
    socket.on('end', () => {
      timers.add(
        setTimeout(() => {
          answered.push(got);
          socket.end();
        }, answerAfterMs),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => {
    for (const t of timers) clearTimeout(t);
    for (const s of sockets) s.destroy();
    server.close();
  });
  return { port: (server.address() as net.AddressInfo).port, answered };
}

/** A client that sends `text` and is gone at once, as an agent process that exits. */
async function sendAndVanish(port: number, text: string) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((r) => socket.once('connect', r));
  await new Promise<void>((r) => socket.end(text, r));
  socket.destroy();
}

describe.skipIf(!existsSync('/proc/net/tcp'))('waitForConnectionsAnswered', () => {
  it('returns only after the server closed its side of every connection', async () => {
    const { port, answered } = await slowServer(300);
    await sendAndVanish(port, 'first');
    await sendAndVanish(port, 'second');
    await waitForConnectionsAnswered(new Set([port]));
    expect(answered.sort()).toEqual(['first', 'second']);
    expect(await openServerConnections(new Set([port]))).toBe(0);
  });

  it('counts connections still open on the server side, on the given ports only', async () => {
    const { port } = await slowServer(60_000);
    const other = await slowServer(60_000);
    await sendAndVanish(port, 'x');
    // the server holds its side open (CLOSE_WAIT) until it answers
    expect(await openServerConnections(new Set([port]))).toBe(1);
    expect(await openServerConnections(new Set([other.port]))).toBe(0);
  });

  it('gives up after maxWaitMs on a server that never closes its side', async () => {
    const { port, answered } = await slowServer(60_000);
    await sendAndVanish(port, 'x');
    await waitForConnectionsAnswered(new Set([port]), { maxWaitMs: 50 });
    expect(answered).toEqual([]);
  });
});
