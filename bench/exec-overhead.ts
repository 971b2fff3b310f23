/**
 * agentotel-exec overhead: wall time of a 20-tool-call run against the mock model server with the
 * telemetry feature off (AGENTOTEL_OTEL=off) against the same run exporting to the embedded OTLP
 * receiver; then the time from the final answer (`turn.completed` on stdout) to process exit with an
 * exporter on, and with the receiver black-holed (a TCP listener that never answers).
 * Prints figures; asserts nothing. Run: node --conditions=@agentotel/source bench/exec-overhead.ts [runs]
 */
import { spawn } from 'node:child_process';
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
  mountSseSequence,
  sse,
  startMockServer,
  startOtlpReceiver,
} from '../packages/test-support/src/index.ts';

const MAIN = resolve(import.meta.dirname, '../packages/exec/src/cli/main.ts');
const RUNS = Number(process.argv[2] ?? 5);
const TOOL_CALLS = 20;

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

async function mountScenario(server: MockServer): Promise<void> {
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
  await mountSseSequence(server, bodies);
}

/** One run: total wall time and time from `turn.completed` on stdout to exit. */
async function run(
  server: MockServer,
  dir: string,
  env: Record<string, string>,
): Promise<{ wallMs: number; tailMs: number; code: number | undefined }> {
  await server.reset();
  await mountScenario(server);
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ['--conditions=@agentotel/source', MAIN, '--skip-git-repo-check', '--json', 'run 20 commands'],
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

try {
  const onHome = home(server, `${receiver.httpUrl}/v1/logs`);
  const holeHome = home(server, `http://127.0.0.1:${bhPort}/v1/logs`);
  await run(server, onHome, {}); // warm caches
  const off: number[] = [];
  const on: number[] = [];
  const tails: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const a = await run(server, onHome, { AGENTOTEL_OTEL: 'off' });
    const b = await run(server, onHome, {});
    off.push(a.wallMs);
    on.push(b.wallMs);
    tails.push(b.tailMs);
    if (a.code !== 0 || b.code !== 0)
      console.log(`run ${i}: unexpected exit codes off=${a.code} on=${b.code}`);
  }
  const holeTails: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) holeTails.push((await run(server, holeHome, {})).tailMs);
  const mOff = median(off);
  const mOn = median(on);
  console.log(`agentotel-exec, ${TOOL_CALLS} tool calls per run, ${RUNS} runs each (median)`);
  console.log(`  telemetry feature off            : ${fmt(mOff)}   [${off.map(fmt).join(', ')}]`);
  console.log(`  exporting to embedded receiver   : ${fmt(mOn)}   [${on.map(fmt).join(', ')}]`);
  console.log(
    `  overhead                         : ${(((mOn - mOff) / mOff) * 100).toFixed(1)} % (target < 5 %)`,
  );
  console.log(`  log records received             : ${receiver.logs().length}`);
  console.log(
    `  final answer -> exit, exporter on: ${fmt(median(tails))} (target < 100 ms)  [${tails.map(fmt).join(', ')}]`,
  );
  console.log(
    `  final answer -> exit, black hole : ${fmt(median(holeTails))} (bound: shutdown timeout 2000 ms)  [${holeTails.map(fmt).join(', ')}]`,
  );
} finally {
  for (const s of sockets) s.destroy();
  blackHole.close();
  await Promise.all([server.close(), receiver.stop()]);
}
