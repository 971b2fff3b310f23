/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { validate as validateCtrf } from 'ctrf';
import { parse as parseJunit } from 'junit2json';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CertificationReport } from '../../src/model/report-model.ts';
import { type CliRun, certifyCli, REPORTS_ROOT } from './run-cli.ts';
import { ECHOED_KEY, LISTED_SECRET, writeReportSubject } from './subjects.ts';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const CHROMIUM = '/usr/bin/chromium';
const requireAll = process.env.AGENTOTEL_REQUIRE_ALL === '1';
const hasChromium = existsSync(CHROMIUM);
const subjectsDir = join(REPORTS_ROOT, 'subjects');

type JunitCase = {
  name: string;
  classname: string;
  time: number;
  failure?: { message?: string; type?: string; inner?: string }[];
  error?: { message?: string; inner?: string }[];
  skipped?: unknown[];
  'system-out'?: string[];
};
type JunitSuite = {
  name: string;
  tests: number;
  failures: number;
  skipped: number;
  errors: number;
  time: number;
  testcase?: JunitCase[];
};

async function junitSuites(xml: string): Promise<JunitSuite[]> {
  const parsed = (await parseJunit(xml)) as { testsuite?: JunitSuite[] };
  return parsed.testsuite ?? [];
}

const report = (r: CliRun) => JSON.parse(r.json) as CertificationReport;
const allOutputs = (r: CliRun) => [r.out, r.json, r.junit, r.ctrf, r.html];

let passing: CliRun;
let failing: CliRun;

beforeAll(async () => {
  passing = await certifyCli('builtin', ['--subject', 'builtin']);
  failing = await certifyCli('must-and-should', [
    '--subject',
    await writeReportSubject('must-and-should', subjectsDir),
    '--only',
    'plain-answer,tool-approved-by-config',
  ]);
}, 240_000);

