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
    },
  );
});
