/**
 * agentotel-exec overhead: wall time of a 20-tool-call run against the mock model server with the
 * telemetry feature off (AGENTOTEL_OTEL=off) against the same run exporting to the embedded OTLP
 * receiver; then the time from the final answer (`turn.completed` on stdout) to process exit with an
 * exporter on, and with the receiver black-holed (a TCP listener that never answers).
 * Prints figures; asserts nothing.
 *
 * A second pass repeats the off/on comparison with every model response delayed by `--latency-ms`
 * (default 25 ms, time to first byte; real providers take hundreds of ms): the telemetry cost is a
 * fixed amount per process, so the share it takes depends on how long the run is. The verdict against
 * the issue's target is the first pass (no model latency).
 *
 * Run: node --conditions=@agentotel/source bench/exec-overhead.ts [runs] [--mode dist|source|both] [--no-build] [--latency-ms N]
 *
 * `dist` (the default) runs the built CLI, packages/exec/dist/cli/main.js, as users do (it loads the
 * pre-bundled SDK backend of @agentotel/otel); it is built first (turbo, cached) unless --no-build.
 * `source` runs packages/exec/src/cli/main.ts with --conditions=@agentotel/source (the SDK as ~240
 * separate ES modules); `both` prints the two.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  evAssistantMessage,
  evCompleted,
  evFunctionCall,
  evResponseCreated,
  type MockServer,
  mountResponseOnce,
  mountSseSequence,
  sse,
  sseResponse,
  startMockServer,
  startOtlpReceiver,
  withDelay,
} from '../packages/test-support/src/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const TOOL_CALLS = 20;

type Mode = 'dist' | 'source';
/** How each mode starts the CLI (after `node`). */
const CLI: Record<Mode, string[]> = {
  dist: [resolve(ROOT, 'packages/exec/dist/cli/main.js')],
  source: ['--conditions=@agentotel/source', resolve(ROOT, 'packages/exec/src/cli/main.ts')],
};

const args = process.argv.slice(2);
const modeArg = args.includes('--mode') ? args[args.indexOf('--mode') + 1] : 'dist';
if (modeArg !== 'dist' && modeArg !== 'source' && modeArg !== 'both') {
  throw new Error(`--mode must be dist, source or both, not ${modeArg}`);
}
const MODES: Mode[] = modeArg === 'both' ? ['dist', 'source'] : [modeArg];
const RUNS = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--latency-ms') ?? 5);
const LATENCY_MS = args.includes('--latency-ms') ? Number(args[args.indexOf('--latency-ms') + 1]) : 25;
if (!Number.isFinite(LATENCY_MS) || LATENCY_MS < 0) throw new Error('--latency-ms must be a number of ms');

