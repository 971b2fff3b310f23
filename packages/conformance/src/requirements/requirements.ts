import { EVENT } from '../catalog/catalog.ts';
import { eventAttributesCheck, eventEmittedCheck } from '../checks/event-shape.ts';
import { checkExitNonZeroOnFailure, checkExitZeroOnSuccess } from '../checks/exit-status.ts';
import {
  checkCommonMetadata,
  checkConversationIdConstant,
  checkConversationIdUnique,
  checkEventNameField,
  checkResourceAttributes,
  checkSeverityInfo,
  checkTimestampAgreement,
  checkTimestampFormat,
  checkTimestampsInWindow,
  checkTimestampsOrdered,
} from '../checks/metadata.ts';
import { checkMetricsExported, checkMetricTags } from '../checks/metrics.ts';
import {
  checkApiRequestPerAttempt,
  checkApiRequestStatus,
  checkSseErrorOnFailure,
  checkSsePerFrame,
  checkTokenCounts,
  checkToolTokenCount,
} from '../checks/model-requests.ts';
import { checkCanaryNotLeaked } from '../checks/privacy.ts';
import { checkCallIdJoin, checkToolDecision, checkToolResult } from '../checks/tool-events.ts';
import {
  checkPromptLength,
  checkPromptLoggedWhenOptedIn,
  checkPromptRedacted,
  checkUserPromptOnce,
} from '../checks/user-prompt.ts';
import {
  checkExporterNone,
  checkFlushOnExit,
  checkHeaderSubstitution,
  checkMtlsClientCertificate,
  checkNoPlaintext,
  checkReceiverDown,
  checkStaticHeaders,
  checkTlsDelivers,
  checkTransport,
} from '../checks/wire.ts';
import type { Scenario } from '../scenarios/model.ts';
import type { Requirement } from './model.ts';

/** The scenario exports to a live receiver. */
const exporting = (s: Scenario) => s.telemetry.exporter === 'otlp' && s.telemetry.receiver !== 'down';
const succeeds = (s: Scenario) => s.expect.outcome === 'success';
const tagged = (t: Scenario['tags'][number]) => (s: Scenario) => s.tags.includes(t);
const ids =
  (...list: string[]) =>
  (s: Scenario) =>
    list.includes(s.id);
const completes = (s: Scenario) => exporting(s) && succeeds(s);

/**
 * The requirement that judges delivery on an exporting scenario (`FLUSH-ON-EXIT-SUCCESS` on a turn that
 * completes, `FLUSH-ON-EXIT-FAILURE` on every other exit path), or undefined when it does not export
 * (or is the PEM-format scenario).
 */
export function deliveryRequirementId(s: Scenario): string | undefined {
  // the PEM-format scenario is judged only by its SHOULD (MTLS-PEM-WITHOUT-FINAL-NEWLINE), never by a MUST
  if (!exporting(s) || s.tags.includes('pem-format')) return undefined;
  return succeeds(s) ? 'FLUSH-ON-EXIT-SUCCESS' : 'FLUSH-ON-EXIT-FAILURE';
}

const S1 = 'catalog.md §1 (wire model)';
const S2 = 'catalog.md §2 (common metadata)';
const S3 = 'catalog.md §3 (events)';
const S4 = 'catalog.md §4 (metrics)';
const S5 = 'catalog.md §5 ([otel] table)';
const SEED = 'seeds/001 (OpenTelemetry events, #2103)';

/**
 * Every requirement of the suite with its stable id. Ids never change meaning; new ones are added.
 *
 * @see ../../README.md#requirements
 */
