/** Stable codes of {@link OtlpReceiverError}. */
export type OtlpReceiverErrorCode = 'WAIT_TIMEOUT' | 'STOPPED' | 'LISTEN_FAILED';

/**
 * Error thrown by the embedded OTLP receiver; `code` is stable, the message says what was expected and
 * what arrived.
 */
export class OtlpReceiverError extends Error {
  readonly code: OtlpReceiverErrorCode;

  constructor(code: OtlpReceiverErrorCode, message: string) {
    super(`[test-support] ${message}`);
    this.name = 'OtlpReceiverError';
    this.code = code;
  }
}
