import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('../fixtures/child-agent.ts', import.meta.url));
const RECORDER = fileURLToPath(new URL('../fixtures/record-modules.ts', import.meta.url));

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from spawn to exit. */
  wallMs: number;
  output:
    | ({ enabled: boolean; shutdownMs: number; diagnostics: string[] } & Record<string, unknown>)
    | undefined;
  stderr: string;
  record: { resolved: Array<{ specifier: string; url: string }>; connects: number } | undefined;
}

export interface ChildOptions {
  otel: unknown;
  events?: number;
  shutdownTimeoutMs?: number;
  /** Add `--conditions=agentotel-otel-off` (build-time switch). */
  buildOff?: boolean;
  /** Make @opentelemetry/* and @grpc/* unresolvable (packages not installed). */
  blockOtel?: boolean;
  env?: Record<string, string>;
  /** Run the published build (dist/, SDK bundle) instead of the sources (no `@agentotel/source`). */
  dist?: boolean;
  /** Another script under test/fixtures/ to run instead of child-agent.ts. */
  fixture?: string;
  /** Kill the child after this many ms. @defaultValue 30000 */
  killAfterMs?: number;
}

/** Runs test/fixtures/child-agent.ts in a fresh node process. */
export function runChildAgent(o: ChildOptions): Promise<ChildResult> {
  const recordFile = join(mkdtempSync(join(tmpdir(), 'agentotel-child-')), 'record.json');
  const args = [
    ...(o.dist ? [] : ['--conditions=@agentotel/source']),
    ...(o.buildOff ? ['--conditions=agentotel-otel-off'] : []),
    '--disable-warning=ExperimentalWarning',
    '--import',
    RECORDER,
    o.fixture ? fileURLToPath(new URL(`../fixtures/${o.fixture}`, import.meta.url)) : CHILD,
  ];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AGENTOTEL_TEST_OTEL: JSON.stringify(o.otel),
    AGENTOTEL_TEST_EVENTS: String(o.events ?? 3),
    AGENTOTEL_TEST_SHUTDOWN_MS: String(o.shutdownTimeoutMs ?? 2000),
    AGENTOTEL_TEST_RECORD_FILE: recordFile,
    ...(o.blockOtel ? { AGENTOTEL_TEST_BLOCK_OTEL: '1' } : {}),
    ...(o.dist ? { AGENTOTEL_TEST_DIST: '1' } : {}),
    ...o.env,
  };
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: PACKAGE_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), o.killAfterMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      const wallMs = performance.now() - start;
      let record: ChildResult['record'];
      try {
        record = JSON.parse(readFileSync(recordFile, 'utf8'));
      } catch {
        record = undefined;
      }
      const line = stdout.trim().split('\n').at(-1);
      let output: ChildResult['output'];
      try {
        output = line ? JSON.parse(line) : undefined;
      } catch {
        output = undefined;
      }
      resolve({ code, signal, wallMs, output, stderr, record });
    });
  });
}

/** Resolved URLs of the files of the SDK bundle (dist/provider/sdk-bundle.js and its chunks). */
export function bundleFilesLoaded(r: ChildResult): string[] {
  return (r.record?.resolved ?? [])
    .map((m) => m.url)
    .filter((u) => /\/dist\/provider\/sdk-bundle[./]/.test(u));
}

/** Resolved module URLs of the optional OpenTelemetry / gRPC packages. */
export function optionalModulesLoaded(r: ChildResult): string[] {
  return (r.record?.resolved ?? [])
    .filter((m) => /@opentelemetry|@grpc/.test(m.specifier) || /\/@opentelemetry\/|\/@grpc\//.test(m.url))
    .map((m) => m.specifier);
}
