/**
 * Bundles the SDK backend (src/provider/sdk-backend.ts and every @opentelemetry/* / @grpc/* module it
 * imports) into dist/provider/sdk-bundle.js, the file `#sdk` maps to in the published build. Loading
 * a handful of pre-bundled files instead of ~240 small ES modules is what keeps the background SDK
 * load short: what every logs or metrics setup over HTTP needs (resources, the logs and metrics
 * SDKs, the OTLP/HTTP JSON and protobuf log and metric exporters) is imported statically into the
 * entry and its shared chunks; the trace SDK and trace exporters (traces are off unless
 * `trace_exporter` is set), the gRPC exporters and @grpc/grpc-js stay in chunks of their own
 * (dist/provider/sdk-bundle/), loaded only when configured. Node built-ins are taken with `require()`
 * rather than `import`: an ES import of a built-in builds its ESM facade, which reads every export
 * and so runs lazy getters (`process.allowedNodeEnvironmentFlags`, `process.report`, `util.diff`,
 * `http.WebSocket`, ...), a few ms of start-up for nothing. Run after `tsc -p tsconfig.build.json`
 * (`pnpm build`).
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(PACKAGE_DIR, 'dist/provider');
const CHUNK_DIR = join(OUT_DIR, 'sdk-bundle');

/**
 * The one module of this package the bundle must share with the rest of dist instead of copying it:
 * OtelConfigError, so that `instanceof OtelConfigError` holds for errors thrown inside the bundle.
 * It is imported by the entry chunk only (checked below), so the relative path stays right.
 */
const SHARED = { '../config/otel-config-error.ts': '../config/otel-config-error.js' };

const shareDist = {
  name: 'share-dist',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/config\/otel-config-error\.ts$/ }, (args) => ({
      path: SHARED[args.path],
      external: true,
    }));
  },
};

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
        if (!marker.test(source))
          throw new Error(`bundle-sdk: unexpected ${args.path}; update the grpc plugin`);
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

rmSync(CHUNK_DIR, { recursive: true, force: true });
const result = await build({
  absWorkingDir: PACKAGE_DIR,
  entryPoints: { 'sdk-bundle': 'src/provider/sdk-backend.ts' },
  outdir: OUT_DIR,
  chunkNames: 'sdk-bundle/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // the published build: never the TypeScript sources of workspace packages
  conditions: ['import', 'node', 'default'],
  mainFields: ['module', 'main'],
  // @grpc/grpc-js and its dependencies are CommonJS and require() Node built-ins
  banner: {
    js: "import { createRequire as __agentotelCreateRequire } from 'node:module'; const require = __agentotelCreateRequire(import.meta.url);",
  },
  legalComments: 'linked',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [shareDist, grpcRequire, hoistImports],
});

// The shared import must only come from the entry, which sits next to tsc's dist/provider/*.js.
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  const shared = out.imports.filter((i) => i.external && Object.values(SHARED).includes(i.path));
  if (shared.length > 0 && out.entryPoint === undefined) {
    throw new Error(`bundle-sdk: ${file} imports ${shared[0].path} but is not the entry chunk`);
  }
}

// Nothing of the SDK may be left for run time: the bundle must not import any package.
const leaks = new Set();
for (const out of Object.values(result.metafile.outputs)) {
  for (const i of out.imports) {
    if (i.external && !i.path.startsWith('node:') && !Object.values(SHARED).includes(i.path)) {
      leaks.add(i.path);
    }
  }
}
for (const leak of leaks) {
  // bare Node built-ins (`http`, `zlib`) are fine; anything else is a package the bundle missed
  if (!/^[a-z_0-9]+(\/[a-z_0-9]+)?$/.test(leak)) throw new Error(`bundle-sdk: external import left: ${leak}`);
}

