/**
 * Bundles the published build (after `tsc -p tsconfig.build.json`, in `pnpm build`) with the shared
 * helper tools/esm-bundle/esm-bundle.mjs, into two bundles:
 *
 * - **dist/index.js**, the package's entry: the library in one file, in place of tsc's ~16 modules.
 *   `#sdk` and `#feature` stay imports, resolved at run time by this package's `imports` map (the
 *   `agentotel-otel-off` condition keeps working).
 * - **dist/vendor/zod.js**: zod (config parsing) in one file instead of its 95 modules, exported as
 *   `@agentotel/otel/zod` so that @agentotel/exec's bundle shares the same copy (src/vendor/zod.ts).
 * - **dist/provider/sdk-bundle.js**, what `#sdk` maps to: the SDK backend (src/provider/sdk-backend.ts)
 *   and every @opentelemetry/* / @grpc/* module it imports. What every logs or metrics setup over HTTP
 *   needs (resources, the logs and metrics SDKs, the OTLP/HTTP JSON and protobuf log and metric
 *   exporters) is imported statically into the entry and its shared chunks; the trace SDK and trace
 *   exporters (traces are off unless `trace_exporter` is set), the gRPC exporters and @grpc/grpc-js stay
 *   in chunks of their own (dist/provider/sdk-bundle/), loaded only when configured.
 *
 * Both bundles share one module with the rest of dist instead of copying it: OtelConfigError, so that
 * `instanceof OtelConfigError` holds for errors thrown inside the SDK bundle.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEsm } from '../../../tools/esm-bundle/esm-bundle.mjs';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(PACKAGE_DIR, 'dist/provider');
const CHUNK_DIR = join(OUT_DIR, 'sdk-bundle');

/**
 * The one module of this package the bundles share with the rest of dist instead of copying it:
 * OtelConfigError (see the header). `to` is its path from the bundle's entry; only entries import it
 * (checked below), so the relative path stays right.
 */
const shareDist = (to) => ({
  name: 'share-dist',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/(config\/)?otel-config-error\.ts$/ }, () => ({
      path: to,
      external: true,
    }));
  },
});

/**
 * @opentelemetry/otlp-grpc-exporter-base loads @grpc/grpc-js lazily through its own
 * `createRequire(import.meta.url)` (its bundler's runtime), which esbuild cannot follow: at run time
 * that would look for @grpc/grpc-js next to dist/ and use a second copy. Its runtime's `__require`
 * is replaced by one that returns the bundled @grpc/grpc-js (it is only ever asked for that).
 */
const grpcRequire = {
  name: 'grpc-exporter-base-require',
  setup(b) {
    b.onLoad(
      { filter: /otlp-grpc-exporter-base[\\/]dist[\\/]_virtual[\\/]_rolldown[\\/]runtime\.mjs$/ },
      async (args) => {
        const source = readFileSync(args.path, 'utf8');
        const marker = /var __require = .*createRequire\(import\.meta\.url\).*;/;
        if (!marker.test(source)) throw new Error(`bundle: unexpected ${args.path}; update the grpc plugin`);
        return {
          loader: 'js',
          resolveDir: dirname(args.path),
          contents: `import __grpc from '@grpc/grpc-js';\n${source
            .replace(/^import \{ createRequire \} from "node:module";\n/m, '')
            .replace(
              marker,
              "var __require = (id) => { if (id === '@grpc/grpc-js') return __grpc; throw new Error('[@agentotel/otel] not bundled: ' + id); };",
            )}`,
        };
      },
    );
  },
};

/**
 * In the sources the SDK packages are loaded by `import()` one by one, so that from sources only
 * what the settings need is loaded. In the bundle that laziness costs more than it saves for the
 * packages every logs or metrics setup needs (one chunk per package, each a separate module load),
 * so every `import('@opentelemetry/...')` of src/provider/*.ts becomes a static namespace import
 * (`await import(x)` -> the namespace, a bare `import(x)` -> a promise of it), except the packages
 * only traces or gRPC need ({@link LAZY}), which stay dynamic chunks.
 */
