import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CollectorLauncher,
  generateTestCertificates,
  writeTestCertificates,
} from '@agentotel/test-support';
import type { Level } from './catalog/model.ts';
import { collectExtras, scenarioResults, startJudging, tally, undecidedMusts } from './judge/evaluate.ts';
import { plantedSecrets, redactDeep, subjectSecrets } from './judge/redact.ts';
import { subjectErrorOf } from './judge/subject-errors.ts';
import { capabilityClaims, exitCodeOf, verdictOf } from './judge/verdict.ts';
import { type CertificationReport, REPORT_FORMAT_VERSION, type SubjectError } from './model/report-model.ts';
import type { ScenarioRun } from './model/scenario-run.ts';
import { PROFILE_NAMES } from './profiles/names.ts';
import { profileNamed } from './profiles/registry.ts';
import { requirementsFor } from './requirements/requirements.ts';
import { type CaptureBackend, embeddedBackend } from './runner/capture-backend.ts';
import { installInterruptCleanup, trackTempDir } from './runner/cleanup.ts';
import { expectedScenarioMs, mapLimit } from './runner/pool.ts';
import { type ResolvedSubject, runScenario } from './runner/run-scenario.ts';
import { SCENARIOS } from './scenarios/catalog.ts';
import type { Scenario } from './scenarios/model.ts';
import { builtinSubject } from './subjects/builtin.ts';
import { codexSubject } from './subjects/codex.ts';
import { loadSubjectFile } from './subjects/generic.ts';
import { loadSuppressions, type Suppression } from './suppressions/suppressions.ts';
import { VERSION } from './version.ts';

/** Progress events while a certification runs. */
export type ProgressEvent =
  | { kind: 'start'; subject: string; scenarios: number }
  | { kind: 'scenario-start'; id: string }
  | {
      kind: 'scenario-done';
      id: string;
      state: ScenarioRun['state'];
      durationMs: number;
      done: number;
      total: number;
    };

/** Options of {@link certify}; every field is optional. */
export interface CertifyOptions {
  /** `builtin`, `codex`, a subject.yaml path, or a resolved subject. @defaultValue `'builtin'` */
  subject?: string | ResolvedSubject;
  /** @defaultValue `'core'` */
  level?: Level;
  /**
   * Capture through the real OpenTelemetry Collector instead of the embedded receiver. Scenarios whose
   * requirements are decided by per-request facts (transport, headers, TLS) still use the embedded
   * receiver; every report says which path each scenario took. @defaultValue false
   */
  collector?: boolean;
  /** How to run the collector when `collector` is set. @defaultValue `'auto'` (docker, else the binary) */
  collectorLauncher?: CollectorLauncher;
  /** Restrict to these requirement or scenario ids. */
  only?: string[];
  /** Path of the Codex binary for the `codex` subject (else `$AGENTOTEL_CODEX_BIN`). */
  codexBin?: string;
  /** A profile's vendor binary by profile name, e.g. `{ 'claude-code': '/path/to/claude' }`. */
  bins?: Partial<Record<string, string>>;
  /** Known deviations (a YAML file path or the list). */
  suppressions?: string | Suppression[];
  /** Scenarios running at once. @defaultValue availableParallelism() + 2 */
  concurrency?: number;
  /** Show prompts and header values in reports instead of masking them. @defaultValue false */
  showSecrets?: boolean;
  /** `[otel].environment` configured for every run. @defaultValue `'agentotel-conformance'` */
  environment?: string;
  onProgress?: (e: ProgressEvent) => void;
}

/** The report plus the raw runs (for tests and custom reporters). */
export interface CertifyResult {
  report: CertificationReport;
  runs: ScenarioRun[];
  /** 0 certified or partial, 1 not certified, 3 the subject (or the harness) errored. */
  exitCode: number;
}

/**
 * Resolves `builtin`, a profile's pinned vendor agent (`codex`, `claude-code`, `gemini-cli`: the
 * profile's `subject()`), or a subject.yaml path into a subject. `bins` gives a profile's binary
 * (`--codex-bin`, …); `codexBin` is the older spelling of `bins.codex`.
 */
export async function resolveSubject(
  subject: string | ResolvedSubject | undefined,
  codexBin?: string,
  bins: Partial<Record<string, string>> = {},
): Promise<ResolvedSubject> {
  if (subject === undefined || subject === 'builtin') return builtinSubject();
  if (typeof subject !== 'string') return subject;
  if (subject === 'codex') return codexSubject(codexBin ?? bins.codex);
  if ((PROFILE_NAMES as readonly string[]).includes(subject)) {
    const profile = profileNamed(subject);
    const bin = bins[subject];
    if (profile.subject) return profile.subject(bin ? { bin } : {});
  }
  return loadSubjectFile(subject);
}

async function collectorBackend(launcher: CollectorLauncher): Promise<CaptureBackend> {
  const mod = await import('./runner/collector-backend.ts');
  return mod.collectorBackend(launcher);
}

/**
 * Certifies an agent: runs the scenarios (in parallel, each with its own mock model server, receiver and
 * temporary home), judges every requirement of the level, and returns the report. Exit code 0 only when
 * every MUST passes (known deviations aside), none was left undecided by the capture, and nothing errored.
 *
 * @throws CodexNotFoundError / SubjectFileError / SuppressionsError for bad inputs.
 * @example const { exitCode, report } = await certify({ subject: 'builtin', level: 'core' })
 */
