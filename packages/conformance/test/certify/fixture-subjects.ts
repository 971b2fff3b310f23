import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { execStyleSpec } from '../../src/subjects/builtin.ts';

/** The broken variants and the one requirement each must fail. */
export const BROKEN_VARIANTS = {
  'prompt-not-redacted': 'USER-PROMPT-REDACTED-BY-DEFAULT',
  'event-missing': 'CONVERSATION-STARTS-EMITTED',
  'wrong-attribute-type': 'API-REQUEST-ATTRIBUTES',
  'no-flush-on-error': 'FLUSH-ON-EXIT-FAILURE',
  'exit-zero-on-failure': 'EXIT-NONZERO-ON-FAILURE',
  'plaintext-to-https': 'TLS-NO-PLAINTEXT',
} as const;

/** A broken variant name. */
export type BrokenVariant = keyof typeof BROKEN_VARIANTS;

/**
 * Writes a `subject.yaml` for a broken variant (the generic subject mechanism) into `dir` and returns
 * its path. The command runs the fixture script with node's type stripping, with Node's compile cache
 * in `dir/compile-cache` (`NODE_COMPILE_CACHE`): every variant loads the same ~300 modules of exec, the
 * telemetry library and the OpenTelemetry SDK from source, and the cache spares each later start from
 * compiling them again.
 */
export async function writeFixtureSubject(variant: BrokenVariant, dir: string): Promise<string> {
  const script = resolve(import.meta.dirname, '../fixtures/broken', `${variant}.ts`);
  const base = execStyleSpec(`broken:${variant}`, [
    'node',
    '--conditions=@agentotel/source',
    '--no-warnings',
    script,
  ]);
  const spec = { ...base, env: { ...base.env, NODE_COMPILE_CACHE: join(dir, 'compile-cache') } };
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${variant}.yaml`);
  await writeFile(file, stringify(spec));
  return file;
}
