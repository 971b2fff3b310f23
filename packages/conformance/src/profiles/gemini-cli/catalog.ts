import { type AttributeSpec, type Catalog, CatalogSchema } from '../../catalog/model.ts';
import type { CatalogSource } from '../profile.ts';

/** The Gemini CLI version the suite pins (`npm install @google/gemini-cli@0.61.0`). */
export const PINNED_GEMINI_CLI_VERSION = '0.61.0';

/**
 * The vendor document the Gemini CLI catalog is taken from: the telemetry page shipped inside the pinned
 * package, `bundle/docs/cli/telemetry.md` of `@google/gemini-cli@0.61.0` ("Observability with
 * OpenTelemetry"), with `docs/reference/configuration.md` of the same package for the settings. Line
 * numbers in evidence refer to that file.
 */
export const GEMINI_CLI_SOURCE: CatalogSource = {
  document: '@google/gemini-cli bundle/docs/cli/telemetry.md ("Observability with OpenTelemetry")',
  url: 'https://github.com/google-gemini/gemini-cli/blob/v0.61.0/docs/cli/telemetry.md',
  version: PINNED_GEMINI_CLI_VERSION,
};

/** Event names as the page's headings give them; the `event.name` attribute carries the same text. */
export const GEM_EVENT = {
  config: 'gemini_cli.config',
  userPrompt: 'gemini_cli.user_prompt',
  toolCall: 'gemini_cli.tool_call',
  toolOutputTruncated: 'gemini_cli.tool_output_truncated',
  inferenceDetails: 'gen_ai.client.inference.operation.details',
  fileOperation: 'gemini_cli.file_operation',
  apiRequest: 'gemini_cli.api_request',
  apiResponse: 'gemini_cli.api_response',
  apiError: 'gemini_cli.api_error',
  malformedJsonResponse: 'gemini_cli.malformed_json_response',
  modelRouting: 'gemini_cli.model_routing',
  invalidChunk: 'gemini_cli.chat.invalid_chunk',
  contentRetry: 'gemini_cli.chat.content_retry',
  contentRetryFailure: 'gemini_cli.chat.content_retry_failure',
  conversationFinished: 'gemini_cli.conversation_finished',
  flashFallback: 'gemini_cli.flash_fallback',
  ripgrepFallback: 'gemini_cli.ripgrep_fallback',
  startupStats: 'gemini_cli.startup_stats',
} as const;

const a = (
  key: string,
  kind: AttributeSpec['kind'],
  presence: AttributeSpec['presence'],
  description: string,
  extra: Partial<AttributeSpec> = {},
): AttributeSpec => ({ key, kind, presence, description, ...extra });

/** The page's types: `(string)`, `(int)`, `(boolean)`, `(float)`, `(array of strings)`, `(int or string)`. */
const S = 'string' as const;
const I = 'int' as const;
const B = 'bool' as const;

/**
 * Gemini CLI's telemetry catalog as data, from the page shipped with the pinned package (see
 * {@link GEMINI_CLI_SOURCE}): the log events with their documented attributes and types, the custom and
 * GenAI semantic-convention metrics. Only documented facts:
 *
 * - `(string, optional)` and "excluded if …" attributes are `optional`; the rest `required`;
 * - `(int or string)`, `(number)` and `(json string)`/`(object)` become `any`, `number`, `string` and
 *   `any`; `(float)` is `number` (the OpenTelemetry JS SDK sends an integral float as `intValue`);
 * - the page documents no resource attributes and no `event.name`/`event.timestamp` attributes: those
 *   are listed as optional (typed when present), and the shared requirement on the resource judges it
 *   against the OpenTelemetry semantic conventions instead;
 * - events the scenarios cannot produce (extensions, IDE, UI, slash commands, agents, …) are left out:
 *   their records are reported as information, never judged.
 */
