/**
 * agentotel-exec overhead: wall time of a 20-tool-call run against the mock model server with the
 * telemetry feature off (AGENTOTEL_OTEL=off) against the same run exporting to the embedded OTLP
 * receiver; then the time from the final answer (`turn.completed` on stdout) to process exit with an
 * exporter on, and with the receiver black-holed (a TCP listener that never answers).
 * Prints figures; asserts nothing.
 *
 * A second pass repeats the off/on comparison with every model response delayed by `--latency-ms`
 * (default 25 ms, time to first byte; real providers take hundreds of ms): the telemetry cost is a
 * fixed amount per process, so the share it takes depends on how long the run is (target: ≤ 5 % at
 * 25 ms).
 *
 * In the same rounds, interleaved with agentotel-exec's runs, the real Codex CLI runs the same 20 tool
 * calls (its `exec_command` tool) against the same mock, with its `[otel]` exporter off (`"none"`) and
 * on (the same receiver): the issue's yardstick is agentotel-exec's telemetry cost (on minus off) at
 * most half of the Codex CLI's (ratio ≤ 0.5). Differences are medians of per-round differences (on
 * and off run back to back), so a drift of the machine's speed between rounds cancels. Each ratio comes
 * with a 90 % bootstrap interval over the rounds: the Codex CLI's own difference moves a lot from run
 * to run, and the interval says how much the one ratio could. The Codex CLI
 * is `--codex-bin PATH`, else `$AGENTOTEL_CODEX_BIN`, else the copy `.ci/run` installs under
 * `~/.cache/agentotel/codex-0.169.0`; without one its lines are skipped, said so.
 *
 * Where agentotel-exec's cost is: in the same rounds, three more runs each against the feature-off run:
 * no exporter configured (the default config, what the Codex CLI's `exporter = "none"` is: the hooks
 * run, the SDK is not loaded), the logs exporter only, and the metrics exporter only
 * (`--no-breakdown` skips them).
 *
 * Run: node --conditions=@agentotel/source bench/exec-overhead.ts [runs] [--mode dist|source|both] [--no-build] [--no-breakdown] [--latency-ms N] [--codex-bin PATH] [--dist-cli PATH]
 *
 * `dist` (the default) runs the built CLI, packages/exec/dist/cli/main.js, as users do (it loads the
 * pre-bundled SDK backend of @agentotel/otel); it is built first (turbo, cached) unless --no-build.
 * `--dist-cli PATH` runs another build's main.js instead (a copy of an earlier dist/, to compare
 * before and after a change in the same session; nothing is built then).
 * `source` runs packages/exec/src/cli/main.ts with --conditions=@agentotel/source (the SDK as ~240
 * separate ES modules); `both` prints the two.
 */
