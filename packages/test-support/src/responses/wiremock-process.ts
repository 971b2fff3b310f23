import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MockServerError } from './errors.ts';

/** Options of {@link launchWireMock}. */
export interface WireMockLaunchOptions {
  /** Give up when WireMock is not healthy after this many milliseconds. @defaultValue 30000 */
  startupTimeoutMs?: number;
  /** The `java` executable. @defaultValue `$JAVA_HOME/bin/java` when set, else `java` from PATH */
  javaPath?: string;
}

/** A running WireMock standalone process on 127.0.0.1. */
export interface WireMockProcess {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The process id of the process group leader (a `sh` watchdog around `java`). */
  readonly pid: number;
  /** Kills the process group (java included) and waits for it to exit. Idempotent, never throws. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) killGroup(child);
  });
}

/** The path of the standalone jar shipped by the npm `wiremock` package. */
export function wireMockJarPath(): string {
  const require = createRequire(import.meta.url);
  const buildDir = join(dirname(require.resolve('wiremock/package.json')), 'build');
  const jar = readdirSync(buildDir).find((f) => /^wiremock-standalone-.*\.jar$/.test(f));
  if (jar === undefined) {
    throw new MockServerError(
      'ENGINE_START_FAILED',
      `no wiremock-standalone-*.jar in ${buildDir}; reinstall the "wiremock" package`,
    );
  }
  return join(buildDir, jar);
}

// sh keeps java's lifetime bound to ours: when our end of its stdin closes (we exit or die, even by
// SIGKILL), the watchdog kills java. `wait` makes sh exit as soon as java does.
const WATCHDOG =
  'exec 3<&0; "$@" </dev/null 3<&- & pid=$!; ( cat <&3 >/dev/null 2>&1; kill -9 $pid 2>/dev/null ) & wait $pid';

/**
 * Starts WireMock standalone (the npm `wiremock` jar) on Java, bound to 127.0.0.1 on a port chosen by the
 * OS, and waits until `GET /__admin/health` answers. The Java process is killed on `stop()`, when this
 * Node process exits, and (through a stdin watchdog) when this Node process dies.
 *
 * @throws {MockServerError} `ENGINE_START_FAILED` with the last output lines when Java or WireMock does not
 *   come up within `startupTimeoutMs`.
 */
export async function launchWireMock(options: WireMockLaunchOptions = {}): Promise<WireMockProcess> {
  const startupTimeoutMs = options.startupTimeoutMs ?? 30_000;
  const java =
    options.javaPath ?? (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java');
  const args = [
    java,
    '-jar',
    wireMockJarPath(),
    '--port',
    '0',
    '--bind-address',
    '127.0.0.1',
    '--disable-gzip',
    '--disable-request-logging',
    '--max-request-journal-entries',
    '100000',
  ];
  installExitHook();
  const child = spawn('sh', ['-c', WATCHDOG, 'agentotel-wiremock', ...args], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => live.delete(child));
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();

  const stop = async () => {
    killGroup(child);
    child.stdin?.destroy();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  };
  const fail = async (what: string, cause?: unknown): Promise<never> => {
    await stop();
    const tail = output.split('\n').slice(-30).join('\n');
    throw new MockServerError(
      'ENGINE_START_FAILED',
      `WireMock ${what} (java: ${java}; is Java 11+ installed?). Last output:\n${tail}`,
      { cause },
    );
  };

  const deadline = Date.now() + startupTimeoutMs;
  let port: number | undefined;
  while (port === undefined) {
    const m = /^port:\s+(\d+)/m.exec(output);
    if (m) port = Number(m[1]);
    else if (child.exitCode !== null || child.signalCode !== null)
      return fail('exited before it printed its port');
    else if (Date.now() > deadline) return fail(`printed no port within ${startupTimeoutMs}ms`);
    else await new Promise((r) => setTimeout(r, 25));
  }
  const origin = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      const res = await fetch(`${origin}/__admin/health`);
      await res.body?.cancel();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      return fail(`was not healthy at ${origin}/__admin/health within ${startupTimeoutMs}ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { origin, pid: child.pid!, stop };
}
