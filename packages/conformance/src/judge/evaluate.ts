import { textValue } from '../capture/any-value.ts';
import { findEvent } from '../catalog/catalog.ts';
import type { Level } from '../catalog/model.ts';
import { deliveryOf, deliverySummary, lostEventsOf } from '../checks/delivery.ts';
import { collectExtras } from '../checks/extras.ts';
import { catalogLogs, catalogNameOf, fact } from '../checks/helpers.ts';
import type {
  Finding,
  RequirementResult,
  ScenarioResult,
  Tally,
  TimelineEntry,
} from '../model/report-model.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { mappingFor } from '../profiles/catalogs.ts';
import type { CheckContext, Judgement, Requirement } from '../requirements/model.ts';
import { deliveryRequirementId } from '../requirements/requirements.ts';
import type { SubjectCapabilities } from '../subjects/subject-spec.ts';
import { covers, type Suppression } from '../suppressions/suppressions.ts';
import { stderrTail, subjectErrorOf } from './subject-errors.ts';

/** Whether a run that should have exported captured nothing of the catalog (flush/delivery judge that). */
function nothingCaptured(run: ScenarioRun): boolean {
  return run.state === 'ran' && catalogLogs(run).length === 0;
}

function judge(req: Requirement, run: ScenarioRun, ctx: CheckContext): Judgement {
  if (run.state === 'skipped') return { verdict: 'skip', reason: run.reason ?? 'scenario skipped' };
  if (run.state === 'error') return { verdict: 'skip', reason: 'the scenario could not run (see errors)' };
  const subjectError = subjectErrorOf(run);
  if (subjectError)
    return {
      verdict: 'skip',
      reason: `not judged: the subject ${subjectError.kind} (${subjectError.message.split('\n')[0]}); an error of the subject, not of its telemetry`,
    };
  if (req.needsRequestFacts && !run.requestsObservable)
    return {
      verdict: 'skip',
      undecided: true,
      reason: `per-request facts (transport, content type, headers, TLS) were not observable on the capture path of this scenario (${run.captureVia.path}: ${run.captureVia.reason})`,
    };
  if (req.needsTelemetry !== false && nothingCaptured(run))
    return {
      verdict: 'skip',
      reason: 'no catalog event captured in this scenario; judged by FLUSH-ON-EXIT-* / delivery requirements',
    };
  const deliveryReq = deliveryRequirementId(run.scenario);
  if (req.judgesPresenceOf && deliveryReq) {
    const d = deliveryOf(run);
    const lost = d.complete ? d.lostEvents : lostEventsOf(run, ctx.runs);
    if (req.judgesPresenceOf.some((e) => lost.has(e)))
      return {
        verdict: 'skip',
        reason: `delivery incomplete: judged by ${deliveryReq}`,
        evidence: [fact('delivery', deliverySummary(d))],
      };
  }
  try {
    return req.check(run, ctx);
  } catch (err) {
    return { verdict: 'fail', reason: `check crashed: ${(err as Error).message}` };
  }
}

/** Options of {@link evaluate} and {@link startJudging}. */
export interface EvaluateOptions {
  level: Level;
  capabilities: SubjectCapabilities;
  suppressions: Suppression[];
}

/** What {@link evaluate} returns: the results in requirement order, and the suppressions used or not. */
export interface Evaluation {
  results: RequirementResult[];
  applied: Suppression[];
  stale: Suppression[];
}

/**
 * Judging that starts before the last run is collected: {@link Judging.add} judges one run against every
 * requirement as soon as it is collected (while the other agents still run), and {@link Judging.finish}
 * judges what needs every run, then assembles the results exactly as {@link evaluate} would.
 */
export interface Judging {
  /** Judges `run`, the `index`-th of the runs that {@link Judging.finish} will receive. */
  add(run: ScenarioRun, index: number): void;
  /** Judges the cross-run checks over all `runs` (in the same order as the indexes given to `add`). */
  finish(runs: readonly ScenarioRun[]): Evaluation;
}

