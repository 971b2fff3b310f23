// Records an agent's export queue dropped are reported as such, end to end (issue 13 item 10: a
// 30,000-frame stream delivered 23,586 records and nobody said so). A fixture agent (agentotel-exec
// with an export queue of 20 log records, test/fixtures/robustness/small-queue.ts) is certified on the
// long stream (3,000 deltas, ~3,000 records in one burst): its queue overflows, it says how many it
// dropped, and the flush requirement blames its queue, not a missing flush at exit.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { certify } from '../../src/certify.ts';
import { execStyleSpec } from '../../src/subjects/builtin.ts';
import { assertBuilt } from '../certify/fixture-subjects.ts';
import { killMatching, processesMatching } from './processes.ts';

const SCRIPT = resolve(import.meta.dirname, '../fixtures/robustness/small-queue.ts');
/** The fixture's processes, found in /proc by the script path in their command line. */
const NEEDLE = 'fixtures/robustness/small-queue.ts';
let dir: string;

/** Writes the fixture's subject.yaml; `maxQueueSize` undefined keeps the library's default queue. */
async function subject(name: string, maxQueueSize?: number): Promise<string> {
  const base = execStyleSpec(name, ['node', '--no-warnings', SCRIPT]);
  const env = {
    ...base.env,
    NODE_COMPILE_CACHE: join(dir, 'compile-cache'),
    ...(maxQueueSize ? { AGENTOTEL_FIXTURE_MAX_QUEUE_SIZE: String(maxQueueSize) } : {}),
  };
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, stringify({ ...base, env }));
  return file;
}

beforeAll(async () => {
  assertBuilt(); // the fixture runs the built exec and telemetry library, as the broken variants do
  dir = await mkdtemp(join(tmpdir(), 'agentotel-robust-queue-'));
});
afterEach(() => {
  const left = processesMatching(NEEDLE);
  killMatching(NEEDLE);
  expect(left, 'fixture agent processes left behind').toEqual([]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const flushOf = (report: Awaited<ReturnType<typeof certify>>['report']) => {
  const r = report.requirements.find((x) => x.id === 'FLUSH-ON-EXIT-SUCCESS');
  const f = r?.findings.find((x) => x.scenario === 'long-stream');
  if (!r || !f) throw new Error('no FLUSH-ON-EXIT-SUCCESS finding on long-stream');
  return { verdict: r.verdict, finding: f };
};

describe("a long stream through a full export queue: dropped by the agent's queue, not lost at exit", {
  timeout: 90_000,
}, () => {
  test('queue of 20: the agent says how many it dropped, and the flush finding says so with its line', async () => {
    const { report, runs } = await certify({
      subject: await subject('small-queue', 20),
      only: ['long-stream'],
    });
    const run = runs.find((r) => r.scenario.id === 'long-stream')!;
    expect(run.state).toBe('ran');
    expect(run.exit.code, run.stderr).toBe(0);
    // the agent's own line, once
    const lines = run.stderr.split('\n').filter((l) => /dropped \d+ log records?/.test(l));
    expect(lines).toHaveLength(1);
    const m = /^\[@agentotel\/otel\] dropped (\d+) log records: export queue full \(maxQueueSize 20\)$/.exec(
      lines[0]!,
    );
    expect(m, lines[0]).not.toBeNull();
    const dropped = Number(m![1]);
    expect(dropped).toBeGreaterThan(0);

    const { verdict, finding } = flushOf(report);
    expect(verdict).toBe('fail');
    expect(finding.verdict).toBe('fail');
    // every missing record is one the queue dropped: the count the agent gave, and no "lost at exit"
    expect(finding.reason).toBe(
      `${dropped} record(s) emitted before exit never arrived (success path): dropped by the agent's export queue (${dropped} dropped, it says), not lost at exit`,
    );
    expect(finding.reason).not.toMatch(/lost at exit: the last batch was not flushed/);
    expect(finding.evidence.find((e) => e.label === "agent's stderr")?.detail).toBe(lines[0]);
    expect(report.errors).toEqual([]);
  });

  test('control, the default queue: every record arrives and the agent says nothing', async () => {
    const { report, runs } = await certify({
      subject: await subject('default-queue'),
      only: ['long-stream'],
    });
    const run = runs.find((r) => r.scenario.id === 'long-stream')!;
    expect(run.exit.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/dropped \d+ log records?/);
    const { verdict, finding } = flushOf(report);
    expect(verdict, finding.reason).toBe('pass');
    expect(finding.evidence.find((e) => e.label === "agent's stderr")).toBeUndefined();
  });
});
