import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOtlpJsonLines } from '../otlp-receiver/otlp-json-lines.ts';
import type { WaitForOptions } from '../otlp-receiver/otlp-receiver.ts';
import type { OtlpRecord, OtlpSignal } from '../otlp-receiver/types.ts';
import { type TestCertificates, writeTestCertificates } from '../tls/test-certificates.ts';
import { type LaunchedCollector, type LaunchSpec, launchBinary } from './binary-launcher.ts';
import {
  COLLECTOR_IMAGE,
  findCollectorBinary,
  otelcolToolsDir,
  SHIPPED_OTELCOL_DIR,
  writeCollectorConfigs,
} from './collector-files.ts';
import { launchDocker, probeDocker } from './docker-launcher.ts';
import { CollectorError, collectorBuildHint } from './errors.ts';

/** How to run the real collector: a container, the ocb-built binary, or whichever is there (docker first). */
export type CollectorLauncher = 'auto' | 'docker' | 'binary';

/** Options of {@link startCollector}; every field is optional. */
export interface CollectorOptions {
  /** @defaultValue `'auto'`: docker when a container runtime answers and has the image, else the binary. */
  launcher?: CollectorLauncher;
  /**
   * Serve the OTLP receivers over TLS with these certificates (`server.*` for the listener, `ca` for client
   * certificates when `mtls`). @defaultValue plaintext
   */
  tls?: { certificates: TestCertificates; mtls?: boolean };
  /** Require `Authorization: Bearer <token>` (bearertokenauth extension). @defaultValue none */
  bearerToken?: string;
  /** Also forward everything as OTLP/HTTP JSON to this base URL (e.g. an embedded receiver's `httpUrl`). */
  forwardTo?: string;
  /** Binary to run with the `binary` launcher. @defaultValue AGENTOTEL_OTELCOL_BIN, else the cached ocb build */
  binaryPath?: string;
  /**
   * Image for the `docker` launcher. @defaultValue AGENTOTEL_COLLECTOR_IMAGE (`.ci/run` sets it to the
   * image of the ocb build, `otelcol/build-image.sh` of this package), else `otel/opentelemetry-collector-contrib:0.159.0`
   */
  image?: string;
  /** How long to wait for the health check, in milliseconds. @defaultValue 30000 (binary), 120000 (docker) */
  startupTimeoutMs?: number;
  /** The debug exporter's verbosity. @defaultValue `'basic'` */
  debugVerbosity?: 'basic' | 'normal' | 'detailed';
  /** The collector's own log level. @defaultValue `'info'` */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /**
   * Environment used to find the collector files and the binary (AGENTOTEL_OTELCOL_DIR, AGENTOTEL_OTELCOL_BIN,
   * AGENTOTEL_CACHE) and the image (AGENTOTEL_COLLECTOR_IMAGE). @defaultValue `process.env`
   */
  env?: NodeJS.ProcessEnv;
}

/**
 * A running real OpenTelemetry Collector. What it received is read back from its file exporter's OTLP
 * JSON lines (`<outputDir>/{logs,metrics,traces}.jsonl`) through the same normalizer as the embedded
 * receiver, so records compare one to one (see {@link comparableRecords}).
 */
