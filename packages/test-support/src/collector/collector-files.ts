import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { access, constants, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

/** Version of the collector (ocb build and container image tag); keep equal to otelcol/manifest.yaml. */
export const COLLECTOR_VERSION = '0.159.0';

/** The container image used by the `docker` launcher. */
export const COLLECTOR_IMAGE = `otel/opentelemetry-collector-contrib:${COLLECTOR_VERSION}`;

/**
 * The folder this package ships its collector files in: `<package>/otelcol/` (`manifest.yaml`, `sink.yaml`,
 * the overlays, `build.sh`, `build-image.sh`, `Dockerfile`), found from this module (`src/collector/` in the
 * workspace, `dist/collector/` once installed: both two levels below the package root).
 */
export const SHIPPED_OTELCOL_DIR: string = fileURLToPath(new URL('../../otelcol', import.meta.url));

/**
 * The folder holding `manifest.yaml`, `sink.yaml`, the overlays and `build.sh`: `AGENTOTEL_OTELCOL_DIR`
 * (resolved against the working directory) when set, else {@link SHIPPED_OTELCOL_DIR}; undefined when the
 * folder chosen has no `sink.yaml`.
 */
export function otelcolToolsDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env.AGENTOTEL_OTELCOL_DIR ? resolve(env.AGENTOTEL_OTELCOL_DIR) : SHIPPED_OTELCOL_DIR;
  return existsSync(join(dir, 'sink.yaml')) ? dir : undefined;
}

/**
 * Where `otelcol/build.sh` puts the binary: `${AGENTOTEL_CACHE:-~/.cache/agentotel}/otelcol/<hash>/otelcol-test`,
 * hash = first 16 hex digits of sha256(manifest.yaml).
 */
export function cachedCollectorBinaryPath(toolsDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha256')
    .update(readFileSync(join(toolsDir, 'manifest.yaml')))
    .digest('hex')
    .slice(0, 16);
  const cache = env.AGENTOTEL_CACHE || join(homedir(), '.cache', 'agentotel');
  return join(cache, 'otelcol', hash, 'otelcol-test');
}

/**
 * The collector binary to run: `AGENTOTEL_OTELCOL_BIN` when set, else the cached ocb build; undefined when
 * neither is an executable file.
 */
export async function findCollectorBinary(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const candidates: string[] = [];
  if (env.AGENTOTEL_OTELCOL_BIN) candidates.push(resolve(env.AGENTOTEL_OTELCOL_BIN));
  const tools = otelcolToolsDir(env);
  // AGENTOTEL_OTELCOL_DIR / AGENTOTEL_CACHE from `env`, the rest from process.env
  if (tools) candidates.push(cachedCollectorBinaryPath(tools, env));
  for (const c of candidates) {
    try {
      await access(c, constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  return undefined;
}

/** Security settings of the receiver side of the collector, turned into an overlay of secure.overlay.yaml. */
export interface CollectorSecurity {
  tls: boolean;
  mtls: boolean;
  bearerToken: boolean;
}

/**
 * Writes the config files for one collector run into `configDir` and returns their names in load order:
 * `sink.yaml`, then (when asked) `secure.overlay.yaml` trimmed to the requested TLS / mTLS / bearer parts,
 * then `forward.overlay.yaml`.
 */
export async function writeCollectorConfigs(
  toolsDir: string,
  configDir: string,
  security: CollectorSecurity,
  forward: boolean,
): Promise<string[]> {
  const files = ['sink.yaml'];
  await writeFile(join(configDir, 'sink.yaml'), readFileSync(join(toolsDir, 'sink.yaml')), { mode: 0o644 });
  if (security.tls || security.bearerToken) {
    // biome-ignore lint/suspicious/noExplicitAny: YAML document
    const overlay: any = parse(readFileSync(join(toolsDir, 'secure.overlay.yaml'), 'utf8'));
    for (const protocol of ['grpc', 'http']) {
      const p = overlay.receivers.otlp.protocols[protocol];
      if (!security.tls) delete p.tls;
      else if (!security.mtls) delete p.tls.client_ca_file;
      if (!security.bearerToken) delete p.auth;
    }
    if (!security.bearerToken) {
      delete overlay.extensions;
      delete overlay.service;
    }
    await writeFile(join(configDir, 'secure.overlay.yaml'), stringify(overlay), { mode: 0o644 });
    files.push('secure.overlay.yaml');
  }
  if (forward) {
    await writeFile(
      join(configDir, 'forward.overlay.yaml'),
      readFileSync(join(toolsDir, 'forward.overlay.yaml')),
      {
        mode: 0o644,
      },
    );
    files.push('forward.overlay.yaml');
  }
  return files;
}
