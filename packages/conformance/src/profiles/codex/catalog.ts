import { type AttributeSpec, type Catalog, CatalogSchema } from '../../catalog/model.ts';

/** Event names of the catalog, as constants. @see docs/catalog/codex.md §3 */
export const EVENT = {
  conversationStarts: 'codex.conversation_starts',
  apiRequest: 'codex.api_request',
  sseEvent: 'codex.sse_event',
  userPrompt: 'codex.user_prompt',
  toolDecision: 'codex.tool_decision',
  toolResult: 'codex.tool_result',
} as const;

/** The literal that replaces the prompt unless `log_user_prompt = true`. */
export const REDACTED = '[REDACTED]';

const a = (
  key: string,
  kind: AttributeSpec['kind'],
  presence: AttributeSpec['presence'],
  description: string,
  extra: Partial<AttributeSpec> = {},
): AttributeSpec => ({ key, kind, presence, description, ...extra });

/**
 * The Codex telemetry catalog (the `codex.*` events of `codex_otel`) as data, validated by {@link CatalogSchema} at load.

 */
export const CATALOG: Catalog = CatalogSchema.parse({
  version: '2025-11 (seed catalog + Codex reference types)',
  source: {
    document: 'agentotel docs/catalog/codex.md (the codex_otel events of OpenAI Codex)',
    version: '0.169.0',
  },
  redactionMarker: REDACTED,
  optIns: [{ name: 'log_user_prompt', description: '[otel] log_user_prompt = true exports the prompt text' }],
  commonAttributes: [
    a('event.name', 'string', 'required', 'the event name, e.g. codex.user_prompt'),
    a('event.timestamp', 'timestamp', 'required', 'RFC 3339 UTC with exactly three fractional digits and Z'),
    a('conversation.id', 'uuid', 'required', 'constant for one run'),
    a('app.version', 'string', 'required', 'the agent version'),
    a('auth_mode', 'string', 'conditional', 'when known', { condition: 'known' }),
    a('user.account_id', 'string', 'conditional', 'when known', { condition: 'known' }),
    a('terminal.type', 'string', 'required', 'the terminal type'),
    a('model', 'string', 'required', 'the model'),
    a('slug', 'string', 'required', 'the model slug'),
  ],
  events: [
    {
      name: 'codex.conversation_starts',
      section: 'docs/catalog/codex.md §3',
      description: 'a session begins',
      attributes: [
        a('provider_name', 'string', 'required', 'the model provider'),
        a('reasoning_effort', 'string', 'optional', 'reasoning effort'),
        a('reasoning_summary', 'string', 'required', 'reasoning summary mode'),
        a('context_window', 'int', 'optional', 'context window in tokens'),
        a('max_output_tokens', 'int', 'optional', 'max output tokens'),
        a('auto_compact_token_limit', 'int', 'optional', 'auto compaction limit'),
        a('approval_policy', 'string', 'required', 'approval policy', {
          enum: ['never', 'on-request', 'on-failure', 'untrusted'],
        }),
        a('sandbox_policy', 'string', 'required', 'sandbox policy', {
          enum: ['read-only', 'workspace-write', 'danger-full-access'],
        }),
        a('mcp_servers', 'string', 'required', 'server names joined with ", " (empty when none)'),
        a('active_profile', 'string', 'optional', 'active profile'),
      ],
    },
    {
      name: 'codex.api_request',
      section: 'docs/catalog/codex.md §3',
      description: 'one per HTTP attempt to the model',
      attributes: [
        a('attempt', 'int', 'required', 'attempt number for one model request'),
        a('duration_ms', 'numeric-string', 'required', 'request duration in ms'),
        a('http.response.status_code', 'int', 'conditional', 'when a response arrived', {
          condition: 'response-arrived',
        }),
        a('error.message', 'string', 'conditional', 'on failure', { condition: 'request-failed' }),
        a('cf_ray', 'string', 'optional', 'Cloudflare ray id'),
      ],
    },
    {
      name: 'codex.sse_event',
      section: 'docs/catalog/codex.md §3',
      description: 'one per streamed frame',
      attributes: [
        a('event.kind', 'string', 'required', 'the SSE event type'),
        a('duration_ms', 'numeric-string', 'required', 'time since the previous frame'),
        a('error.message', 'string', 'conditional', 'on failure', { condition: 'sse-failed' }),
        a('input_token_count', 'numeric-string', 'conditional', 'on response.completed', {
          condition: 'sse-completed',
        }),
        a('output_token_count', 'numeric-string', 'conditional', 'on response.completed', {
          condition: 'sse-completed',
        }),
        a('cached_token_count', 'int', 'optional', 'on response.completed, optional'),
        a('reasoning_token_count', 'int', 'optional', 'on response.completed, optional'),
        a('tool_token_count', 'numeric-string', 'conditional', 'on response.completed', {
          condition: 'sse-completed',
        }),
      ],
    },
    {
      name: 'codex.user_prompt',
      section: 'docs/catalog/codex.md §3',
      description: "the user's input",
      attributes: [
        a('prompt_length', 'numeric-string', 'required', 'Unicode code points of the unredacted prompt'),
        a('prompt', 'string', 'required', '"[REDACTED]" unless log_user_prompt = true'),
      ],
    },
    {
      name: 'codex.tool_decision',
      section: 'docs/catalog/codex.md §3',
      description: 'whether a tool call may run',
      attributes: [
        a('tool_name', 'string', 'required', 'the tool'),
        a('call_id', 'string', 'required', "the model's function call id"),
        a('decision', 'string', 'required', 'the decision', {
          enum: ['approved', 'approved_for_session', 'denied', 'abort'],
        }),
        a('source', 'string', 'required', 'who decided', { enum: ['config', 'user'] }),
      ],
    },
    {
      name: 'codex.tool_result',
      section: 'docs/catalog/codex.md §3',
      description: 'a tool invocation completed',
      attributes: [
        a('tool_name', 'string', 'required', 'the tool'),
        a('call_id', 'string', 'conditional', 'when the call had one', { condition: 'call-has-id' }),
        a('arguments', 'string', 'required', 'the arguments as sent by the model'),
        a('duration_ms', 'numeric-string', 'required', 'execution time of the tool'),
        a('success', 'bool-string', 'required', '"true" or "false"'),
        a('output', 'string', 'required', 'what the tool returned to the model'),
      ],
    },
  ],
  resourceAttributes: [
    a('service.name', 'string', 'required', 'the originator'),
    a('service.version', 'string', 'required', 'the agent version'),
    a('env', 'string', 'required', '[otel].environment (default dev)'),
  ],
  metrics: [
    { name: 'codex.api_request', instrument: 'counter', tags: ['status', 'success'] },
    {
      name: 'codex.api_request.duration_ms',
      instrument: 'histogram',
      unit: 'ms',
      tags: ['status', 'success'],
    },
    { name: 'codex.sse_event', instrument: 'counter', tags: ['kind', 'success'] },
    { name: 'codex.sse_event.duration_ms', instrument: 'histogram', unit: 'ms', tags: ['kind', 'success'] },
    { name: 'codex.tool.call', instrument: 'counter', tags: ['tool', 'success'] },
    { name: 'codex.tool.call.duration_ms', instrument: 'histogram', unit: 'ms', tags: ['tool', 'success'] },
    { name: 'codex.turn.e2e_duration_ms', instrument: 'histogram', unit: 'ms', tags: [] },
    {
      name: 'codex.turn.token_usage',
      instrument: 'histogram',
      tags: ['token_type'],
      tagEnums: { token_type: ['total', 'input', 'cached_input', 'output', 'reasoning_output'] },
    },
  ],
  metricSessionTags: ['originator', 'session_source', 'model', 'app.version'],
});
