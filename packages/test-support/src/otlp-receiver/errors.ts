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

/**
 * An OTLP payload that does not decode strictly (a protobuf field with the wrong wire type, an OTLP/JSON
 * `intValue` that is not an int64, an unparsable `timeUnixNano`, …): the OpenTelemetry Collector refuses
 * such a request with HTTP 400 / gRPC `INVALID_ARGUMENT`, and so does the embedded receiver. The message
 * names the message and field at fault.
 */
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}
