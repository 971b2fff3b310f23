/**
 * Runs every benchmark in this folder one after another (or the ones named on the command line) and
 * prints their figures. Nothing is asserted: targets are read by people, not by CI.
 * Run: `pnpm bench` or `pnpm bench otel-emit exec-overhead`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const wanted = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

let failed = 0;
for (const script of scripts) {
  console.log(`\n### ${script}`);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--conditions=@agentotel/source', join(here, script)],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) {
    failed++;
    console.log(`bench: ${script} exited with ${result.status ?? result.signal}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
