/**
 * Bundles the published build of `agentotel-exec` (after `tsc -p tsconfig.build.json`, in `pnpm
 * build`) with the shared helper tools/esm-bundle/esm-bundle.mjs: the package entry (dist/index.js),
 * `runCli` (dist/run.js) and the binary's body (dist/cli/process-main.js, which dist/cli/main.js loads
 * once the compile cache is on) become three small entries over shared chunks (dist/chunks/), with
 * this package's dependencies (smol-toml, picomatch, eventsource-parser, cac, and the MCP SDK in a
 * chunk loaded only when MCP servers are configured) inside. zod is the one-file copy
 * `@agentotel/otel` bundles and exports as `@agentotel/otel/zod`: one zod per agent, not two (a second
 * copy cost ~30 ms of CPU per start with telemetry on, compiled and warmed up again). A start then
 * reads a handful of files instead of ~165 ES modules (zod alone is 95).
 *
 * `@agentotel/otel` stays a package import: it is bundled on its own (its `#sdk` and `#feature`
 * imports resolve at run time inside that package), and the broken variants of the conformance suite
 * import it beside `dist/run.js`, so both must see the same module.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEsm } from '../../../tools/esm-bundle/esm-bundle.mjs';

await bundleEsm({
  packageDir: join(dirname(fileURLToPath(import.meta.url)), '..'),
  entryPoints: { index: 'src/index.ts', run: 'src/run.ts', 'cli/process-main': 'src/cli/process-main.ts' },
  outdir: 'dist',
  chunkDir: 'chunks',
  external: ['@agentotel/otel'],
  plugins: [
    {
      // one zod for the agent: the copy @agentotel/otel bundles and exports (its src/vendor/zod.ts)
      name: 'shared-zod',
      setup(b) {
        b.onResolve({ filter: /^zod$/ }, () => ({ path: '@agentotel/otel/zod', external: true }));
      },
    },
  ],
  name: 'bundle',
});
