import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { type CertifyResult, certify } from '../../src/certify.ts';
import { htmlReporter } from '../../src/reporters/html-reporter.ts';
import { jsonReporter } from '../../src/reporters/json-reporter.ts';
import { junitReporter } from '../../src/reporters/junit-reporter.ts';
import { CANARY } from '../../src/scenarios/catalog.ts';

const reportDir = resolve(import.meta.dirname, '../../reports/builtin');
let result: CertifyResult;

beforeAll(async () => {
  result = await certify({ subject: 'builtin', level: 'core' });
  const ctx = { reportDir, out: { write: () => true } };
  for (const r of [jsonReporter, junitReporter, htmlReporter]) await r.onReport?.(result.report, ctx);
}, 120_000);

describe('certify the builtin agent (agentotel-exec)', () => {
  test('every MUST of level core passes and the exit status is 0', () => {
    const failed = result.report.requirements.filter((r) => r.verdict === 'fail');
    expect(failed.map((r) => `${r.id}: ${r.findings.find((f) => f.verdict === 'fail')?.reason}`)).toEqual([]);
    expect(result.report.errors).toEqual([]);
    expect(result.report.summary.must.fail).toBe(0);
    expect(result.report.summary.must.skip).toBe(0);
    expect(result.exitCode).toBe(0);
  });

  test('every scenario ran (the builtin agent claims every capability)', () => {
    expect(
      result.report.scenarios.filter((s) => s.state !== 'ran').map((s) => `${s.id}: ${s.reason}`),
    ).toEqual([]);
  });

  test('ground truth: one api_request per attempt, the retry numbered 2', () => {
    const run = result.runs.find((r) => r.scenario.id === 'http-5xx-then-success')!;
    expect(run.model.map((m) => m.status)).toEqual([503, 200]);
    const f = result.report.requirements
      .find((r) => r.id === 'API-REQUEST-PER-ATTEMPT')!
      .findings.find((x) => x.scenario === run.scenario.id)!;
    expect(f.reason).toMatch(/\[1,2\]/);
  });

  test('reports mask secrets: no prompt canary and no OTLP token in any file', async () => {
    for (const f of ['certification.json', 'certification.junit.xml', 'certification.html']) {
      const text = await readFile(join(reportDir, f), 'utf8');
      expect(text).not.toContain(CANARY);
      expect(text).not.toContain('otlp-secret-3b8e1d');
      expect(text).not.toContain('agentotel-test-api-key');
    }
  });

  test('the JUnit report has one test case per requirement and scenario', async () => {
    const xml = await readFile(join(reportDir, 'certification.junit.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites[^>]* failures="0"/);
    expect(xml).toContain('USER-PROMPT-REDACTED-BY-DEFAULT @ plain-answer');
  });
});

const CHROMIUM = '/usr/bin/chromium';
const requireAll = process.env.AGENTOTEL_REQUIRE_ALL === '1';

describe('the HTML report in headless Chromium', () => {
  test.skipIf(!existsSync(CHROMIUM) && !requireAll)(
    'shows the timeline of each scenario (screenshot)',
    { timeout: 60_000 },
    async () => {
      expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
        await page.goto(`file://${join(reportDir, 'certification.html')}#scenario-tool-approved-by-config`); // opens its <details>
        await expect(page.title()).resolves.toContain('agentotel certification');
        expect(await page.locator('#verdict').textContent()).toContain('CERTIFIED');
        const tool = page.locator('#scenario-tool-approved-by-config');
        expect(await tool.locator('svg.timeline').count()).toBe(1);
        const names = await tool
          .locator('g.event')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-event')));
        expect(names).toEqual(
          expect.arrayContaining([
            'codex.user_prompt',
            'codex.api_request',
            'codex.tool_decision',
            'codex.tool_result',
          ]),
        );
        // the timeline takes the page's width and its axis labels are drawn inside it, not clipped
        const layout = await tool.locator('svg.timeline').evaluate((svg) => {
          const box = svg.getBoundingClientRect();
          const end = svg.querySelector('text.axis-end')!.getBoundingClientRect();
          return {
            width: box.width,
            page: svg.ownerDocument.body.clientWidth,
            endLeft: end.left - box.left,
            endRight: end.right - box.left,
            endTop: end.top - box.top,
            endText: svg.querySelector('text.axis-end')!.textContent,
          };
        });
        expect(layout.width).toBeGreaterThan(layout.page * 0.95);
        expect(layout.endText).toMatch(/^\d+ ms$/);
        expect(layout.endLeft).toBeGreaterThan(layout.width / 2);
        expect(layout.endRight).toBeLessThanOrEqual(layout.width);
        expect(layout.endTop).toBeGreaterThanOrEqual(0);
        expect(await page.locator('section.scenario').count()).toBe(result.report.scenarios.length);
        expect(await page.content()).not.toContain(CANARY);
        await mkdir(reportDir, { recursive: true });
        const shot = await tool.screenshot({ path: join(reportDir, 'timeline-tool-approved-by-config.png') });
        expect(shot.byteLength).toBeGreaterThan(2000);
        await page.screenshot({ path: join(reportDir, 'certification.png'), fullPage: false });
      } finally {
        await browser.close();
      }
    },
  );
});
