import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emitSample, SAMPLE } from '../../test/support/sdk-telemetry.ts';
import { comparableRecords } from './normalize.ts';
import { readOtlpJsonLines } from './otlp-json-lines.ts';
import { startOtlpReceiver } from './otlp-receiver.ts';

describe('OTLP JSON lines', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('writes what the receiver accepts and reads it back into the same records', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'otlp-jsonl-'));
    dirs.push(dir);
    const path = join(dir, 'sub', 'all.jsonl');
    const receiver = await startOtlpReceiver({ jsonLinesPath: path });
    await emitSample([{ transport: 'http/protobuf', url: receiver.httpUrl }]);
    const direct = receiver.records();
    await receiver.stop();
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines.length).toBe(receiver.requests().length);
    expect(Object.keys(JSON.parse(lines[0] ?? '{}'))[0]).toMatch(/^resource(Logs|Metrics|Spans)$/);
    const back = await readOtlpJsonLines(path);
    expect(back.every((r) => r.request.transport === 'file')).toBe(true);
    expect(comparableRecords(back)).toEqual(comparableRecords(direct));
    expect(await readOtlpJsonLines(path, { signal: 'traces' })).toHaveLength(SAMPLE.spans);
  });

  it('reads a missing file as empty, ignores a partial last line, rejects a non-OTLP line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'otlp-jsonl-'));
    dirs.push(dir);
    const path = join(dir, 'x.jsonl');
    expect(await readOtlpJsonLines(path)).toEqual([]);
    await appendFile(
      path,
      '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"eventName":"a"}]}]}]}\n{"resourceLo',
    );
    expect(await readOtlpJsonLines(path)).toHaveLength(1);
    await appendFile(path, 'gs":[]}\n{"hello":1}\n');
    await expect(readOtlpJsonLines(path)).rejects.toThrow(/x\.jsonl:3 is not an OTLP export request/);
  });
});