if (MODES.includes('dist') && !args.includes('--no-build')) {
  // turbo: a cache hit when nothing changed; builds @agentotel/otel (tsc + SDK bundle) and exec
  const built = spawnSync(
    resolve(ROOT, 'node_modules/.bin/turbo'),
    ['run', 'build', '--filter=@agentotel/exec...', '--output-logs=errors-only'],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (built.status !== 0) throw new Error('building @agentotel/exec failed (try: pnpm build)');
}

function home(server: MockServer, logsEndpoint: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentotel-bench-'));
  const lines = [
    'model_provider = "mock"',
    'model = "gpt-5"',
    '[model_providers.mock]',
    `base_url = "${server.url}"`,
    'env_key = "MOCK_API_KEY"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
  ];
  if (logsEndpoint) {
    lines.push(
      '[otel]',
      `exporter = { otlp-http = { endpoint = "${logsEndpoint}", protocol = "binary" } }`,
      `metrics_exporter = { otlp-http = { endpoint = "${logsEndpoint.replace('/v1/logs', '/v1/metrics')}", protocol = "binary" } }`,
    );
  }
  writeFileSync(join(dir, 'config.toml'), `${lines.join('\n')}\n`);
  return dir;
}

/** Mounts the 21 responses of the run; with `latencyMs`, each is sent that long after the request. */
async function mountScenario(server: MockServer, latencyMs = 0): Promise<void> {
  const bodies = [];
  for (let i = 0; i < TOOL_CALLS; i++) {
    bodies.push(
      sse([
        evResponseCreated(`r${i}`),
        evFunctionCall(`call_${i}`, 'shell', JSON.stringify({ command: ['echo', String(i)] })),
        evCompleted(`r${i}`),
      ]),
    );
  }
  bodies.push(sse([evResponseCreated('rf'), evAssistantMessage('m', 'done'), evCompleted('rf')]));
  if (latencyMs === 0) await mountSseSequence(server, bodies);
  else for (const body of bodies) await mountResponseOnce(server, withDelay(sseResponse(body), latencyMs));
}

/** One run: total wall time and time from `turn.completed` on stdout to exit. */
async function run(
  mode: Mode,
  server: MockServer,
  dir: string,
  env: Record<string, string>,
  latencyMs = 0,
): Promise<{ wallMs: number; tailMs: number; code: number | undefined }> {
  await server.reset();
  await mountScenario(server, latencyMs);
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [...CLI[mode], '--skip-git-repo-check', '--json', 'run 20 commands'],
    {
      cwd: dir,
      env: { ...process.env, AGENTOTEL_HOME: dir, MOCK_API_KEY: 'dummy', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let answeredAt = Number.NaN;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.includes('"turn.completed"')) answeredAt = performance.now();
  });
  const code = await new Promise<number | undefined>((r) => child.on('exit', (c) => r(c ?? undefined)));
  const end = performance.now();
  return { wallMs: end - t0, tailMs: end - answeredAt, code };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

const server = await startMockServer();
const receiver = await startOtlpReceiver({ grpc: false });
const sockets = new Set<Socket>();
const blackHole = createServer((s) => {
  sockets.add(s); // accept, read nothing back, never answer
  s.on('error', () => {});
});
await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', r));
const bhPort = (blackHole.address() as { port: number }).port;

interface Figures {
  off: number[];
  on: number[];
  /** answer -> exit with the feature off: what the agent's own exit costs */
  offTails: number[];
  tails: number[];
  holeTails: number[];
  logs: number;
  /** the same off/on pair with every model response delayed by LATENCY_MS */
  slowOff: number[];
  slowOn: number[];
}

async function measure(mode: Mode, onHome: string, holeHome: string): Promise<Figures> {
  await run(mode, server, onHome, {}); // warm caches (compile cache, page cache)
  await run(mode, server, onHome, { AGENTOTEL_OTEL: 'off' });
  receiver.clear();
  const f: Figures = {
    off: [],
    on: [],
    offTails: [],
    tails: [],
    holeTails: [],
    logs: 0,
    slowOff: [],
    slowOn: [],
  };
  for (let i = 0; i < RUNS; i++) {
    const a = await run(mode, server, onHome, { AGENTOTEL_OTEL: 'off' });
    const b = await run(mode, server, onHome, {});
    f.off.push(a.wallMs);
    f.on.push(b.wallMs);
    f.offTails.push(a.tailMs);
    f.tails.push(b.tailMs);
    if (a.code !== 0 || b.code !== 0)
      console.log(`run ${i}: unexpected exit codes off=${a.code} on=${b.code}`);
  }
  f.logs = receiver.logs().length;
  for (let i = 0; i < Math.min(RUNS, 3); i++)
    f.holeTails.push((await run(mode, server, holeHome, {})).tailMs);
  if (LATENCY_MS > 0) {
    for (let i = 0; i < RUNS; i++) {
      f.slowOff.push((await run(mode, server, onHome, { AGENTOTEL_OTEL: 'off' }, LATENCY_MS)).wallMs);
      f.slowOn.push((await run(mode, server, onHome, {}, LATENCY_MS)).wallMs);
    }
  }
  return f;
}

const overhead = (off: number, on: number) => `${fmt(on - off)}, ${(((on - off) / off) * 100).toFixed(1)} %`;

function report(mode: Mode, f: Figures): void {
  const mOff = median(f.off);
  const mOn = median(f.on);
  console.log(`agentotel-exec (${mode}: ${CLI[mode].map((a) => a.replace(`${ROOT}/`, '')).join(' ')})`);
  console.log(`  ${TOOL_CALLS} tool calls per run, ${RUNS} runs each (median)`);
  console.log(`  telemetry feature off            : ${fmt(mOff)}   [${f.off.map(fmt).join(', ')}]`);
  console.log(`  exporting to embedded receiver   : ${fmt(mOn)}   [${f.on.map(fmt).join(', ')}]`);
  console.log(`  overhead                         : ${overhead(mOff, mOn)} (target < 5 %)`);
  console.log(`  log records received             : ${f.logs} (${f.logs / RUNS} per run)`);
  console.log(
    `  final answer -> exit, exporter on: ${fmt(median(f.tails))} (target < 100 ms; feature off: ${fmt(median(f.offTails))})  [${f.tails.map(fmt).join(', ')}]`,
  );
  console.log(
    `  final answer -> exit, black hole : ${fmt(median(f.holeTails))} (bound: shutdown timeout 2000 ms)  [${f.holeTails.map(fmt).join(', ')}]`,
  );
  if (f.slowOff.length > 0) {
    const sOff = median(f.slowOff);
    const sOn = median(f.slowOn);
    console.log(
      `  ${`with ${LATENCY_MS} ms model latency`.padEnd(33)}: off ${fmt(sOff)}, exporting ${fmt(sOn)}: overhead ${overhead(sOff, sOn)} (informative; the target is the line above)`,
    );
  }
}

try {
  const onHome = home(server, `${receiver.httpUrl}/v1/logs`);
  const holeHome = home(server, `http://127.0.0.1:${bhPort}/v1/logs`);
  for (const mode of MODES) report(mode, await measure(mode, onHome, holeHome));
} finally {
  for (const s of sockets) s.destroy();
  blackHole.close();
  await Promise.all([server.close(), receiver.stop()]);
}
