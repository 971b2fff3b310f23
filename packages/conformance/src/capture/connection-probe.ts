import net from 'node:net';

/** What the first bytes of a connection looked like. */
export type ConnectionKind = 'tls' | 'plaintext' | 'empty';

/** One TCP connection a probe accepted. */
export interface ProbedConnection {
  /** Epoch ms of accept. */
  atMs: number;
  kind: ConnectionKind;
  /** The first bytes as printable text (plaintext) or hex (TLS), at most 24 bytes. */
  preview: string;
}

/** Where a probe forwards each kind of connection; a missing target closes the connection. */
export interface ConnectionProbeOptions {
  /** Upstream for connections that start with a TLS handshake (first byte 0x16). */
  tlsTarget?: { host: string; port: number };
  /** Upstream for anything else (HTTP/1.1 text, the HTTP/2 preface). */
  plaintextTarget?: { host: string; port: number };
}

/** A started probe: a loopback TCP listener that counts and classifies connections. */
export interface StartedConnectionProbe {
  readonly port: number;
  connections(): ProbedConnection[];
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a TCP listener on 127.0.0.1 that records every connection and whether it began with a TLS
 * handshake, then forwards it unchanged to the matching target. Used to prove "no connection opened"
 * (exporter `none`) and "nothing in plaintext to an https:// endpoint".
 *
 * @example await using probe = await startConnectionProbe({ tlsTarget: { host: '127.0.0.1', port } })
 */
export async function startConnectionProbe(
  options: ConnectionProbeOptions = {},
): Promise<StartedConnectionProbe> {
  const seen: ProbedConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const rec: ProbedConnection = { atMs: Date.now(), kind: 'empty', preview: '' };
    seen.push(rec);
    socket.once('data', (first: Buffer) => {
      socket.pause();
      const tls = first[0] === 0x16;
      rec.kind = tls ? 'tls' : 'plaintext';
      const head = first.subarray(0, 24);
      rec.preview = tls ? head.toString('hex') : head.toString('latin1').replace(/[^\x20-\x7e]/g, '.');
      const target = tls ? options.tlsTarget : options.plaintextTarget;
      if (!target) {
        socket.destroy();
        return;
      }
      const up = net.connect(target.port, target.host);
      sockets.add(up);
      up.on('close', () => {
        sockets.delete(up);
        socket.destroy();
      });
      up.on('error', () => socket.destroy());
      socket.on('close', () => up.destroy());
      up.write(first);
      socket.pipe(up);
      up.pipe(socket);
      socket.resume();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  const stop = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port, connections: () => [...seen], stop, [Symbol.asyncDispose]: stop };
}

/**
 * The loopback address of "receiver down" endpoints: on Linux, where all of 127.0.0.0/8 is loopback, an
 * address no receiver of ours listens on (they all bind 127.0.0.1), so the closed port cannot be taken by
 * a receiver of another run started meanwhile (listen(0) may hand a released port out again; the
 * down-receiver agent then delivered its records into that run's capture). Elsewhere (macOS has only
 * 127.0.0.1 on loopback by default) 127.0.0.1.
 */
export const CLOSED_PORT_HOST = process.platform === 'linux' ? '127.0.0.254' : '127.0.0.1';

/**
 * A loopback endpoint with nothing listening (bound then released), for "receiver down": connecting to
 * it is refused (ECONNREFUSED).
 *
 * @returns the host ({@link CLOSED_PORT_HOST}) and the port
 */
export async function reserveClosedPort(): Promise<{ host: string; port: number }> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, CLOSED_PORT_HOST, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { host: CLOSED_PORT_HOST, port };
}