export async function certify(options: CertifyOptions = {}): Promise<CertifyResult> {
  const started = Date.now();
  const level = options.level ?? 'core';
  const subject = await resolveSubject(options.subject, options.codexBin, options.bins);
  const suppressions =
    typeof options.suppressions === 'string'
      ? await loadSuppressions(options.suppressions)
      : (options.suppressions ?? []);
  const only = options.only ?? [];
  // the subject's agent family: its catalog and mapping judge the runs
  const profile = profileNamed(subject.spec.profile);
  const ALL = requirementsFor(profile);
  const requirements = only.length
    ? ALL.filter((r) => only.includes(r.id) || !ALL.some((x) => only.includes(x.id)))
    : ALL;
  const unknown = only.filter((id) => !ALL.some((r) => r.id === id) && !SCENARIOS.some((s) => s.id === id));
  if (unknown.length)
    throw new Error(`[agentotel] unknown requirement or scenario id(s): ${unknown.join(', ')}`);
  const scenarioFilter = (s: Scenario) =>
    only.length === 0 ||
    only.includes(s.id) ||
    requirements.some((r) => only.includes(r.id) && r.appliesTo(s));
  const scenarios = SCENARIOS.filter(scenarioFilter);
  const backend = options.collector
    ? await collectorBackend(options.collectorLauncher ?? 'auto')
    : embeddedBackend;
  const certDir = await mkdtemp(join(tmpdir(), 'agentotel-certs-'));
  // SIGINT/SIGTERM: kill running subjects' process groups, remove temporary folders (test keys), exit
  const untrackCertDir = trackTempDir(certDir);
  const removeInterruptCleanup = installInterruptCleanup();
  try {
    const pem = await generateTestCertificates();
    const files = await writeTestCertificates(pem, certDir);
    const res = {
      backend,
      certificates: { pem, files },
      environment: options.environment ?? 'agentotel-conformance',
      // from every requirement, not only the --only selection: a scenario's capture path is stable
      requestFactRequirements: (s: Scenario) =>
        ALL.filter((r) => r.needsRequestFacts && r.appliesTo(s)).map((r) => r.id),
    };
    options.onProgress?.({ kind: 'start', subject: subject.spec.name, scenarios: scenarios.length });
    let done = 0;
    // each run is judged as soon as it is collected, while the other agents still run; only the
    // cross-run checks wait for the last scenario
    const judging = startJudging(requirements, {
      level,
      capabilities: subject.spec.capabilities,
      suppressions,
    });
    const runs = await mapLimit(
      scenarios,
      options.concurrency ?? availableParallelism() + 2,
      async (s, index) => {
        options.onProgress?.({ kind: 'scenario-start', id: s.id });
        const run = await runScenario(s, subject, res);
        done++;
        options.onProgress?.({
          kind: 'scenario-done',
          id: s.id,
          state: run.state,
          durationMs: run.exit.durationMs,
          done,
          total: scenarios.length,
        });
        judging.add(run, index);
        return run;
      },
      { cost: expectedScenarioMs },
    ); // longest first: nearer the critical-path floor
    const { results, applied, stale } = judging.finish(runs);
    const errors = [
      ...runs.filter((r) => r.state === 'error').map((r) => `scenario ${r.scenario.id}: ${r.reason}`),
      ...stale.map(
        (s) =>
          `stale suppression: ${s.requirement}${s.scenario ? ` on ${s.scenario}` : ''} no longer fails ("${s.reason}"); remove it`,
      ),
    ];
    const must = tally(results, 'MUST');
    const undecided = undecidedMusts(results);
    const subjectErrors = runs.map(subjectErrorOf).filter((e): e is SubjectError => !!e);
    const verdict = verdictOf({
      subject: subject.spec.name,
      level,
      only,
      requirements: results,
      subjectErrors,
      errors,
      undecided,
    });
    const { document, url, version: catalogVersion } = profile.catalogSource;
    const subjectInfo = {
      name: subject.spec.name,
      ...(subject.spec.version ? { version: subject.spec.version } : {}),
      ...capabilityClaims(subject.spec.capabilities),
      profile: profile.name,
      catalog: { document, ...(url ? { url } : {}), version: catalogVersion },
    };
    let report: CertificationReport = {
      formatVersion: REPORT_FORMAT_VERSION,
      tool: { name: '@agentotel/conformance', version: VERSION },
      subject: subjectInfo,
      verdict,
      subjectErrors,
      level,
      capture: backend.name,
      only,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      scenarios: scenarioResults(runs, results),
      requirements: results,
      info: collectExtras(runs),
      suppressions: { applied, stale },
      summary: { must, should: tally(results, 'SHOULD') },
      errors,
      undecided,
      passed: verdict.status === 'certified' || verdict.status === 'partial',
    };
    if (!options.showSecrets)
      report = redactDeep(report, [...plantedSecrets(), ...subjectSecrets(subject.spec)]);
    return { report, runs, exitCode: exitCodeOf(verdict) };
  } finally {
    await rm(certDir, { recursive: true, force: true });
    untrackCertDir();
    removeInterruptCleanup();
  }
}
