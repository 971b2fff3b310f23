import type { CertificationReport } from '../model/report-model.ts';
import { VERSION } from '../version.ts';
import type { Reporter } from './reporter.ts';
import { writeReportFile } from './write-report.ts';

/**
 * Where the JSON Schema of `certification.json` is published: the file `schema/certification.schema.json`
 * of the npm package of this version (generated from the zod model in `src/model/report-schema.ts`).
 */
export const REPORT_SCHEMA_URL = `https://unpkg.com/@agentotel/conformance@${VERSION}/schema/certification.schema.json`;

/** The report as written to `certification.json`: `$schema` first. */
export function renderJson(report: CertificationReport): string {
  const { $schema: _, ...rest } = report;
  return `${JSON.stringify({ $schema: REPORT_SCHEMA_URL, ...rest }, null, 2)}\n`;
}

/** Writes `certification.json`: the whole report (secrets masked) with `$schema` and `formatVersion`. */
export const jsonReporter: Reporter = {
  async onReport(report, ctx) {
    return [await writeReportFile(ctx, 'certification.json', renderJson(report))];
  },
};