/**
 * Starts an incremental judging (see {@link Judging}). A judgement whose check read
 * {@link CheckContext.runs} while runs were still missing (a cross-run check such as
 * `CONVERSATION-ID-UNIQUE`, or the flush evidence that looks at other scenarios) is thrown away and
 * judged again in `finish` over every run, so the verdicts are those of judging all runs at the end.
 */
export function startJudging(requirements: readonly Requirement[], opts: EvaluateOptions): Judging {
  const active = requirements.filter((r) => !r.levels || r.levels.includes(opts.level));
  /** Per active requirement, the judgement of each run index (undefined: not applicable or deferred). */
  const judged = active.map(() => new Map<number, Judgement>());
  const partial: ScenarioRun[] = [];
  let readRuns = false;
  const earlyCtx: CheckContext = {
    level: opts.level,
    capabilities: opts.capabilities,
    get runs() {
      readRuns = true;
      return partial;
    },
  };
  return {
    add(run, index) {
      partial.push(run);
      active.forEach((req, k) => {
        if (!req.appliesTo(run.scenario)) return;
        readRuns = false;
        const j = judge(req, run, earlyCtx);
        if (!readRuns) judged[k]!.set(index, j);
      });
    },
    finish(runs) {
      const ctx: CheckContext = { level: opts.level, capabilities: opts.capabilities, runs };
      const used = new Set<Suppression>();
      const results: RequirementResult[] = [];
      active.forEach((req, k) => {
        const findings: Finding[] = [];
        runs.forEach((run, i) => {
          if (!req.appliesTo(run.scenario)) return;
          const j = judged[k]!.get(i) ?? judge(req, run, ctx);
          const vendorSource = mappingFor(run.profile).sources?.[req.id];
          const f: Finding = {
            scenario: run.scenario.id,
            verdict: j.verdict,
            reason: j.reason,
            evidence:
              j.verdict === 'fail' && vendorSource
                ? [...(j.evidence ?? []), fact('vendor document', vendorSource)]
                : (j.evidence ?? []),
          };
          if (j.verdict === 'skip' && j.undecided) f.undecided = true;
          if (j.verdict === 'fail') {
            const s = opts.suppressions.find((x) => covers(x, req.id, run.scenario.id));
            if (s) {
              used.add(s);
              f.verdict = 'suppressed';
              f.suppressedBecause = s.reason;
            }
          }
          findings.push(f);
        });
        const has = (v: Finding['verdict']) => findings.some((f) => f.verdict === v);
        const verdict = has('fail')
          ? 'fail'
          : has('suppressed')
            ? 'suppressed'
            : has('pass')
              ? 'pass'
              : 'skip';
        const result: RequirementResult = {
          id: req.id,
          strength: req.strength,
          text: req.text,
          source: vendorSourceOf(req.id, runs) ?? req.source,
          area: req.area,
          verdict,
          findings,
        };
        if (verdict !== 'fail' && findings.some((f) => f.undecided)) result.undecided = true;
        results.push(result);
      });
      const stale = opts.suppressions.filter((s) => !used.has(s));
      return { results, applied: [...used], stale };
    },
  };
}

/**
 * The vendor's own source for a shared requirement ({@link RequirementMapping.sources}) when every run
 * is of one profile that gives one; otherwise undefined (the requirement's own source stands).
 */
function vendorSourceOf(id: string, runs: readonly ScenarioRun[]): string | undefined {
  const profiles = new Set(runs.map((r) => r.profile));
  if (profiles.size !== 1) return undefined;
  return mappingFor(runs[0]!.profile).sources?.[id];
}

/** Evaluates requirements over runs, applying suppressions (all at once; see {@link startJudging}). */
export function evaluate(
  requirements: readonly Requirement[],
  runs: readonly ScenarioRun[],
  opts: EvaluateOptions,
): Evaluation {
  return startJudging(requirements, opts).finish(runs);
}

/**
 * MUST findings the capture could not decide (see {@link Judgement.undecided}), one line each: any of
 * them makes the certification fail, so a MUST is never passed over silently.
 */