export interface StartedCollector {
  readonly launcher: 'docker' | 'binary';
  /** OTLP/HTTP base URL (`http(s)://host:port`; paths `/v1/logs` etc.). */
  readonly httpUrl: string;
  /** OTLP/gRPC URL (`http(s)://host:port`). */
  readonly grpcUrl: string;
  /** health_check extension URL. */
  readonly healthUrl: string;
  /** Host folder the file exporter writes into. */
  readonly outputDir: string;
  /** Every record written by the file exporter so far (since the last {@link clear}). */
  records(): Promise<OtlpRecord[]>;
  /**
   * Resolves with the first record matching `predicate`, polling the output files every 50ms.
   * @throws CollectorError `WAIT_TIMEOUT` after `timeoutMs` (default 10000), listing what arrived.
   */
  waitFor(predicate: (r: OtlpRecord) => boolean, options?: WaitForOptions): Promise<OtlpRecord>;
  /**
   * Resolves with all records once at least `count` of them match `predicate` (default: all records).
   * @throws CollectorError `WAIT_TIMEOUT` after `timeoutMs` (default 10000).
   */
  waitForCount(
    count: number,
    options?: WaitForOptions & { predicate?: (r: OtlpRecord) => boolean },
  ): Promise<OtlpRecord[]>;
  /** Ignores records written so far. */
  clear(): Promise<void>;
  /** The collector's own output so far (logs, debug exporter). */
  output(): string;
  /** Stops the collector and removes its temporary folders. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const SIGNALS: OtlpSignal[] = ['logs', 'metrics', 'traces'];

/** The image the `docker` launcher runs: the option, else AGENTOTEL_COLLECTOR_IMAGE, else {@link COLLECTOR_IMAGE}. */
function imageOf(options: CollectorOptions): string {
  return options.image ?? (options.env ?? process.env).AGENTOTEL_COLLECTOR_IMAGE ?? COLLECTOR_IMAGE;
}

/**
 * Chooses the launcher and the folder of config files; throws `COLLECTOR_UNAVAILABLE` when that folder
 * has no `sink.yaml`, or (with how to get one) when neither a runtime nor a binary exists.
 */
async function choose(
  options: CollectorOptions,
): Promise<({ kind: 'docker' } | { kind: 'binary'; bin: string }) & { toolsDir: string }> {
  const launcher = options.launcher ?? 'auto';
  if (!['auto', 'docker', 'binary'].includes(launcher)) {
    throw new CollectorError(
      'BAD_OPTIONS',
      `unknown launcher "${launcher}"; use 'auto', 'docker' or 'binary'`,
    );
  }
  const env = options.env ?? process.env;
  const toolsDir = otelcolToolsDir(env);
  if (!toolsDir) {
    throw new CollectorError(
      'COLLECTOR_UNAVAILABLE',
      env.AGENTOTEL_OTELCOL_DIR
        ? `AGENTOTEL_OTELCOL_DIR=${env.AGENTOTEL_OTELCOL_DIR} has no sink.yaml; point it at a folder like ${SHIPPED_OTELCOL_DIR}, or unset it`
        : `the collector files of @agentotel/test-support are missing (${SHIPPED_OTELCOL_DIR}/sink.yaml); reinstall the package`,
    );
  }
  let dockerReason = '';
  if (launcher === 'docker' || launcher === 'auto') {
    const probe = await probeDocker(imageOf(options));
    if (probe.ok) return { kind: 'docker', toolsDir };
    dockerReason = probe.reason;
    if (launcher === 'docker') {
      throw new CollectorError(
        'COLLECTOR_UNAVAILABLE',
        `no usable container runtime or image ${imageOf(options)}: ${dockerReason}; start a Docker engine, ` +
          'or set AGENTOTEL_COLLECTOR_IMAGE to an image the engine has (e.g. the one ' +
          `\`bash ${toolsDir}/build-image.sh\` builds)`,
      );
    }
  }
  const bin = options.binaryPath ?? (await findCollectorBinary(options.env));
  if (bin) return { kind: 'binary', bin, toolsDir };
  throw new CollectorError(
    'COLLECTOR_UNAVAILABLE',
    `no collector binary${launcher === 'auto' ? ` and no container runtime (${dockerReason})` : ''}; ` +
      collectorBuildHint(toolsDir),
  );
}

/**
 * Whether {@link startCollector} with this launcher would find a collector; the reason when not. For
 * `describe.skipIf` in tests.
 */
export async function collectorAvailability(
  launcher: CollectorLauncher = 'auto',
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ available: true; launcher: 'docker' | 'binary' } | { available: false; reason: string }> {
  try {
    const c = await choose({ launcher, env });
    return { available: true, launcher: c.kind };
  } catch (err) {
    return { available: false, reason: (err as Error).message };
  }
}

/**
 * True when the environment demands the real collector (`AGENTOTEL_REQUIRE_COLLECTOR=1` or
 * `AGENTOTEL_REQUIRE_ALL=1`, as `.ci/run` sets): tests must then fail, not skip, without one.
 */
export function collectorRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.AGENTOTEL_REQUIRE_COLLECTOR === '1' || env.AGENTOTEL_REQUIRE_ALL === '1';
}

