import net from 'node:net';
import { expect, test } from 'vitest';
import { reserveClosedPort, startConnectionProbe } from './connection-probe.ts';

test('counts connections and tells TLS from plaintext', async () => {
  await using probe = await startConnectionProbe();
  const send = (bytes: Buffer) =>
    new Promise<void>((resolve) => {
      const s = net.connect(probe.port, '127.0.0.1', () => s.write(bytes));
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
  await send(Buffer.from('POST /v1/logs HTTP/1.1\r\n\r\n'));
  await send(Buffer.from([0x16, 0x03, 0x01, 0x00]));
  expect(probe.connections().map((c) => c.kind)).toEqual(['plaintext', 'tls']);
  expect(probe.connections()[0]!.preview).toContain('POST');
});

test('a reserved closed port refuses connections', async () => {
  const { host, port } = await reserveClosedPort();
  const err = await new Promise<Error>((resolve) => net.connect(port, host).on('error', resolve));
  expect((err as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
});
