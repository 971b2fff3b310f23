/**
 * Benchmark of @agentotel/otel (prints figures, asserts nothing):
 *  1. caller-side cost per emitted event, µs (median of several runs), exporter on vs feature off;
 *  2. time to flush 10,000 queued events to a loopback OTLP/HTTP receiver on shutdown.
 * Targets (issue 2): < 20 µs per event; flush of 10,000 < 1 s.
 *
 * Run: `node --conditions=@agentotel/source bench/otel-emit.ts`
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseOtelSettings, type SessionMetadata, startTelemetry } from '../packages/otel/src/index.ts';

const RUNS = 7;
const EVENTS_PER_RUN = 2000;
const FLUSH_EVENTS = 10_000;

let receivedRequests = 0;
let receivedBytes = 0;
const server = createServer((req, res) => {
  req.on('data', (c: Buffer) => {
    receivedBytes += c.length;
  });
  req.on('end', () => {
    receivedRequests++;
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const meta: SessionMetadata = {
  conversationId: '7d9f0c4e-8a51-4b9b-8f5e-3a1f2e6c9b10',
  appVersion: '0.1.0',
  model: 'gpt-5.1-codex',
  slug: 'gpt-5.1-codex',
  terminalType: 'xterm-256color',
  originator: 'codex_exec',
  logUserPrompt: false,
  sessionSource: 'exec',
};

const settingsOn = parseOtelSettings(
  {
    exporter: { 'otlp-http': { endpoint: `${base}/v1/logs`, protocol: 'binary' } },
    metrics_exporter: { 'otlp-http': { endpoint: `${base}/v1/metrics`, protocol: 'binary' } },
  },
  { home: process.cwd() },
);

type Emit = (session: ReturnType<Awaited<ReturnType<typeof startTelemetry>>['session']>, i: number) => void;
const workloads: Array<[string, Emit]> = [
  [
    'api_request (log + counter + histogram)',
    (s, i) => s.apiRequest({ attempt: i, durationMs: 120, statusCode: 200 }),
  ],
  ['user_prompt (log only)', (s) => s.userPrompt('Fix the failing test in packages/exec please')],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function perEvent(feature: 'on' | 'off', emit: Emit): Promise<number> {
  const results: number[] = [];
  for (let run = 0; run < RUNS + 1; run++) {
    const telemetry = await startTelemetry(settingsOn, {
      serviceName: 'codex_exec',
      serviceVersion: '0.1.0',
      feature,
      scheduledDelayMs: 60_000,
    });
    const session = telemetry.session(meta);
    const t0 = performance.now();
    for (let i = 0; i < EVENTS_PER_RUN; i++) emit(session, i + 1);
    const elapsed = performance.now() - t0;
    await telemetry.shutdown();
    if (run > 0) results.push((elapsed * 1000) / EVENTS_PER_RUN); // run 0 is warm-up
  }
  return median(results);
}

console.log(
  `@agentotel/otel emit benchmark (node ${process.version}, ${RUNS} runs x ${EVENTS_PER_RUN} events, median)`,
);
for (const [name, emit] of workloads) {
  const on = await perEvent('on', emit);
  const off = await perEvent('off', emit);
  console.log(`  ${name}`);
  console.log(`    exporter on (OTLP/HTTP protobuf): ${on.toFixed(2)} µs/event   (target < 20)`);
  console.log(`    feature off:                      ${off.toFixed(3)} µs/event`);
}

const flushes: number[] = [];
for (let run = 0; run < 3; run++) {
  const telemetry = await startTelemetry(settingsOn, {
    serviceName: 'codex_exec',
    serviceVersion: '0.1.0',
    scheduledDelayMs: 60_000,
    shutdownTimeoutMs: 10_000,
  });
  const session = telemetry.session(meta);
  // Queue everything first: with no export in flight the batch worker starts one export at 512.
  for (let i = 0; i < FLUSH_EVENTS; i++) session.userPrompt(`prompt ${i}`);
  const before = receivedRequests;
  const t0 = performance.now();
  await telemetry.shutdown();
  flushes.push(performance.now() - t0);
  if (run === 0)
    console.log(
      `  flush: ${receivedRequests - before} requests, ${(receivedBytes / 1e6).toFixed(1)} MB so far`,
    );
}
console.log(
  `  flush of ${FLUSH_EVENTS} queued events to loopback OTLP/HTTP: median ${median(flushes).toFixed(0)} ms (runs: ${flushes
    .map((f) => f.toFixed(0))
    .join(', ')}; target < 1000)`,
);
server.close();