/**
 * Starts a real OpenTelemetry Collector with the sink configuration of `otelcol/sink.yaml`, shipped in this
 * package (`AGENTOTEL_OTELCOL_DIR` names another folder): OTLP gRPC + HTTP in, one JSON-lines file per
 * signal out, plus the TLS / mTLS / bearer / forward overlays; waits on its health check.
 *
 * @throws CollectorError `COLLECTOR_UNAVAILABLE` when the config folder has no `sink.yaml`, or when neither
 *   a container runtime nor a binary exists (the message says how to get one), `COLLECTOR_START_FAILED` / `COLLECTOR_EXITED` with the last 50
 *   lines of its output when it does not become healthy.
 * @see https://opentelemetry.io/docs/collector/custom-collector/
 * @example await using collector = await startCollector({ launcher: 'binary' })
 */
export async function startCollector(options: CollectorOptions = {}): Promise<StartedCollector> {
  if (options.tls?.mtls && !options.tls.certificates) {
    throw new CollectorError('BAD_OPTIONS', 'tls.mtls needs tls.certificates');
  }
  const chosen = await choose(options);
  const toolsDir = chosen.toolsDir;
  const root = await mkdtemp(join(tmpdir(), 'agentotel-otelcol-'));
  const configDir = join(root, 'config');
  const outDir = join(root, 'out');
  await Promise.all([mkdir(configDir), mkdir(outDir)]);
  const cleanup = () => rm(root, { recursive: true, force: true }).catch(() => undefined);
  let launched: LaunchedCollector;
  try {
    const tls = options.tls !== undefined;
    const configFiles = await writeCollectorConfigs(
      toolsDir,
      configDir,
      { tls, mtls: options.tls?.mtls === true, bearerToken: options.bearerToken !== undefined },
      options.forwardTo !== undefined,
    );
    const spec: LaunchSpec = {
      configDir,
      configFiles,
      outDir,
      debugVerbosity: options.debugVerbosity ?? 'basic',
      logLevel: options.logLevel ?? 'info',
      startupTimeoutMs: options.startupTimeoutMs ?? (chosen.kind === 'docker' ? 120_000 : 30_000),
      tls,
    };
    if (options.tls)
      spec.tlsDir = (await writeTestCertificates(options.tls.certificates, join(root, 'tls'))).dir;
    if (options.bearerToken !== undefined) spec.bearerToken = options.bearerToken;
    if (options.forwardTo !== undefined) spec.forwardEndpoint = options.forwardTo;
    launched =
      chosen.kind === 'docker'
        ? await launchDocker(spec, imageOf(options))
        : await launchBinary(chosen.bin, spec);
  } catch (err) {
    await cleanup();
    throw err;
  }

  const offsets: Record<OtlpSignal, number> = { logs: 0, metrics: 0, traces: 0 };
  const fileOf = (s: OtlpSignal) => join(outDir, `${s}.jsonl`);
  const records = async (): Promise<OtlpRecord[]> => {
    const parts = await Promise.all(
      SIGNALS.map((s) => readOtlpJsonLines(fileOf(s), { signal: s, fromByte: offsets[s] })),
    );
    return parts.flat();
  };
  const poll = async <T>(
    what: string,
    timeoutMs: number,
    check: (all: OtlpRecord[]) => T | undefined,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    let all: OtlpRecord[] = [];
    for (;;) {
      all = await records();
      const hit = check(all);
      if (hit !== undefined) return hit;
      if (Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const counts = SIGNALS.map((s) => `${all.filter((r) => r.signal === s).length} ${s}`).join(', ');
    throw new CollectorError(
      'WAIT_TIMEOUT',
      `${what} within ${timeoutMs}ms; the collector wrote ${counts} to ${outDir}`,
    );
  };
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      await launched.stop();
    } finally {
      await cleanup();
    }
  };
  return {
    launcher: launched.launcher,
    httpUrl: launched.httpUrl,
    grpcUrl: launched.grpcUrl,
    healthUrl: launched.healthUrl,
    outputDir: outDir,
    records,
    waitFor: (predicate, opts = {}) =>
      poll('no collector record matched', opts.timeoutMs ?? 10_000, (all) => all.find(predicate)),
    waitForCount: (count, opts = {}) =>
      poll(`fewer than ${count} matching collector records`, opts.timeoutMs ?? 10_000, (all) =>
        all.filter(opts.predicate ?? (() => true)).length >= count ? all : undefined,
      ),
    clear: async () => {
      const { stat } = await import('node:fs/promises');
      for (const s of SIGNALS)
        offsets[s] = await stat(fileOf(s)).then(
          (st) => st.size,
          () => 0,
        );
    },
    output: launched.output,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