import { type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { homedir, loadavg, tmpdir } from 'node:os';
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
/** The agent homes this run creates (config, Codex's databases), removed when it ends. */
const tempDirs: string[] = [];
const TOOL_CALLS = 20;

type Mode = 'dist' | 'source';
/** How each mode starts the CLI (after `node`). */
const DIST_CLI = process.argv.includes('--dist-cli')
  ? resolve(process.argv[process.argv.indexOf('--dist-cli') + 1]!)
  : undefined;
const CLI: Record<Mode, string[]> = {
  dist: [DIST_CLI ?? resolve(ROOT, 'packages/exec/dist/cli/main.js')],
  source: ['--conditions=@agentotel/source', resolve(ROOT, 'packages/exec/src/cli/main.ts')],
};

const args = process.argv.slice(2);
const modeArg = args.includes('--mode') ? args[args.indexOf('--mode') + 1] : 'dist';
if (modeArg !== 'dist' && modeArg !== 'source' && modeArg !== 'both') {
  throw new Error(`--mode must be dist, source or both, not ${modeArg}`);
}
const MODES: Mode[] = modeArg === 'both' ? ['dist', 'source'] : [modeArg];
const RUNS = Number(
  args.find(
    (a, i) => /^\d+$/.test(a) && !['--latency-ms', '--codex-bin', '--dist-cli'].includes(args[i - 1]!),
  ) ?? 5,
);
/** Also run the three partial setups of {@link Figures.parts} each round (off with --no-breakdown). */
const BREAKDOWN = !args.includes('--no-breakdown');
const LATENCY_MS = args.includes('--latency-ms') ? Number(args[args.indexOf('--latency-ms') + 1]) : 25;
if (!Number.isFinite(LATENCY_MS) || LATENCY_MS < 0) throw new Error('--latency-ms must be a number of ms');
const CODEX_BIN = [
  args.includes('--codex-bin') ? args[args.indexOf('--codex-bin') + 1] : undefined,
  process.env.AGENTOTEL_CODEX_BIN,
  join(homedir(), '.cache/agentotel/codex-0.169.0/node_modules/.bin/codex'),
].find((p): p is string => p !== undefined && p !== '' && existsSync(p));

if (MODES.includes('dist') && !args.includes('--no-build') && !DIST_CLI) {
  // turbo: a cache hit when nothing changed; builds @agentotel/otel (tsc + SDK bundle) and exec
  const built = spawnSync(
    resolve(ROOT, 'node_modules/.bin/turbo'),
    ['run', 'build', '--filter=@agentotel/exec...', '--output-logs=errors-only'],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (built.status !== 0) throw new Error('building @agentotel/exec failed (try: pnpm build)');
}

/**
 * Which of agentotel-exec's exporters a home configures: both (logs and metrics, the runs compared with
 * the Codex CLI), one of them, or none (an `[otel]`-less config.toml: the default, what the Codex CLI's
 * `exporter = "none"` is).
 */
type Signals = 'both' | 'logs' | 'metrics' | 'none';

function home(server: MockServer, logsEndpoint: string | undefined, signals: Signals = 'both'): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentotel-bench-'));
  tempDirs.push(dir);
  const lines = [
    'model_provider = "mock"',
    'model = "gpt-5"',
    '[model_providers.mock]',
    `base_url = "${server.url}"`,
    'env_key = "MOCK_API_KEY"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
  ];
  if (logsEndpoint && signals !== 'none') {
    lines.push('[otel]');
    if (signals !== 'metrics') {
      lines.push(`exporter = { otlp-http = { endpoint = "${logsEndpoint}", protocol = "binary" } }`);
    }
    if (signals !== 'logs') {
      lines.push(
        `metrics_exporter = { otlp-http = { endpoint = "${logsEndpoint.replace('/v1/logs', '/v1/metrics')}", protocol = "binary" } }`,
      );
    }
  }
  writeFileSync(join(dir, 'config.toml'), `${lines.join('\n')}\n`);
  return dir;
}

/**
 * A CODEX_HOME for the Codex CLI: its config.toml points the custom provider `mock` at the mock server
 * (Responses wire API, no retries), approval `never`, and, with `logsEndpoint`, the same `[otel]`
 * exporters as agentotel-exec's (OTLP/HTTP protobuf logs and metrics); without it `exporter = "none"`.
 */
function codexHome(server: MockServer, logsEndpoint: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentotel-bench-codex-'));
  tempDirs.push(dir);
  const otlp = (url: string) => `{ otlp-http = { endpoint = "${url}", protocol = "binary" } }`;
  const lines = [
    'model = "gpt-5"',
    'model_provider = "mock"',
    'approval_policy = "never"',
    'sandbox_mode = "danger-full-access"',
    '[model_providers.mock]',
    'name = "Mock Responses"',
    `base_url = "${server.url}"`,
    'wire_api = "responses"',
    'env_key = "MOCK_API_KEY"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '[otel]',
    'trace_exporter = "none"',
    logsEndpoint ? `exporter = ${otlp(logsEndpoint)}` : 'exporter = "none"',
    logsEndpoint
      ? `metrics_exporter = ${otlp(logsEndpoint.replace('/v1/logs', '/v1/metrics'))}`
      : 'metrics_exporter = "none"',
  ];
  writeFileSync(join(dir, 'config.toml'), `${lines.join('\n')}\n`);
  return dir;
}

/** Which agent a run is for: the tool call differs (agentotel-exec's `shell`, the Codex CLI's `exec_command`). */
type Agent = Mode | 'codex';

/** The function call of step `i`, in the agent's own shell tool. */
function toolCall(agent: Agent, i: number): [string, string] {
  return agent === 'codex'
    ? ['exec_command', JSON.stringify({ cmd: `echo ${i}` })]
    : ['shell', JSON.stringify({ command: ['echo', String(i)] })];
}

/** Mounts the 21 responses of the run; with `latencyMs`, each is sent that long after the request. */
async function mountScenario(server: MockServer, latencyMs = 0, agent: Agent = 'dist'): Promise<void> {
  const bodies = [];
  for (let i = 0; i < TOOL_CALLS; i++) {
    const [tool, argsJson] = toolCall(agent, i);
    bodies.push(
      sse([evResponseCreated(`r${i}`), evFunctionCall(`call_${i}`, tool, argsJson), evCompleted(`r${i}`)]),
    );
  }
  bodies.push(sse([evResponseCreated('rf'), evAssistantMessage('m', 'done'), evCompleted('rf')]));
  if (latencyMs === 0) await mountSseSequence(server, bodies);
  else for (const body of bodies) await mountResponseOnce(server, withDelay(sseResponse(body), latencyMs));
}

/**
 * One run: total wall time and time from `turn.completed` on stdout to exit. `agent` `codex` runs
 * `codex exec --json` with `CODEX_HOME=dir` (its stderr, a banner and warnings, is dropped).
 */
async function run(
  agent: Agent,
  server: MockServer,
  dir: string,
  env: Record<string, string>,
  latencyMs = 0,
): Promise<{ wallMs: number; tailMs: number; cpuMs: number; code: number | undefined }> {
  await server.reset();
  await mountScenario(server, latencyMs, agent);
  const [cmd, argv, options]: [string, string[], SpawnOptions] =
    agent === 'codex'
      ? [
          CODEX_BIN!,
          ['exec', '--json', '--skip-git-repo-check', '--color', 'never', 'run 20 commands'],
          {
            cwd: dir,
            env: { ...process.env, CODEX_HOME: dir, MOCK_API_KEY: 'dummy', RUST_LOG: 'error', ...env },
            stdio: ['ignore', 'pipe', 'ignore'],
          },
        ]
      : [
          process.execPath,
          [...CLI[agent], '--skip-git-repo-check', '--json', 'run 20 commands'],
          {
            cwd: dir,
            env: { ...process.env, AGENTOTEL_HOME: dir, MOCK_API_KEY: 'dummy', ...env },
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        ];
  // GNU time, when present, reports the run's CPU time (user + system, the agent and what it waited
  // for): unlike wall time, barely moved by other processes competing for the cores.
  const cpuFile = TIME_BIN ? join(dir, `cpu-${process.pid}.txt`) : undefined;
  const t0 = performance.now();
  const child = cpuFile
    ? spawn(TIME_BIN!, ['-f', '%U %S', '-o', cpuFile, cmd, ...argv], options)
    : spawn(cmd, argv, options);
  let answeredAt = Number.NaN;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.includes('"turn.completed"')) answeredAt = performance.now();
  });
  const code = await new Promise<number | undefined>((r) => child.on('exit', (c) => r(c ?? undefined)));
  const end = performance.now();
  let cpuMs = Number.NaN;
  if (cpuFile) {
    const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    cpuMs = ((user ?? Number.NaN) + (sys ?? Number.NaN)) * 1000;
    rmSync(cpuFile, { force: true });
  }
  return { wallMs: end - t0, tailMs: end - answeredAt, cpuMs, code };
}

