import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generate } from 'selfsigned';

/** A PEM certificate and its PEM private key. */
export interface PemKeyPair {
  /** PEM `CERTIFICATE`. */
  cert: string;
  /** PEM private key, PKCS#8 (`-----BEGIN PRIVATE KEY-----`) whatever the key type. */
  key: string;
}

/** Key algorithm of {@link generateTestCertificates}: `ec` (P-256) or `rsa` (2048 bits). */
export type TestCertificateKeyType = 'ec' | 'rsa';

/** Options of {@link generateTestCertificates}. */
export interface GenerateTestCertificatesOptions {
  /**
   * Key algorithm of the CA, server and client keys: `ec` (EC P-256, ECDSA with SHA-256) or `rsa`
   * (RSA 2048, sha256WithRSAEncryption). Either way keys are PEM PKCS#8 and certificates PEM X.509.
   *
   * @defaultValue 'ec'
   */
  keyType?: TestCertificateKeyType;
}

/**
 * Test certificates made at test time: a CA, a server certificate for `127.0.0.1`, `::1` and `localhost`
 * signed by the CA, and a client certificate (CN `agentotel-test-client`) signed by the same CA for mTLS.
 * EC P-256 keys by default (RSA 2048 with `keyType: 'rsa'`), SHA-256 signatures, valid from one hour ago
 * for one day.
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
 * All three use the same key algorithm ({@link GenerateTestCertificatesOptions.keyType}, EC P-256 by
 * default).
 *
 * @param options - `keyType: 'rsa'` for RSA 2048 keys instead of EC P-256.
 * @throws TypeError when `keyType` is neither `'ec'` nor `'rsa'`.
 * @example const certs = await generateTestCertificates(); https.createServer({ cert: certs.server.cert, key: certs.server.key })
 * @example const rsa = await generateTestCertificates({ keyType: 'rsa' });
 */
export async function generateTestCertificates(
  options: GenerateTestCertificatesOptions = {},
): Promise<TestCertificates> {
  const keyType = options.keyType ?? 'ec';
  if (keyType !== 'ec' && keyType !== 'rsa')
    throw new TypeError(`[agentotel] keyType must be 'ec' or 'rsa', got ${JSON.stringify(keyType)}`);
  const notBeforeDate = new Date(Date.now() - 3_600_000);
  const notAfterDate = new Date(Date.now() + 86_400_000);
  const common = {
    ...(keyType === 'ec'
      ? { keyType: 'ec' as const, curve: 'P-256' as const }
      : { keyType: 'rsa' as const, keySize: 2048 }),
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

/** `pem` ending with exactly one line feed, as OpenSSL writes PEM files. */
const withFinalNewline = (pem: string): string => `${pem.replace(/\s+$/, '')}\n`;

/**
 * Writes certificates as `ca.crt`, `server.crt`, `server.key`, `client.crt`, `client.key` (keys mode 0600)
 * into `dir`, creating it. Every file ends with exactly one line feed, as OpenSSL writes PEM files (the
 * certificates `selfsigned` returns have none): consumers that concatenate the certificate and key files,
 * as Codex 0.169.0's OTLP/HTTP exporter does, then see two well-separated PEM blocks.
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
    writeFile(files.caCert, withFinalNewline(certs.ca.cert)),
    writeFile(files.serverCert, withFinalNewline(certs.server.cert)),
    writeFile(files.serverKey, withFinalNewline(certs.server.key), { mode: 0o600 }),
    writeFile(files.clientCert, withFinalNewline(certs.client.cert)),
    writeFile(files.clientKey, withFinalNewline(certs.client.key), { mode: 0o600 }),
  ]);
  return files;
}
