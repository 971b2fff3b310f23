import type { CertificationReport, RequirementResult } from '../model/report-model.ts';
import type { Reporter } from './reporter.ts';
import { writeReportFile } from './write-report.ts';

/** CTRF specification version written (https://ctrf.io, schema `ctrf-schema-0.0.json`). */
export const CTRF_SPEC_VERSION = '0.0.0';

type CtrfStatus = 'passed' | 'failed' | 'skipped' | 'pending' | 'other';

interface CtrfTest {
  name: string;
  status: CtrfStatus;
  duration: number;
  suite: string[];
  rawStatus: string;
  message?: string;
  trace?: string;
  stderr?: string[];
  tags: string[];
  type: string;
  extra: Record<string, unknown>;
}

function statusOf(r: RequirementResult): CtrfStatus {
  if (r.undecided) return 'other';
  return r.verdict === 'pass' ? 'passed' : r.verdict === 'fail' ? 'failed' : 'skipped';
}

/**
 * Renders the report as a CTRF document (Common Test Report Format, https://ctrf.io). One test per
 * requirement, like the JUnit report and the console counts: `passed`, `failed` (MUST and SHOULD
 * failures, told apart by `suite` and the tag `MUST`/`SHOULD`), `skipped` (not covered, known
 * deviation: `rawStatus` says which), `other` (an undecided MUST). A subject error is a `failed` test
 * of the suite `subject errors` with the subject's stderr in `stderr`. The verdict, the claims and
 * the counts of the report sit in `results.extra`.
 */
export function renderCtrf(report: CertificationReport): string {
  const start = Date.parse(report.startedAt);
  const durationOf = new Map(report.scenarios.map((s) => [s.id, s.durationMs]));
  const tests: CtrfTest[] = report.requirements.map((r) => {
    const bad = r.findings.filter((f) => f.verdict === 'fail' || f.undecided);
    const t: CtrfTest = {
      name: r.id,
      status: statusOf(r),
      duration: Math.round(Math.max(0, ...r.findings.map((f) => durationOf.get(f.scenario) ?? 0))),
      suite: [r.strength, r.area],
      rawStatus: r.undecided ? 'undecided' : r.verdict === 'skip' ? 'not covered' : r.verdict,
      tags: [r.strength],
      type: 'requirement',
      extra: {
        text: r.text,
        source: r.source,
        findings: r.findings.map((f) => ({ scenario: f.scenario, verdict: f.verdict, reason: f.reason })),
      },
    };
    if (bad.length) {
      t.message = bad[0]!.reason;
      t.trace = bad
        .map((f) =>
          [`${f.scenario}: ${f.reason}`, ...f.evidence.map((e) => `    ${e.label}: ${e.detail}`)].join('\n'),
        )
        .join('\n');
    } else if (r.verdict !== 'pass')
      t.message = r.findings[0]?.suppressedBecause ?? r.findings[0]?.reason ?? 'no scenario applies';
    return t;
  });
  for (const e of report.subjectErrors)
    tests.push({
      name: `${e.kind} @ ${e.scenario}`,
      status: 'failed',
      duration: Math.round(durationOf.get(e.scenario) ?? 0),
      suite: ['subject errors'],
      rawStatus: e.kind,
      message: e.message,
      stderr: e.stderrTail.split('\n'),
      tags: ['ERROR'],
      type: 'subject-error',
      extra: { exitCode: e.exitCode, signal: e.signal },
    });
  const count = (s: CtrfStatus) => tests.filter((t) => t.status === s).length;
  const doc = {
    reportFormat: 'CTRF',
    specVersion: CTRF_SPEC_VERSION,
    timestamp: new Date(start + report.durationMs).toISOString(),
    generatedBy: `${report.tool.name} ${report.tool.version}`,
    results: {
      tool: { name: 'agentotel', version: report.tool.version },
      summary: {
        tests: tests.length,
        passed: count('passed'),
        failed: count('failed'),
        skipped: count('skipped'),
        pending: 0,
        other: count('other'),
        suites: 2 + (report.subjectErrors.length ? 1 : 0),
        start,
        stop: start + report.durationMs,
        duration: report.durationMs,
      },
      tests,
      environment: {
        appName: report.subject.name,
        ...(report.subject.version ? { appVersion: report.subject.version } : {}),
        extra: {
          level: report.level,
          capture: report.capture,
          claimed: report.subject.claimed,
          ...(report.subject.profile ? { profile: report.subject.profile } : {}),
          ...(report.subject.catalog ? { catalog: report.subject.catalog } : {}),
        },
      },
      extra: {
        verdict: report.verdict,
        must: report.summary.must,
        should: report.summary.should,
        errors: report.errors,
      },
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Writes `certification.ctrf.json` (see {@link renderCtrf}). */
export const ctrfReporter: Reporter = {
  async onReport(report, ctx) {
    return [await writeReportFile(ctx, 'certification.ctrf.json', renderCtrf(report))];
  },
};