export function undecidedMusts(results: readonly RequirementResult[]): string[] {
  return results
    .filter((r) => r.strength === 'MUST' && r.verdict !== 'fail')
    .flatMap((r) =>
      r.findings
        .filter((f) => f.undecided)
        .map((f) => `${r.id} on ${f.scenario} could not be decided: ${f.reason}`),
    );
}

/** Counts verdicts of requirements of one strength. */
export function tally(results: readonly RequirementResult[], strength: 'MUST' | 'SHOULD'): Tally {
  const t: Tally = { pass: 0, fail: 0, skip: 0, suppressed: 0 };
  for (const r of results) if (r.strength === strength) t[r.verdict]++;
  return t;
}

const SUMMARY_KEYS = [
  'attempt',
  'http.response.status_code',
  'event.kind',
  'decision',
  'source',
  'tool_name',
  'success',
  'prompt_length',
  'error.message',
];

/** A scenario's timeline: every captured record at its offset from the process start. */
export function timeline(run: ScenarioRun): TimelineEntry[] {
  return run.capture.logs.map((l) => {
    const ts = Date.parse(textValue(l.attributes['event.timestamp']) ?? '');
    const at = Number.isNaN(ts) ? l.receivedAtMs : ts;
    const name = catalogNameOf(run, l) ?? '(unnamed)';
    const summary = SUMMARY_KEYS.filter((k) => l.attributes[k] !== undefined)
      .map((k) => `${k}=${textValue(l.attributes[k])}`)
      .join(' ');
    return {
      atMs: at - run.startedAtMs,
      name,
      summary,
      inCatalog: !!findEvent(name, run.profile),
      seq: l.seq,
    };
  });
}

/**
 * Marks the timeline entries that failing evidence cites: an evidence label `name #seq` (as
 * `recordEvidence` writes it) of a failed finding on this scenario names the record.
 */
export function markOffending(
  entries: TimelineEntry[],
  scenario: string,
  results: readonly RequirementResult[],
): TimelineEntry[] {
  const cited = new Map<number, string[]>();
  for (const r of results)
    for (const f of r.findings)
      if (f.scenario === scenario && f.verdict === 'fail')
        for (const e of f.evidence) {
          const m = /#(\d+)$/.exec(e.label);
          if (m) cited.set(Number(m[1]), [...new Set([...(cited.get(Number(m[1])) ?? []), r.id])]);
        }
  return entries.map((t) => {
    const ids = t.seq === undefined ? undefined : cited.get(t.seq);
    return ids ? { ...t, offending: ids } : t;
  });
}

/** Summarises runs for reports. */
export function scenarioResults(
  runs: readonly ScenarioRun[],
  results: readonly RequirementResult[],
): ScenarioResult[] {
  // per scenario, the results (in order) narrowed to their failed findings on it: one pass over the
  // findings instead of one per run, so summarising stays linear in runs
  const failing = new Map<string, RequirementResult[]>();
  for (const r of results)
    for (const f of r.findings) {
      if (f.verdict !== 'fail') continue;
      const list = failing.get(f.scenario) ?? [];
      const last = list.at(-1);
      if (last?.id === r.id) last.findings.push(f);
      else list.push({ ...r, findings: [f] });
      failing.set(f.scenario, list);
    }
  return runs.map((run) => {
    const mine = failing.get(run.scenario.id) ?? [];
    const s: ScenarioResult = {
      id: run.scenario.id,
      title: run.scenario.title,
      state: run.state,
      exitCode: run.exit.code,
      durationMs: run.exit.durationMs,
      command: run.command,
      modelRequests: run.model.map((m) => `${m.served} ${m.status}`),
      otlpRequests: run.otlpRequests.length,
      logRecords: run.capture.logs.length,
      metricPoints: run.capture.metrics.length,
      timeline: markOffending(timeline(run), run.scenario.id, mine),
      capture: run.captureVia,
      stderrTail: stderrTail(run.stderr),
      failed: mine.map((r) => r.id),
    };
    if (run.reason) s.reason = run.reason;
    return s;
  });
}

export { collectExtras };