const LAZY = /^@opentelemetry\/(exporter-[a-z]+-otlp-grpc|sdk-trace|exporter-trace-otlp-[a-z]+)$/;
const hoistImports = {
  name: 'hoist-sdk-imports',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]provider[\\/][a-z-]+\.ts$/ }, (args) => {
      const names = new Map();
      const body = readFileSync(args.path, 'utf8').replace(
        /(await )?import\('(@opentelemetry\/[a-z-]+)'\)/g,
        (whole, awaited, spec) => {
          if (LAZY.test(spec)) return whole;
          if (!names.has(spec)) names.set(spec, `__sdk${names.size}`);
          const name = names.get(spec);
          return awaited ? name : `Promise.resolve(${name})`;
        },
      );
      const head = [...names].map(([spec, name]) => `import * as ${name} from '${spec}';\n`).join('');
      return { loader: 'ts', contents: head + body };
    });
  },
};

/** `zod` from the shared one-file copy (src/vendor/zod.ts) at `to`, the path from the bundle's entry. */
const sharedZod = (to) => ({
  name: 'shared-zod',
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, () => ({ path: to, external: true }));
  },
});

// zod in one file, exported as `@agentotel/otel/zod` and shared with @agentotel/exec's bundle.
await bundleEsm({
  packageDir: PACKAGE_DIR,
  entryPoints: { 'vendor/zod': 'src/vendor/zod.ts' },
  outdir: 'dist',
  name: 'vendor/zod',
});

// The package entry: the library in one file, zod from the shared copy.
await bundleEsm({
  packageDir: PACKAGE_DIR,
  entryPoints: { index: 'src/index.ts' },
  outdir: 'dist',
  external: ['#sdk', '#feature'],
  plugins: [shareDist('./config/otel-config-error.js'), sharedZod('./vendor/zod.js')],
  name: 'index',
});

// The SDK backend, `#sdk`.
const SHARED_FROM_PROVIDER = '../config/otel-config-error.js';
const result = await bundleEsm({
  packageDir: PACKAGE_DIR,
  entryPoints: { 'sdk-bundle': 'src/provider/sdk-backend.ts' },
  outdir: 'dist/provider',
  chunkDir: 'sdk-bundle',
  plugins: [shareDist(SHARED_FROM_PROVIDER), grpcRequire, hoistImports],
  name: 'sdk-bundle',
});

// The shared import must only come from the entry, which sits next to tsc's dist/provider/*.js.
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  const shared = out.imports.some((i) => i.external && i.path === SHARED_FROM_PROVIDER);
  if (shared && out.entryPoint === undefined) {
    throw new Error(`bundle: ${file} imports ${SHARED_FROM_PROVIDER} but is not the entry chunk`);
  }
}

// The files of the SDK bundle, for the tests that check which of them a run loads.
const files = readdirSync(CHUNK_DIR)
  .filter((f) => f.endsWith('.js'))
  .map((f) => join(CHUNK_DIR, f));
files.unshift(join(OUT_DIR, 'sdk-bundle.js'));
const kb = (f) => `${(statSync(f).size / 1024).toFixed(0)} KB`;
writeFileSync(
  join(OUT_DIR, 'sdk-bundle.json'),
  `${JSON.stringify(
    {
      note: 'written by scripts/bundle.mjs; the bundled SDK backend and its chunks',
      files: files.map((f) => relative(OUT_DIR, f)),
    },
    null,
    2,
  )}\n`,
);
if (process.env.AGENTOTEL_BUNDLE_VERBOSE === '1') {
  for (const f of [join(PACKAGE_DIR, 'dist/index.js'), ...files])
    console.log(`${relative(PACKAGE_DIR, f)}  ${kb(f)}`);
}
