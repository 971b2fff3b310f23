import { formatViolations, type InvariantViolation } from './invariants.ts';

/** Stable codes of {@link MockServerError}. */
export type MockServerErrorCode =
  | 'INVARIANT_VIOLATION'
  | 'REQUEST_COUNT'
  | 'REQUEST_SHAPE'
  | 'UNKNOWN_ENGINE'
  | 'ENGINE_START_FAILED'
  | 'SERVER_CLOSED';

/**
 * Errors of the mock Responses API server; `code` is stable, the message says what to do.
 */
export class MockServerError extends Error {
  /** Stable machine-readable code. */
  readonly code: MockServerErrorCode;
  constructor(code: MockServerErrorCode, message: string, options?: ErrorOptions) {
    super(`[@agentotel/test-support] ${message}`, options);
    this.name = 'MockServerError';
    this.code = code;
  }
}

/**
 * Thrown by request accessors, `reset()` and `close()` when a request broke the invariants of
 * docs/responses-sse.md §1; lists each violation with its offending input item.
 *
 * @see docs/responses-sse.md §1
 */
export class ResponsesInvariantError extends MockServerError {
  /** The violations, in arrival order. */
  readonly violations: readonly InvariantViolation[];
  constructor(violations: readonly InvariantViolation[]) {
    super(
      'INVARIANT_VIOLATION',
      `${violations.length} request(s) to the mock broke the Responses request invariants (docs/responses-sse.md §1):\n${formatViolations(violations)}\nThe agent must send every function_call together with its function_call_output, with non-empty call ids.`,
    );
    this.name = 'ResponsesInvariantError';
    this.violations = violations;
  }
}
