import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
/** Written last by scripts/bundle.mjs: lists the files of the SDK bundle. */
export const BUNDLE_MANIFEST = join(PACKAGE_DIR, 'dist/provider/sdk-bundle.json');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/ (tsc, then the SDK bundle) unless it is newer than src/, scripts/ and package.json,
 * so that the tests of the published build never run against a stale or missing one.
 */
export function ensureDistBuilt(): void {
  const sources = Math.max(
    newestMtime(join(PACKAGE_DIR, 'src')),
    newestMtime(join(PACKAGE_DIR, 'scripts')),
    statSync(join(PACKAGE_DIR, 'package.json')).mtimeMs,
  );
  if (existsSync(BUNDLE_MANIFEST) && statSync(BUNDLE_MANIFEST).mtimeMs >= sources) return;
  const steps: string[][] = [
    [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    [join(PACKAGE_DIR, 'scripts/bundle.mjs')],
  ];
  for (const args of steps) {
    const r = spawnSync(process.execPath, args, { cwd: PACKAGE_DIR, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`building dist failed: ${args.join(' ')}\n${r.stdout}${r.stderr}`);
  }
}
