import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/robust-agent.ts', import.meta.url));

/** Every child process this suite started, by pid. */
const started = new Set<number>();

/** What one run of test/fixtures/robust-agent.ts did. */
export interface RobustRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** The non-empty lines of stderr. */
  stderrLines: string[];
  output:
    | { enabled: boolean; emitted: number; droppedLogRecords: number; sdkSeenBeforeBurst: boolean }
    | undefined;
}

/** Options of {@link runRobustAgent}; see the fixture for the meaning of each. */
export interface RobustRunOptions {
  otel: unknown;
  options?: Record<string, unknown>;
  events?: number;
  waitSdk?: boolean;
  lingerMs?: number;
  conversationId?: string;
  /** Kill the child (SIGKILL) after this long: a hang shows as signal SIGKILL. @defaultValue 60000 */
  killAfterMs?: number;
}

/** Runs the robustness fixture in a fresh node process (sources, `@agentotel/source`). */
export function runRobustAgent(o: RobustRunOptions): Promise<RobustRun> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AGENTOTEL_TEST_OTEL: JSON.stringify(o.otel),
    AGENTOTEL_TEST_OPTIONS: JSON.stringify(o.options ?? {}),
    AGENTOTEL_TEST_EVENTS: String(o.events ?? 3),
    AGENTOTEL_TEST_LINGER_MS: String(o.lingerMs ?? 0),
    ...(o.waitSdk ? { AGENTOTEL_TEST_WAIT_SDK: '1' } : {}),
    ...(o.conversationId ? { AGENTOTEL_TEST_CONVERSATION: o.conversationId } : {}),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@agentotel/source', '--disable-warning=ExperimentalWarning', FIXTURE],
      { cwd: PACKAGE_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    if (child.pid !== undefined) started.add(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), o.killAfterMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      let output: RobustRun['output'];
      try {
        output = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
      } catch {
        output = undefined;
      }
      const stderrLines = stderr.split('\n').filter((l) => l.trim() !== '');
      resolve({ code, signal, stderr, stderrLines, output });
    });
  });
}

/** Pids of children started by {@link runRobustAgent} that are still alive (should be none). */
export function childrenStillAlive(): number[] {
  return [...started].filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
}
