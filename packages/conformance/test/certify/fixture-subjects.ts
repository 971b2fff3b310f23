import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
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
 * The built files the variants load, as absolute paths: `@agentotel/exec`'s `dist/run.js` (`runCli`,
 * imported by `fixtures/broken/run-exec.ts` as the binary does), `@agentotel/otel`'s `dist/index.js`
 * (its `default` export condition) and the pre-bundled OpenTelemetry SDK `dist/provider/sdk-bundle.js`
 * (`#sdk`). Facts from the two packages' `package.json` `exports`/`imports`.
 */
export function builtFiles(): string[] {
  const require = createRequire(import.meta.url);
  const pkg = (name: string) => dirname(require.resolve(`${name}/package.json`));
  const exec = pkg('@agentotel/exec');
  const otel = pkg('@agentotel/otel');
  return [join(exec, 'dist/run.js'), join(otel, 'dist/index.js'), join(otel, 'dist/provider/sdk-bundle.js')];
}

/**
 * Throws unless the built exec and telemetry library are present ({@link builtFiles}): the variants run
 * against them. `pnpm test` builds them first (turbo's `^build`); a direct `vitest run` needs `pnpm build`.
 *
 * @throws Error naming the missing files and `pnpm build`.
 */
export function assertBuilt(): void {
  const missing = builtFiles().filter((f) => !existsSync(f));
  if (missing.length)
    throw new Error(
      `[agentotel] the broken variants run against the built packages; missing ${missing
        .map((f) => relative(process.cwd(), f))
        .join(', ')}: run \`pnpm build\` at the repository root (\`pnpm test\` builds them first)`,
    );
}

/**
 * Writes a `subject.yaml` for a broken variant (the generic subject mechanism) into `dir` and returns
 * its path. The command runs the fixture script (TypeScript, node's type stripping) against the built
 * `@agentotel/exec` and `@agentotel/otel` (no `@agentotel/source` condition: their `dist`, with the
 * OpenTelemetry SDK pre-bundled): an exporting start loads ~180 modules instead of ~560 (the SDK's ~230
 * `@opentelemetry/*` modules come as one bundle, exec's and the library's ~50 TypeScript files need no
 * type stripping, and `run-exec.ts` skips the MCP client the package index would load). Node's compile
 * cache in `dir/compile-cache` (`NODE_COMPILE_CACHE`) spares each later start from compiling them again.
 * The dist is what `pnpm build` last produced (`pnpm test` rebuilds it first): changes to exec's sources
 * reach the variants only after a build, and a build running meanwhile can fail a start.
 *
 * @throws Error when the dist is missing ({@link assertBuilt}).
 */
export async function writeFixtureSubject(variant: BrokenVariant, dir: string): Promise<string> {
  assertBuilt();
  const script = resolve(import.meta.dirname, '../fixtures/broken', `${variant}.ts`);
  const base = execStyleSpec(`broken:${variant}`, ['node', '--no-warnings', script]);
  const spec = { ...base, env: { ...base.env, NODE_COMPILE_CACHE: join(dir, 'compile-cache') } };
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${variant}.yaml`);
  await writeFile(file, stringify(spec));
  return file;
}
