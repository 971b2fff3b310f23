import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type EngineName,
  type MockServer,
  type OtlpLogRecord,
  type OtlpRecord,
  type OtlpValue,
  type StartedOtlpReceiver,
  startMockServer,
  startOtlpReceiver,
} from '@agentotel/test-support';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** The binary's source entry. */
export const MAIN = resolve(import.meta.dirname, '../../src/cli/main.ts');

/** The mock model server and OTLP receiver of one test file (see {@link useModelAndReceiver}). */
export interface ModelAndReceiver {
  readonly server: MockServer;
  readonly receiver: StartedOtlpReceiver;
}

/**
 * Starts a mock model server (`engine`, default msw) and an OTLP/HTTP receiver before the file's tests,
 * resets both after each test and stops both after the last one.
 */
export function useModelAndReceiver(opts: { engine?: EngineName } = {}): ModelAndReceiver {
  const ctx = {} as { server: MockServer; receiver: StartedOtlpReceiver };
  beforeAll(async () => {
    [ctx.server, ctx.receiver] = await Promise.all([
      startMockServer(opts),
      startOtlpReceiver({ grpc: false }),
    ]);
  });
  afterEach(async () => {
    await ctx.server?.reset();
    ctx.receiver?.clear();
  });
  afterAll(async () => {
    await Promise.all([ctx.server?.close(), ctx.receiver?.stop()]);
  });
  return ctx;
}

/** Options of {@link makeHome}. */
export interface HomeOptions {
  /** `request_max_retries`, `stream_max_retries`, `stream_idle_timeout_ms` of the mock provider. */
  provider?: Record<string, number>;
  /** Extra TOML appended to config.toml. */
  extra?: string;
  /** Where logs are exported; omitted means no exporter. */
  receiver?: StartedOtlpReceiver;
}

/** A temporary `$AGENTOTEL_HOME` whose config.toml points at the mock server (and the receiver). */
export function makeHome(server: MockServer | undefined, opts: HomeOptions = {}): string {
  const home = mkdtempSync(join(tmpdir(), 'agentotel-exec-home-'));
  const lines = ['model = "gpt-5"'];
  if (server) {
    lines.unshift('model_provider = "mock"');
    lines.push(
      '[model_providers.mock]',
      'name = "Mock Responses"',
      `base_url = "${server.url}"`,
      'wire_api = "responses"',
      'env_key = "MOCK_API_KEY"',
      ...Object.entries({ request_max_retries: 0, stream_max_retries: 0, ...opts.provider }).map(
        ([k, v]) => `${k} = ${v}`,
      ),
    );
  }
  if (opts.receiver) {
    lines.push(
      '[otel]',
      'environment = "test"',
      `exporter = { otlp-http = { endpoint = "${opts.receiver.httpUrl}/v1/logs", protocol = "binary" } }`,
    );
  }
  if (opts.extra) lines.push(opts.extra);
  writeFileSync(join(home, 'config.toml'), `${lines.join('\n')}\n`);
  return home;
}

/** Writes a raw config.toml into a new home. */
export function homeWithConfig(toml: string): string {
  const home = mkdtempSync(join(tmpdir(), 'agentotel-exec-home-'));
  writeFileSync(join(home, 'config.toml'), toml);
  return home;
}

/** Result of a finished `agentotel-exec` process. */
export interface ProcessResult {
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
}

/** Runs the real binary as a child process (Node type stripping over the sources) and waits for it to exit. */
export async function runExecProcess(
  args: string[],
  opts: { home: string; env?: Record<string, string>; cwd?: string; input?: string; timeoutMs?: number },
): Promise<ProcessResult> {
  const r = await execa(process.execPath, ['--conditions=@agentotel/source', MAIN, ...args], {
    cwd: opts.cwd ?? opts.home,
    // A generous flush bound: the 2 shared cores may be busy; the bench measures the default.
    env: {
      AGENTOTEL_HOME: opts.home,
      MOCK_API_KEY: 'dummy',
      AGENTOTEL_OTEL_SHUTDOWN_TIMEOUT_MS: '10000',
      ...opts.env,
    },
    extendEnv: true,
    reject: false,
    timeout: opts.timeoutMs ?? 20_000,
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' }),
  });
  return { exitCode: r.exitCode, signal: r.signal, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Log records of one event name. */
export function logsNamed(records: OtlpRecord[], name: string): OtlpLogRecord[] {
  return records.filter((r): r is OtlpLogRecord => r.signal === 'logs' && r.eventName === name);
}

/** A typed attribute as a plain JS value. */
export function plain(v: OtlpValue | undefined): unknown {
  if (!v) return undefined;
  return 'value' in v ? v.value : undefined;
}

/** Attribute `key` of a record, as a plain value. */
export function attr(r: OtlpRecord | undefined, key: string): unknown {
  return plain(r?.attributes[key]);
}

/** Parses JSON Lines output. */
export function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
