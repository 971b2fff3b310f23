/**
 * Benchmark of the embedded OTLP receiver against the real OpenTelemetry Collector (prints figures, asserts
 * nothing). Issue 14 target: the embedded receiver at ≥ 1.0× the collector's records/s on OTLP/HTTP
 * protobuf, OTLP/HTTP JSON and OTLP/gRPC.
 *
 * - Both receivers run in their own process: the embedded receiver in a child Node process (this file with
 *   `--receiver-child`), the collector as the ocb-built binary. This process only sends.
 * - Same payloads for both: one ExportLogsServiceRequest of 512 log records encoded by the OTel SDK's own
 *   serializers (protobuf for OTLP/HTTP protobuf and gRPC, JSON for OTLP/HTTP JSON), `IN_FLIGHT` requests in
 *   flight over keep-alive connections.
 * - Interleaved rounds: each round runs every transport against both, alternating which goes first.
 * - The receiver's time ends when the last answer arrives (it normalizes before answering); the
 *   collector's when its file exporter has written every record.
 * - CPU per record: the receiving process's user+system CPU over the run (child `process.cpuUsage()`,
 *   collector `/proc/<pid>/stat`), divided by the records.
 *
 * Run: `node --conditions=@agentotel/source bench/receiver-throughput.ts [rounds] [batches]`
 * Loopback only, bounded (every wait has a deadline).
 */

import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  collectorAvailability,
  type StartedCollector,
  startCollector,
  startOtlpReceiver,
} from '../packages/test-support/src/index.ts';

const requireFromTestSupport = createRequire(
  new URL('../packages/test-support/package.json', import.meta.url),
);
const grpc = requireFromTestSupport('@grpc/grpc-js') as typeof import('@grpc/grpc-js');

const BATCH = 512;
const IN_FLIGHT = 4;
const TIMEOUT_MS = 120_000;
const LOGS_GRPC_PATH = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';

type Transport = 'http/protobuf' | 'http/json' | 'grpc';
const TRANSPORTS: Transport[] = ['http/protobuf', 'http/json', 'grpc'];

// ---------------------------------------------------------------- payloads and load
function payloads(): { proto: Buffer; json: Buffer } {
  const { ProtobufLogsSerializer, JsonLogsSerializer } = requireFromTestSupport(
    '@opentelemetry/otlp-transformer',
  ) as {
    ProtobufLogsSerializer: { serializeRequest(records: unknown[]): Uint8Array | undefined };
    JsonLogsSerializer: { serializeRequest(records: unknown[]): Uint8Array | undefined };
  };
  const resource = {
    attributes: { 'service.name': 'bench', 'service.version': '1.0.0' },
    merge: () => null,
    asyncAttributesPending: false,
  };
  const records = Array.from({ length: BATCH }, (_, i) => ({
    hrTime: [1_700_000_000, i],
    hrTimeObserved: [1_700_000_000, i],
    eventName: 'codex.api_request',
    body: 'bench',
    attributes: { attempt: i, duration_ms: 12.5, success: true, model: 'gpt-5', 'conversation.id': 'c-1' },
    droppedAttributesCount: 0,
    resource,
    instrumentationScope: { name: 'codex', version: '1.0.0' },
    spanContext: undefined,
    severityNumber: 9,
    severityText: 'INFO',
  }));
  const proto = ProtobufLogsSerializer.serializeRequest(records);
  const json = JsonLogsSerializer.serializeRequest(records);
  if (!proto || !json) throw new Error('serializer returned nothing');
  return { proto: Buffer.from(proto), json: Buffer.from(json) };
}

interface Target {
  httpUrl: string;
  grpcUrl: string;
}

