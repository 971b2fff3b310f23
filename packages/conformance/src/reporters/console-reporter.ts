import type { CertificationReport, RequirementResult } from '../model/report-model.ts';
import type { Reporter } from './reporter.ts';

const MARK: Record<RequirementResult['verdict'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  skip: 'SKIP',
  suppressed: 'KNOWN',
};

/** Why a report did not pass, in a few words. */
function notCertifiedBecause(report: CertificationReport): string {
  const why: string[] = [];
  const m = report.summary.must;
  if (m.fail) why.push(`${m.fail} MUST failed`);
  if (report.undecided.length) why.push(`${report.undecided.length} MUST finding(s) could not be decided`);
  if (report.errors.length) why.push(`${report.errors.length} error(s)`);
  return why.length ? `: ${why.join(', ')}` : '';
}

/** Renders the per-scenario and per-requirement summary as plain text. */
export function renderConsoleSummary(report: CertificationReport): string {
  const lines: string[] = [];
  lines.push(
    '',
    `Scenarios (${report.subject.name}${report.subject.version ? ` ${report.subject.version}` : ''}, level ${report.level}, capture ${report.capture})`,
  );
  for (const s of report.scenarios) {
    const state =
      s.state === 'ran' ? (s.failed.length ? 'FAIL' : 'ok  ') : s.state === 'skipped' ? 'skip' : 'ERR ';
    const detail =
      s.state === 'ran'
        ? `exit ${s.exitCode} ${s.durationMs}ms, ${s.logRecords} records via ${s.capture.path}${s.failed.length ? `; fails ${s.failed.join(', ')}` : ''}`
        : (s.reason ?? '');
    lines.push(`  ${state} ${s.id.padEnd(26)} ${detail.split('\n')[0]}`);
  }
  const paths = new Map<string, string[]>();
  for (const s of report.scenarios.filter((x) => x.state === 'ran')) {
    const key = `${s.capture.path}: ${s.capture.reason}`;
    paths.set(key, [...(paths.get(key) ?? []), s.id]);
  }
  if (paths.size) lines.push('', 'Capture paths');
  for (const [why, ids] of paths) lines.push(`  ${why}`, `      ${ids.join(', ')}`);
  lines.push('', 'Requirements');
  for (const r of report.requirements) {
    lines.push(`  ${r.undecided ? 'UNDEC' : MARK[r.verdict]} ${r.strength.padEnd(6)} ${r.id}`);
    if (r.verdict === 'fail' || r.verdict === 'suppressed') {
      lines.push(`         ${r.text}`);
      for (const f of r.findings
        .filter((x) => x.verdict === 'fail' || x.verdict === 'suppressed')
        .slice(0, 4)) {
        lines.push(
          `         - [${f.scenario}] ${f.reason}${f.suppressedBecause ? ` (known deviation: ${f.suppressedBecause})` : ''}`,
        );
        for (const e of f.evidence.slice(0, 2))
          lines.push(`             ${e.label}: ${e.detail.slice(0, 300)}`);
      }
    } else if (r.undecided) {
      for (const f of r.findings.filter((x) => x.undecided).slice(0, 4))
        lines.push(`         - [${f.scenario}] undecided: ${f.reason}`);
    } else if (r.verdict === 'skip') {
      lines.push(`         ${r.findings[0]?.reason ?? 'no scenario applies'}`);
    }
  }
  const extraEvents = Object.entries(report.info.events);
  if (extraEvents.length || Object.keys(report.info.attributes).length) {
    lines.push('', 'Information (outside the catalog, never a failure)');
    if (extraEvents.length) lines.push(`  events: ${extraEvents.map(([k, v]) => `${k} x${v}`).join(', ')}`);
    for (const [e, attrs] of Object.entries(report.info.attributes))
      lines.push(`  ${e}: ${attrs.join(', ')}`);
  }
  for (const e of report.errors) lines.push(`  ERROR ${e.split('\n')[0]}`);
  for (const u of report.undecided) lines.push(`  UNDECIDED MUST ${u}`);
  const m = report.summary.must;
  const s = report.summary.should;
  lines.push(
    '',
    `MUST: ${m.pass} pass, ${m.fail} fail, ${m.skip} skip, ${m.suppressed} known   SHOULD: ${s.pass} pass, ${s.fail} fail, ${s.skip} skip`,
    report.passed
      ? verdictLine(report)
      : `NOT CERTIFIED: ${report.subject.name} (level ${report.level})${notCertifiedBecause(report)}`,
    '',
  );
  return lines.join('\n');
}

/** The verdict of a passing run: a partial (`--only`) run passes, but it certifies nothing. */
export function verdictLine(report: CertificationReport): string {
  if (report.only.length === 0)
    return `CERTIFIED: ${report.subject.name} meets every MUST of level ${report.level}`;
  return `PASSED (partial: --only ${report.only.join(' ')}): ${report.subject.name} meets every selected MUST of level ${report.level}; run without --only to certify`;
}

/** Console output: a progress line per scenario, then the summary. */
export const consoleReporter: Reporter = {
  onProgress(e, ctx) {
    if (e.kind === 'start') ctx.out.write(`agentotel certify: ${e.subject}, ${e.scenarios} scenarios\n`);
    else
      ctx.out.write(
        `  [${String(e.done).padStart(2)}/${e.total}] ${e.id} ${e.state === 'ran' ? `${e.durationMs}ms` : e.state}\n`,
      );
  },
  onReport(report, ctx) {
    ctx.out.write(renderConsoleSummary(report));
    return [];
  },
};
