/**
 * Benchmark of the embedded OTLP receiver (prints figures, asserts nothing):
 *  1. log records per second received and normalized by `startOtlpReceiver()` over OTLP/HTTP protobuf,
 *     batches of 512 records, 4 requests in flight;
 *  2. the same load against the real OpenTelemetry Collector (ocb-built binary, sink config), counted
 *     until its file exporter has written every record — in the same run;
 *  3. heap held per 100,000 normalized records.
 * Target (issue 4): the embedded receiver at least as fast as the collector. Loopback only, bounded.
 *
 * Run: `node --expose-gc --conditions=@agentotel/source bench/receiver-throughput.ts`
 */

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

const BATCH = 512;
const BATCHES = 200; // 102,400 records
const IN_FLIGHT = 4;
const TIMEOUT_MS = 120_000;

const require = createRequire(new URL('../packages/test-support/package.json', import.meta.url));
const { ProtobufLogsSerializer } = require('@opentelemetry/otlp-transformer') as {
  ProtobufLogsSerializer: { serializeRequest(records: unknown[]): Uint8Array | undefined };
};

/** One ExportLogsServiceRequest of BATCH records, encoded by the OTel SDK's own serializer. */
function payload(): Buffer {
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
  const body = ProtobufLogsSerializer.serializeRequest(records);
  if (!body) throw new Error('serializer returned nothing');
  return Buffer.from(body);
}

/** Sends BATCHES copies of `body` to `<url>/v1/logs`, IN_FLIGHT at a time; resolves with elapsed ms. */
async function load(url: string, body: Buffer, batches = BATCHES): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const send = () =>
    new Promise<void>((ok, fail) => {
      const req = http.request(
        `${url}/v1/logs`,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? ok() : fail(new Error(`HTTP ${res.statusCode}`))));
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.on('error', fail);
      req.end(body);
    });
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < batches) {
        next++;
        await send();
      }
    }),
  );
  agent.destroy();
  return performance.now() - start;
}

/** Log records in the collector's logs.jsonl from byte `fromByte` on (one marker per record). */
async function countWritten(
  collector: StartedCollector,
  fromByte: number,
): Promise<{ count: number; size: number }> {
  const path = join(collector.outputDir, 'logs.jsonl');
  const marker = '"eventName":"codex.api_request"';
  try {
    const fh = await open(path, 'r');
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

/** Waits until `expected` records were written after `fromByte`; rejects after TIMEOUT_MS. */
async function waitWritten(collector: StartedCollector, fromByte: number, expected: number): Promise<number> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const { count, size } = await countWritten(collector, fromByte);
    if (count >= expected) return size;
    if (Date.now() > deadline)
      throw new Error(`collector wrote ${count} of ${expected} records within ${TIMEOUT_MS}ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const total = BATCH * BATCHES;
const body = payload();
console.log(
  `load: ${BATCHES} requests x ${BATCH} log records = ${fmt(total)} records, ${fmt(body.length)} bytes per request, ${IN_FLIGHT} in flight`,
);

// 1. embedded receiver (warm-up first, outside the measurement)
{
  const warm = await startOtlpReceiver({ grpc: false });
  await load(warm.httpUrl, body, 40);
  await warm.stop();
}
const before = heap();
const receiver = await startOtlpReceiver({ grpc: false });
const receiverMs = await load(receiver.httpUrl, body);
const held = receiver.records().length;
const after = heap();
console.log(
  `embedded receiver: ${fmt((total / receiverMs) * 1000)} records/s (${fmt(receiverMs)} ms; ${fmt(held)} records normalized and held)`,
);
console.log(
  gc
    ? `memory held: ${((after - before) / 1024 / 1024 / (held / 100_000)).toFixed(1)} MiB per 100,000 records`
    : 'memory held: run with --expose-gc to measure',
);
await receiver.stop();

// 2. real collector, same load, counted when its file exporter has written everything
const availability = await collectorAvailability('binary');
if (!availability.available) {
  console.log(`real collector: skipped (${availability.reason})`);
} else {
  const collector = await startCollector({ launcher: 'binary', logLevel: 'warn' });
  try {
    const warmBatches = 20;
    await load(collector.httpUrl, body, warmBatches);
    const offset = await waitWritten(collector, 0, warmBatches * BATCH);
    const t0 = performance.now();
    const acceptedMs = await load(collector.httpUrl, body);
    await waitWritten(collector, offset, total);
    const writtenMs = performance.now() - t0;
    console.log(
      `real collector (ocb binary): ${fmt((total / writtenMs) * 1000)} records/s received and written by the file exporter ` +
        `(${fmt(writtenMs)} ms; HTTP answers took ${fmt(acceptedMs)} ms)`,
    );
    console.log(`embedded receiver vs collector: ${(writtenMs / receiverMs).toFixed(2)}x as fast`);
  } finally {
    await collector.stop();
  }
}