/** GNU time, for the CPU time of each run (absent: CPU lines are skipped). */
const TIME_BIN = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

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
  /** CPU time (user + system) of the off / on runs of the first pass */
  offCpu: number[];
  onCpu: number[];
  /**
   * Where the cost is: in the same rounds as `off`, runs with no exporter configured, with the logs
   * exporter only and with the metrics exporter only (wall and CPU ms); empty with --no-breakdown.
   */
  parts: Record<Exclude<Signals, 'both'>, { wall: number[]; cpu: number[] }>;
  /** the Codex CLI in the same rounds: exporter "none" / on; wall times, answer -> exit, CPU time */
  codex?: {
    off: number[];
    on: number[];
    offTails: number[];
    tails: number[];
    slowOff: number[];
    slowOn: number[];
    offCpu: number[];
    onCpu: number[];
  };
}

interface Homes {
  on: string;
  hole: string;
  /** homes with no exporter, the logs exporter only, the metrics exporter only */
  parts: Record<Exclude<Signals, 'both'>, string>;
  /** Codex CLI homes, exporter off / on; absent without a Codex binary */
  codex?: { off: string; on: string };
}

async function measure(mode: Mode, homes: Homes): Promise<Figures> {
  const { on: onHome, hole: holeHome } = homes;
  await run(mode, server, onHome, {}); // warm caches (compile cache, page cache)
  await run(mode, server, onHome, { AGENTOTEL_OTEL: 'off' });
  const cx = homes.codex;
  if (cx) await run('codex', server, cx.on, {}); // warm the page cache for the Codex binary
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
    offCpu: [],
    onCpu: [],
    parts: { none: { wall: [], cpu: [] }, logs: { wall: [], cpu: [] }, metrics: { wall: [], cpu: [] } },
    ...(cx
      ? {
          codex: { off: [], on: [], offTails: [], tails: [], slowOff: [], slowOn: [], offCpu: [], onCpu: [] },
        }
      : {}),
  };
  const logsPerRun: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const a = await run(mode, server, onHome, { AGENTOTEL_OTEL: 'off' });
    const before = receiver.logs().length;
    const b = await run(mode, server, onHome, {});
    logsPerRun.push(receiver.logs().length - before);
    f.off.push(a.wallMs);
    f.on.push(b.wallMs);
    f.offTails.push(a.tailMs);
    f.tails.push(b.tailMs);
    f.offCpu.push(a.cpuMs);
    f.onCpu.push(b.cpuMs);
    if (a.code !== 0 || b.code !== 0)
      console.log(`run ${i}: unexpected exit codes off=${a.code} on=${b.code}`);
    if (BREAKDOWN) {
      for (const part of ['none', 'logs', 'metrics'] as const) {
        const r = await run(mode, server, homes.parts[part], {});
        f.parts[part].wall.push(r.wallMs);
        f.parts[part].cpu.push(r.cpuMs);
        if (r.code !== 0) console.log(`run ${i} (${part}): unexpected exit code ${r.code}`);
      }
    }
    if (cx && f.codex) {
      const c = await run('codex', server, cx.off, {});
      const d = await run('codex', server, cx.on, {});
      f.codex.off.push(c.wallMs);
      f.codex.on.push(d.wallMs);
      f.codex.offTails.push(c.tailMs);
      f.codex.tails.push(d.tailMs);
      f.codex.offCpu.push(c.cpuMs);
      f.codex.onCpu.push(d.cpuMs);
      if (c.code !== 0 || d.code !== 0)
        console.log(`codex run ${i}: unexpected exit codes off=${c.code} on=${d.code}`);
    }
  }
  f.logs = median(logsPerRun);
  for (let i = 0; i < Math.min(RUNS, 3); i++)
    f.holeTails.push((await run(mode, server, holeHome, {})).tailMs);
  if (LATENCY_MS > 0) {
    for (let i = 0; i < RUNS; i++) {
      f.slowOff.push((await run(mode, server, onHome, { AGENTOTEL_OTEL: 'off' }, LATENCY_MS)).wallMs);
      f.slowOn.push((await run(mode, server, onHome, {}, LATENCY_MS)).wallMs);
      if (cx && f.codex) {
        f.codex.slowOff.push((await run('codex', server, cx.off, {}, LATENCY_MS)).wallMs);
        f.codex.slowOn.push((await run('codex', server, cx.on, {}, LATENCY_MS)).wallMs);
      }
    }
  }
  return f;
}

