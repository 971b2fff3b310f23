import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import type { LaunchedCollector, LaunchSpec } from './binary-launcher.ts';
import { tail } from './binary-launcher.ts';
import { COLLECTOR_IMAGE } from './collector-files.ts';
import { CollectorError } from './errors.ts';

const CONFIG_IN_CONTAINER = '/etc/otelcol-test';
const TLS_IN_CONTAINER = '/etc/otelcol-test/tls';
const OUT_IN_CONTAINER = '/otel-out';

/**
 * Whether a container runtime answers and can provide the collector image (pulling it if needed).
 * Resolves with a reason when not.
 */
export async function probeDocker(
  image = COLLECTOR_IMAGE,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    const { getContainerRuntimeClient, ImageName } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    const name = ImageName.fromString(image);
    if (!(await client.image.exists(name))) await client.image.pull(name);
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: (err as Error).message.split('\n')[0] ?? String(err) };
  }
}

/**
 * Starts `otel/opentelemetry-collector-contrib` with testcontainers: the same sink config and overlays,
 * listeners on 0.0.0.0, output folder bind-mounted (mode 0777), health wait on port 13133.
 */
export async function launchDocker(spec: LaunchSpec, image = COLLECTOR_IMAGE): Promise<LaunchedCollector> {
  const { GenericContainer, TestContainers, Wait } = await import('testcontainers');
  await chmod(spec.outDir, 0o777);
  const env: Record<string, string> = {
    OTELCOL_HOST: '0.0.0.0',
    OTELCOL_GRPC_PORT: '4317',
    OTELCOL_HTTP_PORT: '4318',
    OTELCOL_HEALTH_PORT: '13133',
    OTELCOL_OUT_DIR: OUT_IN_CONTAINER,
    OTELCOL_LOG_LEVEL: spec.logLevel,
    OTELCOL_DEBUG_VERBOSITY: spec.debugVerbosity,
  };
  const files = spec.configFiles.map((f) => ({
    source: join(spec.configDir, f),
    target: `${CONFIG_IN_CONTAINER}/${f}`,
    mode: 0o644,
  }));
  if (spec.tlsDir) {
    env.OTELCOL_TLS_DIR = TLS_IN_CONTAINER;
    for (const f of ['ca.crt', 'server.crt', 'server.key']) {
      files.push({ source: join(spec.tlsDir, f), target: `${TLS_IN_CONTAINER}/${f}`, mode: 0o644 });
    }
  }
  if (spec.bearerToken) env.OTELCOL_BEARER_TOKEN = spec.bearerToken;
  if (spec.forwardEndpoint) {
    const url = new URL(spec.forwardEndpoint);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    await TestContainers.exposeHostPorts(port);
    url.hostname = 'host.testcontainers.internal';
    env.OTELCOL_FORWARD_ENDPOINT = url.toString().replace(/\/$/, '');
  }
  let out = '';
  let container: Awaited<ReturnType<InstanceType<typeof GenericContainer>['start']>>;
  try {
    container = await new GenericContainer(image)
      .withEnvironment(env)
      .withCopyFilesToContainer(files)
      .withBindMounts([{ source: spec.outDir, target: OUT_IN_CONTAINER, mode: 'rw' }])
      .withCommand(spec.configFiles.map((f) => `--config=file:${CONFIG_IN_CONTAINER}/${f}`))
      .withExposedPorts(4317, 4318, 13133)
      .withWaitStrategy(Wait.forHttp('/', 13133).forStatusCode(200))
      .withStartupTimeout(spec.startupTimeoutMs)
      .withLogConsumer((stream) => {
        stream.on('data', (line: Buffer | string) => {
          out += line.toString();
          if (out.length > 256 * 1024) out = out.slice(-128 * 1024);
        });
      })
      .start();
  } catch (err) {
    throw new CollectorError(
      'COLLECTOR_START_FAILED',
      `collector container ${image} did not become healthy: ${(err as Error).message}\n${tail(out)}`,
    );
  }
  const host = container.getHost();
  const scheme = spec.tls ? 'https' : 'http';
  return {
    launcher: 'docker',
    httpUrl: `${scheme}://${host}:${container.getMappedPort(4318)}`,
    grpcUrl: `${scheme}://${host}:${container.getMappedPort(4317)}`,
    healthUrl: `http://${host}:${container.getMappedPort(13133)}/`,
    output: () => out,
    stop: async () => {
      await container.stop({ timeout: 5_000 });
    },
  };
}
