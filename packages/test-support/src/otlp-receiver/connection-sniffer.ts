import net from 'node:net';

/** What the first bytes of one TCP connection to a receiver listener were. */
export interface OtlpConnectionInfo {
  /** Which listener accepted it. */
  listener: 'http' | 'grpc';
  /** First byte the client sent; absent when it sent nothing before closing. */
  firstByte?: number;
  /** True when the first byte was 0x16, a TLS handshake record (ClientHello). */
  tlsClientHello: boolean;
  /** True when the client sent something that was not a TLS handshake: plaintext HTTP/1.1, h2c or gRPC. */
  plaintext: boolean;
  /** Client's port on 127.0.0.1. */
  remotePort: number;
  /** Epoch milliseconds when the connection was accepted. */
  openedAtMs: number;
}

/** TLS record type of a handshake message; a ClientHello starts with it. */
const TLS_HANDSHAKE = 0x16;

/**
 * A TCP listener that records the first byte of every connection, then hands the connection on
 * (with the byte put back) to `onConnection`. A connection that sends nothing within `firstByteTimeoutMs`
 * (0: no limit) is closed.
 */
export function createSniffingServer(
  listener: OtlpConnectionInfo['listener'],
  log: OtlpConnectionInfo[],
  onConnection: (socket: net.Socket, info: OtlpConnectionInfo) => void,
  firstByteTimeoutMs = 0,
): net.Server {
  return net.createServer({ noDelay: true }, (socket) => {
    const info: OtlpConnectionInfo = {
      listener,
      tlsClientHello: false,
      plaintext: false,
      remotePort: socket.remotePort ?? 0,
      openedAtMs: Date.now(),
    };
    log.push(info);
    socket.on('error', () => socket.destroy());
    // a client that connects and never sends a byte is closed, as a header timeout would
    const idle = () => socket.destroy();
    if (firstByteTimeoutMs > 0) socket.setTimeout(firstByteTimeoutMs, idle);
    socket.once('data', (chunk: Buffer) => {
      if (firstByteTimeoutMs > 0) {
        socket.setTimeout(0);
        socket.off('timeout', idle);
      }
      socket.pause();
      const first = chunk[0];
      if (first !== undefined) {
        info.firstByte = first;
        info.tlsClientHello = first === TLS_HANDSHAKE;
        info.plaintext = first !== TLS_HANDSHAKE;
      }
      socket.unshift(chunk);
      onConnection(socket, info);
      // the consumer's stream machinery resumes reading; make sure it does
      process.nextTick(() => socket.resume());
    });
  });
}
