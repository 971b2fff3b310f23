import type { Readable, Writable } from 'node:stream';
import type { OriginatorRegistry } from '../originator.ts';
import type { StartTelemetry } from '../telemetry/telemetry-runtime.ts';

/** The process surface `runCli` works on; tests pass their own streams and environment. */
export interface CliIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
  /** Aborting it ends the run like SIGINT (the reason may be `'SIGINT'` or `'SIGTERM'`). */
  signal?: AbortSignal;
}

/** Injectable dependencies of `runCli`: for tests, conformance fixtures and fault injection. */
export interface CliDeps {
  /** Replaces `@agentotel/otel`'s `startTelemetry` (e.g. to add in-memory processors or fail on purpose). */
  startTelemetry?: StartTelemetry;
  /** Replaces `fetch` for model requests (e.g. to inject network faults). */
  fetch?: typeof fetch;
  /** The originator registry; by default a fresh one over `io.env` (the binary passes the process-wide one). */
  originator?: OriginatorRegistry;
  /** Bounds the telemetry flush at exit. @defaultValue $AGENTOTEL_OTEL_SHUTDOWN_TIMEOUT_MS, else the otel default (2000) */
  shutdownTimeoutMs?: number;
  /** Extra SDK log record processors passed to `startTelemetry`. */
  logRecordProcessors?: unknown[];
  /** Model requests per turn. @defaultValue 50 */
  maxSteps?: number;
  /** First retry delay of the model client. @defaultValue 200 */
  retryBaseDelayMs?: number;
}
