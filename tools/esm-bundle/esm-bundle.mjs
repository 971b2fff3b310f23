/**
 * Bundles a package's published entry points into a few ES modules (esbuild), for the packages whose
 * start-up time matters: `@agentotel/otel` (its index and the OpenTelemetry SDK backend) and
 * `@agentotel/exec` (the `agentotel-exec` binary). Node resolves, reads and links every ES module
 * separately: zod alone is 95 modules, and a start of `agentotel-exec` loaded ~165 modules before it
 * did anything; a bundle is one file to read and one to link. Each package's `scripts/bundle.mjs`
 * runs this after `tsc -p tsconfig.build.json`, which still emits every module and its declarations;
 * the bundles overwrite the entry files.
 *
 * What every bundle gets here:
 * - Node built-ins taken with `require()` (a banner creates it) instead of `import`: an ES import of a
 *   built-in builds its ESM facade, which reads every export and so runs lazy getters
 *   (`process.allowedNodeEnvironmentFlags`, `process.report`, `util.diff`, `http.WebSocket`, ...), a
 *   few ms of start-up for nothing ({@link requireBuiltins}).
 * - A check that nothing but the allowed externals is left to load at run time.
 * - `<name>.licenses.txt` beside the entries: every bundled package with its version and licence.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles `entryPoints` of the package at `packageDir` into `outdir` and post-processes the output
 * ({@link requireBuiltins}, the leftover check, the licence list).
 *
 * @param options.packageDir the package's folder (absolute); entry points are relative to it
 * @param options.entryPoints esbuild entry points, `{ 'out/name': 'src/file.ts' }`
 * @param options.outdir output folder, relative to `packageDir` (e.g. `dist`)
 * @param options.chunkDir with code splitting: the folder (relative to `outdir`) of the shared chunks,
 *   emptied first; without it, no splitting
 * @param options.external specifiers left to run time (packages of the workspace, `#imports`); every
 *   other bare specifier must be bundled
 * @param options.plugins esbuild plugins for what is particular to the package
 * @param options.name the licence list is written to `<outdir>/<name>.licenses.txt`
 * @returns esbuild's result (with its metafile)
 * @throws Error when esbuild fails, or when the output would still load a package at run time
 */
export async function bundleEsm({
  packageDir,
  entryPoints,
  outdir,
  chunkDir,
  external = [],
  plugins = [],
  name,
}) {
  if (chunkDir) rmSync(join(packageDir, outdir, chunkDir), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints,
    outdir,
    ...(chunkDir ? { splitting: true, chunkNames: `${chunkDir}/[name]-[hash]` } : {}),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    // the published build: never the TypeScript sources of workspace packages
    conditions: ['import', 'node', 'default'],
    mainFields: ['module', 'main'],
    external,
    // CommonJS dependencies require() Node built-ins; and see requireBuiltins
    banner: {
      js: "import { createRequire as __agentotelCreateRequire } from 'node:module'; const require = __agentotelCreateRequire(import.meta.url);",
    },
    legalComments: 'linked',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins,
  });
  const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
  for (const file of outputs) {
    const path = join(packageDir, file);
    writeFileSync(path, requireBuiltins(readFileSync(path, 'utf8'), file));
  }
  checkNothingLeft(result, outputs, packageDir, external);
  const entries = Object.entries(result.metafile.outputs)
    .filter(([f, o]) => o.entryPoint !== undefined && f.endsWith('.js'))
    .map(([f]) => f);
  const what = `${entries.join(', ')}${chunkDir ? ` and ${join(outdir, chunkDir)}/` : ''}`;
  writeLicences(result, packageDir, join(packageDir, outdir, `${name}.licenses.txt`), what);
  return result;
}

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const builtin = (spec) => BUILTINS.has(spec.replace(/^node:/, ''));
const req = (spec) => `require(${JSON.stringify(spec.startsWith('node:') ? spec : `node:${spec}`)})`;

/**
 * Rewrites ES imports of Node built-ins in esbuild's output `text` into `require()`: each form esbuild
 * writes, `import * as a from "x"`, `import a from "x"`, `import { b, c as d } from "x"` (over one or
 * more lines), `import "x"` and `import("x")`, becomes the same binding from `require("node:x")` on
 * the same lines (the source maps stay right). Built-ins have no import-time effects on the bundle, and
 * esbuild places each import before the code of the module that uses it, so binding them where the
 * import stood is safe.
 *
 * @throws Error naming `file` when a built-in import is left in any other form
 */
export function requireBuiltins(text, file) {
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
    if (builtin(m[1])) throw new Error(`esm-bundle: ${file}: built-in import left as ES import: ${m[0]}`);
  }
  return out;
}

/** Throws when an output still imports or requires a package that is neither built in nor allowed. */
function checkNothingLeft(result, outputs, packageDir, allowed) {
  const ok = (spec) =>
    builtin(spec) || spec.startsWith('.') || allowed.some((a) => spec === a || spec.startsWith(`${a}/`));
  for (const out of Object.values(result.metafile.outputs)) {
    for (const i of out.imports) {
      if (i.external && !ok(i.path)) throw new Error(`esm-bundle: external import left: ${i.path}`);
    }
  }
  for (const file of outputs) {
    const text = readFileSync(join(packageDir, file), 'utf8');
    // a scoped package named in a require() or import() esbuild did not follow (such as a package's
    // own createRequire); unscoped names also appear in generated code strings (ajv), so not those
    for (const m of text.matchAll(/\b(?:require|import)\(\s*["'](@[^"']+)["']\s*\)/g)) {
      if (!ok(m[1])) throw new Error(`esm-bundle: ${file} still loads ${m[1]} at run time`);
    }
  }
}

/** Writes what the bundle contains, each package with its version and licence (published with it). */
function writeLicences(result, packageDir, file, what) {
  const bundled = new Map();
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (!m || bundled.has(m[2])) continue;
    const pkg = JSON.parse(readFileSync(join(packageDir, m[1], 'package.json'), 'utf8'));
    bundled.set(m[2], `${pkg.name}@${pkg.version} ${pkg.license ?? 'UNKNOWN'}`);
  }
  writeFileSync(
    file,
    `Packages bundled into ${what} (name@version licence):\n${[...bundled.values()].sort().join('\n')}\n`,
  );
}