/** Median of the per-round differences on[i] - off[i]. */
const pairedDiff = (off: number[], on: number[]) => median(on.map((v, i) => v - off[i]!));

/**
 * A 90 % bootstrap interval of the ratio of two paired differences (agentotel-exec's on − off over the
 * Codex CLI's) measured in the same rounds: the rounds are resampled with replacement, the same
 * indices for both agents, 2,000 times with a fixed seed, and the 5th and 95th percentiles of the ratio
 * are returned. It shows how far the one ratio printed could move with other rounds on the same machine.
 */
function ratioInterval(aOff: number[], aOn: number[], bOff: number[], bOn: number[]): [number, number] {
  let seed = 0x5eed;
  const random = () => {
    // mulberry32: a small fixed-seed generator, so that two runs of the bench resample alike
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const n = aOff.length;
  const ratios: number[] = [];
  for (let k = 0; k < 2000; k++) {
    const idx = Array.from({ length: n }, () => Math.floor(random() * n));
    const pick = (xs: number[]) => idx.map((i) => xs[i]!);
    const b = pairedDiff(pick(bOff), pick(bOn));
    if (b > 0) ratios.push(pairedDiff(pick(aOff), pick(aOn)) / b);
  }
  ratios.sort((x, y) => x - y);
  const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))] ?? Number.NaN;
  return [at(0.05), at(0.95)];
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
  console.log(`  log records received             : ${f.logs} per run`);
  console.log(
    `  final answer -> exit, exporter on: ${fmt(median(f.tails))} (target < 100 ms; feature off: ${fmt(median(f.offTails))})  [${f.tails.map(fmt).join(', ')}]`,
  );
  console.log(
    `  final answer -> exit, black hole : ${fmt(median(f.holeTails))} (bound: shutdown timeout 2000 ms)  [${f.holeTails.map(fmt).join(', ')}]`,
  );
  if (f.parts.none.wall.length > 0) {
    console.log(
      '  where the cost is, each against feature off in the same rounds (median of per-round differences):',
    );
    const line = (label: string, wall: number[], cpu: number[]) =>
      console.log(
        `    ${label.padEnd(45)}: ${fmt(pairedDiff(f.off, wall))}${TIME_BIN ? `, CPU ${fmt(pairedDiff(f.offCpu, cpu))}` : ''}`,
      );
    line('no exporter (the default; Codex\'s "none")', f.parts.none.wall, f.parts.none.cpu);
    line('logs exporter only', f.parts.logs.wall, f.parts.logs.cpu);
    line('metrics exporter only', f.parts.metrics.wall, f.parts.metrics.cpu);
    line('both (the runs above)', f.on, f.onCpu);
  }
  if (f.slowOff.length > 0) {
    const sOff = median(f.slowOff);
    const sOn = median(f.slowOn);
    console.log(
      `  ${`with ${LATENCY_MS} ms model latency`.padEnd(33)}: off ${fmt(sOff)}, exporting ${fmt(sOn)}: overhead ${overhead(sOff, sOn)}; per round ${fmt(pairedDiff(f.slowOff, f.slowOn))} (target ≤ 5 %)`,
    );
  }
  const c = f.codex;
  if (!c) {
    console.log('  Codex CLI: skipped (no binary: --codex-bin PATH or AGENTOTEL_CODEX_BIN)');
    return;
  }
  const execDiff = pairedDiff(f.off, f.on);
  const codexDiff = pairedDiff(c.off, c.on);
  const execTail = pairedDiff(f.offTails, f.tails);
  const codexTail = pairedDiff(c.offTails, c.tails);
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a (Codex difference ≤ 0)');
  const interval = (aOff: number[], aOn: number[], bOff: number[], bOn: number[]) => {
    const [lo, hi] = ratioInterval(aOff, aOn, bOff, bOn);
    return `90 % bootstrap interval over the rounds ${lo.toFixed(2)}–${hi.toFixed(2)}×`;
  };
  console.log(
    `Codex CLI (${CODEX_BIN}), the same ${TOOL_CALLS} tool calls in the same rounds, exporter "none" vs on`,
  );
  console.log(`  telemetry off                    : ${fmt(median(c.off))}   [${c.off.map(fmt).join(', ')}]`);
  console.log(`  exporting to embedded receiver   : ${fmt(median(c.on))}   [${c.on.map(fmt).join(', ')}]`);
  console.log(
    `  final answer -> exit, off / on   : ${fmt(median(c.offTails))} / ${fmt(median(c.tails))}  [${c.tails.map(fmt).join(', ')}]`,
  );
  if (c.slowOff.length > 0) {
    console.log(
      `  ${`with ${LATENCY_MS} ms model latency`.padEnd(33)}: off ${fmt(median(c.slowOff))}, exporting ${fmt(median(c.slowOn))}: overhead ${overhead(median(c.slowOff), median(c.slowOn))}; per round ${fmt(pairedDiff(c.slowOff, c.slowOn))}`,
    );
  }
  console.log('telemetry cost, on minus off, median of per-round differences');
  console.log(
    `  whole run       : agentotel-exec ${fmt(execDiff)}, Codex CLI ${fmt(codexDiff)}: ratio ${ratio(execDiff, codexDiff)} (target ≤ 0.5×; ${interval(f.off, f.on, c.off, c.on)})`,
  );
  console.log(
    `  answer -> exit  : agentotel-exec ${fmt(execTail)}, Codex CLI ${fmt(codexTail)}: ratio ${ratio(execTail, codexTail)}`,
  );
  if (TIME_BIN) {
    const execCpu = pairedDiff(f.offCpu, f.onCpu);
    const codexCpu = pairedDiff(c.offCpu, c.onCpu);
    console.log(
      `  CPU time        : agentotel-exec ${fmt(execCpu)} (off ${fmt(median(f.offCpu))}), Codex CLI ${fmt(codexCpu)} (off ${fmt(median(c.offCpu))}): ratio ${ratio(execCpu, codexCpu)} (${interval(f.offCpu, f.onCpu, c.offCpu, c.onCpu)})`,
    );
  }
}

try {
  const logsUrl = `${receiver.httpUrl}/v1/logs`;
  const homes: Homes = {
    on: home(server, logsUrl),
    hole: home(server, `http://127.0.0.1:${bhPort}/v1/logs`),
    parts: {
      none: home(server, logsUrl, 'none'),
      logs: home(server, logsUrl, 'logs'),
      metrics: home(server, logsUrl, 'metrics'),
    },
    ...(CODEX_BIN ? { codex: { off: codexHome(server, undefined), on: codexHome(server, logsUrl) } } : {}),
  };
  const load = loadavg().map((l) => l.toFixed(1));
  console.log(`load average at start (1/5/15 min): ${load.join(' / ')}`);
  for (const mode of MODES) report(mode, await measure(mode, homes));
  console.log(
    `load average at end (1/5/15 min): ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
  );
} finally {
  for (const s of sockets) s.destroy();
  blackHole.close();
  await Promise.all([server.close(), receiver.stop()]);
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}