export const GEMINI_CLI_CATALOG: Catalog = CatalogSchema.parse({
  version: `Gemini CLI ${PINNED_GEMINI_CLI_VERSION} bundle/docs/cli/telemetry.md`,
  source: GEMINI_CLI_SOURCE,
  optIns: [
    {
      name: 'telemetry.logPrompts (GEMINI_TELEMETRY_LOG_PROMPTS)',
      description:
        'gemini_cli.user_prompt carries `prompt` unless logPrompts is false; the default is TRUE (opt-out, not opt-in)',
    },
  ],
  // "Logs, metrics, and traces": common attributes on all data.
  commonAttributes: [
    a('session.id', S, 'required', 'common attribute on all data'),
    a('installation.id', S, 'required', 'common attribute on all data'),
    a('active_approval_mode', S, 'required', 'common attribute on all data'),
    a('user.email', S, 'optional', 'common attribute when authenticated'),
    a('event.name', S, 'optional', 'not in the page; Gemini CLI puts the heading name here'),
    a('event.timestamp', 'timestamp', 'optional', 'not in the page'),
  ],
  events: [
    {
      name: GEM_EVENT.config,
      section: 'Logs > Sessions > gemini_cli.config (telemetry.md:289)',
      description: 'emitted at startup with the CLI configuration',
      attributes: [
        a('model', S, 'required', ''),
        a('embedding_model', S, 'required', ''),
        a('sandbox_enabled', B, 'required', ''),
        a('core_tools_enabled', S, 'required', ''),
        a('approval_mode', S, 'required', ''),
        a('api_key_enabled', B, 'required', ''),
        a('vertex_ai_enabled', B, 'required', ''),
        a('log_user_prompts_enabled', B, 'required', ''),
        a('file_filtering_respect_git_ignore', B, 'required', ''),
        a('debug_mode', B, 'required', ''),
        a('mcp_servers', S, 'required', ''),
        a('mcp_servers_count', I, 'required', ''),
        a('mcp_tools', S, 'required', ''),
        a('mcp_tools_count', I, 'required', ''),
        a('output_format', S, 'required', ''),
        a('extensions', S, 'required', ''),
        a('extension_ids', S, 'required', ''),
        a('extensions_count', I, 'required', ''),
        a('auth_type', S, 'required', ''),
        a('worktree_active', B, 'required', ''),
        a('github_workflow_name', S, 'optional', ''),
        a('github_repository_hash', S, 'optional', ''),
        a('github_event_name', S, 'optional', ''),
        a('github_pr_number', S, 'optional', ''),
        a('github_issue_number', S, 'optional', ''),
        a('github_custom_tracking_id', S, 'optional', ''),
      ],
    },
    {
      name: GEM_EVENT.userPrompt,
      section: 'Logs > Sessions > gemini_cli.user_prompt (telemetry.md:325)',
      description: 'emitted when you submit a prompt',
      attributes: [
        a('prompt_length', I, 'required', 'length of the prompt (unit not documented)'),
        a('prompt_id', S, 'required', ''),
        a('prompt', S, 'optional', 'excluded if telemetry.logPrompts is false'),
        a('auth_type', S, 'required', ''),
      ],
    },
    {
      name: GEM_EVENT.toolCall,
      section: 'Logs > Tools > gemini_cli.tool_call (telemetry.md:386)',
      description: 'emitted for each tool (function) call',
      attributes: [
        a('function_name', S, 'required', ''),
        a('function_args', S, 'required', ''),
        a('duration_ms', I, 'required', ''),
        a('success', B, 'required', ''),
        a('decision', S, 'required', '', { enum: ['accept', 'reject', 'auto_accept', 'modify'] }),
        a('error', S, 'optional', ''),
        a('error_type', S, 'optional', ''),
        a('prompt_id', S, 'required', ''),
        a('tool_type', S, 'required', '', { enum: ['native', 'mcp'] }),
        a('mcp_server_name', S, 'optional', ''),
        a('extension_name', S, 'optional', ''),
        a('extension_id', S, 'optional', ''),
        a('content_length', I, 'optional', ''),
        a('start_time', 'number', 'optional', ''),
        a('end_time', 'number', 'optional', ''),
        a('metadata', 'any', 'optional', '(object)'),
      ],
    },
    {
      name: GEM_EVENT.toolOutputTruncated,
      section: 'Logs > Tools > gemini_cli.tool_output_truncated (telemetry.md:417)',
      description: 'logs when tool output is truncated',
      attributes: [
        a('tool_name', S, 'required', ''),
        a('original_content_length', I, 'required', ''),
        a('truncated_content_length', I, 'required', ''),
        a('threshold', I, 'required', ''),
        a('lines', I, 'required', ''),
        a('prompt_id', S, 'required', ''),
      ],
    },
    {
      name: GEM_EVENT.inferenceDetails,
      section: 'Logs > Tools > gen_ai.client.inference.operation.details (telemetry.md:455)',
      description: 'detailed GenAI operation data aligned with OpenTelemetry conventions',
      attributes: [
        a('gen_ai.request.model', S, 'required', ''),
        a('gen_ai.provider.name', S, 'required', ''),
        a('gen_ai.operation.name', S, 'required', ''),
        a('gen_ai.input.messages', S, 'optional', '(json string)'),
        a('gen_ai.output.messages', S, 'optional', '(json string)'),
        a('gen_ai.response.finish_reasons', 'string-array', 'optional', '(array of strings)'),
        a('gen_ai.usage.input_tokens', I, 'optional', ''),
        a('gen_ai.usage.output_tokens', I, 'optional', ''),
        a('gen_ai.request.temperature', 'number', 'optional', '(float)'),
        a('gen_ai.request.top_p', 'number', 'optional', '(float)'),
        a('gen_ai.request.top_k', I, 'optional', ''),
        a('gen_ai.request.max_tokens', I, 'optional', ''),
        a('gen_ai.system_instructions', S, 'optional', '(json string)'),
        a('server.address', S, 'optional', ''),
        a('server.port', I, 'optional', ''),
      ],
    },
    {
      name: GEM_EVENT.fileOperation,
      section: 'Logs > Files > gemini_cli.file_operation (telemetry.md:484)',
      description: 'emitted for each file creation, read, or update',
      attributes: [
        a('tool_name', S, 'required', ''),
        a('operation', S, 'required', '', { enum: ['create', 'read', 'update'] }),
        a('lines', I, 'optional', ''),
        a('mimetype', S, 'optional', ''),
        a('extension', S, 'optional', ''),
        a('programming_language', S, 'optional', ''),
      ],
    },
    {
      name: GEM_EVENT.apiRequest,
      section: 'Logs > API > gemini_cli.api_request (telemetry.md:504)',
      description: 'request sent to Gemini API',
      attributes: [
        a('model', S, 'required', ''),
        a('prompt_id', S, 'required', ''),
        a('role', S, 'required', '', { enum: ['user', 'model', 'system'] }),
        a('request_text', S, 'optional', ''),
      ],
    },
    {
      name: GEM_EVENT.apiResponse,
      section: 'Logs > API > gemini_cli.api_response (telemetry.md:518)',
      description: 'response received from Gemini API',
      attributes: [
        a('model', S, 'required', ''),
        a('status_code', 'any', 'required', '(int or string)'),
        a('duration_ms', I, 'required', ''),
        a('input_token_count', I, 'required', ''),
        a('output_token_count', I, 'required', ''),
        a('cached_content_token_count', I, 'required', ''),
        a('thoughts_token_count', I, 'required', ''),
        a('tool_token_count', I, 'required', ''),
        a('total_token_count', I, 'required', ''),
        a('prompt_id', S, 'required', ''),
        a('auth_type', S, 'required', ''),
        a('finish_reasons', 'string-array', 'required', '(array of strings)'),
        a('response_text', S, 'optional', ''),
      ],
    },
    {
      name: GEM_EVENT.apiError,
      section: 'Logs > API > gemini_cli.api_error (telemetry.md:541)',
      description: 'logs when an API request fails',
      attributes: [
        a('error.message', S, 'required', ''),
        a('model_name', S, 'required', ''),
        a('duration', I, 'required', ''),
        a('prompt_id', S, 'required', ''),
        a('auth_type', S, 'required', ''),
        a('error_type', S, 'optional', ''),
        a('status_code', 'any', 'optional', '(int or string, optional)'),
        a('role', S, 'optional', ''),
      ],
    },
    {
      name: GEM_EVENT.malformedJsonResponse,
      section: 'Logs > API > gemini_cli.malformed_json_response (telemetry.md:559)',
      description: 'logs when a JSON response cannot be parsed',
      attributes: [a('model', S, 'required', '')],
    },
    {
      name: GEM_EVENT.modelRouting,
      section: 'Logs > Model routing > gemini_cli.model_routing (telemetry.md:598)',
      description: 'records model router decisions and reasoning',
      attributes: [
        a('decision_model', S, 'required', ''),
        a('decision_source', S, 'required', ''),
        a('routing_latency_ms', I, 'required', ''),
        a('reasoning', S, 'optional', ''),
        a('failed', B, 'required', ''),
        a('error_message', S, 'optional', ''),
        a('approval_mode', S, 'required', ''),
      ],
    },
    {
      name: GEM_EVENT.invalidChunk,
      section: 'Logs > Chat and streaming > gemini_cli.chat.invalid_chunk (telemetry.md:631)',
      description: 'logs invalid chunks received in a stream',
      attributes: [a('error_message', S, 'optional', '')],
    },
    {
      name: GEM_EVENT.contentRetry,
      section: 'Logs > Chat and streaming > gemini_cli.chat.content_retry (telemetry.md:642)',
      description: 'logs retries due to content errors',
      attributes: [
        a('attempt_number', I, 'required', ''),
        a('error_type', S, 'required', ''),
        a('retry_delay_ms', I, 'required', ''),
        a('model', S, 'required', ''),
      ],
    },
    {
      name: GEM_EVENT.contentRetryFailure,
      section: 'Logs > Chat and streaming > gemini_cli.chat.content_retry_failure (telemetry.md:656)',
      description: 'logs when all content retries fail',
      attributes: [
        a('total_attempts', I, 'required', ''),
        a('final_error_type', S, 'required', ''),
        a('total_duration_ms', I, 'optional', ''),
        a('model', S, 'required', ''),
      ],
    },
    {
      name: GEM_EVENT.conversationFinished,
      section: 'Logs > Chat and streaming > gemini_cli.conversation_finished (telemetry.md:670)',
      description: 'logs when a conversation session ends',
      attributes: [a('approvalMode', S, 'required', ''), a('turnCount', I, 'required', '')],
    },
    {
      name: GEM_EVENT.flashFallback,
      section: 'Logs > Resilience > gemini_cli.flash_fallback (telemetry.md:686)',
      description: 'logs switch to a flash model fallback',
      attributes: [a('auth_type', S, 'required', '')],
    },
    {
      name: GEM_EVENT.ripgrepFallback,
      section: 'Logs > Resilience > gemini_cli.ripgrep_fallback (telemetry.md:697)',
      description: 'logs fallback to standard grep',
      attributes: [a('error', S, 'optional', '')],
    },
    {
      name: GEM_EVENT.startupStats,
      section: 'Logs > Miscellaneous > gemini_cli.startup_stats (telemetry.md:913)',
      description: 'logs detailed startup performance statistics',
      attributes: [
        a('phases', S, 'required', '(json array of startup phases)'),
        a('os_platform', S, 'required', ''),
        a('os_release', S, 'required', ''),
        a('is_docker', B, 'required', ''),
      ],
    },
  ],
  resourceAttributes: [
    a('service.name', S, 'optional', 'not in the page (OpenTelemetry resource semantic conventions)'),
    a('service.version', S, 'optional', 'not in the page (OpenTelemetry resource semantic conventions)'),
  ],
  metrics: [
    { name: 'gemini_cli.session.count', instrument: 'counter', tags: [] },
    {
      name: 'gemini_cli.tool.call.count',
      instrument: 'counter',
      tags: ['function_name', 'success', 'decision', 'tool_type'],
      tagEnums: { decision: ['accept', 'reject', 'modify', 'auto_accept'], tool_type: ['mcp', 'native'] },
    },
    { name: 'gemini_cli.tool.call.latency', instrument: 'histogram', unit: 'ms', tags: ['function_name'] },
    { name: 'gemini_cli.api.request.count', instrument: 'counter', tags: ['model', 'status_code'] },
    { name: 'gemini_cli.api.request.latency', instrument: 'histogram', unit: 'ms', tags: ['model'] },
    {
      name: 'gemini_cli.token.usage',
      instrument: 'counter',
      tags: ['model', 'type'],
      tagEnums: { type: ['input', 'output', 'thought', 'cache', 'tool'] },
    },
    { name: 'gemini_cli.file.operation.count', instrument: 'counter', tags: [] },
    // "GenAI semantic convention" (telemetry.md:1229)
    { name: 'gen_ai.client.token.usage', instrument: 'histogram', tags: [] },
    { name: 'gen_ai.client.operation.duration', instrument: 'histogram', unit: 's', tags: [] },
  ],
  metricSessionTags: ['session.id'],
});

/** The catalog name of a Gemini CLI record: its `event.name` attribute (the full name). */
export function geminiCliEventName(log: { attributes: Record<string, unknown> }): string | undefined {
  return (log.attributes['event.name'] as { stringValue?: string } | undefined)?.stringValue;
}
