/**
 * @agentotel/otel: the agent telemetry catalog as typed hooks over real OTLP.
 *
 * This entry point imports no `@opentelemetry/*` module; the SDK is loaded by dynamic import only
 * when the feature is on and an exporter is set.
 */
export type { OtelConfigErrorCode } from './config/otel-config-error.ts';
export { OtelConfigError } from './config/otel-config-error.ts';
export type { OtelExporter, OtelHttpProtocol, OtelSettings, OtelTls } from './config/otel-settings.ts';
export { DEFAULT_OTEL_SETTINGS } from './config/otel-settings.ts';
export type { ParseOtelSettingsOptions } from './config/parse-otel-settings.ts';
export { parseOtelSettings } from './config/parse-otel-settings.ts';
export type { EventName } from './events/event-names.ts';
export { AttributeKeys, EventNames, REDACTED_PROMPT } from './events/event-names.ts';
export type {
  ApiRequestArgs,
  ConversationStartsArgs,
  SessionMetadata,
  SseEventArgs,
  SseEventCompletedArgs,
  TokenUsage,
  ToolCallArgs,
  ToolDecision,
  ToolDecisionArgs,
  ToolDecisionSource,
  ToolResultArgs,
} from './events/session-telemetry.ts';
export { formatEventTimestamp, SessionTelemetry } from './events/session-telemetry.ts';
export type { Attributes, AttributeValue, TelemetrySink } from './events/telemetry-sink.ts';
export { NOOP_SINK } from './events/telemetry-sink.ts';
export { OTEL_FEATURE_ENV, OTEL_FEATURE_OFF_CONDITION, otelFeature } from './feature/otel-feature.ts';
export type { MetricName, TokenType } from './metrics/metric-names.ts';
export { METER_NAME, METRIC_INSTRUMENTS, MetricNames } from './metrics/metric-names.ts';
export { sanitizeTagValue } from './metrics/sanitize-tag-value.ts';
export type { StartTelemetryOptions } from './provider/start-telemetry.ts';
export {
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  disabledTelemetry,
  startTelemetry,
} from './provider/start-telemetry.ts';
export type { Telemetry } from './provider/telemetry.ts';

/** Package version. */
export const VERSION = '0.1.0';
