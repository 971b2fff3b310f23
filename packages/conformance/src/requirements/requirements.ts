import { presenceOf } from '../checks/delivery.ts';
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
import {
  checkApiRequestPerAttempt,
  checkApiRequestStatus,
  checkTokenCounts,
} from '../checks/model-requests.ts';
import { checkOtlpPayloadsAccepted } from '../checks/otlp-payloads.ts';
import { checkCanaryNotLeaked } from '../checks/privacy.ts';
import { checkCallIdJoin, checkToolDecision, checkToolResult } from '../checks/tool-events.ts';
import { checkToolSuccessMatchesExit } from '../checks/tool-success.ts';
import {
  checkPromptLength,
  checkPromptLoggedWhenOptedIn,
  checkPromptRedacted,
  checkUserPromptOnce,
} from '../checks/user-prompt.ts';
import {
  checkExporterNone,
  checkFlushOnExit,
  checkMtlsClientCertificate,
  checkNoPlaintext,
  checkReceiverDown,
  checkStaticHeaders,
  checkTlsDelivers,
  checkTransport,
} from '../checks/wire.ts';
import { CODEX_MAPPING } from '../profiles/codex/mapping.ts';
import { CODEX_REQUIREMENTS } from '../profiles/codex/requirements.ts';
import type { Profile } from '../profiles/profile.ts';
import {
  completes,
  deliveryRequirementId,
  exporting,
  ids,
  S1,
  S2,
  S3,
  S5,
  SEED,
  succeeds,
  tagged,
} from './applies.ts';
import type { Requirement } from './model.ts';

export { deliveryRequirementId } from './applies.ts';

/**
 * The requirements every agent's telemetry must meet, written once against the profile's requirement
 * mapping (each check reads the run's catalog and mapping; `mapped` says which part of the mapping a
 * requirement needs: a profile without it does not get the requirement). Ids never change meaning;
 * new ones are added. The Codex catalog's own requirements are in `src/profiles/codex/requirements.ts`.
 *
 * @see ../../README.md#requirements
 */
