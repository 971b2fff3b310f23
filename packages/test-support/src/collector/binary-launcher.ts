import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { CollectorError } from './errors.ts';

/** A collector started by a launcher; what {@link startCollector} wraps. */
export interface LaunchedCollector {
  launcher: 'docker' | 'binary';
  httpUrl: string;
  grpcUrl: string;
  healthUrl: string;
  /** Collector stdout + stderr so far (its own logs and the debug exporter). */
  output(): string;
  stop(): Promise<void>;
}

/** What both launchers need to start the same configuration. */
export interface LaunchSpec {
  /** Folder with the config files, readable by the collector. */
  configDir: string;
  /** Config file names in load order. */
  configFiles: string[];
  /** Folder the file exporter writes into (host path). */
  outDir: string;
  /** Folder with `ca.crt`, `server.crt`, `server.key` when TLS is on. */
  tlsDir?: string;
  bearerToken?: string;
  /** OTLP/HTTP base URL to forward to, as seen from the host. */
  forwardEndpoint?: string;
  debugVerbosity: 'basic' | 'normal' | 'detailed';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  startupTimeoutMs: number;
  tls: boolean;
}

const MAX_OUTPUT_CHARS = 256 * 1024;

/** Free TCP ports on 127.0.0.1, from the OS. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((ok, fail) => {
          const s = net.createServer();
          s.once('error', fail);
          s.listen(0, '127.0.0.1', () => ok(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
  return ports;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/**
 * Runs `bin` under a tiny `sh` guard that kills the collector as soon as our end of its stdin pipe closes,
 * so the collector dies with this process even on SIGKILL of the test runner (no orphans).
 */
const GUARD =
  'exec 3<&0; "$@" </dev/null 3<&- & c=$!; { cat <&3 >/dev/null; kill -TERM $c 2>/dev/null; } & w=$!; trap \'kill -TERM $c 2>/dev/null\' TERM INT HUP; s=0; while kill -0 $c 2>/dev/null; do wait $c; s=$?; done; kill $w 2>/dev/null; exit $s';

/** Polls `url` until it answers 200, the child exits, or the time is up. */
async function waitForHealth(
  url: string,
  timeoutMs: number,
  exited: () => string | undefined,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const why = exited();
    if (why) {
      throw new CollectorError(
        'COLLECTOR_EXITED',
        `collector exited before it was healthy (${why}); last output:\n${tail(output())}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new CollectorError(
    'COLLECTOR_START_FAILED',
    `collector health check ${url} not 200 after ${timeoutMs}ms (last: ${last}); last output:\n${tail(output())}`,
  );
}

/** Last 50 lines. */
export function tail(text: string, lines = 50): string {
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * Starts the collector binary as a child process with the sink configuration, listeners on 127.0.0.1 with
 * ports from the OS, and waits on its health check.
 */
export async function launchBinary(bin: string, spec: LaunchSpec): Promise<LaunchedCollector> {
  const [grpcPort, httpPort, healthPort] = (await freePorts(3)) as [number, number, number];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    OTELCOL_HOST: '127.0.0.1',
    OTELCOL_GRPC_PORT: String(grpcPort),
    OTELCOL_HTTP_PORT: String(httpPort),
    OTELCOL_HEALTH_PORT: String(healthPort),
    OTELCOL_OUT_DIR: spec.outDir,
    OTELCOL_LOG_LEVEL: spec.logLevel,
    OTELCOL_DEBUG_VERBOSITY: spec.debugVerbosity,
  };
  if (spec.tlsDir) env.OTELCOL_TLS_DIR = spec.tlsDir;
  if (spec.bearerToken) env.OTELCOL_BEARER_TOKEN = spec.bearerToken;
  if (spec.forwardEndpoint) env.OTELCOL_FORWARD_ENDPOINT = spec.forwardEndpoint;
  const args = spec.configFiles.map((f) => `--config=file:${spec.configDir}/${f}`);
  installExitHook();
  const child = spawn('sh', ['-c', GUARD, 'otelcol-guard', bin, ...args], {
    env,
    cwd: spec.configDir,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: false,
  });
  live.add(child);
  let out = '';
  const append = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.length > MAX_OUTPUT_CHARS) out = out.slice(-MAX_OUTPUT_CHARS / 2);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let exitReason: string | undefined;
  const exited = new Promise<void>((ok) =>
    child.once('exit', (code, signal) => {
      exitReason = signal ? `signal ${signal}` : `exit code ${code}`;
      live.delete(child);
      child.stdin?.end();
      ok();
    }),
  );
  child.once('error', (err) => {
    exitReason = `spawn failed: ${err.message}`;
  });
  const stop = async (): Promise<void> => {
    if (exitReason) return;
    child.stdin?.end(); // the guard kills the collector
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const scheme = spec.tls ? 'https' : 'http';
  try {
    await waitForHealth(
      `http://127.0.0.1:${healthPort}/`,
      spec.startupTimeoutMs,
      () => exitReason,
      () => out,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    launcher: 'binary',
    httpUrl: `${scheme}://127.0.0.1:${httpPort}`,
    grpcUrl: `${scheme}://127.0.0.1:${grpcPort}`,
    healthUrl: `http://127.0.0.1:${healthPort}/`,
    output: () => out,
    stop,
  };
}
