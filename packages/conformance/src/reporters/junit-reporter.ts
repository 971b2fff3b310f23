import junitModule, { type Builder } from 'junit-report-builder';
import type { CertificationReport, Finding, RequirementResult } from '../model/report-model.ts';
import type { Reporter } from './reporter.ts';
import { writeReportFile } from './write-report.ts';

// CommonJS default export: node hands over module.exports, TypeScript sees the namespace.
const junit = ((junitModule as unknown as { default?: Builder }).default ??
  junitModule) as unknown as Builder;

const seconds = (ms: number) => Math.round(ms) / 1000;

function findingLine(r: RequirementResult, f: Finding): string {
  const v = f.undecided ? 'UNDECIDED' : f.verdict.toUpperCase();
  return `${r.id} @ ${f.scenario}: ${v} — ${f.reason}${f.suppressedBecause ? ` (known deviation: ${f.suppressedBecause})` : ''}`;
}

/** The evidence of a requirement's failing findings, as a failure body. */
function failureBody(
  r: RequirementResult,
  report: CertificationReport,
  pick: (f: Finding) => boolean,
): string {
  const captureOf = new Map(report.scenarios.map((s) => [s.id, s.capture]));
  const out = [`${r.strength} ${r.id}: ${r.text}`, `source: ${r.source}`, ''];
  for (const f of r.findings.filter(pick)) {
    out.push(findingLine(r, f));
    for (const e of f.evidence) out.push(`    ${e.label}: ${e.detail}`);
    const via = captureOf.get(f.scenario);
    if (via) out.push(`    capture: ${via.path} (${via.reason})`);
    out.push('');
  }
  return out.join('\n');
}

/**
 * Renders the JUnit XML. One test case per requirement, so the counts are the console's: in the suite
 * `MUST (<level>)` a failed MUST is a `<failure>` (message: the reason; body: every failing scenario
 * with its evidence), an undecided MUST an `<error>`, a MUST not covered or a known deviation
 * `<skipped/>`. SHOULD failures are `<failure type="SHOULD">` in their own suite `SHOULD (<level>)`, so
 * a viewer shows them with their evidence, yet only the MUST suite decides the exit status. A subject
 * error (could not start, crashed, timed out) is an `<error>` in the suite `subject errors`, whose body
 * holds the subject's stderr. Every test case has `time` (seconds of the scenarios it judged, the longest),
 * every finding is listed in `<system-out>`.
 */
export function renderJunit(report: CertificationReport): string {
  const builder = junit.newBuilder();
  const durationOf = new Map(report.scenarios.map((s) => [s.id, s.durationMs]));
  for (const strength of ['MUST', 'SHOULD'] as const) {
    const suite = builder
      .testSuite()
      .name(`${strength} (${report.level})`)
      .timestamp(report.startedAt)
      .time(seconds(report.durationMs));
    suite.property('subject', report.subject.name);
    suite.property('verdict', report.verdict.line);
    suite.property('capture', report.capture);
    suite.property('claimed', report.subject.claimed.join(', '));
    if (report.subject.profile) suite.property('profile', report.subject.profile);
    if (report.subject.catalog) {
      suite.property('catalog.document', report.subject.catalog.document);
      suite.property('catalog.version', report.subject.catalog.version);
      if (report.subject.catalog.url) suite.property('catalog.url', report.subject.catalog.url);
    }
    for (const s of report.scenarios) suite.property(`capture.${s.id}`, s.capture.path);
    for (const r of report.requirements.filter((x) => x.strength === strength)) {
      const tc = suite
        .testCase()
        .className(`${strength}.${r.area}`)
        .name(r.id)
        .time(seconds(Math.max(0, ...r.findings.map((f) => durationOf.get(f.scenario) ?? 0))));
      tc.standardOutput(
        r.findings.length ? r.findings.map((f) => findingLine(r, f)).join('\n') : 'no scenario applies',
      );
      const failing = r.findings.filter((f) => f.verdict === 'fail');
      if (r.verdict === 'fail')
        tc.failure(
          `${failing[0]?.reason ?? r.text}${failing.length > 1 ? ` (and ${failing.length - 1} more scenarios)` : ''}`,
          strength,
        ).stacktrace(failureBody(r, report, (f) => f.verdict === 'fail'));
      else if (r.undecided)
        tc.error(
          `could not be decided: ${r.findings.find((f) => f.undecided)?.reason}`,
          'UNDECIDED',
          failureBody(r, report, (f) => !!f.undecided),
        );
      else if (r.verdict === 'skip' || r.verdict === 'suppressed') tc.skipped();
    }
  }
  if (report.subjectErrors.length || report.errors.length) {
    const suite = builder.testSuite().name('subject errors').timestamp(report.startedAt).time(0);
    for (const e of report.subjectErrors)
      suite
        .testCase()
        .className('subject')
        .name(`${e.kind} @ ${e.scenario}`)
        .time(seconds(durationOf.get(e.scenario) ?? 0))
        .error(
          e.message,
          e.kind,
          `${e.message}\nexit status: ${e.exitCode ?? e.signal ?? 'none'}\nstderr (last lines):\n${e.stderrTail}`,
        )
        .standardError(e.stderrTail);
    for (const e of report.errors)
      suite
        .testCase()
        .className('harness')
        .name(e.split('\n')[0]!.slice(0, 100))
        .time(0)
        .error(e.split('\n')[0], 'harness', e);
  }
  return builder.build();
}

/** Writes `certification.junit.xml` (see {@link renderJunit}). */
export const junitReporter: Reporter = {
  async onReport(report, ctx) {
    return [await writeReportFile(ctx, 'certification.junit.xml', renderJunit(report))];
  },
};