export const SHARED_REQUIREMENTS: readonly Requirement[] = [
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
    id: 'OTLP-PAYLOADS-ACCEPTED',
    strength: 'MUST',
    area: 'wire',
    source: `${S1} (OTLP as the OpenTelemetry Collector decodes it)`,
    text: 'Every OTLP export is one the OpenTelemetry Collector accepts: the receiver, which decodes as strictly as the collector, refuses none as malformed or unsupported.',
    appliesTo: exporting,
    needsTelemetry: false,
    check: checkOtlpPayloadsAccepted,
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
    id: 'TLS-ENDPOINT-DELIVERS',
    strength: 'MUST',
    area: 'wire',
    source: `${S5}; docs/catalog/codex.md §7 (seed 002 §5.4)`,
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
    source: `${S5}; docs/catalog/codex.md §7 (seed 002 §5.3) (Codex 0.53.0 bug)`,
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
    source: `${S5}; docs/catalog/codex.md §7 (seed 002 §5.4)`,
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
    check: checkReceiverDown,
  },
  // ---- exit status ----
  {
    id: 'EXIT-ZERO-ON-SUCCESS',
    strength: 'MUST',
    area: 'exit',
    source: 'docs/responses-sse.md §4',
    text: 'A turn that completes exits with status 0.',
    appliesTo: (s) => succeeds(s) && !s.tags.includes('receiver-down'),
    needsTelemetry: false,
    check: checkExitZeroOnSuccess,
  },
  {
    id: 'EXIT-NONZERO-ON-FAILURE',
    strength: 'MUST',
    area: 'exit',
    source: 'docs/responses-sse.md §4',
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
    mapped: (m) => !!m.timestamp,
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
    mapped: (m) => m.logRecord?.eventName !== false,
  },
  {
    id: 'EVENT-SEVERITY-INFO',
    strength: 'SHOULD',
    area: 'metadata',
    source: S1,
    text: 'Every event is a LogRecord of severity INFO.',
    appliesTo: exporting,
    check: checkSeverityInfo,
    mapped: (m) => m.logRecord?.severityInfo !== false,
  },
  {
    id: 'RESOURCE-ATTRIBUTES',
    strength: 'MUST',
    area: 'metadata',
    source: `${S1}; docs/catalog/codex.md §6`,
    text: 'Every export carries the resource attributes naming the agent and its own version: service.name (the originator), service.version, and env = [otel].environment where the catalog has it.',
    appliesTo: exporting,
    check: checkResourceAttributes,
  },
  {
    id: 'CONVERSATION-ID-CONSTANT',
    strength: 'MUST',
    area: 'metadata',
    source: S2,
    text: 'The session id (conversation.id) is the same on every event of one run.',
    appliesTo: exporting,
    mapped: (m) => !!m.session,
    check: checkConversationIdConstant,
  },
  {
    id: 'CONVERSATION-ID-UNIQUE',
    strength: 'MUST',
    area: 'metadata',
    source: S2,
    text: 'The session id (conversation.id) differs between runs.',
    appliesTo: exporting,
    mapped: (m) => !!m.session,
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
  // ---- codex.api_request ----
  {
    id: 'API-REQUEST-PER-ATTEMPT',
    strength: 'MUST',
    area: 'api_request',
    source: S3,
    text: 'One API request event (codex.api_request) per HTTP attempt the model server saw, attempts numbered consecutively per model request.',
    appliesTo: exporting,
    judgesPresenceOf: [presenceOf('apiRequest')],
    mapped: (m) => !!m.apiRequest,
    check: checkApiRequestPerAttempt,
  },
  {
    id: 'API-REQUEST-STATUS-CODE',
    strength: 'MUST',
    area: 'api_request',
    source: S3,
    text: 'The status attribute (http.response.status_code) is the status the server answered, and failed attempts carry the error (error.message).',
    appliesTo: exporting,
    judgesPresenceOf: [presenceOf('apiRequest')],
    mapped: (m) => !!m.apiRequest?.statusAttribute,
    check: checkApiRequestStatus,
  },
  {
    id: 'TOKEN-COUNTS-MATCH-USAGE',
    strength: 'MUST',
    area: 'sse_event',
    source: S3,
    text: 'Input/output/cached/reasoning token counts equal the usage the model server sent (response.completed).',
    appliesTo: completes,
    judgesPresenceOf: [presenceOf('stream')],
    mapped: (m) => !!m.tokens,
    check: checkTokenCounts,
  },
  // ---- codex.user_prompt ----
  {
    id: 'USER-PROMPT-EMITTED',
    strength: 'MUST',
    area: 'user_prompt',
    source: S3,
    text: 'Each turn emits exactly one user prompt event (codex.user_prompt).',
    appliesTo: exporting,
    judgesPresenceOf: [presenceOf('userPrompt')],
    mapped: (m) => !!m.userPrompt,
    check: checkUserPromptOnce,
  },
  {
    id: 'USER-PROMPT-REDACTED-BY-DEFAULT',
    strength: 'MUST',
    area: 'user_prompt',
    source: `${S3}; ${SEED}`,
    text: 'Unless the prompt opt-in is set (log_user_prompt = true), the prompt attribute is redacted as the catalog says (the literal "[REDACTED]", or left out).',
    appliesTo: (s) => exporting(s) && !s.telemetry.logUserPrompt,
    mapped: (m) => !!m.userPrompt,
    check: checkPromptRedacted,
  },
  {
    id: 'USER-PROMPT-LOGGED-WHEN-OPTED-IN',
    strength: 'MUST',
    area: 'user_prompt',
    source: `${S5}; ${SEED}`,
    text: 'With the prompt opt-in (log_user_prompt = true), the prompt attribute carries the prompt text.',
    appliesTo: (s) => exporting(s) && s.telemetry.logUserPrompt === true,
    judgesPresenceOf: [presenceOf('userPrompt')],
    mapped: (m) => !!m.userPrompt,
    check: checkPromptLoggedWhenOptedIn,
  },
  {
    id: 'USER-PROMPT-LENGTH-CODE-POINTS',
    strength: 'MUST',
    area: 'user_prompt',
    source: S3,
    text: "The prompt length attribute (prompt_length) counts the unredacted prompt in the catalog's unit (Unicode code points).",
    appliesTo: exporting,
    mapped: (m) => !!m.userPrompt?.length,
    check: checkPromptLength,
  },
  {
    id: 'PROMPT-NOT-LEAKED',
    strength: 'MUST',
    area: 'privacy',
    source: `${S3}; docs/catalog/codex.md §7 (seed 002 §9)`,
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
    text: 'A tool call emits one tool decision event (codex.tool_decision) with the decision and source the agent took.',
    appliesTo: (s) => exporting(s) && s.tags.includes('tool'),
    judgesPresenceOf: [presenceOf('toolDecision')],
    mapped: (m) => !!m.tool?.decisionEvent,
    check: checkToolDecision,
  },
  {
    id: 'TOOL-CALL-ID-JOIN',
    strength: 'MUST',
    area: 'tool',
    source: S3,
    text: "The call id (call_id) joins the model's function call, the decision and the result; the decision comes before the result.",
    appliesTo: (s) => exporting(s) && s.tags.includes('tool'),
    judgesPresenceOf: [presenceOf('toolDecision'), presenceOf('toolResult')],
    mapped: (m) => !!m.tool,
    check: checkCallIdJoin,
  },
  {
    id: 'TOOL-RESULT-MATCHES-CALL',
    strength: 'MUST',
    area: 'tool',
    source: S3,
    text: 'The tool result event (codex.tool_result) reports the tool\'s name, the model\'s arguments, success as the catalog defines it ("true" for a command that ran and succeeded, never "true" for a call that was not approved) and the output returned to the model.',
    appliesTo: (s) => exporting(s) && s.tags.includes('tool'),
    judgesPresenceOf: [presenceOf('toolResult')],
    mapped: (m) => !!m.tool,
    check: checkToolResult,
  },
  {
    id: 'TOOL-RESULT-SUCCESS-MATCHES-EXIT',
    strength: 'SHOULD',
    area: 'tool',
    source: `${S3} (the reference implementation)`,
    text: 'For a command that ran and exited non-zero, success is "false": the reference implementation reads success as the exit status. The catalog defines success only as "true"/"false"; the Codex CLI reports whether the call ran.',
    appliesTo: (s) => exporting(s) && s.tags.includes('tool') && s.toolCall?.failing === true,
    mapped: (m) => !!m.tool?.successAttribute && !m.tool.successJudgedBy,
    check: checkToolSuccessMatchesExit,
  },
];

