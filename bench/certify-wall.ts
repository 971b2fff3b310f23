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
 * Run: node --conditions=@agentotel/source bench/certify-wall.ts [rounds] [--concurrency N]
 * The Codex CLI is $AGENTOTEL_CODEX_BIN, else ~/.cache/agentotel/codex-0.169.0/node_modules/.bin/codex
 * (where .ci/run installs it); without it, only the builtin agent is measured.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, homedir, loadavg } from 'node:os';
import { join } from 'node:path';
import { certify } from '../packages/conformance/src/certify.ts';

const args = process.argv.slice(2);
const ROUNDS = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--concurrency') ?? 2);
const CONCURRENCY = args.includes('--concurrency')
  ? Number(args[args.indexOf('--concurrency') + 1])
  : availableParallelism() + 2;
const codexBin =
  process.env.AGENTOTEL_CODEX_BIN ??
  join(homedir(), '.cache/agentotel/codex-0.169.0/node_modules/.bin/codex');

interface Row {
  round: number;
  subject: string;
  wallMs: number;
  ran: number;
  /** Sum of the agent processes' wall times. */
  sumRunsMs: number;
  longestRun: string;
  floorMs: number;
  'wall/floor': number;
  must: string;
}

async function measure(round: number, subject: 'builtin' | 'codex'): Promise<Row> {
  const t0 = performance.now();
  const { report, runs } = await certify({
    subject,
    concurrency: CONCURRENCY,
    ...(subject === 'codex' ? { codexBin } : {}),
  });
  const wallMs = Math.round(performance.now() - t0);
  const ran = runs.filter((r) => r.state === 'ran');
  const durations = ran.map((r) => r.exit.durationMs);
  const sum = durations.reduce((a, b) => a + b, 0);
  const longest = ran.reduce((a, b) => (b.exit.durationMs > a.exit.durationMs ? b : a), ran[0]!);
  const floorMs = Math.round(Math.max(longest.exit.durationMs, sum / CONCURRENCY));
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
    must: `${m.pass}/${m.fail}/${m.skip}`,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const withCodex = existsSync(codexBin);
if (!withCodex) console.log(`codex: skipped (no Codex CLI at ${codexBin}; set AGENTOTEL_CODEX_BIN)`);
const load = loadavg().map((x) => x.toFixed(1));
const rows: Row[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  rows.push(await measure(round, 'builtin'));
  if (withCodex) rows.push(await measure(round, 'codex'));
}
console.log(
  `certify-wall on ${availableParallelism()} cores, concurrency ${CONCURRENCY}, ${ROUNDS} round(s); load average at start ${load.join(' ')}, at end ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
console.table(rows);
const builtin = rows.filter((r) => r.subject.startsWith('agentotel-exec'));
const codex = rows.filter((r) => !r.subject.startsWith('agentotel-exec'));
const ratios = builtin.map((r) => r['wall/floor']);
console.log(
  `builtin wall/floor: min ${Math.min(...ratios)} / median ${median(ratios)} (target ≤ 1.15); wall min/median ${Math.min(...builtin.map((r) => r.wallMs))}/${median(builtin.map((r) => r.wallMs))} ms`,
);
if (codex.length) {
  const pairs = builtin.map((b, i) => Math.round((b.wallMs / codex[i]!.wallMs) * 100) / 100);
  console.log(
    `builtin wall / Codex CLI wall, per round: ${pairs.join(', ')} (target ≤ 1.0); Codex wall min/median ${Math.min(...codex.map((r) => r.wallMs))}/${median(codex.map((r) => r.wallMs))} ms`,
  );
}
