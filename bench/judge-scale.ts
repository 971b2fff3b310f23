/**
 * Judging at scale: the time and peak memory of judging a certification (every requirement evaluated
 * over the runs, the per-scenario results with their timelines, the extras) against the number of
 * records in one run and against the number of runs. Prints figures; asserts nothing.
 *
 * The runs are synthetic but built from a real one: the `plain-answer` scenario of the builtin agent is
 * certified once, and its run is the template. A run of N records is that run with a longer stream:
 * N - 7 more `response.output_text.delta` frames in the model's ground truth and as many more
 * `codex.sse_event` records (cloned from the captured delta record). K runs are K copies of the
 * template, each with its own `conversation.id`. Each size is judged in a child process of its own
 * (`--expose-gc`), so the peak RSS it prints (`process.resourceUsage().maxRSS`) belongs to that size;
 * the child loads only the judging modules (requirements, checks, judge, the builtin subject's
 * capabilities), not the package index with the runner, the mocks and the receiver.
 *
 * Targets (issue 14): 6,000 records judged in ≤ 250 ms and ≤ 200 MiB peak; runs with no quadratic term
 * (the time per run stays flat up to 1,500 runs).
 *
 * Run: node --expose-gc --conditions=@agentotel/source bench/judge-scale.ts [--records 172,1500,6000] [--runs 24,375,1500]
 *      [--save-template FILE | --template FILE] (reuse one template run to compare two trees)
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Only the modules judging needs (not the package index, which also loads the runner, the model mocks
// and the receiver): a child's peak RSS is then the judging's, not the whole toolkit's (~39 MiB less).
import { collectExtras, evaluate, scenarioResults } from '../packages/conformance/src/judge/evaluate.ts';
import type { ScenarioRun } from '../packages/conformance/src/model/scenario-run.ts';
import { REQUIREMENTS } from '../packages/conformance/src/requirements/requirements.ts';
import { builtinSubject } from '../packages/conformance/src/subjects/builtin.ts';

const MiB = 1024 * 1024;
const args = process.argv.slice(2);
const list = (flag: string, dflt: number[]): number[] => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1]!.split(',').map(Number) : dflt;
};

/** Grows the template's stream to `records` log records (at least the template's own). */
function withRecords(template: ScenarioRun, records: number): ScenarioRun {
  const run = structuredClone(template);
  const logs = run.capture.logs;
  const extra = Math.max(0, records - logs.length);
  const deltaAt = logs.findIndex(
    (l) => l.attributes['event.kind']?.stringValue === 'response.output_text.delta',
  );
  if (deltaAt < 0) throw new Error('judge-scale: the template run has no response.output_text.delta record');
  const delta = logs[deltaAt]!;
  const clones = Array.from({ length: extra }, () => structuredClone(delta));
  logs.splice(deltaAt + 1, 0, ...clones);
  logs.forEach((l, i) => {
    l.seq = i;
  });
  const frames = run.model[0]!.frames;
  const frameAt = frames.findIndex((f) => f.type === 'response.output_text.delta');
  frames.splice(frameAt + 1, 0, ...Array.from({ length: extra }, () => ({ ...frames[frameAt]! })));
  return run;
}

/** `count` copies of the template, each with its own conversation.id. */
function manyRuns(template: ScenarioRun, count: number): ScenarioRun[] {
  return Array.from({ length: count }, (_, i) => {
    const run = structuredClone(template);
    const id = randomUUID();
    for (const l of run.capture.logs)
      if (l.attributes['conversation.id']) l.attributes['conversation.id'] = { stringValue: id };
    run.scenario = { ...run.scenario, id: `${run.scenario.id}-${i}` };
    return run;
  });
}

interface Timing {
  /** evaluate + scenarioResults + collectExtras, as certify judges. */
  ms: number;
  /** CPU time (user + system) of the same: steadier than the wall time on a loaded machine. */
  cpuMs: number;
  evaluateMs: number;
  resultsMs: number;
  extrasMs: number;
  verdicts: string;
}

/** Judges `runs` as certify does; returns the wall times in ms and the MUST tally. */
function judge(runs: ScenarioRun[]): Timing {
  const capabilities = builtinSubject().spec.capabilities;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { results } = evaluate(REQUIREMENTS, runs, { level: 'core', capabilities, suppressions: [] });
  const t1 = performance.now();
  scenarioResults(runs, results);
  const t2 = performance.now();
  collectExtras(runs);
  const t3 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const count = (v: string) => results.filter((r) => r.strength === 'MUST' && r.verdict === v).length;
  return {
    ms: t3 - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    evaluateMs: t1 - t0,
    resultsMs: t2 - t1,
    extrasMs: t3 - t2,
    verdicts: `${count('pass')}/${count('fail')}/${count('skip')}`,
  };
}