/**
 * Node built-ins by `require()` (the banner's) instead of `import`, in the output text: esbuild
 * emits an ES import for every external, and an ES import of a built-in builds its ESM facade, which
 * reads every export and so runs the lazy getters (see the header). Each form esbuild writes,
 * `import * as a from "x"`, `import a from "x"`, `import { b, c as d } from "x"` (over one or more
 * lines), `import "x"` and `import("x")`, becomes the same binding from `require("node:x")` on the
 * same lines (the source maps stay right); a built-in import left in any other form fails the build.
 * Built-ins have no import-time effects on the bundle, and esbuild places each import before the code
 * of the module that uses it, so binding them where the import stood is safe.
 */
const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const builtin = (spec) => BUILTINS.has(spec.replace(/^node:/, ''));
const req = (spec) => `require(${JSON.stringify(spec.startsWith('node:') ? spec : `node:${spec}`)})`;
function requireBuiltins(text, file) {
  const out = text
    .replace(
      /^import (?:\* as ([\w$]+)|([\w$]+)|\{([^}]*)\}) from "([^"]+)";$/gm,
      (whole, ns, def, named, spec) => {
        if (!builtin(spec)) return whole;
        if (ns || def) return `const ${ns ?? def} = ${req(spec)};`;
        const fields = named.replace(/\b([\w$]+) as ([\w$]+)\b/g, '$1: $2');
        return `const {${fields}} = ${req(spec)};`;
      },
    )
    .replace(/^import "([^"]+)";$/gm, (whole, spec) => (builtin(spec) ? `${req(spec)};` : whole))
    .replace(/\bimport\("([^"]+)"\)/g, (whole, spec) =>
      builtin(spec) ? `Promise.resolve(${req(spec)})` : whole,
    );
  const left = /\bimport\b[^;("]*(?:from\s*)?\(?"((?:node:)?[a-z_0-9/]+)"/g;
  for (const m of out.matchAll(left)) {
    if (builtin(m[1])) throw new Error(`bundle-sdk: ${file}: built-in import left as ES import: ${m[0]}`);
  }
  return out;
}
for (const file of Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'))) {
  const path = join(PACKAGE_DIR, file);
  writeFileSync(path, requireBuiltins(readFileSync(path, 'utf8'), file));
}

// A require() or import() of a package that is left in the output text would need it installed.
for (const file of Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'))) {
  const m = /\b(?:require|import)\(\s*["'](@[^"']+)["']\s*\)/.exec(
    readFileSync(join(PACKAGE_DIR, file), 'utf8'),
  );
  if (m) throw new Error(`bundle-sdk: ${file} still loads ${m[1]} at run time`);
}

// What the bundle contains, with each package's licence (kept next to the bundle, published).
const bundled = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
  if (!m || bundled.has(m[2])) continue;
  const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, m[1], 'package.json'), 'utf8'));
  bundled.set(m[2], `${pkg.name}@${pkg.version} ${pkg.license ?? 'UNKNOWN'}`);
}
writeFileSync(
  join(OUT_DIR, 'sdk-bundle.licenses.txt'),
  `Packages bundled into sdk-bundle.js and sdk-bundle/ (name@version licence):\n${[...bundled.values()].sort().join('\n')}\n`,
);

const files = readdirSync(CHUNK_DIR)
  .filter((f) => f.endsWith('.js'))
  .map((f) => join(CHUNK_DIR, f));
files.unshift(join(OUT_DIR, 'sdk-bundle.js'));
const kb = (f) => `${(statSync(f).size / 1024).toFixed(0)} KB`;
writeFileSync(
  join(OUT_DIR, 'sdk-bundle.json'),
  `${JSON.stringify(
    {
      note: 'written by scripts/bundle-sdk.mjs; the bundled SDK backend and its chunks',
      files: files.map((f) => relative(OUT_DIR, f)),
    },
    null,
    2,
  )}\n`,
);
if (process.env.AGENTOTEL_BUNDLE_VERBOSE === '1') {
  for (const f of files) console.log(`${relative(PACKAGE_DIR, f)}  ${kb(f)}`);
}
