import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { certify } from '../../src/certify.ts';
import { BROKEN_VARIANTS, type BrokenVariant, writeFixtureSubject } from './fixture-subjects.ts';

const dir = join(tmpdir(), `agentotel-broken-${process.pid}`);
// The variants run against the built exec and telemetry library (fixture-subjects.ts): without them
// every test fails with the same message (run `pnpm build`). One short certification first fills the
// variants' compile cache (every variant loads the same modules), so no scenario of the first variant
// pays for compiling them on a loaded machine.
beforeAll(async () => {
  await certify({ subject: await writeFixtureSubject('event-missing', dir), only: ['plain-answer'] });
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('deliberately broken variants of agentotel-exec fail exactly the requirement they break', () => {
  for (const [variant, requirement] of Object.entries(BROKEN_VARIANTS) as [BrokenVariant, string][]) {
    test(`${variant} fails ${requirement} and nothing else`, { timeout: 120_000 }, async () => {
      const subject = await writeFixtureSubject(variant, dir);
      const { report, exitCode } = await certify({ subject });
      const failed = report.requirements.filter((r) => r.verdict === 'fail');
      expect(report.errors).toEqual([]);
      expect(failed.map((r) => r.id)).toEqual([requirement]);
      expect(exitCode).toBe(1);
      const finding = failed[0]!.findings.find((f) => f.verdict === 'fail')!;
      expect(finding.reason.length).toBeGreaterThan(10);
      expect(finding.evidence.length).toBeGreaterThan(0);
    });
  }
});

describe('suppressions', () => {
  test('a known deviation is reported as such and does not fail the certification', {
    timeout: 60_000,
  }, async () => {
    const subject = await writeFixtureSubject('exit-zero-on-failure', dir);
    const { report, exitCode } = await certify({
      subject,
      only: ['response-failed'],
      suppressions: [{ requirement: 'EXIT-NONZERO-ON-FAILURE', reason: 'fixture exits 0 on purpose' }],
    });
    const r = report.requirements.find((x) => x.id === 'EXIT-NONZERO-ON-FAILURE')!;
    expect(r.verdict).toBe('suppressed');
    expect(r.findings[0]!.suppressedBecause).toBe('fixture exits 0 on purpose');
    expect(report.suppressions.applied).toHaveLength(1);
    expect(exitCode).toBe(0);
  });

  test('a stale suppression is an error', { timeout: 60_000 }, async () => {
    const { report, exitCode } = await certify({
      only: ['plain-answer'],
      suppressions: [
        { requirement: 'EVENT-NAME-FIELD', scenario: 'plain-answer', reason: 'was broken once' },
      ],
    });
    expect(report.suppressions.stale).toHaveLength(1);
    expect(report.errors.join('\n')).toMatch(/stale suppression: EVENT-NAME-FIELD on plain-answer/);
    expect(exitCode).toBe(1);
  });
});
