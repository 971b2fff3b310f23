import { createPrivateKey } from 'node:crypto';

/**
 * Describes the client certificate and key files for evidence, e.g.
 * `client.crt: PEM X.509, EC P-256 (prime256v1), ends with a newline; client.key: PEM PKCS#8`.
 */
export function describeClientIdentity(
  client: { cert: string; key: string },
  certFinalNewline: boolean,
): string {
  const key = createPrivateKey(client.key);
  const details = key.asymmetricKeyDetails ?? {};
  const alg =
    key.asymmetricKeyType === 'ec'
      ? `EC ${details.namedCurve === 'prime256v1' ? 'P-256' : (details.namedCurve ?? '?')}`
      : key.asymmetricKeyType === 'rsa'
        ? `RSA ${details.modulusLength ?? '?'}`
        : String(key.asymmetricKeyType);
  const label = /-----BEGIN ([A-Z ]+)-----/.exec(client.key)?.[1] ?? '?';
  const encoding =
    label === 'PRIVATE KEY'
      ? 'PKCS#8'
      : label === 'EC PRIVATE KEY'
        ? 'SEC1'
        : label === 'RSA PRIVATE KEY'
          ? 'PKCS#1'
          : label;
  return `client certificate: PEM X.509, ${alg}, file ${certFinalNewline ? 'ends with a newline' : 'has no final newline'}; client key: PEM ${encoding} ("${label}")`;
}
