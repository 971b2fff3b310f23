import { chmod } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { LaunchedCollector, LaunchSpec } from './binary-launcher.ts';
import { freePorts, tail } from './binary-launcher.ts';
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

/** Whether a forward endpoint points at this machine's loopback, which a bridged container cannot reach. */
function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

/**
 * The host to reach a bridged container's mapped ports on: `127.0.0.1` when the ports answer there (an
 * engine on this machine publishes them on every host interface), else the runtime's own host.
 * testcontainers answers the bridge gateway (e.g. `172.17.0.1`) whenever `/.dockerenv` exists, i.e. when
 * the tests themselves run in a container, even with the engine local; the test certificates name only
 * loopback (`127.0.0.1`, `::1`, `localhost`), so TLS to the gateway address fails the hostname check.
 *
 * @param port - a mapped port that accepts TCP connections (the health port)
 */
async function loopbackIfMapped(runtimeHost: string, port: number): Promise<string> {
  if (runtimeHost === 'localhost' || runtimeHost.startsWith('127.')) return runtimeHost;
  const answers = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
  return answers ? '127.0.0.1' : runtimeHost;
}

/**
 * Starts the collector image with testcontainers: the same sink config and overlays, output folder
 * bind-mounted (mode 0777), health wait.
 *
 * Networking: by default the container is bridged, listens on 0.0.0.0 and its ports are mapped to the
 * host. When it must forward to a loopback endpoint (an embedded receiver on 127.0.0.1), it runs in the
 * host's network namespace instead (`--network host`) on free ports from the OS, like the binary
 * launcher: a bridged container cannot reach the host's loopback, and testcontainers' own way
 * (`exposeHostPorts`) needs an SSH image from a registry.
 */
export async function launchDocker(spec: LaunchSpec, image = COLLECTOR_IMAGE): Promise<LaunchedCollector> {
  const { GenericContainer, Wait } = await import('testcontainers');
  await chmod(spec.outDir, 0o777);
  const hostNetwork = spec.forwardEndpoint !== undefined && isLoopback(spec.forwardEndpoint);
  const [grpcPort, httpPort, healthPort] = hostNetwork
    ? ((await freePorts(3)) as [number, number, number])
    : [4317, 4318, 13133];
  const env: Record<string, string> = {
    OTELCOL_HOST: hostNetwork ? '127.0.0.1' : '0.0.0.0',
    OTELCOL_GRPC_PORT: String(grpcPort),
    OTELCOL_HTTP_PORT: String(httpPort),
    OTELCOL_HEALTH_PORT: String(healthPort),
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
  if (spec.forwardEndpoint) env.OTELCOL_FORWARD_ENDPOINT = spec.forwardEndpoint.replace(/\/$/, '');
  let out = '';
  let container: Awaited<ReturnType<InstanceType<typeof GenericContainer>['start']>>;
  try {
    let definition = new GenericContainer(image)
      .withEnvironment(env)
      .withCopyFilesToContainer(files)
      .withBindMounts([{ source: spec.outDir, target: OUT_IN_CONTAINER, mode: 'rw' }])
      .withCommand(spec.configFiles.map((f) => `--config=file:${CONFIG_IN_CONTAINER}/${f}`))
      .withStartupTimeout(spec.startupTimeoutMs)
      .withLogConsumer((stream) => {
        stream.on('data', (line: Buffer | string) => {
          out += line.toString();
          if (out.length > 256 * 1024) out = out.slice(-128 * 1024);
        });
      });
    definition = hostNetwork
      ? definition.withNetworkMode('host').withWaitStrategy(Wait.forLogMessage(/Everything is ready/))
      : definition
          .withExposedPorts(grpcPort, httpPort, healthPort)
          .withWaitStrategy(Wait.forHttp('/', healthPort).forStatusCode(200));
    container = await definition.start();
  } catch (err) {
    throw new CollectorError(
      'COLLECTOR_START_FAILED',
      `collector container ${image} did not become healthy: ${(err as Error).message}\n${tail(out)}`,
    );
  }
  const port = (p: number) => (hostNetwork ? p : container.getMappedPort(p));
  const host = hostNetwork ? '127.0.0.1' : await loopbackIfMapped(container.getHost(), port(healthPort));
  const scheme = spec.tls ? 'https' : 'http';
  return {
    launcher: 'docker',
    httpUrl: `${scheme}://${host}:${port(httpPort)}`,
    grpcUrl: `${scheme}://${host}:${port(grpcPort)}`,
    healthUrl: `http://${host}:${port(healthPort)}/`,
    output: () => out,
    stop: async () => {
      await container.stop({ timeout: 5_000 });
    },
  };
}
