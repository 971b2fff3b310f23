/**
 * The body of the `agentotel-exec` binary (loaded by main.ts once the compile cache is on): wires the process (argv, stdio, signals, uncaught errors) to `runCli`.
 * Telemetry is flushed on every exit path; signals abort the turn, which flushes and exits 130/143.
 */
import { globalOriginator } from '../originator.ts';
import { runCli } from '../run.ts';
import { shutdownAllTelemetry } from '../telemetry/telemetry-runtime.ts';
import { EXIT } from './options.ts';

const controller = new AbortController();
let exiting = false;

async function exitAfterFlush(code: number): Promise<never> {
  await new Promise<void>((r) => process.stdout.write('', () => r()));
  await new Promise<void>((r) => process.stderr.write('', () => r()));
  process.exit(code);
}

function onSignal(sig: 'SIGINT' | 'SIGTERM'): void {
  const code = sig === 'SIGINT' ? EXIT.sigint : EXIT.sigterm;
  if (controller.signal.aborted) process.exit(code); // second signal: stop now
  controller.abort(sig);
  // Safety net: if the run does not wind down, flush telemetry and leave.
  setTimeout(() => {
    void shutdownAllTelemetry().finally(() => process.exit(code));
  }, 5_000).unref();
}
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

function onFatal(err: unknown): void {
  if (exiting) return;
  exiting = true;
  process.stderr.write(
    `[agentotel-exec] uncaught error: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  void shutdownAllTelemetry().finally(() => exitAfterFlush(EXIT.failure));
}
process.on('uncaughtException', onFatal);
process.on('unhandledRejection', onFatal);

// Test hook: throw an uncaught error after N ms (exercises the uncaught-error exit path).
const crashMs = Number(process.env.AGENTOTEL_EXEC_TEST_UNCAUGHT_AFTER_MS);
if (Number.isFinite(crashMs) && crashMs > 0) {
  setTimeout(() => {
    throw new Error('injected uncaught error (AGENTOTEL_EXEC_TEST_UNCAUGHT_AFTER_MS)');
  }, crashMs).unref();
}

const code = await runCli(
  process.argv.slice(2),
  {
    env: process.env,
    cwd: process.cwd(),
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
  },
  { originator: globalOriginator },
);
if (!exiting) {
  exiting = true;
  await exitAfterFlush(code);
}
