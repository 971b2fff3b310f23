import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generate } from 'selfsigned';

/** A PEM certificate and its PEM private key. */
export interface PemKeyPair {
  /** PEM `CERTIFICATE`. */
  cert: string;
  /** PEM private key (PKCS#8). */
  key: string;
}

/**
 * Test certificates made at test time: a CA, a server certificate for `127.0.0.1`, `::1` and `localhost`
 * signed by the CA, and a client certificate (CN `agentotel-test-client`) signed by the same CA for mTLS.
 * EC P-256 keys, SHA-256 signatures, valid from one hour ago for one day.
 */
export interface TestCertificates {
  ca: PemKeyPair;
  server: PemKeyPair;
  client: PemKeyPair;
}

/** Paths of the files written by {@link writeTestCertificates}, named as the collector overlay expects. */
export interface TestCertificateFiles {
  dir: string;
  /** `<dir>/ca.crt` */
  caCert: string;
  /** `<dir>/server.crt` */
  serverCert: string;
  /** `<dir>/server.key` */
  serverKey: string;
  /** `<dir>/client.crt` */
  clientCert: string;
  /** `<dir>/client.key` */
  clientKey: string;
}

/** Common name of the client certificate. */
export const TEST_CLIENT_CERT_CN = 'agentotel-test-client';

/**
 * Generates a CA plus server and client certificates with the `selfsigned` library; nothing is stored.
 *
 * @example const certs = await generateTestCertificates(); https.createServer({ cert: certs.server.cert, key: certs.server.key })
 */
export async function generateTestCertificates(): Promise<TestCertificates> {
  const notBeforeDate = new Date(Date.now() - 3_600_000);
  const notAfterDate = new Date(Date.now() + 86_400_000);
  const common = {
    keyType: 'ec' as const,
    curve: 'P-256' as const,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
  };
  const ca = await generate([{ name: 'commonName', value: 'agentotel test CA' }], {
    ...common,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const caPair = { key: ca.private, cert: ca.cert };
  const [server, client] = await Promise.all([
    generate([{ name: 'commonName', value: 'localhost' }], {
      ...common,
      ca: caPair,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
            { type: 7, ip: '::1' },
          ],
        },
      ],
    }),
    generate([{ name: 'commonName', value: TEST_CLIENT_CERT_CN }], {
      ...common,
      ca: caPair,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', clientAuth: true },
      ],
    }),
  ]);
  return {
    ca: caPair,
    server: { cert: server.cert, key: server.private },
    client: { cert: client.cert, key: client.private },
  };
}

/**
 * Writes certificates as `ca.crt`, `server.crt`, `server.key`, `client.crt`, `client.key` (keys mode 0600)
 * into `dir`, creating it.
 */
export async function writeTestCertificates(
  certs: TestCertificates,
  dir: string,
): Promise<TestCertificateFiles> {
  const abs = resolve(dir);
  await mkdir(abs, { recursive: true });
  const files: TestCertificateFiles = {
    dir: abs,
    caCert: join(abs, 'ca.crt'),
    serverCert: join(abs, 'server.crt'),
    serverKey: join(abs, 'server.key'),
    clientCert: join(abs, 'client.crt'),
    clientKey: join(abs, 'client.key'),
  };
  await Promise.all([
    writeFile(files.caCert, certs.ca.cert),
    writeFile(files.serverCert, certs.server.cert),
    writeFile(files.serverKey, certs.server.key, { mode: 0o600 }),
    writeFile(files.clientCert, certs.client.cert),
    writeFile(files.clientKey, certs.client.key, { mode: 0o600 }),
  ]);
  return files;
}