interface ChildFigures {
  shape: 'records' | 'runs';
  size: number;
  records: number;
  runs: number;
  firstMs: number;
  bestMs: number;
  /** The least CPU ms (user + system) of the three. */
  bestCpuMs: number;
  /** The parts of the best: evaluate / scenarioResults / collectExtras. */
  bestParts: string;
  rssBeforeMiB: number;
  peakRssMiB: number;
  mustPassFailSkip: string;
}

if (args[0] === '--child') {
  const [, templateFile, shape, sizeText] = args;
  const template = JSON.parse(readFileSync(templateFile!, 'utf8')) as ScenarioRun;
  const size = Number(sizeText);
  const runs = shape === 'records' ? [withRecords(template, size)] : manyRuns(template, size);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rssBefore = process.memoryUsage().rss;
  const first = judge(runs);
  let best = first;
  let bestCpu = first.cpuMs;
  for (let i = 0; i < 2; i++) {
    gc?.();
    const t = judge(runs);
    if (t.ms < best.ms) best = t;
    bestCpu = Math.min(bestCpu, t.cpuMs);
  }
  const r1 = (ms: number) => Math.round(ms * 10) / 10;
  const figures: ChildFigures = {
    shape: shape as 'records' | 'runs',
    size,
    records: runs.reduce((n, r) => n + r.capture.logs.length, 0),
    runs: runs.length,
    firstMs: r1(first.ms),
    bestMs: r1(best.ms),
    bestCpuMs: r1(bestCpu),
    bestParts: `${r1(best.evaluateMs)} / ${r1(best.resultsMs)} / ${r1(best.extrasMs)}`,
    rssBeforeMiB: Math.round(rssBefore / MiB),
    peakRssMiB: Math.round((process.resourceUsage().maxRSS * 1024) / MiB),
    mustPassFailSkip: first.verdicts,
  };
  console.log(JSON.stringify(figures));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'agentotel-judge-scale-'));
  const file = join(dir, 'template.json');
  let template: ScenarioRun;
  if (args.includes('--template')) {
    // a run saved by an earlier invocation (--save-template), to compare trees on the same data
    template = JSON.parse(readFileSync(args[args.indexOf('--template') + 1]!, 'utf8')) as ScenarioRun;
  } else {
    const { certify } = await import('../packages/conformance/src/certify.ts');
    const { runs } = await certify({ subject: 'builtin', only: ['plain-answer'] });
    template = runs[0]!;
    if (template.state !== 'ran') throw new Error(`judge-scale: the template run ${template.state}`);
  }
  writeFileSync(file, JSON.stringify(template));
  if (args.includes('--save-template'))
    writeFileSync(args[args.indexOf('--save-template') + 1]!, JSON.stringify(template));
  const rows: ChildFigures[] = [];
  const plan: ['records' | 'runs', number][] = [
    ...list('--records', [172, 750, 1500, 3000, 6000, 12000]).map(
      (n) => ['records', n] as ['records', number],
    ),
    ...list('--runs', [24, 96, 375, 750, 1500]).map((n) => ['runs', n] as ['runs', number]),
  ];
  try {
    for (const [shape, size] of plan) {
      const child = spawnSync(
        process.execPath,
        [
          '--expose-gc',
          '--conditions=@agentotel/source',
          import.meta.filename,
          '--child',
          file,
          shape,
          String(size),
        ],
        { encoding: 'utf8', maxBuffer: 16 * MiB },
      );
      if (child.status !== 0) throw new Error(`judge-scale child ${shape} ${size} failed: ${child.stderr}`);
      rows.push(JSON.parse(child.stdout.trim().split('\n').pop()!) as ChildFigures);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `judge-scale: template plain-answer, ${template.capture.logs.length} records; judging = evaluate + scenarioResults + collectExtras (bestParts, ms), level core; first = cold, best of 3`,
  );
  console.table(
    rows.map((r) => ({
      ...r,
      'µs/record (best)': Math.round(((r.bestMs * 1000) / r.records) * 10) / 10,
      'ms/run (best)': Math.round((r.bestMs / r.runs) * 100) / 100,
    })),
  );
  console.log('targets: 6,000 records in ≤ 250 ms and ≤ 200 MiB peak; ms/run flat up to 1,500 runs');
}
