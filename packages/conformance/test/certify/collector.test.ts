import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collectorAvailability, collectorRequired, SHIPPED_OTELCOL_DIR } from '@agentotel/test-support';
import { describe, expect, test, vi } from 'vitest';
import { certify } from '../../src/certify.ts';
import type { CertificationReport } from '../../src/model/report-model.ts';
import { htmlReporter } from '../../src/reporters/html-reporter.ts';
import { jsonReporter } from '../../src/reporters/json-reporter.ts';
import { junitReporter } from '../../src/reporters/junit-reporter.ts';
import { REQUIREMENTS } from '../../src/requirements/requirements.ts';

const required = collectorRequired();
const reportDir = resolve(import.meta.dirname, '../../reports/collector');

// Both launchers of the real collector: the ocb-built binary and the same build as a container image
// (testcontainers; `.ci/run` starts a Docker engine and builds the image).
for (const launcher of ['binary', 'docker'] as const) {
  const availability = await collectorAvailability(launcher);
  describe(`certify the builtin agent through the real OpenTelemetry Collector (--collector, ${launcher} launcher)`, () => {
    test.skipIf(!availability.available && !required)(
      `every MUST is decided and passes; records came through the collector${availability.available ? '' : ` (${availability.reason})`}`,
      { timeout: 180_000 },
      async () => {
        expect(
          availability.available,
          `no collector (${launcher} launcher) although AGENTOTEL_REQUIRE_ALL/AGENTOTEL_REQUIRE_COLLECTOR is set: ${availability.available ? '' : availability.reason}`,
        ).toBe(true);
        const { report, runs, exitCode } = await certify({
          subject: 'builtin',
          collector: true,
          collectorLauncher: launcher,
        });
        const ctx = { reportDir: join(reportDir, launcher), out: { write: () => true } };
        for (const r of [jsonReporter, junitReporter, htmlReporter]) await r.onReport?.(report, ctx);

        // certified, nothing skipped or left undecided
        const notPassed = report.requirements
          .filter((r) => r.strength === 'MUST' && r.verdict !== 'pass')
          .map((r) => `${r.id} ${r.verdict}: ${r.findings.find((f) => f.verdict !== 'pass')?.reason}`);
        expect(notPassed).toEqual([]);
        expect(report.errors).toEqual([]);
        expect(report.undecided).toEqual([]);
        expect(report.summary.must.skip).toBe(0);
        expect(report.capture).toBe('collector');
        expect(exitCode).toBe(0);

        // the wire-level scenarios are exactly those of requirements decided by per-request facts
        const wire = new Set(
          runs
            .filter((r) => REQUIREMENTS.some((q) => q.needsRequestFacts && q.appliesTo(r.scenario)))
            .map((r) => r.scenario.id),
        );
        expect([...wire]).toEqual(
          expect.arrayContaining([
            'transport-http-json',
            'transport-http-protobuf',
            'transport-grpc',
            'headers-env',
          ]),
        );
        for (const run of runs) {
          const id = run.scenario.id;
          if (wire.has(id)) {
            // captured by the embedded receiver, which saw every request (transport, headers)
            expect(run.captureVia.path, id).toBe('embedded-receiver');
            expect(run.requestsObservable, id).toBe(true);
            expect(run.otlpRequests.length, id).toBeGreaterThan(0);
          } else if (
            run.scenario.telemetry.exporter === 'otlp' &&
            run.scenario.telemetry.receiver !== 'down'
          ) {
            // every other exporting scenario: the records were read back from the collector's file exporter
            expect(run.captureVia.path, id).toBe('collector');
            expect(run.captureVia.reason, id).toMatch(
              new RegExp(`real OpenTelemetry Collector .*${launcher} launcher`),
            );
            expect(run.otlpRequests, id).toEqual([]);
            expect(run.capture.logs.length, id).toBeGreaterThan(0);
            expect(new Set(run.capture.logs.map((l) => l.transport)), id).toEqual(new Set(['unknown']));
          }
        }
        expect(runs.filter((r) => r.captureVia.path === 'collector').length).toBeGreaterThanOrEqual(10);

        // every report states each scenario's capture path
        const json = JSON.parse(
          await readFile(join(reportDir, launcher, 'certification.json'), 'utf8'),
        ) as CertificationReport;
        expect(json.scenarios.find((s) => s.id === 'plain-answer')?.capture.path).toBe('collector');
        expect(json.scenarios.find((s) => s.id === 'transport-grpc')?.capture.path).toBe('embedded-receiver');
        const xml = await readFile(join(reportDir, launcher, 'certification.junit.xml'), 'utf8');
        expect(xml).toContain('name="capture.plain-answer" value="collector"');
        expect(xml).toContain('name="capture.transport-grpc" value="embedded-receiver"');
        const html = await readFile(join(reportDir, launcher, 'certification.html'), 'utf8');
        expect(html).toMatch(/id="scenario-plain-answer"[\s\S]*?data-capture="collector"/);
      },
    );
  });
}

test('without a collector the run stops before any scenario, saying how to get one (the shipped scripts)', async () => {
  const emptyCache = await mkdtemp(join(tmpdir(), 'agentotel-no-collector-'));
  vi.stubEnv('AGENTOTEL_CACHE', emptyCache);
  vi.stubEnv('AGENTOTEL_OTELCOL_BIN', undefined);
  vi.stubEnv('AGENTOTEL_OTELCOL_DIR', undefined);
  const progress: string[] = [];
  try {
    const err = await certify({
      subject: 'builtin',
      collector: true,
      collectorLauncher: 'binary',
      only: ['plain-answer'],
      onProgress: (e) => progress.push(e.kind),
    }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toContain('[agentotel] --collector: no OpenTelemetry Collector to capture through');
    expect(message).toContain('AGENTOTEL_OTELCOL_BIN');
    expect(message).toContain(`bash ${SHIPPED_OTELCOL_DIR}/build.sh`);
    expect(progress).toEqual([]);
  } finally {
    vi.unstubAllEnvs();
    await rm(emptyCache, { recursive: true, force: true });
  }
});
