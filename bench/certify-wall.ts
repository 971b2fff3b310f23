/**
 * Wall time of a full certification of the builtin agent against its critical-path floor, and against
 * certifying the real Codex CLI in the same run. Prints figures; asserts nothing.
 *
 * The floor of one certification is computed from its own runs: with `c` scenarios at once, no
 * schedule finishes before `max(longest run, sum of runs / c)` (the lower bound of longest-processing-
 * time scheduling), where a run is the agent process's wall time. The rest (mock servers, receivers,
 * temporary homes, judging, reports) is the harness's cost on top.
 *
 * Targets (issue 14): builtin wall ≤ 1.15× its floor, and ≤ 1.0× the Codex CLI's wall in the same run.
 * Rounds interleave builtin and Codex so both see the same load.
 *
 * Run: node --conditions=@agentotel/source bench/certify-wall.ts [rounds] [--concurrency N] [--builtin dist|source]
 * The builtin agent runs as its built CLI (`dist`, built first, as `pnpm certify` runs it) or from its
 * TypeScript sources (`source`, as the tests run it).
 * The Codex CLI is $AGENTOTEL_CODEX_BIN, else ~/.cache/agentotel/codex-0.169.0/node_modules/.bin/codex
 * (where .ci/run installs it); without it, only the builtin agent is measured.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, homedir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { certify } from '../packages/conformance/src/certify.ts';
import { execStyleSpec, type ResolvedSubject, SubjectSpecSchema } from '../packages/conformance/src/index.ts';

const args = process.argv.slice(2);
const ROUNDS = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--concurrency') ?? 2);
const CONCURRENCY = args.includes('--concurrency')
  ? Number(args[args.indexOf('--concurrency') + 1])
  : availableParallelism() + 2;
const codexBin =
  process.env.AGENTOTEL_CODEX_BIN ??
  join(homedir(), '.cache/agentotel/codex-0.169.0/node_modules/.bin/codex');
const ROOT = resolve(import.meta.dirname, '..');
/** `dist` (default): the built CLI, as `pnpm certify` runs it; `source`: the TypeScript sources. */
const BUILTIN = args.includes('--builtin') ? args[args.indexOf('--builtin') + 1] : 'dist';
if (BUILTIN !== 'dist' && BUILTIN !== 'source') throw new Error('--builtin must be dist or source');

