import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import junitModule, { type Builder } from 'junit-report-builder';
import type { Reporter } from './reporter.ts';

// CommonJS default export: node hands over module.exports, TypeScript sees the namespace.
const junit = ((junitModule as unknown as { default?: Builder }).default ??
  junitModule) as unknown as Builder;

/**
 * Writes `certification.junit.xml`: one test suite per requirement strength, one test case per
 * requirement and scenario (failures carry the reason and evidence; skips their reason).
 */
export const junitReporter: Reporter = {
  async onReport(report, ctx) {
    await mkdir(ctx.reportDir, { recursive: true });
    const builder = junit.newBuilder();
    const captureOf = new Map(report.scenarios.map((s) => [s.id, s.capture]));
    for (const strength of ['MUST', 'SHOULD'] as const) {
      const suite = builder.testSuite().name(`${report.subject.name} ${strength} (${report.level})`);
      suite.property('capture', report.capture);
      for (const s of report.scenarios) suite.property(`capture.${s.id}`, s.capture.path);
      for (const r of report.requirements.filter((x) => x.strength === strength)) {
        if (r.findings.length === 0) {
          suite.testCase().className(r.id).name('(no scenario)').skipped();
          continue;
        }
        for (const f of r.findings) {
          const tc = suite.testCase().className(r.id).name(`${r.id} @ ${f.scenario}`);
          const via = captureOf.get(f.scenario);
          if (via) tc.property('capture', via.path);
          const detail = [
            f.reason,
            ...f.evidence.map((e) => `${e.label}: ${e.detail}`),
            ...(via ? [`capture: ${via.path} (${via.reason})`] : []),
          ].join('\n');
          if (f.verdict === 'fail') {
            if (strength === 'MUST') tc.failure(`${r.text} — ${f.reason}`).standardOutput(detail);
            else tc.skipped().standardOutput(`SHOULD not met: ${detail}`);
          } else if (f.verdict === 'skip' && f.undecided && strength === 'MUST')
            tc.error(`${r.text} — could not be decided: ${f.reason}`).standardOutput(detail);
          else if (f.verdict === 'skip') tc.skipped().standardOutput(f.reason);
          else if (f.verdict === 'suppressed')
            tc.skipped().standardOutput(`known deviation: ${f.suppressedBecause}\n${detail}`);
          else tc.standardOutput(f.reason);
        }
      }
    }
    if (report.errors.length) {
      const suite = builder.testSuite().name('harness');
      for (const e of report.errors) suite.testCase().className('harness').name(e.slice(0, 80)).error(e);
    }
    const file = join(ctx.reportDir, 'certification.junit.xml');
    builder.writeTo(file);
    return [file];
  },
};