/** Sends `batches` copies of the payload over `transport`, IN_FLIGHT at a time; resolves with elapsed ms. */
async function load(target: Target, transport: Transport, body: Buffer, batches: number): Promise<number> {
  let sendOne: () => Promise<void>;
  let done: () => void;
  if (transport === 'grpc') {
    const client = new grpc.Client(new URL(target.grpcUrl).host, grpc.credentials.createInsecure());
    sendOne = () =>
      new Promise((ok, fail) =>
        client.makeUnaryRequest(
          LOGS_GRPC_PATH,
          (b: Buffer) => b,
          (b: Buffer) => b,
          body,
          { deadline: Date.now() + 30_000 },
          (err) => (err ? fail(err) : ok()),
        ),
      );
    done = () => client.close();
  } else {
    const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    const type = transport === 'http/json' ? 'application/json' : 'application/x-protobuf';
    sendOne = () =>
      new Promise((ok, fail) => {
        const req = http.request(
          `${target.httpUrl}/v1/logs`,
          { method: 'POST', agent, headers: { 'content-type': type, 'content-length': body.length } },
          (res) => {
            res.resume();
            res.on('end', () => (res.statusCode === 200 ? ok() : fail(new Error(`HTTP ${res.statusCode}`))));
          },
        );
        req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
        req.on('error', fail);
        req.end(body);
      });
    done = () => agent.destroy();
  }
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < batches) {
        next++;
        await sendOne();
      }
    }),
  );
  const ms = performance.now() - start;
  done();
  return ms;
}

// ---------------------------------------------------------------- the collector side
/** Log records in the collector's logs.jsonl from byte `fromByte` on (one marker per record). */
async function countWritten(
  collector: StartedCollector,
  fromByte: number,
): Promise<{ count: number; size: number }> {
  const marker = '"eventName":"codex.api_request"';
  try {
    const fh = await open(join(collector.outputDir, 'logs.jsonl'), 'r');
    try {
      const { size } = await fh.stat();
      const buf = Buffer.alloc(Math.max(0, size - fromByte));
      await fh.read(buf, 0, buf.length, fromByte);
      const text = buf.toString('utf8');
      let count = 0;
      for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length)) count++;
      return { count, size };
    } finally {
      await fh.close();
    }
  } catch {
    return { count: 0, size: 0 };
  }
}