describe('a passing run (the builtin agent)', () => {
  test('the console: at most 40 lines, no colour off a terminal, the verdict last', () => {
    const lines = passing.out.trimEnd().split('\n');
    expect(lines.length, passing.out).toBeLessThanOrEqual(40);
    expect(passing.out).not.toContain('\x1b[');
    expect(lines.at(-2)).toMatch(/^CERTIFIED: agentotel-exec \(level core\) meets all \d+ MUSTs$/);
    expect(passing.code).toBe(0);
  });

  test('the JSON report has $schema and formatVersion and validates against the published JSON Schema', async () => {
    const schema = JSON.parse(
      await readFile(resolve(import.meta.dirname, '../../schema/certification.schema.json'), 'utf8'),
    );
    const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
    const validate = ajv.compile(schema);
    const r = report(passing);
    expect(validate(r), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    expect(r.$schema).toMatch(/\/schema\/certification\.schema\.json$/);
    expect(r.formatVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(r.verdict.status).toBe('certified');
    expect(r.subject.claimed).toContain('tls');
    // the schema is not vacuous: a report without its verdict is rejected
    const { verdict: _, ...broken } = r;
    expect(validate(broken)).toBe(false);
  });

  test('the JUnit report parses, has times, and counts what the console counts', async () => {
    const suites = await junitSuites(passing.junit);
    const r = report(passing);
    const must = suites.find((s) => s.name.startsWith('MUST'))!;
    const should = suites.find((s) => s.name.startsWith('SHOULD'))!;
    expect(must.tests).toBe(
      r.summary.must.pass + r.summary.must.fail + r.summary.must.skip + r.summary.must.suppressed,
    );
    expect(must.failures).toBe(r.summary.must.fail);
    expect(must.skipped).toBe(r.summary.must.skip + r.summary.must.suppressed);
    expect(should.tests).toBe(
      r.summary.should.pass + r.summary.should.fail + r.summary.should.skip + r.summary.should.suppressed,
    );
    expect(passing.out).toContain(
      `MUST: ${r.summary.must.pass} pass, ${must.failures} fail, ${r.summary.must.skip} not covered`,
    );
    for (const tc of [...(must.testcase ?? []), ...(should.testcase ?? [])])
      expect(typeof tc.time).toBe('number');
    expect(must.time).toBeGreaterThan(0);
  });

  test('every report names the profile and the catalog that judged the subject', () => {
    const r = report(passing);
    expect(r.subject.profile).toBe('codex');
    const catalog = r.subject.catalog!;
    expect(catalog.document).toBeTruthy();
    expect(catalog.version).toBeTruthy();
    const header = passing.out.split('\n').find((l) => l.startsWith('Subject '));
    expect(header).toMatch(/, profile codex, level core,/);
    expect(passing.out).toContain(`  catalog: ${catalog.document} ${catalog.version}`);
    expect(passing.junit).toContain('<property name="profile" value="codex"/>');
    expect(passing.junit).toContain(`<property name="catalog.version" value="${catalog.version}"/>`);
    expect(passing.junit).toMatch(/<property name="catalog\.document" value="[^"]+"\/>/);
    const ctrf = JSON.parse(passing.ctrf).results.environment.extra;
    expect(ctrf.profile).toBe('codex');
    expect(ctrf.catalog).toEqual(catalog);
    expect(passing.html).toMatch(/<p id="profile"><b>Profile:<\/b> codex · <b>Catalog:<\/b>/);
  });

  test('the CTRF report validates against the CTRF schema and counts the same', () => {
    const doc = JSON.parse(passing.ctrf);
    const v = validateCtrf(doc);
    expect(v.valid, JSON.stringify(v.errors?.slice(0, 5))).toBe(true);
    const r = report(passing);
    expect(doc.results.summary.tests).toBe(r.requirements.length);
    expect(doc.results.summary.passed).toBe(r.summary.must.pass + r.summary.should.pass);
    expect(doc.results.extra.verdict.status).toBe('certified');
  });
});

describe('a failing run (one MUST and one SHOULD broken)', () => {
  test('exit 1, NOT CERTIFIED naming the MUST', () => {
    expect(failing.code).toBe(1);
    expect(failing.out).toMatch(
      /^NOT CERTIFIED: must-and-should \(level core\): 1 MUST failed \(API-REQUEST-ATTRIBUTES\)/m,
    );
    expect(failing.out).toMatch(/FAIL\s+MUST\s+\S*API-REQUEST-ATTRIBUTES/);
    expect(failing.out).toMatch(/FAIL\s+SHOULD\s+\S*EVENT-SEVERITY-INFO/);
  });

  test('JUnit: the MUST failure has a message and its evidence in the body; the SHOULD failure is a failure of the SHOULD suite, not a skip', async () => {
    const suites = await junitSuites(failing.junit);
    const must = suites.find((s) => s.name.startsWith('MUST'))!;
    const should = suites.find((s) => s.name.startsWith('SHOULD'))!;
    const m = must.testcase!.find((t) => t.name === 'API-REQUEST-ATTRIBUTES')!;
    expect(m.failure?.[0]?.message).toMatch(/duration_ms/);
    expect(m.failure?.[0]?.inner).toMatch(/codex\.api_request #\d+: \{/);
    const s = should.testcase!.find((t) => t.name === 'EVENT-SEVERITY-INFO')!;
    expect(s.failure?.[0]?.type).toBe('SHOULD');
    expect(s.failure?.[0]?.inner).toMatch(/EVENT-SEVERITY-INFO @ /);
    expect(s.skipped).toBeUndefined();
    expect(must.failures).toBe(1);
    expect(should.failures).toBe(report(failing).summary.should.fail);
  });

  test('CTRF: the MUST failure carries message and trace', () => {
    const doc = JSON.parse(failing.ctrf);
    expect(validateCtrf(doc).valid).toBe(true);
    const t = doc.results.tests.find((x: { name: string }) => x.name === 'API-REQUEST-ATTRIBUTES');
    expect(t.status).toBe('failed');
    expect(t.trace).toMatch(/codex\.api_request #\d+/);
  });
});

describe('subjects that error are errors of the subject, with their stderr in every report', () => {
  let crash: CliRun;
  let missing: CliRun;
  beforeAll(async () => {
    crash = await certifyCli('crash-echoing-key', [
      '--subject',
      await writeReportSubject('crash-echoing-key', subjectsDir),
      '--only',
      // two scenarios expected to succeed: in one expected to fail, exit 1 is that failure, not a crash
      'plain-answer,http-5xx-then-success',
    ]);
    missing = await certifyCli('missing-binary', [
      '--subject',
      await writeReportSubject('missing-binary', subjectsDir),
      '--only',
      'plain-answer',
    ]);
  }, 120_000);

  test('a crashing agent: exit 3, ERROR, the crash and its stderr in console, JSON, JUnit, CTRF and HTML', () => {
    expect(crash.code).toBe(3);
    expect(crash.out).toMatch(
      /^ERROR: crash-echoing-key \(level core\): the subject crashed in 2 scenario\(s\)/m,
    );
    const r = report(crash);
    expect(r.verdict.status).toBe('error');
    expect(r.subjectErrors.map((e) => e.kind)).toEqual(['crashed', 'crashed']);
    for (const text of allOutputs(crash)) {
      expect(text).toContain('is not a function');
      expect(text).toContain('starting with key');
    }
    // never a telemetry failure
    expect(r.requirements.filter((x) => x.verdict === 'fail')).toEqual([]);
  });

  test('a hung agent: exit 3, timed-out (not "exit status SIGKILL"), its stderr in every report', async () => {
    const hung = await certifyCli('hangs', [
      '--subject',
      await writeReportSubject('hangs', subjectsDir),
      '--only',
      'plain-answer',
    ]);
    expect(hung.code).toBe(3);
    const r = report(hung);
    expect(r.subjectErrors.map((e) => e.kind)).toEqual(['timed-out']);
    expect(r.requirements.filter((x) => x.verdict === 'fail')).toEqual([]);
    for (const text of allOutputs(hung)) {
      expect(text).toContain('waiting forever');
      expect(text).toMatch(/did not exit within \d+ ms/);
    }
  }, 60_000);

  test('a missing binary: exit 3, not-started, the spawn error in every report', () => {
    expect(missing.code).toBe(3);
    expect(report(missing).subjectErrors[0]?.kind).toBe('not-started');
    for (const text of allOutputs(missing)) expect(text).toContain('ENOENT');
  });

  test('masking by list: the echoed API key and the listed secret appear in no report, in no encoding', () => {
    const b = Buffer.from(ECHOED_KEY);
    const forms = [
      ECHOED_KEY,
      b.toString('base64').replace(/=+$/, ''),
      b.toString('base64url'),
      b.toString('hex'),
      LISTED_SECRET,
      encodeURIComponent(LISTED_SECRET),
    ];
    for (const text of allOutputs(crash)) for (const f of forms) expect(text).not.toContain(f);
    expect(crash.json).toContain('«masked base64»');
    expect(crash.json).toContain('«masked hex»');
  });
});

describe('a subject that claims nothing', () => {
  test('is not CERTIFIED: PASSED (partial …) naming the MUSTs not covered, its claims in the report', async () => {
    const r = await certifyCli('claims-nothing', [
      '--subject',
      await writeReportSubject('claims-nothing', subjectsDir),
    ]);
    const rep = report(r);
    expect(r.out).not.toMatch(/^CERTIFIED/m);
    expect(r.out).toMatch(/^PASSED \(partial: \d+ MUSTs not covered: /m);
    expect(rep.verdict.status).toBe('partial');
    expect(rep.verdict.notCovered.map((n) => n.id)).toEqual(
      expect.arrayContaining(['TLS-ENDPOINT-DELIVERS', 'TRANSPORT-GRPC']),
    );
    expect(rep.subject.claimed).toEqual(['transport http/protobuf']);
    expect(rep.subject.notClaimed).toContain('tls');
    for (const text of [r.html, r.junit, r.ctrf]) expect(text).toContain('PASSED (partial: ');
    expect(r.code).toBe(0);
  }, 180_000);
});

describe.skipIf(!hasChromium && !requireAll)('the HTML report in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    expect(hasChromium, `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  for (const width of [1400, 800]) {
    test(`${width} px: verdict first, failures MUST before SHOULD and visibly different, offending records marked, no sideways overflow`, {
      timeout: 60_000,
    }, async () => {
      const page = await browser.newPage({ viewport: { width, height: 1000 } });
      try {
        await page.goto(`file://${join(failing.dir, 'certification.html')}`);
        const first = await page.evaluate(() => document.body.firstElementChild?.id);
        expect(first).toBe('verdict');
        expect(await page.locator('#verdict').textContent()).toContain('NOT CERTIFIED');
        const cards = await page.locator('#failures article.failure').evaluateAll((els) =>
          els.map((e) => ({
            strength: e.getAttribute('data-strength'),
            border: getComputedStyle(e).borderLeftColor,
          })),
        );
        expect(cards.map((c) => c.strength)).toEqual(['MUST', 'SHOULD']);
        expect(cards[0]!.border).not.toBe(cards[1]!.border);
        const marked = page.locator(
          '#scenario-plain-answer g.event.offending[data-offending~="API-REQUEST-ATTRIBUTES"]',
        );
        expect(await marked.count()).toBeGreaterThan(0);
        expect(await marked.first().getAttribute('data-event')).toBe('codex.api_request');
        // scenarios are collapsible; a failing one is open
        expect(await page.locator('#scenario-plain-answer > details').getAttribute('open')).not.toBeNull();
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(failing.dir, `certification-${width}.png`), fullPage: true });
        await page.goto(`file://${join(passing.dir, 'certification.html')}`);
        expect(await page.locator('#verdict').textContent()).toMatch(/^CERTIFIED/);
        // every scenario opened, so that each timeline and record table is laid out and measured
        await page.evaluate(() => {
          for (const d of Array.from(document.querySelectorAll('details'))) d.open = true;
        });
        expect(
          await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          ),
        ).toBeLessThanOrEqual(0);
        expect(await page.locator('section.scenario > details').count()).toBe(
          report(passing).scenarios.length,
        );
        await page.screenshot({ path: join(passing.dir, `certification-${width}.png`), fullPage: false });
      } finally {
        await page.close();
      }
    });
  }
});
