import { EVENT } from '../../catalog/catalog.ts';
import { presenceOf } from '../../checks/delivery.ts';
import { eventAttributesCheck, eventEmittedCheck } from '../../checks/event-shape.ts';
import { checkMetricsExported, checkMetricTags } from '../../checks/metrics.ts';
import {
  checkSseErrorOnFailure,
  checkSsePerFrame,
  checkToolTokenCount,
} from '../../checks/model-requests.ts';
import { checkHeaderSubstitution } from '../../checks/wire.ts';
import { completes, exporting, S3, S4, S5, tagged } from '../../requirements/applies.ts';
import type { Requirement } from '../../requirements/model.ts';

/**
 * Requirements only the Codex catalog has (its events' attribute shapes, `codex.conversation_starts`,
 * one `codex.sse_event` per SSE frame, `tool_token_count`, its metrics, `${VAR}` in TOML header values).
 * Their ids are the ones the suite always had.
 */
export const CODEX_REQUIREMENTS: readonly Requirement[] = [
  {
    id: 'HEADERS-ENV-SUBSTITUTION',
    strength: 'MUST',
    area: 'wire',
    source: `${S5}; docs/catalog/codex.md §7 (seed 002 §5.2)`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} syntax of the config
    text: 'Header values written "${VAR}" are replaced by the environment variable\'s value.',
    appliesTo: tagged('headers'),
    needsTelemetry: false,
    needsRequestFacts: true,
    check: checkHeaderSubstitution,
  },
  // ---- codex.conversation_starts ----
  {
    id: 'CONVERSATION-STARTS-EMITTED',
    strength: 'MUST',
    area: 'conversation_starts',
    source: S3,
    text: 'A session emits codex.conversation_starts.',
    appliesTo: exporting,
    judgesPresenceOf: [presenceOf('sessionStart')],
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
    judgesPresenceOf: [presenceOf('stream')],
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
    appliesTo: (s) =>
      exporting(s) && ['response-failed', 'stream-cut', 'stream-cut-then-success'].includes(s.id),
    judgesPresenceOf: [presenceOf('stream')],
    check: checkSseErrorOnFailure,
  },
  {
    id: 'TOOL-TOKEN-COUNT-IS-TOTAL',
    strength: 'SHOULD',
    area: 'sse_event',
    source: `${S3} (Codex today)`,
    levels: ['strict'],
    text: 'tool_token_count carries total_tokens, as the reference implementation fills it.',
    appliesTo: completes,
    judgesPresenceOf: [presenceOf('stream')],
    check: checkToolTokenCount,
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
    id: 'TOOL-DECISION-ATTRIBUTES',
    strength: 'MUST',
    area: 'tool',
    source: S3,
    text: 'codex.tool_decision carries tool_name, call_id, decision and source with catalog values.',
    appliesTo: (s) => exporting(s) && s.tags.includes('tool'),
    check: eventAttributesCheck(EVENT.toolDecision),
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
    source: `${S4}; docs/catalog/codex.md §7 (seed 003)`,
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