/** The builtin subject: its built CLI (built first by turbo, a cache hit when unchanged), or 'builtin'. */
function builtinSubject(): ResolvedSubject | 'builtin' {
  if (BUILTIN === 'source') return 'builtin';
  const built = spawnSync(
    resolve(ROOT, 'node_modules/.bin/turbo'),
    ['run', 'build', '--filter=@agentotel/exec...', '--output-logs=errors-only'],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (built.status !== 0) throw new Error('building @agentotel/exec failed (try: pnpm build)');
  const main = resolve(ROOT, 'packages/exec/dist/cli/main.js');
  const spec = SubjectSpecSchema.parse({
    ...execStyleSpec('agentotel-exec', [process.execPath, main]),
    version: '0.1.0 (dist)',
  });
  return { spec, baseDir: ROOT };
}
const builtin = builtinSubject();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Row {
  round: number;
  subject: string;
  wallMs: number;
  ran: number;
  /** Sum of the agent processes' wall times. */
  sumRunsMs: number;
  longestRun: string;
  /** max(longest run, sum of runs / concurrency). */
  floorMs: number;
  'wall/floor': number;
  /** From the start to the last scenario done, and from there to the report (judging). */
  'scenarios+judgeMs': string;
  /** Median per scenario: its slot in the pool minus its agent process (mock, receivers, home, collect). */
  harnessMsPerScenario: number;
  /** The scenarios' phase against max(longest slot, sum of slots / concurrency): the schedule alone. */
  'scenarios/slotFloor': number;
  /**
   * CPU time (user + system) of this process during the certification: mock servers, receivers,
   * temporary homes, collection, judging, reports; not the agents'. Barely moved by the machine's load.
   */
  harnessCpuMs: number;
  must: string;
}

async function measure(round: number, subject: 'builtin' | 'codex'): Promise<Row> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const startedAt = new Map<string, number>();
  const slots = new Map<string, number>();
  let lastDone = 0;
  const { report, runs } = await certify({
    subject: subject === 'builtin' ? builtin : 'codex',
    concurrency: CONCURRENCY,
    ...(subject === 'codex' ? { codexBin } : {}),
    onProgress: (e) => {
      const now = performance.now();
      if (e.kind === 'scenario-start') startedAt.set(e.id, now);
      if (e.kind === 'scenario-done') {
        slots.set(e.id, now - (startedAt.get(e.id) ?? now));
        lastDone = now;
      }
    },
  });
  const wallMs = Math.round(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  const ran = runs.filter((r) => r.state === 'ran');
  const durations = ran.map((r) => r.exit.durationMs);
  const sum = durations.reduce((a, b) => a + b, 0);
  const longest = ran.reduce((a, b) => (b.exit.durationMs > a.exit.durationMs ? b : a), ran[0]!);
  const floorMs = Math.round(Math.max(longest.exit.durationMs, sum / CONCURRENCY));
  const slotList = [...slots.values()];
  const slotFloor = Math.max(...slotList, slotList.reduce((a, b) => a + b, 0) / CONCURRENCY);
  const scenariosMs = Math.round(lastDone - t0);
  const m = report.summary.must;
  return {
    round,
    subject: `${report.subject.name}${report.subject.version ? ` ${report.subject.version}` : ''}`,
    wallMs,
    ran: ran.length,
    sumRunsMs: sum,
    longestRun: `${longest.scenario.id} ${longest.exit.durationMs} ms`,
    floorMs,
    'wall/floor': Math.round((wallMs / floorMs) * 100) / 100,
    'scenarios+judgeMs': `${scenariosMs} + ${wallMs - scenariosMs}`,
    harnessMsPerScenario: Math.round(
      median(ran.map((r) => (slots.get(r.scenario.id) ?? 0) - r.exit.durationMs)),
    ),
    'scenarios/slotFloor': Math.round((scenariosMs / slotFloor) * 100) / 100,
    harnessCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    must: `${m.pass}/${m.fail}/${m.skip}`,
  };
}

const withCodex = existsSync(codexBin);
if (!withCodex) console.log(`codex: skipped (no Codex CLI at ${codexBin}; set AGENTOTEL_CODEX_BIN)`);
const load = loadavg().map((x) => x.toFixed(1));
const rows: Row[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  rows.push(await measure(round, 'builtin'));
  if (withCodex) rows.push(await measure(round, 'codex'));
}
console.log(
  `certify-wall on ${availableParallelism()} cores, concurrency ${CONCURRENCY}, ${ROUNDS} round(s), builtin from ${BUILTIN}; load average at start ${load.join(' ')}, at end ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
console.table(rows);
const builtinRows = rows.filter((r) => r.subject.startsWith('agentotel-exec'));
const codex = rows.filter((r) => !r.subject.startsWith('agentotel-exec'));
const ratios = builtinRows.map((r) => r['wall/floor']);
console.log(
  `builtin wall/floor: min ${Math.min(...ratios)} / median ${Math.round(median(ratios) * 100) / 100} (target ≤ 1.15); wall min/median ${Math.min(...builtinRows.map((r) => r.wallMs))}/${median(builtinRows.map((r) => r.wallMs))} ms`,
);
if (codex.length) {
  const pairs = builtinRows.map((b, i) => Math.round((b.wallMs / codex[i]!.wallMs) * 100) / 100);
  console.log(
    `builtin wall / Codex CLI wall, per round: ${pairs.join(', ')} (target ≤ 1.0); Codex wall min/median ${Math.min(...codex.map((r) => r.wallMs))}/${median(codex.map((r) => r.wallMs))} ms`,
  );
}