export const REQUIREMENTS: readonly Requirement[] = [
  // ---- wire: delivery, flush, transports, headers, TLS ----
  {
    id: 'FLUSH-ON-EXIT-SUCCESS',
    strength: 'MUST',
    area: 'wire',
    source: `${S5}; ${SEED}`,
    text: 'Every record of a completed turn is delivered before the process exits (the batch worker is flushed on shutdown).',
    appliesTo: (s) => deliveryRequirementId(s) === 'FLUSH-ON-EXIT-SUCCESS',
    needsTelemetry: false,
    check: checkFlushOnExit,
  },
  {
    id: 'FLUSH-ON-EXIT-FAILURE',
    strength: 'MUST',
    area: 'wire',
    source: S5,
    text: 'Every record is delivered on every failure exit path (response.failed, stream cut, retries exhausted).',
    appliesTo: (s) => deliveryRequirementId(s) === 'FLUSH-ON-EXIT-FAILURE',
    needsTelemetry: false,
    check: checkFlushOnExit,
  },
  {
    id: 'EXPORTER-NONE-SILENT',
    strength: 'MUST',
    area: 'wire',
    source: `${S5}; ${SEED}`,
    text: 'With exporter = "none" nothing is sent anywhere and no connection is opened.',
    appliesTo: tagged('exporter-none'),
    needsTelemetry: false,
    check: checkExporterNone,
  },
  {
    id: 'TRANSPORT-HTTP-JSON',
    strength: 'MUST',
    area: 'wire',
    source: S1,
    text: 'otlp-http with protocol = "json" exports OTLP/HTTP with a JSON body (application/json).',
    appliesTo: ids('transport-http-json'),
    needsTelemetry: false,
    needsRequestFacts: true,
    check: checkTransport,
  },
  {
    id: 'TRANSPORT-HTTP-PROTOBUF',
    strength: 'MUST',
    area: 'wire',
    source: S1,
    text: 'otlp-http with protocol = "binary" exports OTLP/HTTP with a protobuf body (application/x-protobuf).',
    appliesTo: ids('transport-http-protobuf'),
    needsTelemetry: false,
    needsRequestFacts: true,
    check: checkTransport,
  },
  {
    id: 'TRANSPORT-GRPC',
    strength: 'MUST',
    area: 'wire',
    source: S1,
    text: 'otlp-grpc exports through opentelemetry.proto.collector.logs.v1.LogsService/Export.',
    appliesTo: ids('transport-grpc'),
    needsTelemetry: false,
    needsRequestFacts: true,
    check: checkTransport,
  },
  {
    id: 'HEADERS-SENT',
    strength: 'MUST',
    area: 'wire',
    source: `${S5}; ${SEED}`,
    text: 'Configured exporter headers are sent with every export.',
    appliesTo: tagged('headers'),
    needsTelemetry: false,
    needsRequestFacts: true,
    check: checkStaticHeaders,
  },
  {
    id: 'HEADERS-ENV-SUBSTITUTION',
    strength: 'MUST',
    area: 'wire',
    source: `${S5}; seeds/002 §5.2`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} syntax of the config
    text: 'Header values written "${VAR}" are replaced by the environment variable\'s value.',
    appliesTo: tagged('headers'),
    needsTelemetry: false,
    needsRequestFacts: true,
    check: checkHeaderSubstitution,
  },
  {
    id: 'TLS-ENDPOINT-DELIVERS',
    strength: 'MUST',
    area: 'wire',
    source: `${S5}; seeds/002 §5.4`,
    text: 'Telemetry reaches an https:// endpoint whose certificate chains to the configured CA.',
    appliesTo: tagged('tls'),
    needsTelemetry: false,
    needsRequestFacts: true,
    check: checkTlsDelivers,
  },
  {
    id: 'TLS-NO-PLAINTEXT',
    strength: 'MUST',
    area: 'wire',
    source: `${S5}; seeds/002 §5.3 (Codex 0.53.0 bug)`,
    text: 'Nothing is sent in plaintext to an https:// endpoint, on every transport.',
    appliesTo: tagged('tls'),
    needsTelemetry: false,
    needsRequestFacts: true,
    check: checkNoPlaintext,
  },
  {
    id: 'MTLS-CLIENT-CERTIFICATE',
    strength: 'MUST',
    area: 'wire',
    source: `${S5}; seeds/002 §5.4`,
    text: 'With client-certificate and client-private-key, the exporter authenticates with that certificate (mTLS).',
    appliesTo: tagged('mtls'),
    needsTelemetry: false,
    needsRequestFacts: true,
    check: checkMtlsClientCertificate,
  },
  {
    id: 'MTLS-PEM-WITHOUT-FINAL-NEWLINE',
    strength: 'SHOULD',
    area: 'wire',
    source: `${S5}; RFC 7468 §3 (the final line break is optional)`,
    text: 'A client-certificate PEM file that does not end with a line break is accepted like any other: mTLS export still works.',
    appliesTo: tagged('pem-format'),
    needsTelemetry: false,
    needsRequestFacts: true,
    check: checkMtlsClientCertificate,
  },
  {
    id: 'RECEIVER-DOWN-PROMPT-EXIT',
    strength: 'MUST',
    area: 'wire',
    source: S5,
    text: 'With the receiver down, the agent still completes the turn and exits promptly with its normal status.',
    appliesTo: tagged('receiver-down'),
    needsTelemetry: false,
    check: (r) => checkReceiverDown(r),
  },
  // ---- exit status ----
  {
    id: 'EXIT-ZERO-ON-SUCCESS',
    strength: 'MUST',
    area: 'exit',
    source: 'responses-sse.md §4',
    text: 'A turn that completes exits with status 0.',
    appliesTo: (s) => succeeds(s) && !s.tags.includes('receiver-down'),
    needsTelemetry: false,
    check: checkExitZeroOnSuccess,
  },
  {
    id: 'EXIT-NONZERO-ON-FAILURE',
    strength: 'MUST',
    area: 'exit',
    source: 'responses-sse.md §4',
    text: 'A failed turn (response.failed, stream cut, retries exhausted) exits with a non-zero status.',
    appliesTo: (s) => s.expect.outcome === 'failure',
    needsTelemetry: false,
    check: checkExitNonZeroOnFailure,
  },
  // ---- metadata ----
  {
    id: 'COMMON-METADATA',
    strength: 'MUST',
    area: 'metadata',
    source: S2,
    text: 'Every event carries event.name, event.timestamp, conversation.id, app.version, terminal.type, model and slug with the catalog types.',
    appliesTo: exporting,
    check: checkCommonMetadata,
  },
  {
    id: 'EVENT-TIMESTAMP-FORMAT',
    strength: 'MUST',
    area: 'metadata',
    source: S1,
    text: 'event.timestamp is RFC 3339 (strict: UTC with exactly three fractional digits and Z).',
    appliesTo: exporting,
    check: checkTimestampFormat,
  },
  {
    id: 'EVENT-TIMESTAMP-MATCHES-RECORD-TIME',
    strength: 'SHOULD',
    area: 'metadata',
    source: S1,
    text: "The LogRecord's timeUnixNano agrees with event.timestamp.",
    appliesTo: exporting,
    check: checkTimestampAgreement,
  },
  {
    id: 'EVENT-NAME-FIELD',
    strength: 'SHOULD',
    area: 'metadata',
    source: S1,
    text: 'The LogRecord field eventName is filled with the same value as the event.name attribute.',
    appliesTo: exporting,
    check: checkEventNameField,
  },
  {
    id: 'EVENT-SEVERITY-INFO',
    strength: 'SHOULD',
    area: 'metadata',
    source: S1,
    text: 'Every event is a LogRecord of severity INFO.',
    appliesTo: exporting,
    check: checkSeverityInfo,
  },
  {
    id: 'RESOURCE-ATTRIBUTES',
    strength: 'MUST',
    area: 'metadata',
    source: `${S1}; catalog.md §6`,
    text: 'Every export carries resource attributes service.name (the originator), service.version and env = [otel].environment.',
    appliesTo: exporting,
    check: checkResourceAttributes,
  },
  {
    id: 'CONVERSATION-ID-CONSTANT',
    strength: 'MUST',
    area: 'metadata',
    source: S2,
    text: 'conversation.id is the same on every event of one run.',
    appliesTo: exporting,
    check: checkConversationIdConstant,
  },
  {
    id: 'CONVERSATION-ID-UNIQUE',
    strength: 'MUST',
    area: 'metadata',
    source: S2,
    text: 'conversation.id differs between runs.',
    appliesTo: exporting,
    check: checkConversationIdUnique,
  },
  {
    id: 'TIMESTAMPS-IN-RUN-WINDOW',
    strength: 'MUST',
    area: 'metadata',
    source: S1,
    text: "Every event.timestamp lies inside the run's wall-clock window.",
    appliesTo: exporting,
    check: checkTimestampsInWindow,
  },
  {
    id: 'TIMESTAMPS-CAUSAL-ORDER',
    strength: 'MUST',
    area: 'metadata',
    source: S3,
    text: 'Timestamps follow causality: prompt before requests, attempts in order, a decision before its result.',
    appliesTo: exporting,
    check: checkTimestampsOrdered,
  },
  // ---- codex.conversation_starts ----
  {
    id: 'CONVERSATION-STARTS-EMITTED',
    strength: 'MUST',
    area: 'conversation_starts',
    source: S3,
    text: 'A session emits codex.conversation_starts.',
    appliesTo: exporting,
    judgesPresenceOf: [EVENT.conversationStarts],
    check: eventEmittedCheck(EVENT.conversationStarts),
  },
  {
    id: 'CONVERSATION-STARTS-ATTRIBUTES',
    strength: 'MUST',
    area: 'conversation_starts',
    source: S3,
    text: 'codex.conversation_starts carries its catalog attributes with the right types and enum values.',
    appliesTo: exporting,
    check: eventAttributesCheck(EVENT.conversationStarts),
  },
  // ---- codex.api_request ----
  {
    id: 'API-REQUEST-PER-ATTEMPT',
    strength: 'MUST',
    area: 'api_request',
    source: S3,
    text: 'One codex.api_request per HTTP attempt the model server saw, attempts numbered consecutively per model request.',
    appliesTo: exporting,
    judgesPresenceOf: [EVENT.apiRequest],
    check: checkApiRequestPerAttempt,
  },
  {
    id: 'API-REQUEST-STATUS-CODE',
    strength: 'MUST',
    area: 'api_request',
    source: S3,
    text: 'http.response.status_code is the status the server answered, and failed attempts carry error.message.',
    appliesTo: exporting,
    judgesPresenceOf: [EVENT.apiRequest],
    check: checkApiRequestStatus,
  },
  {
    id: 'API-REQUEST-ATTRIBUTES',
    strength: 'MUST',
    area: 'api_request',
    source: S3,
    text: 'codex.api_request carries its catalog attributes with the right types.',
    appliesTo: exporting,
    check: eventAttributesCheck(EVENT.apiRequest),
  },
  // ---- codex.sse_event ----
  {
    id: 'SSE-EVENT-PER-FRAME',
    strength: 'MUST',
    area: 'sse_event',
    source: S3,
    text: 'One codex.sse_event per streamed frame, event.kind being the frame type.',
    appliesTo: exporting,
    judgesPresenceOf: [EVENT.sseEvent],
    check: checkSsePerFrame,
  },
  {
    id: 'SSE-EVENT-ATTRIBUTES',
    strength: 'MUST',
    area: 'sse_event',
    source: S3,
    text: 'codex.sse_event carries its catalog attributes with the right types (token counts on response.completed).',
    appliesTo: exporting,
    check: eventAttributesCheck(EVENT.sseEvent),
  },
  {
    id: 'SSE-ERROR-ON-FAILURE',
    strength: 'MUST',
    area: 'sse_event',
    source: S3,
    text: 'A failed stream (response.failed, closed before response.completed) yields a codex.sse_event with error.message.',
    appliesTo: (s) => exporting(s) && ['response-failed', 'stream-cut'].includes(s.id),
    judgesPresenceOf: [EVENT.sseEvent],
    check: checkSseErrorOnFailure,
  },
  {
    id: 'TOKEN-COUNTS-MATCH-USAGE',
    strength: 'MUST',
    area: 'sse_event',
    source: S3,
    text: 'input/output/cached/reasoning token counts equal the usage of response.completed the server sent.',
    appliesTo: completes,
    judgesPresenceOf: [EVENT.sseEvent],
    check: checkTokenCounts,
  },
  {
    id: 'TOOL-TOKEN-COUNT-IS-TOTAL',
    strength: 'SHOULD',
    area: 'sse_event',
    source: `${S3} (Codex today)`,
    levels: ['strict'],
    text: 'tool_token_count carries total_tokens, as the reference implementation fills it.',
    appliesTo: completes,
    judgesPresenceOf: [EVENT.sseEvent],
    check: checkToolTokenCount,
  },
  // ---- codex.user_prompt ----
  {
    id: 'USER-PROMPT-EMITTED',
    strength: 'MUST',
    area: 'user_prompt',
    source: S3,
    text: 'Each turn emits exactly one codex.user_prompt.',
    appliesTo: exporting,
    judgesPresenceOf: [EVENT.userPrompt],
    check: checkUserPromptOnce,
  },
  {
    id: 'USER-PROMPT-ATTRIBUTES',
    strength: 'MUST',
    area: 'user_prompt',
    source: S3,
    text: 'codex.user_prompt carries prompt_length and prompt with the right types.',
    appliesTo: exporting,
    check: eventAttributesCheck(EVENT.userPrompt),
  },
  {
    id: 'USER-PROMPT-REDACTED-BY-DEFAULT',
    strength: 'MUST',
    area: 'user_prompt',
    source: `${S3}; ${SEED}`,
    text: 'Unless log_user_prompt = true, the prompt attribute is the literal "[REDACTED]".',
    appliesTo: (s) => exporting(s) && !s.telemetry.logUserPrompt,
    check: checkPromptRedacted,
  },
  {
    id: 'USER-PROMPT-LOGGED-WHEN-OPTED-IN',
    strength: 'MUST',
    area: 'user_prompt',
    source: `${S5}; ${SEED}`,
    text: 'With log_user_prompt = true, the prompt attribute carries the prompt text.',
    appliesTo: (s) => exporting(s) && s.telemetry.logUserPrompt === true,
    judgesPresenceOf: [EVENT.userPrompt],
    check: checkPromptLoggedWhenOptedIn,
  },
  {
    id: 'USER-PROMPT-LENGTH-CODE-POINTS',
    strength: 'MUST',
    area: 'user_prompt',
    source: S3,
    text: 'prompt_length counts the Unicode code points of the unredacted prompt.',
    appliesTo: exporting,
    check: checkPromptLength,
  },
  {
    id: 'PROMPT-NOT-LEAKED',
    strength: 'MUST',
    area: 'privacy',
    source: `${S3}; seeds/002 §9`,
    text: "Without opt-in, the prompt's text appears in no other attribute, body, resource, metric, span or header.",
    appliesTo: (s) => exporting(s) && !s.telemetry.logUserPrompt,
    check: checkCanaryNotLeaked,
  },
  // ---- codex.tool_decision / codex.tool_result ----
  {
    id: 'TOOL-DECISION-REPORTED',
    strength: 'MUST',
    area: 'tool',
    source: S3,
    text: 'A tool call emits one codex.tool_decision with the decision and source the agent took.',
    appliesTo: (s) => exporting(s) && s.tags.includes('tool'),
    judgesPresenceOf: [EVENT.toolDecision],
    check: checkToolDecision,
  },
  {
    id: 'TOOL-DECISION-ATTRIBUTES',
    strength: 'MUST',
    area: 'tool',
    source: S3,
    text: 'codex.tool_decision carries tool_name, call_id, decision and source with catalog values.',
    appliesTo: (s) => exporting(s) && s.tags.includes('tool'),
    check: eventAttributesCheck(EVENT.toolDecision),
  },
  {
    id: 'TOOL-CALL-ID-JOIN',
    strength: 'MUST',
    area: 'tool',
    source: S3,
    text: "call_id joins the model's function call, the decision and the result; the decision comes before the result.",
    appliesTo: (s) => exporting(s) && s.tags.includes('tool'),
    judgesPresenceOf: [EVENT.toolDecision, EVENT.toolResult],
    check: checkCallIdJoin,
  },
  {
    id: 'TOOL-RESULT-MATCHES-CALL',
    strength: 'MUST',
    area: 'tool',
    source: S3,
    text: "codex.tool_result reports the tool's name, the model's arguments, success and the output returned to the model.",
    appliesTo: (s) => exporting(s) && s.tags.includes('tool'),
    judgesPresenceOf: [EVENT.toolResult],
    check: checkToolResult,
  },
  {
    id: 'TOOL-RESULT-ATTRIBUTES',
    strength: 'MUST',
    area: 'tool',
    source: S3,
    text: 'codex.tool_result carries its catalog attributes with the right types (success "true"/"false").',
    appliesTo: (s) => exporting(s) && s.tags.includes('tool'),
    check: eventAttributesCheck(EVENT.toolResult),
  },
  // ---- metrics ----
  {
    id: 'METRICS-EXPORTED',
    strength: 'SHOULD',
    area: 'metrics',
    source: `${S4}; seeds/003`,
    text: 'With a metrics exporter, the catalog metrics of a turn are exported (durations in ms).',
    appliesTo: (s) => exporting(s) && s.tags.includes('metrics'),
    check: checkMetricsExported,
  },
  {
    id: 'METRIC-TAG-VALUES',
    strength: 'SHOULD',
    area: 'metrics',
    source: S4,
    text: 'Catalog metrics carry their tags, and tag values use only [A-Za-z0-9._/-].',
    appliesTo: (s) => exporting(s) && s.tags.includes('metrics'),
    check: checkMetricTags,
  },
];

/** Finds a requirement by id. */
export function findRequirement(id: string): Requirement | undefined {
  return REQUIREMENTS.find((r) => r.id === id);
}
