/**
 * The files generated from the code's data: the JSON Schema of `certification.json` (from the zod
 * model) and the catalog documentation (`docs/catalog/`). `pnpm generate-docs` (or
 * `node --conditions=@agentotel/source scripts/generate-docs.ts`) writes them; the test
 * `test/reporters/generated-docs.test.ts` fails when one is out of date.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { availableProfiles, catalogJsonSchema, profileNamed, requirementsFor } from '../src/index.ts';
import { reportJsonSchema } from '../src/model/report-schema.ts';
import { renderCatalogDoc, renderVendorCatalogDoc } from './catalog-doc.ts';

/** The package folder. */
export const PACKAGE_DIR = resolve(import.meta.dirname, '..');
/** The repository's docs folder. */
export const DOCS_DIR = resolve(PACKAGE_DIR, '../../docs');

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/**
 * The text as the repository's formatter (biome, `biome.json`) writes it, so that `pnpm lint` accepts
 * the generated files as they are.
 *
 * @throws Error when biome fails (its stderr).
 */
export function formatted(file: string, text: string): string {
  const biome = resolve(PACKAGE_DIR, '../../node_modules/.bin/biome');
  const r = spawnSync(biome, ['format', `--stdin-file-path=${file}`], {
    input: text,
    encoding: 'utf8',
    cwd: resolve(PACKAGE_DIR, '../..'),
  });
  if (r.status !== 0) throw new Error(`biome format ${file} failed: ${r.stderr}`);
  return r.stdout;
}

/** Every generated file: absolute path → content, formatted as biome formats it. */
export function generatedFiles(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, text] of rawFiles()) out.set(file, formatted(file, text));
  return out;
}

function rawFiles(): Map<string, string> {
  const files = new Map<string, string>();
  files.set(resolve(PACKAGE_DIR, 'schema/certification.schema.json'), json(reportJsonSchema()));
  for (const name of availableProfiles()) {
    const profile = profileNamed(name);
    const reqs = requirementsFor(profile);
    const render = name === 'codex' ? renderCatalogDoc : renderVendorCatalogDoc;
    files.set(resolve(DOCS_DIR, `catalog/${name}.md`), render(name, profile.catalog, reqs));
    // the per-level JSON Schema of the catalog's attribute maps
    for (const level of ['core', 'strict'] as const)
      files.set(
        resolve(DOCS_DIR, `catalog/${name}.${level}.schema.json`),
        json(catalogJsonSchema(level, profile.catalog)),
      );
  }
  return files;
}
