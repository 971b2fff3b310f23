/**
 * The files generated from the code's data: the JSON Schema of `certification.json` (from the zod
 * model) and the catalog documentation. `node scripts/generate-docs.ts` writes them; the test
 * `test/reporters/generated-docs.test.ts` fails when one is out of date.
 */
import { resolve } from 'node:path';
import { reportJsonSchema } from '../src/model/report-schema.ts';

/** The package folder. */
export const PACKAGE_DIR = resolve(import.meta.dirname, '..');

/** Every generated file: absolute path → content. */
export function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  files.set(
    resolve(PACKAGE_DIR, 'schema/certification.schema.json'),
    `${JSON.stringify(reportJsonSchema(), null, 2)}\n`,
  );
  return files;
}
