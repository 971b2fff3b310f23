/** Why a model call failed. */
export type ModelErrorCode =
  | 'response_failed'
  | 'retries_exhausted'
  | 'http_status'
  | 'stream_closed'
  | 'idle_timeout'
  | 'protocol_error'
  | 'missing_api_key'
  | 'aborted';

/** A model call that failed and will not be retried further; `code` is stable. */
export class ModelError extends Error {
  /** Stable code. */
  readonly code: ModelErrorCode;
  /** HTTP status, when a response arrived. */
  readonly statusCode: number | undefined;
  /** The `response.failed` error code, when there was one. */
  readonly failedCode: string | undefined;
  constructor(
    code: ModelErrorCode,
    message: string,
    extra: { statusCode?: number; failedCode?: string } = {},
  ) {
    super(message);
    this.name = 'ModelError';
    this.code = code;
    this.statusCode = extra.statusCode;
    this.failedCode = extra.failedCode;
  }
}

/** A broken stream that may be retried as a whole request. @internal */
export class StreamError extends Error {
  readonly code: ModelErrorCode;
  readonly retryable: boolean;
  readonly delayMs: number | undefined;
  readonly failedCode: string | undefined;
  constructor(
    code: ModelErrorCode,
    message: string,
    opts: { retryable: boolean; delayMs?: number; failedCode?: string },
  ) {
    super(message);
    this.name = 'StreamError';
    this.code = code;
    this.retryable = opts.retryable;
    this.delayMs = opts.delayMs;
    this.failedCode = opts.failedCode;
  }
}
