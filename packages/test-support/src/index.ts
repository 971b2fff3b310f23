/** Package version, read from package.json at build time. */
export const VERSION = '0.1.0';

// otlp-receiver/ — embedded OTLP receiver and the normalized record model
export type { OtlpConnectionInfo } from './otlp-receiver/connection-sniffer.ts';
export { OtlpReceiverError, type OtlpReceiverErrorCode } from './otlp-receiver/errors.ts';
export {
  type ComparableOtlpRecord,
  comparableRecords,
  normalizeOtlpJson,
  plainAttributes,
  plainValue,
  signalOfOtlpJson,
} from './otlp-receiver/normalize.ts';
export {
  OtlpJsonLinesWriter,
  type ReadOtlpJsonLinesOptions,
  readOtlpJsonLines,
} from './otlp-receiver/otlp-json-lines.ts';
export { decodeOtlpProtobuf, decodeRpcStatus } from './otlp-receiver/otlp-proto.ts';
export {
  type OtlpReceiverOptions,
  type OtlpReceiverTlsOptions,
  type StartedOtlpReceiver,
  startOtlpReceiver,
  type WaitForOptions,
} from './otlp-receiver/otlp-receiver.ts';
export type {
  OtlpAttributes,
  OtlpLogRecord,
  OtlpMetricPoint,
  OtlpMetricType,
  OtlpRecord,
  OtlpRecordBase,
  OtlpRequestInfo,
  OtlpResource,
  OtlpScope,
  OtlpSignal,
  OtlpSpan,
  OtlpSpanKind,
  OtlpTemporality,
  OtlpTlsInfo,
  OtlpTransport,
  OtlpValue,
} from './otlp-receiver/types.ts';
// tls/ — test certificates
export {
  generateTestCertificates,
  type PemKeyPair,
  TEST_CLIENT_CERT_CN,
  type TestCertificateFiles,
  type TestCertificates,
  writeTestCertificates,
} from './tls/test-certificates.ts';
