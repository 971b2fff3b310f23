import { createPrivateKey, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { readFile, rm, stat } from 'node:fs/promises';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateTestCertificates,
  TEST_CLIENT_CERT_CN,
  type TestCertificates,
  writeTestCertificates,
} from './test-certificates.ts';

/** An mTLS round trip with Node's TLS stack: returns the client certificate CN the server verified. */
async function mtlsRoundTrip(certs: TestCertificates): Promise<string> {
  const server = createServer(
    {
      cert: certs.server.cert,
      key: certs.server.key,
      ca: certs.ca.cert,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      const socket = req.socket as import('node:tls').TLSSocket;
      res.end(String(socket.getPeerCertificate().subject.CN));
    },
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/',
          ca: certs.ca.cert,
          cert: certs.client.cert,
          key: certs.client.key,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            body += c;
          });
          res.on('end', () => resolve(body));
        },
      );
      req.on('error', reject);
      req.end();
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe('generateTestCertificates', () => {
  it.each([
    ['default', undefined, 'ec'],
    ['ec', 'ec', 'ec'],
    ['rsa', 'rsa', 'rsa'],
  ] as const)(
    'keyType %s: CA, server and client keys are %s… in PKCS#8, chains verify',
    async (_n, keyType, want) => {
      const certs = await generateTestCertificates(keyType ? { keyType } : undefined);
      for (const pair of [certs.ca, certs.server, certs.client]) {
        expect(pair.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
        const key = createPrivateKey(pair.key);
        expect(key.asymmetricKeyType).toBe(want);
        if (want === 'ec') expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
        else expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
        expect(new X509Certificate(pair.cert).publicKey.asymmetricKeyType).toBe(want);
      }
      const ca = new X509Certificate(certs.ca.cert);
      const server = new X509Certificate(certs.server.cert);
      const client = new X509Certificate(certs.client.cert);
      expect(ca.ca).toBe(true);
      expect(server.verify(ca.publicKey)).toBe(true);
      expect(client.verify(ca.publicKey)).toBe(true);
      expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
      expect(server.checkHost('localhost')).toBe('localhost');
      expect(client.subject).toContain(`CN=${TEST_CLIENT_CERT_CN}`);
      expect(await mtlsRoundTrip(certs)).toBe(TEST_CLIENT_CERT_CN);
    },
  );

  it('rejects an unknown keyType', async () => {
    await expect(generateTestCertificates({ keyType: 'dsa' as unknown as 'ec' })).rejects.toThrow(
      /keyType must be 'ec' or 'rsa'/,
    );
  });
});

describe('writeTestCertificates', () => {
  it('writes the five PEM files, each ending with exactly one newline, keys mode 0600', async () => {
    const certs = await generateTestCertificates({ keyType: 'rsa' });
    const dir = join(tmpdir(), `agentotel-certs-test-${process.pid}-${Date.now()}`);
    try {
      const files = await writeTestCertificates(certs, dir);
      const pairs = [
        [files.caCert, certs.ca.cert],
        [files.serverCert, certs.server.cert],
        [files.serverKey, certs.server.key],
        [files.clientCert, certs.client.cert],
        [files.clientKey, certs.client.key],
      ] as const;
      for (const [file, pem] of pairs) {
        const text = await readFile(file, 'utf8');
        expect(text).toMatch(/-----\n$/);
        expect(text).not.toMatch(/\n\n$/);
        expect(text.trimEnd()).toBe(pem.trimEnd());
      }
      // cert + key concatenated byte for byte stay two separate PEM blocks
      const joined = (await readFile(files.clientCert, 'utf8')) + (await readFile(files.clientKey, 'utf8'));
      expect(joined).toContain('-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----');
      expect((await stat(files.clientKey)).mode & 0o777).toBe(0o600);
      expect((await stat(files.serverKey)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
