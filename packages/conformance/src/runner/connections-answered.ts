import { readFile } from 'node:fs/promises';

/**
 * TCP states (Linux `include/net/tcp_states.h`, as `/proc/net/tcp` prints them in hex) of a server-side
 * socket whose peer may still be waiting on an answer, or whose bytes the server has not read to the end:
 * ESTABLISHED (01), SYN_RECV (03) and CLOSE_WAIT (08: the peer closed, our side has not). Accepted or
 * not: a connection still in the listen backlog is listed too.
 */
const OPEN_STATES = new Set(['01', '03', '08']);

/**
 * How many server-side TCP connections on 127.0.0.1 have local port in `ports` and are still open on the
 * server's side (see {@link OPEN_STATES}), from `/proc/net/tcp` and `/proc/net/tcp6` (Linux).
 *
 * @returns the count, or `undefined` where `/proc/net/tcp` is not readable.
 */
export async function openServerConnections(ports: ReadonlySet<number>): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile('/proc/net/tcp', 'latin1');
  } catch {
    return undefined;
  }
  try {
    text += await readFile('/proc/net/tcp6', 'latin1');
  } catch {}
  let open = 0;
  for (const line of text.split('\n')) {
    // `  sl  local_address rem_address st …`: local_address is `HEXADDR:HEXPORT`
    const f = line.trim().split(/\s+/);
    const local = f[1];
    const st = f[3];
    if (!local || !st || !OPEN_STATES.has(st)) continue;
    const port = Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
    if (ports.has(port)) open++;
  }
  return open;
}

/** Options of {@link waitForConnectionsAnswered}. */
export interface WaitForConnectionsAnsweredOptions {
  /** Most time to wait, in ms. @defaultValue 1000 */
  maxWaitMs?: number;
  /** Between two looks at `/proc/net/tcp`, in ms. @defaultValue 2 */
  pollMs?: number;
  /** Wait where `/proc/net/tcp` is not readable (not Linux), in ms. @defaultValue 30 */
  fallbackMs?: number;
}

const turn = () => new Promise<void>((r) => setImmediate(r));

/**
 * After every process of a run is gone, waits until whatever received its telemetry (the receivers, the
 * connection probe, the collector: their listening `ports`) has closed its side of every connection the
 * run opened, then lets two event-loop turns pass.
 *
 * Why this is enough: a dead client's sockets are closed by the kernel, so each server-side connection
 * is then in the backlog, ESTABLISHED with bytes to read, or CLOSE_WAIT. The embedded receiver and the
 * probe close their side only after reading the connection to its end and answering what it carried
 * (Node's HTTP server ends a socket after its last response; the probe after accepting and classifying
 * it), so once none is left open, every request has been recorded or, cut short, its `close` handler is
 * at most a turn or two of the event loop away. This replaces a fixed 30 ms sleep: a run whose
 * connections are already closed (the common case: the agent waited for its exports' answers) pays a
 * single look, and one whose last request is still being decoded gets the time it needs.
 *
 * Bounded by `maxWaitMs` (a server that never closes its side must not hold up certify); where
 * `/proc/net/tcp` cannot be read, it sleeps `fallbackMs`, the old fixed wait.
 */
export async function waitForConnectionsAnswered(
  ports: ReadonlySet<number>,
  options: WaitForConnectionsAnsweredOptions = {},
): Promise<void> {
  const { maxWaitMs = 1000, pollMs = 2, fallbackMs = 30 } = options;
  if (ports.size === 0) return;
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const open = await openServerConnections(ports);
    if (open === undefined) {
      await new Promise((r) => setTimeout(r, fallbackMs));
      return;
    }
    if (open === 0 || Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  await turn();
  await turn();
}
