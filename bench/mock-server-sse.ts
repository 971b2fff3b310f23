/**
 * Mock Responses API server benchmark: msw engine vs WireMock engine in the same run.
 *
 * For each engine: start-up time (startMockServer until ready, median of a few starts), then requests/s
 * and p50/p99 latency (request sent until the whole body is read) for a 10-frame SSE response, on
 * 127.0.0.1 with a fixed number of requests and a fixed concurrency. Prints figures and ratios; asserts
 * nothing.
 *
 * Run: node --conditions=@agentotel/source bench/mock-server-sse.ts [requests] [concurrency]
 */
import {
  type EngineName,
  evCompleted,
  evOutputTextDelta,
  evResponseCreated,
  type MockServer,
  mountSseAlways,
  sse,
  startMockServer,
} from '../packages/test-support/src/index.ts';

const REQUESTS = Math.min(Number(process.argv[2] ?? 2000), 20_000);
const CONCURRENCY = Math.min(Number(process.argv[3] ?? 8), 64);
const WARMUP = 300;
const STARTS = 3;

const body = sse([
  evResponseCreated('resp_bench'),
  ...Array.from({ length: 8 }, (_, i) => evOutputTextDelta(`token ${i} `)),
  evCompleted('resp_bench'),
]);
const requestBody = JSON.stringify({
  model: 'gpt-5',
  input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'bench' }] }],
  stream: true,
});

interface Result {
  engine: EngineName;
  startupMs: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

async function once(server: MockServer): Promise<number> {
  const start = performance.now();
  const res = await fetch(`${server.url}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: requestBody,
  });
  const text = await res.text();
  if (res.status !== 200 || text !== body)
    throw new Error(`unexpected answer ${res.status}: ${text.slice(0, 200)}`);
  return performance.now() - start;
}

async function load(server: MockServer, total: number): Promise<{ latencies: number[]; elapsedMs: number }> {
  const latencies: number[] = [];
  let issued = 0;
  const start = performance.now();
  const worker = async () => {
    while (issued < total) {
      issued++;
      latencies.push(await once(server));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { latencies, elapsedMs: performance.now() - start };
}

async function measure(engine: EngineName): Promise<Result> {
  const startups: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const t0 = performance.now();
    const s = await startMockServer({ engine });
    startups.push(performance.now() - t0);
    await s.close();
  }
  const server = await startMockServer({ engine });
  try {
    await mountSseAlways(server, body);
    await load(server, WARMUP);
    const { latencies, elapsedMs } = await load(server, REQUESTS);
    latencies.sort((a, b) => a - b);
    return {
      engine,
      startupMs: median(startups),
      rps: (latencies.length / elapsedMs) * 1000,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
    };
  } finally {
    await server.close();
  }
}

const fmt = (n: number, digits = 2) => n.toFixed(digits).padStart(10);

console.log(
  `mock Responses server, 10-frame SSE body (${Buffer.byteLength(body)} bytes), ${REQUESTS} requests after ${WARMUP} warm-up, concurrency ${CONCURRENCY}, loopback`,
);
const results: Result[] = [];
for (const engine of ['msw', 'wiremock'] as const) results.push(await measure(engine));
console.log(
  `${'engine'.padEnd(10)}${'startup ms'.padStart(12)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}`,
);
for (const r of results) {
  console.log(`${r.engine.padEnd(10)}  ${fmt(r.startupMs, 1)}${fmt(r.rps, 0)}${fmt(r.p50Ms)}${fmt(r.p99Ms)}`);
}
const [msw, wm] = results as [Result, Result];
console.log(
  `ratio msw/wiremock: throughput ${(msw.rps / wm.rps).toFixed(2)}x, p50 ${(msw.p50Ms / wm.p50Ms).toFixed(2)}x, p99 ${(msw.p99Ms / wm.p99Ms).toFixed(2)}x, start-up ${(msw.startupMs / wm.startupMs).toPrecision(2)}x (WireMock starts ${(wm.startupMs / msw.startupMs).toFixed(0)}x slower)`,
);
