import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { certify } from '../../src/certify.ts';
import { htmlReporter } from '../../src/reporters/html-reporter.ts';
import { jsonReporter } from '../../src/reporters/json-reporter.ts';
import { junitReporter } from '../../src/reporters/junit-reporter.ts';
import { CANARY } from '../../src/scenarios/catalog.ts';

const bin = process.env.AGENTOTEL_CODEX_BIN;
const present = !!bin && existsSync(bin);
const requireAll = process.env.AGENTOTEL_REQUIRE_ALL === '1';

/**
 * The verdicts of Codex CLI 0.169.0, checked by hand against docs/catalog/codex.md (conformance README,
 * "Codex CLI 0.169.0: certification summary"): a change of the judge that moves one shows up here, not
 * only in a README table that nobody re-derived.
 */
const KNOWN_MUST_FAILURES = [
  'FLUSH-ON-EXIT-FAILURE',
  'HEADERS-ENV-SUBSTITUTION',
  'SSE-EVENT-ATTRIBUTES',
  'SSE-EVENT-PER-FRAME',
  'TOOL-DECISION-ATTRIBUTES',
];
const KNOWN_SHOULD_FAILURES = [
  'EVENT-NAME-FIELD',
  'EVENT-TIMESTAMP-MATCHES-RECORD-TIME',
  'MTLS-PEM-WITHOUT-FINAL-NEWLINE',
  'TOOL-RESULT-SUCCESS-MATCHES-EXIT',
];

describe('certify the real Codex CLI', () => {
  test.skipIf(!present && !requireAll)(
    'runs end to end and explains every failure with evidence',
    { timeout: 300_000 },
    async () => {
      expect(
        present,
        `AGENTOTEL_CODEX_BIN (${bin ?? 'unset'}) must point at the Codex CLI when AGENTOTEL_REQUIRE_ALL=1`,
      ).toBe(true);
      const { report, runs } = await certify({ subject: 'codex', codexBin: bin! });
      const ctx = {
        reportDir: resolve(import.meta.dirname, '../../reports/codex'),
        out: { write: () => true },
      };
      for (const r of [jsonReporter, junitReporter, htmlReporter]) await r.onReport?.(report, ctx);
      expect(report.subject.version).toMatch(/codex/);
      expect(report.errors).toEqual([]);
      // the scenarios Codex can run did run and reached the mock
      const ran = runs.filter((r) => r.state === 'ran');
      expect(ran.length).toBeGreaterThanOrEqual(15);
      expect(runs.find((r) => r.scenario.id === 'plain-answer')!.model.length).toBe(1);
      // honest report: every failing finding carries a reason and evidence
      for (const r of report.requirements)
        for (const f of r.findings.filter((x) => x.verdict === 'fail')) {
          expect(f.reason, `${r.id} @ ${f.scenario}`).not.toBe('');
          expect(f.evidence.length, `${r.id} @ ${f.scenario} has no evidence`).toBeGreaterThan(0);
        }
      expect(JSON.stringify(report)).not.toContain(CANARY);
      // the same verdicts as the README's table: MUST 37/5, SHOULD 3/4, 24 of 28 scenarios
      const failed = (strength: string) =>
        report.requirements
          .filter((r) => r.strength === strength && r.verdict === 'fail')
          .map((r) => r.id)
          .sort();
      // an unexpected failure names its scenario and reason (one such run in 13 at session 4's end, not
      // identified: the message is there so that the next one is)
      const unexpected = report.requirements
        .filter((r) => r.verdict === 'fail')
        .filter((r) => ![...KNOWN_MUST_FAILURES, ...KNOWN_SHOULD_FAILURES].includes(r.id))
        .flatMap((r) =>
          r.findings.filter((f) => f.verdict === 'fail').map((f) => `${r.id} @ ${f.scenario}: ${f.reason}`),
        )
        .join('; ');
      expect(failed('MUST'), unexpected).toEqual(KNOWN_MUST_FAILURES);
      expect(failed('SHOULD'), unexpected).toEqual(KNOWN_SHOULD_FAILURES);
      expect(report.summary.must.skip).toBe(0);
      expect(ran.length).toBe(24);
    },
  );
});
