import { createPrivateKey } from 'node:crypto';
import { generateTestCertificates } from '@agentotel/test-support';
import { describe, expect, test } from 'vitest';
import { REQUIREMENTS } from '../requirements/requirements.ts';
import { findScenario } from '../scenarios/catalog.ts';
import { describeClientIdentity } from './client-identity.ts';

describe('describeClientIdentity', () => {
  test('names key type, key encoding and whether the certificate file ends with a newline', async () => {
    const ec = await generateTestCertificates();
    expect(describeClientIdentity(ec.client, true)).toBe(
      'client certificate: PEM X.509, EC P-256, file ends with a newline; client key: PEM PKCS#8 ("PRIVATE KEY")',
    );
    const sec1 = String(createPrivateKey(ec.client.key).export({ type: 'sec1', format: 'pem' }));
    expect(describeClientIdentity({ cert: ec.client.cert, key: sec1 }, false)).toBe(
      'client certificate: PEM X.509, EC P-256, file has no final newline; client key: PEM SEC1 ("EC PRIVATE KEY")',
    );
    const rsa = await generateTestCertificates({ keyType: 'rsa' });
    const pkcs1 = String(createPrivateKey(rsa.client.key).export({ type: 'pkcs1', format: 'pem' }));
    expect(describeClientIdentity({ cert: rsa.client.cert, key: pkcs1 }, true)).toMatch(
      /RSA 2048, file ends with a newline; client key: PEM PKCS#1 \("RSA PRIVATE KEY"\)$/,
    );
  });
});

describe('PEM-format scenario routing', () => {
  const applying = (id: string) =>
    REQUIREMENTS.filter((r) => r.appliesTo(findScenario(id)!)).map((r) => r.id);

  test('a certificate file without final newline is judged only by its SHOULD, never by the TLS MUSTs', () => {
    const ids = applying('mtls-http-pem-no-final-newline');
    expect(ids).toContain('MTLS-PEM-WITHOUT-FINAL-NEWLINE');
    for (const must of ['TLS-ENDPOINT-DELIVERS', 'MTLS-CLIENT-CERTIFICATE', 'FLUSH-ON-EXIT-SUCCESS'])
      expect(ids).not.toContain(must);
    expect(REQUIREMENTS.find((r) => r.id === 'MTLS-PEM-WITHOUT-FINAL-NEWLINE')!.strength).toBe('SHOULD');
  });

  test('mTLS is required on both transports', () => {
    for (const id of ['mtls-http', 'mtls-grpc']) {
      expect(applying(id)).toContain('MTLS-CLIENT-CERTIFICATE');
      expect(applying(id)).toContain('TLS-ENDPOINT-DELIVERS');
      expect(applying(id)).not.toContain('MTLS-PEM-WITHOUT-FINAL-NEWLINE');
    }
  });
});