/** The order requirements are reported in (the historical order of the Codex suite); others follow. */
const REPORT_ORDER: readonly string[] = [
  'FLUSH-ON-EXIT-SUCCESS',
  'FLUSH-ON-EXIT-FAILURE',
  'EXPORTER-NONE-SILENT',
  'TRANSPORT-HTTP-JSON',
  'TRANSPORT-HTTP-PROTOBUF',
  'TRANSPORT-GRPC',
  'OTLP-PAYLOADS-ACCEPTED',
  'HEADERS-SENT',
  'HEADERS-ENV-SUBSTITUTION',
  'TLS-ENDPOINT-DELIVERS',
  'TLS-NO-PLAINTEXT',
  'MTLS-CLIENT-CERTIFICATE',
  'MTLS-PEM-WITHOUT-FINAL-NEWLINE',
  'RECEIVER-DOWN-PROMPT-EXIT',
  'EXIT-ZERO-ON-SUCCESS',
  'EXIT-NONZERO-ON-FAILURE',
  'COMMON-METADATA',
  'EVENT-TIMESTAMP-FORMAT',
  'EVENT-TIMESTAMP-MATCHES-RECORD-TIME',
  'EVENT-NAME-FIELD',
  'EVENT-SEVERITY-INFO',
  'RESOURCE-ATTRIBUTES',
  'CONVERSATION-ID-CONSTANT',
  'CONVERSATION-ID-UNIQUE',
  'TIMESTAMPS-IN-RUN-WINDOW',
  'TIMESTAMPS-CAUSAL-ORDER',
  'CONVERSATION-STARTS-EMITTED',
  'CONVERSATION-STARTS-ATTRIBUTES',
  'API-REQUEST-PER-ATTEMPT',
  'API-REQUEST-STATUS-CODE',
  'API-REQUEST-ATTRIBUTES',
  'SSE-EVENT-PER-FRAME',
  'SSE-EVENT-ATTRIBUTES',
  'SSE-ERROR-ON-FAILURE',
  'TOKEN-COUNTS-MATCH-USAGE',
  'TOOL-TOKEN-COUNT-IS-TOTAL',
  'USER-PROMPT-EMITTED',
  'USER-PROMPT-ATTRIBUTES',
  'USER-PROMPT-REDACTED-BY-DEFAULT',
  'USER-PROMPT-LOGGED-WHEN-OPTED-IN',
  'USER-PROMPT-LENGTH-CODE-POINTS',
  'PROMPT-NOT-LEAKED',
  'TOOL-DECISION-REPORTED',
  'TOOL-DECISION-ATTRIBUTES',
  'TOOL-CALL-ID-JOIN',
  'TOOL-RESULT-MATCHES-CALL',
  'TOOL-RESULT-SUCCESS-MATCHES-EXIT',
  'TOOL-RESULT-ATTRIBUTES',
  'METRICS-EXPORTED',
  'METRIC-TAG-VALUES',
];

/**
 * The requirements that judge a profile's agents: the shared ones whose mapping part the profile has,
 * then its own, in report order.
 */
export function requirementsFor(profile: Pick<Profile, 'mapping' | 'requirements'>): Requirement[] {
  const list = [
    ...SHARED_REQUIREMENTS.filter((r) => !r.mapped || r.mapped(profile.mapping)),
    ...profile.requirements,
  ];
  const rank = (id: string) => {
    const i = REPORT_ORDER.indexOf(id);
    return i < 0 ? REPORT_ORDER.length : i;
  };
  return list
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r.id) - rank(b.r.id) || a.i - b.i)
    .map((x) => x.r);
}

/**
 * Every requirement of the Codex profile (the shared ones and the Codex catalog's own), in report order.
 *
 * @see ../../README.md#requirements
 */
export const REQUIREMENTS: readonly Requirement[] = requirementsFor({
  mapping: CODEX_MAPPING,
  requirements: CODEX_REQUIREMENTS,
});

/** Finds a requirement by id (shared, or of any profile in this build). */
export function findRequirement(id: string): Requirement | undefined {
  return REQUIREMENTS.find((r) => r.id === id) ?? SHARED_REQUIREMENTS.find((r) => r.id === id);
}