/** Waits until `expected` records were written after `fromByte`; resolves with the new file size. */
async function waitWritten(collector: StartedCollector, fromByte: number, expected: number): Promise<number> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const { count, size } = await countWritten(collector, fromByte);
    if (count >= expected) return size;
    if (Date.now() > deadline)
      throw new Error(`collector wrote ${count} of ${expected} records within ${TIMEOUT_MS}ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The collector binary's pid: a descendant of this process whose command line names otelcol. */
function collectorPid(): number {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  for (const pid of parents.keys()) {
    let p: number | undefined = pid;
    for (let d = 0; p !== undefined && d < 16; d++) {
      p = parents.get(p);
      if (p === process.pid) {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (/otelcol/.test(cmd) && !cmd.startsWith('sh')) return pid;
        break;
      }
    }
  }
  throw new Error('collector process not found');
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux
/** User+system CPU of `pid` in microseconds (10 ms resolution). */
function cpuOfPid(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
  return ((Number(rest[11]) + Number(rest[12])) * 1e6) / TICKS_PER_SECOND;
}

// ---------------------------------------------------------------- the receiver child
interface Child {
  proc: ChildProcess;
  target: Target;
  ask<T>(op: string): Promise<T>;
}

async function startChild(): Promise<Child> {
  const proc = fork(new URL(import.meta.url).pathname, ['--receiver-child'], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: ((m: unknown) => void)[] = [];
  proc.on('message', (m) => waiting.shift()?.(m));
  const first = new Promise<{ httpUrl: string; grpcUrl: string }>((ok) =>
    waiting.push(ok as (m: unknown) => void),
  );
  const target = await first;
  return {
    proc,
    target,
    ask<T>(op: string): Promise<T> {
      const answer = new Promise<T>((ok) => waiting.push(ok as (m: unknown) => void));
      proc.send({ op });
      return answer;
    },
  };
}

// ---------------------------------------------------------------- main
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  const batches = Number(process.argv[3] ?? 100);
  const total = batches * BATCH;
  const { proto, json } = payloads();
  const bodyOf = (t: Transport) => (t === 'http/json' ? json : proto);
  console.log(
    `load: ${batches} requests x ${BATCH} log records = ${fmt(total)} records per run, ${IN_FLIGHT} in flight; ` +
      `protobuf ${fmt(proto.length)} bytes, JSON ${fmt(json.length)} bytes per request; ${rounds} interleaved rounds`,
  );

  const availability = await collectorAvailability('binary');
  if (!availability.available) {
    console.log(`real collector: skipped (${availability.reason})`);
    return;
  }
  const child = await startChild();
  const collector = await startCollector({ launcher: 'binary', logLevel: 'warn' });
  const pid = collectorPid();
  let written = 0;
  const results: Record<
    Transport,
    { receiver: number[]; collector: number[]; rCpu: number[]; cCpu: number[] }
  > = {
    'http/protobuf': { receiver: [], collector: [], rCpu: [], cCpu: [] },
    'http/json': { receiver: [], collector: [], rCpu: [], cCpu: [] },
    grpc: { receiver: [], collector: [], rCpu: [], cCpu: [] },
  };
  try {
    // warm-up: both, every transport, outside the measurement
    for (const t of TRANSPORTS) {
      await load(child.target, t, bodyOf(t), 20);
      await load(collector, t, bodyOf(t), 20);
      written = await waitWritten(collector, written, 20 * BATCH);
    }
    await child.ask('clear');

    const runReceiver = async (t: Transport) => {
      const before = await child.ask<{ micros: number }>('cpu');
      const ms = await load(child.target, t, bodyOf(t), batches);
      const after = await child.ask<{ micros: number; records: number }>('cpu');
      if (after.records !== total) throw new Error(`receiver held ${after.records} of ${total} records`);
      await child.ask('clear');
      results[t].receiver.push((total / ms) * 1000);
      results[t].rCpu.push((after.micros - before.micros) / total);
    };
    const runCollector = async (t: Transport) => {
      const cpu0 = cpuOfPid(pid);
      const t0 = performance.now();
      await load(collector, t, bodyOf(t), batches);
      written = await waitWritten(collector, written, total);
      const ms = performance.now() - t0;
      results[t].collector.push((total / ms) * 1000);
      results[t].cCpu.push((cpuOfPid(pid) - cpu0) / total);
    };

    for (let round = 0; round < rounds; round++) {
      for (const t of TRANSPORTS) {
        if (round % 2 === 0) {
          await runReceiver(t);
          await runCollector(t);
        } else {
          await runCollector(t);
          await runReceiver(t);
        }
        const r = results[t];
        console.log(
          `round ${round + 1} ${t.padEnd(13)} receiver ${fmt(r.receiver.at(-1) ?? 0).padStart(8)} rec/s ` +
            `${(r.rCpu.at(-1) ?? 0).toFixed(2)} µs CPU/rec | collector ${fmt(r.collector.at(-1) ?? 0).padStart(8)} rec/s ` +
            `${(r.cCpu.at(-1) ?? 0).toFixed(2)} µs CPU/rec | ratio ${((r.receiver.at(-1) ?? 0) / (r.collector.at(-1) ?? 1)).toFixed(2)}×`,
        );
      }
    }
  } finally {
    await collector.stop();
    const exited = new Promise((ok) => child.proc.once('exit', ok));
    child.proc.send({ op: 'stop' });
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5_000))]);
    child.proc.kill();
  }

  console.log('\nmedians over rounds (ratio = receiver records/s ÷ collector records/s, per round):');
  for (const t of TRANSPORTS) {
    const r = results[t];
    const ratios = r.receiver.map((x, i) => x / (r.collector[i] ?? 1));
    console.log(
      `${t.padEnd(13)} receiver ${fmt(median(r.receiver))} rec/s, ${median(r.rCpu).toFixed(2)} µs CPU/rec; ` +
        `collector ${fmt(median(r.collector))} rec/s, ${median(r.cCpu).toFixed(2)} µs CPU/rec; ` +
        `ratio ${median(ratios).toFixed(2)}× (min ${Math.min(...ratios).toFixed(2)}×)`,
    );
  }
}

// ---------------------------------------------------------------- the child: the embedded receiver
async function runChild(): Promise<void> {
  const receiver = await startOtlpReceiver();
  const send = (m: unknown) => process.send?.(m);
  process.on('message', (m: { op: string }) => {
    if (m.op === 'cpu') {
      const u = process.cpuUsage();
      send({ op: 'cpu', micros: u.user + u.system, records: receiver.records().length });
    } else if (m.op === 'clear') {
      receiver.clear();
      send({ op: 'cleared' });
    } else if (m.op === 'stop') {
      void receiver.stop().then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ op: 'ready', httpUrl: receiver.httpUrl, grpcUrl: receiver.grpcUrl });
}

if (process.argv.includes('--receiver-child')) await runChild();
else await main();
