/**
 * Certification at scale: the scale scenarios (a long stream of N delta events, a long conversation of
 * N tool calls) run against an agent and judged by every requirement that applies, at growing sizes.
 * Prints, per size: the records captured, delivery completeness (expected records that arrived, lost
 * ones), the requirements that failed, the agent's run time, the judging time, and the peak RSS of the
 * certifying process (each size runs in a child process of its own). Asserts nothing.
 *
 * Run: node --conditions=@agentotel/source bench/certify-scale.ts [--stream 1000,3000,6000] [--conversation 10,30] [--subject builtin|codex|claude-code|gemini-cli]
 * `codex` is $AGENTOTEL_CODEX_BIN, else ~/.cache/agentotel/codex-0.169.0/node_modules/.bin/codex; the
 * vendor profiles' CLIs are found as `certify` finds them ($AGENTOTEL_CLAUDE_CODE_BIN,
 * $AGENTOTEL_GEMINI_CLI_BIN, else the copies `.ci/run` installs). Each subject gets the scenarios in its
 * profile's model API and is judged by its profile's requirements (`requirementsFor`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSubject } from '../packages/conformance/src/certify.ts';
import { deliveryOf, notEmittedElsewhere } from '../packages/conformance/src/checks/delivery.ts';
import { CANARY, profileNamed, requirementsFor } from '../packages/conformance/src/index.ts';
import { evaluate } from '../packages/conformance/src/judge/evaluate.ts';
import { embeddedBackend } from '../packages/conformance/src/runner/capture-backend.ts';
import { runScenario } from '../packages/conformance/src/runner/run-scenario.ts';
import { longConversationScenario, longStreamScenario } from '../packages/conformance/src/scenarios/scale.ts';
import { generateTestCertificates, writeTestCertificates } from '../packages/test-support/src/index.ts';

const MiB = 1024 * 1024;
const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const list = (name: string, dflt: number[]) => flag(name)?.split(',').map(Number) ?? dflt;
const subjectName = flag('--subject') ?? 'builtin';
const codexBin =
  process.env.AGENTOTEL_CODEX_BIN ??
  join(homedir(), '.cache/agentotel/codex-0.169.0/node_modules/.bin/codex');
/** The suite's prompt convention: the title, an astral code point, an accent and the canary. */
const prompt = (title: string) => `${title} 🚀 café ${CANARY}`;

interface Figures {
  scenario: string;
  size: number;
  state: string;
  exit: number | null;
  records: number;
  delivered: string;
  lost: string;
  failed: string;
  runMs: number;
  judgeMs: number;
  totalMs: number;
  peakRssMiB: number;
}

if (args[0] === '--child') {
  const [, kind, sizeText] = args;
  const size = Number(sizeText);
  const scenario =
    kind === 'stream' ? longStreamScenario(prompt, size) : longConversationScenario(prompt, size);
  const t0 = performance.now();
  const subject = await resolveSubject(subjectName, subjectName === 'codex' ? codexBin : undefined);
  const certDir = await mkdtemp(join(tmpdir(), 'agentotel-scale-certs-'));
  try {
    const pem = await generateTestCertificates();
    const files = await writeTestCertificates(pem, certDir);
    const run = await runScenario(scenario, subject, {
      backend: embeddedBackend,
      certificates: { pem, files },
      environment: 'agentotel-conformance',
    });
    const t1 = performance.now();
    const requirements = requirementsFor(profileNamed(subject.spec.profile)).filter((r) =>
      r.appliesTo(scenario),
    );
    const { results } = evaluate(requirements, [run], {
      level: 'core',
      capabilities: subject.spec.capabilities,
      suppressions: [],
    });
    const t2 = performance.now();
    const d = deliveryOf(run);
    const figures: Figures = {
      scenario: scenario.id,
      size,
      state: run.state,
      exit: run.exit.code,
      records: run.capture.logs.length,
      delivered: `${d.arrived.length}/${d.expected.length}`,
      // the missing tail, less what the run shows is never emitted (the same kind missing mid-run)
      lost: (() => {
        const never = new Set(notEmittedElsewhere(run, [run]).map((x) => x.record));
        const lost = d.lost.filter((e) => !never.has(e));
        const head = lost.length ? `${lost.length} (first: ${lost[0]!.label})` : '0';
        return never.size ? `${head}; ${never.size} never emitted` : head;
      })(),
      failed:
        results
          .filter((r) => r.verdict === 'fail')
          .map((r) => r.id)
          .join(', ') || '—',
      runMs: Math.round(run.exit.durationMs),
      judgeMs: Math.round(t2 - t1),
      totalMs: Math.round(t2 - t0),
      peakRssMiB: Math.round((process.resourceUsage().maxRSS * 1024) / MiB),
    };
    if (run.state !== 'ran') console.error(run.reason);
    console.log(JSON.stringify(figures));
  } finally {
    await rm(certDir, { recursive: true, force: true });
  }
} else {
  const plan: [string, number][] = [
    ...list('--stream', [1000, 3000, 6000]).map((n): [string, number] => ['stream', n]),
    ...list('--conversation', [10, 30]).map((n): [string, number] => ['conversation', n]),
  ];
  const rows: Figures[] = [];
  for (const [kind, size] of plan) {
    const child = spawnSync(
      process.execPath,
      ['--conditions=@agentotel/source', import.meta.filename, '--child', kind, String(size), ...args],
      { encoding: 'utf8', maxBuffer: 64 * MiB },
    );
    const line = child.stdout.trim().split('\n').pop();
    if (child.status !== 0 || !line?.startsWith('{'))
      throw new Error(`certify-scale child ${kind} ${size} failed: ${child.stderr}`);
    rows.push(JSON.parse(line) as Figures);
  }
  console.log(
    `certify-scale: ${subjectName}; the scale scenarios judged by every requirement that applies (level core); one process per size`,
  );
  console.table(rows);
}
