/** Package version, read from package.json at build time. */
export const VERSION = '0.1.0';

// collector/ — a real OpenTelemetry Collector (ocb-built binary or container)
export {
  COLLECTOR_IMAGE,
  COLLECTOR_VERSION,
  cachedCollectorBinaryPath,
  findCollectorBinary,
  otelcolToolsDir,
  SHIPPED_OTELCOL_DIR,
} from './collector/collector-files.ts';
export {
  COLLECTOR_BUILD_HINT,
  CollectorError,
  type CollectorErrorCode,
  collectorBuildHint,
} from './collector/errors.ts';
export {
  type CollectorLauncher,
  type CollectorOptions,
  collectorAvailability,
  collectorRequired,
  type StartedCollector,
  startCollector,
} from './collector/start-collector.ts';
export {
  DEFAULT_MESSAGES_MODEL,
  evContentBlockStart,
  evContentBlockStop,
  evError,
  evInputJsonDelta,
  evMessageDelta,
  evMessageStart,
  evMessageStop,
  evPing,
  evTextDelta,
  evTextStart,
  evToolUse,
  type MessageStartOptions,
  type MessagesStopReason,
  type MessagesStreamEvent,
  type MessagesStreamOptions,
  type MessagesUsage,
  messagesTextEvents,
  messagesToolUseEvents,
  messagesUsage,
  textBlockEvents,
  toolUseBlockEvents,
} from './model-apis/anthropic-messages/events.ts';
export {
  anthropicMessagesApi,
  type MessagesMock,
  type MessagesMockServer,
  startMessagesMockServer,
} from './model-apis/anthropic-messages/messages-api.ts';
export {
  type MessagesContentBlock,
  type MessagesMessage,
  MessagesRequest,
} from './model-apis/anthropic-messages/messages-request.ts';
export {
  type MessagesToolUseMocks,
  mountMessagesResponseOnce,
  mountMessagesResponseSequence,
  mountMessagesSseAlways,
  mountMessagesSseOnce,
  mountMessagesSseOnceMatch,
  mountMessagesSseSequence,
  mountMessagesToolUseTurn,
} from './model-apis/anthropic-messages/mounts.ts';
export {
  type MessagesErrorOptions,
  type MessagesResponseOptions,
  messageObject,
  messagesErrorBody,
  messagesErrorResponse,
  messagesErrorType,
  messagesTextResponse,
  messagesToolUseResponse,
} from './model-apis/anthropic-messages/responses.ts';
export {
  type MessagesSseStreamOptions,
  messagesSse,
  messagesSseCutMidFrame,
  messagesSseFrame,
  messagesSseFrames,
  messagesSseResponse,
  messagesSseStream,
} from './model-apis/anthropic-messages/sse.ts';
export {
  DEFAULT_GEMINI_MODEL,
  functionCallPart,
  type GeminiChunkOptions,
  type GeminiFinishReason,
  type GeminiPart,
  type GeminiStreamOptions,
  type GeminiUsageMetadata,
  type GenerateContentResponse,
  geminiChunk,
  geminiFunctionCallChunks,
  geminiTextChunks,
  textPart,
  usageMetadata,
} from './model-apis/gemini/chunks.ts';
export {
  type GeminiMock,
  type GeminiMockServer,
  geminiApi,
  startGeminiMockServer,
} from './model-apis/gemini/gemini-api.ts';
export { type GeminiContent, GeminiRequest } from './model-apis/gemini/gemini-request.ts';
export {
  GENERATE_CONTENT,
  type GeminiFunctionCallMocks,
  mountGeminiFunctionCallTurn,
  mountGeminiResponseOnce,
  mountGeminiResponseSequence,
  mountGeminiSseAlways,
  mountGeminiSseOnce,
  mountGeminiSseOnceMatch,
  mountGeminiSseSequence,
  mountGenerateContentOnce,
  STREAM_GENERATE_CONTENT,
} from './model-apis/gemini/mounts.ts';
export {
  type GeminiErrorOptions,
  type GeminiSseStreamOptions,
  geminiErrorBody,
  geminiErrorResponse,
  geminiSse,
  geminiSseCutMidFrame,
  geminiSseFrame,
  geminiSseFrames,
  geminiSseResponse,
  geminiSseStream,
  generateContentResponse,
  googleErrorStatus,
  retryInfo,
} from './model-apis/gemini/responses.ts';
// model-apis/ — mock Anthropic Messages and Gemini API servers on the same engines (msw, WireMock)
export type { ModelApi, ModelApiEndpoint } from './model-apis/model-api.ts';
export { describeModelApiMount, newRequestId } from './model-apis/model-api-mount.ts';
export {
  type ModelApiMock,
  type ModelApiServer,
  startModelApiServer,
} from './model-apis/model-api-server.ts';
// otlp-receiver/ — embedded OTLP receiver and the normalized record model
export type { OtlpConnectionInfo } from './otlp-receiver/connection-sniffer.ts';
export { OtlpDecodeError, OtlpReceiverError, type OtlpReceiverErrorCode } from './otlp-receiver/errors.ts';
export type { NormalizeOptions } from './otlp-receiver/normalize.ts';
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
export { decodeOtlpProtobufRecords } from './otlp-receiver/otlp-proto-records.ts';
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
  OtlpProtocolError,
  OtlpRecord,
  OtlpRecordBase,
  OtlpRejection,
  OtlpRejectionKind,
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
// responses/ — mock Responses API server (msw and WireMock engines), mirrors codex core_test_support::responses
export type { Engine, EngineName, JournalEntry, RequestOutcome, StartedEngine } from './responses/engine.ts';
export { engines } from './responses/engines.ts';
export { MockServerError, type MockServerErrorCode, ResponsesInvariantError } from './responses/errors.ts';
export {
  evAssistantMessage,
  evCompleted,
  evCompletedWithTokens,
  evCompletedWithUsage,
  evFailed,
  evFunctionCall,
  evMessageItemAdded,
  evOutputTextDelta,
  evReasoningItem,
  evResponseCreated,
  type ResponsesEvent,
} from './responses/events.ts';
export { checkRequestInvariants, type InvariantViolation } from './responses/invariants.ts';
export {
  connectionReset,
  jsonResponse,
  type MockResponse,
  mockResponse,
  SSE_CONTENT_TYPE,
  type SseStreamOptions,
  sseCutMidFrame,
  sseResponse,
  sseStream,
  withDelay,
} from './responses/mock-response.ts';
export type { RejectedRequest } from './responses/mock-server.ts';
export {
  type MockServer,
  type MockServerOptions,
  type ResponseMock,
  startMockServer,
} from './responses/mock-server.ts';
export {
  describeMount,
  type MountDefinition,
  type MountSpec,
  responsesMount,
} from './responses/mount-definition.ts';
export {
  type FunctionCallResponseMocks,
  mountFunctionCallAgentResponse,
  mountResponseOnce,
  mountResponseOnceMatch,
  mountSseAlways,
  mountSseOnce,
  mountSseOnceMatch,
  mountSseSequence,
} from './responses/mounts.ts';
export { type RawRequest, RecordedRequest } from './responses/recorded-request.ts';
export {
  BODY_REJECTIONS,
  type BodyRejectionReason,
  bodyRejectionJson,
  checkRequestBody,
} from './responses/request-body.ts';
export {
  allOf,
  body,
  bodyContains,
  header,
  type MatchableRequest,
  matchRequest,
  path,
  type RequestMatcher,
  type StringMatch,
} from './responses/request-matcher.ts';
export { sse, sseFailed, sseFrame, sseFrames } from './responses/sse.ts';
export { createWireMockEngine } from './responses/wiremock-engine.ts';
export {
  launchWireMock,
  type WireMockLaunchOptions,
  type WireMockProcess,
} from './responses/wiremock-process.ts';
// tls/ — test certificates
export {
  type GenerateTestCertificatesOptions,
  generateTestCertificates,
  type PemKeyPair,
  TEST_CLIENT_CERT_CN,
  type TestCertificateFiles,
  type TestCertificateKeyType,
  type TestCertificates,
  writeTestCertificates,
} from './tls/test-certificates.ts';
