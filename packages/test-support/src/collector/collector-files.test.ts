import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  cachedCollectorBinaryPath,
  otelcolToolsDir,
  SHIPPED_OTELCOL_DIR,
  writeCollectorConfigs,
} from './collector-files.ts';

const tools = otelcolToolsDir() as string;
/** `${env:OTELCOL_TLS_DIR}` as the collector config writes it. */
const TLS_DIR = ['$', '{env:OTELCOL_TLS_DIR}'].join('');
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function overlay(security: { tls: boolean; mtls: boolean; bearerToken: boolean }, forward = false) {
  const dir = await mkdtemp(join(tmpdir(), 'otelcol-cfg-'));
  dirs.push(dir);
  const files = await writeCollectorConfigs(tools, dir, security, forward);
  const secure = files.includes('secure.overlay.yaml')
    ? parse(await readFile(join(dir, 'secure.overlay.yaml'), 'utf8'))
    : undefined;
  return { files, secure };
}

describe('collector config files', () => {
  it("finds the package's own otelcol/ folder and keys the binary on the manifest hash", () => {
    expect(tools).toBe(SHIPPED_OTELCOL_DIR);
    expect(tools).toBe(resolve(import.meta.dirname, '../../otelcol'));
    expect(cachedCollectorBinaryPath(tools, { AGENTOTEL_CACHE: '/c' })).toMatch(
      /^\/c\/otelcol\/[0-9a-f]{16}\/otelcol-test$/,
    );
  });

  it('AGENTOTEL_OTELCOL_DIR overrides the shipped folder; a folder without sink.yaml is none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'otelcol-dir-'));
    dirs.push(dir);
    expect(otelcolToolsDir({ AGENTOTEL_OTELCOL_DIR: dir })).toBeUndefined();
    await copyFile(join(tools, 'sink.yaml'), join(dir, 'sink.yaml'));
    expect(otelcolToolsDir({ AGENTOTEL_OTELCOL_DIR: dir })).toBe(dir);
    expect(otelcolToolsDir({})).toBe(SHIPPED_OTELCOL_DIR);
  });

  it('loads only sink.yaml for plaintext, and appends the forward overlay last', async () => {
    expect((await overlay({ tls: false, mtls: false, bearerToken: false })).files).toEqual(['sink.yaml']);
    expect((await overlay({ tls: false, mtls: false, bearerToken: false }, true)).files).toEqual([
      'sink.yaml',
      'forward.overlay.yaml',
    ]);
  });

  it('trims the secure overlay to TLS only, mTLS, or bearer only', async () => {
    const tlsOnly = (await overlay({ tls: true, mtls: false, bearerToken: false })).secure;
    expect(tlsOnly.receivers.otlp.protocols.http.tls).toEqual({
      cert_file: `${TLS_DIR}/server.crt`,
      key_file: `${TLS_DIR}/server.key`,
    });
    expect(tlsOnly.extensions).toBeUndefined();
    expect(tlsOnly.receivers.otlp.protocols.grpc.auth).toBeUndefined();
    const mtls = (await overlay({ tls: true, mtls: true, bearerToken: true })).secure;
    expect(mtls.receivers.otlp.protocols.grpc.tls.client_ca_file).toBe(`${TLS_DIR}/ca.crt`);
    expect(mtls.service.extensions).toEqual(['health_check', 'bearertokenauth/server']);
    const bearer = (await overlay({ tls: false, mtls: false, bearerToken: true })).secure;
    expect(bearer.receivers.otlp.protocols.http.tls).toBeUndefined();
    expect(bearer.receivers.otlp.protocols.http.auth).toEqual({ authenticator: 'bearertokenauth/server' });
  });
});
