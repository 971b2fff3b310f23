/**
 * The catalog's event names, the value of the `event.name` attribute and of the LogRecord's
 * `eventName`.
 *
 * @see docs/catalog/codex.md §3
 */
export const EventNames = Object.freeze({
  conversationStarts: 'codex.conversation_starts',
  apiRequest: 'codex.api_request',
  sseEvent: 'codex.sse_event',
  userPrompt: 'codex.user_prompt',
  toolDecision: 'codex.tool_decision',
  toolResult: 'codex.tool_result',
} as const);

/** One of the catalog's event names. @see docs/catalog/codex.md §3 */
export type EventName = (typeof EventNames)[keyof typeof EventNames];

/**
 * Attribute keys used on events: the common metadata of docs/catalog/codex.md §2 and the per-event keys of §3.
 *
 * @see docs/catalog/codex.md §2, §3
 */
export const AttributeKeys = Object.freeze({
  // §2 common metadata
  eventName: 'event.name',
  eventTimestamp: 'event.timestamp',
  conversationId: 'conversation.id',
  appVersion: 'app.version',
  authMode: 'auth_mode',
  accountId: 'user.account_id',
  terminalType: 'terminal.type',
  model: 'model',
  slug: 'slug',
  originator: 'originator',
  // codex.conversation_starts
  providerName: 'provider_name',
  reasoningEffort: 'reasoning_effort',
  reasoningSummary: 'reasoning_summary',
  contextWindow: 'context_window',
  maxOutputTokens: 'max_output_tokens',
  autoCompactTokenLimit: 'auto_compact_token_limit',
  approvalPolicy: 'approval_policy',
  sandboxPolicy: 'sandbox_policy',
  mcpServers: 'mcp_servers',
  activeProfile: 'active_profile',
  // codex.api_request
  attempt: 'attempt',
  durationMs: 'duration_ms',
  httpStatusCode: 'http.response.status_code',
  errorMessage: 'error.message',
  cfRay: 'cf_ray',
  // codex.sse_event
  eventKind: 'event.kind',
  inputTokenCount: 'input_token_count',
  outputTokenCount: 'output_token_count',
  cachedTokenCount: 'cached_token_count',
  reasoningTokenCount: 'reasoning_token_count',
  toolTokenCount: 'tool_token_count',
  // codex.user_prompt
  promptLength: 'prompt_length',
  prompt: 'prompt',
  // codex.tool_decision / codex.tool_result
  toolName: 'tool_name',
  callId: 'call_id',
  decision: 'decision',
  source: 'source',
  arguments: 'arguments',
  success: 'success',
  output: 'output',
  mcpServer: 'mcp_server',
} as const);

/** The literal sent as `prompt` unless `log_user_prompt = true`. @see docs/catalog/codex.md §3 */
export const REDACTED_PROMPT = '[REDACTED]';
