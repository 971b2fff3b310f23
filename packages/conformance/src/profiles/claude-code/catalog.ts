import { type AttributeSpec, type Catalog, CatalogSchema } from '../../catalog/model.ts';
import type { CatalogSource } from '../profile.ts';

/**
 * The vendor document the Claude Code catalog is taken from. The page is not shipped with the package;
 * the copy judged against is the English "Monitoring" page as a documentation mirror stored it (source
 * SHA-256 `85703528e4de…`). The newest release that copy names is v2.1.248 (the `retention_sweep`
 * event's `transcripts_exempted_desktop`), so it describes Claude Code 2.1.248 or later; the suite
 * pins Claude Code 2.1.328. Section names below are that page's headings.
 */
export const CLAUDE_CODE_SOURCE: CatalogSource = {
  document: 'Claude Code docs, "Monitoring" (docs/en/monitoring-usage; copy sha256 85703528e4de)',
  url: 'https://code.claude.com/docs/en/monitoring-usage',
  version: '2.1.248 or later (newest release the copy names); judged against Claude Code 2.1.328',
};

/**
 * Event names as the page's "Event Name" lines give them. On the wire the LogRecord body carries this
 * name and the `event.name` attribute the part after `claude_code.` (the page: `event.name`:
 * `"user_prompt"`); see {@link claudeCodeEventName}.
 */
export const CC_EVENT = {
  userPrompt: 'claude_code.user_prompt',
  assistantResponse: 'claude_code.assistant_response',
  toolResult: 'claude_code.tool_result',
  apiRequest: 'claude_code.api_request',
  apiError: 'claude_code.api_error',
  apiRetriesExhausted: 'claude_code.api_retries_exhausted',
  apiRefusal: 'claude_code.api_refusal',
  toolDecision: 'claude_code.tool_decision',
  pluginLoaded: 'claude_code.plugin_loaded',
  permissionModeChanged: 'claude_code.permission_mode_changed',
  internalError: 'claude_code.internal_error',
} as const;

/** The prefix of every Claude Code event name. */
export const CC_EVENT_PREFIX = 'claude_code.';

/**
 * The value a redacted prompt or response carries. The page writes it for `assistant_response.response`
 * ("Redacted to `<REDACTED>` by default"); for `user_prompt.prompt` it says "Redacted by default" and,
 * under "Security/privacy considerations", "only prompt length is recorded".
 */
export const CC_REDACTED = '<REDACTED>';

const a = (
  key: string,
  kind: AttributeSpec['kind'],
  presence: AttributeSpec['presence'],
  description: string,
  extra: Partial<AttributeSpec> = {},
): AttributeSpec => ({ key, kind, presence, description, ...extra });

const SPEED = ['fast', 'normal'];
const EFFORT = ['low', 'medium', 'high', 'xhigh', 'max'];
/** `source` of `tool_decision` ("Tool decision event"). */
const DECISION_SOURCES = ['config', 'hook', 'user_permanent', 'user_temporary', 'user_abort', 'user_reject'];

/** Attributes every request-attribution event shares ("API request event", "Cost counter"). */
const attribution = (): AttributeSpec[] => [
  a('agent.name', 'string', 'optional', 'subagent type that issued the request; absent otherwise'),
  a('skill.name', 'string', 'optional', 'active skill; absent when none'),
  a('plugin.name', 'string', 'optional', 'owning plugin; absent when none'),
  a('marketplace.name', 'string', 'optional', 'official marketplace of the owning plugin'),
  a('mcp_server.name', 'string', 'optional', 'MCP server whose tool result this request consumed'),
  a('mcp_tool.name', 'string', 'optional', 'MCP tool whose result this request consumed'),
];

/**
 * Claude Code's telemetry catalog as data: the events, attributes, enums, resource attributes and
 * metrics its "Monitoring" page documents (see {@link CLAUDE_CODE_SOURCE}). Only documented facts:
 *
 * - where the page gives no type (e.g. `duration_ms`: "Execution time in milliseconds"), the kind is the
 *   loosest that fits its words (`int`, which the `core` level accepts as a number or numeric string);
 * - `"true"` or `"false"` in quotes is `bool-string`; "as a number" is `number`; "as an integer" is
 *   `int`; "Emitted as a boolean" is `bool`;
 * - an attribute the page qualifies ("when `OTEL_LOG_TOOL_DETAILS=1`", "Present only when the API
 *   returns one", "when the tool failed", "Absent when …") is `optional`;
 * - events the page lists that the scenarios cannot produce (hooks, plugins installed, compaction,
 *   subagents, surveys, …) are left out: a record of them is reported as information, never judged.
 */
export const CLAUDE_CODE_CATALOG: Catalog = CatalogSchema.parse({
  version: 'Claude Code Monitoring page (copy sha256 85703528e4de, names releases up to 2.1.248)',
  source: CLAUDE_CODE_SOURCE,
  redactionMarker: CC_REDACTED,
  optIns: [
    {
      name: 'OTEL_LOG_USER_PROMPTS=1',
      description:
        'user_prompt.prompt carries the prompt text (default: redacted); also un-redacts assistant_response.response unless OTEL_LOG_ASSISTANT_RESPONSES is set',
    },
    {
      name: 'OTEL_LOG_TOOL_DETAILS=1',
      description:
        'tool_result/tool_decision carry tool_parameters and tool_input, tool_result carries error',
    },
    {
      name: 'OTEL_LOG_ASSISTANT_RESPONSES=1',
      description: 'assistant_response.response carries the response text (default: <REDACTED>)',
    },
  ],
  // "Standard attributes" (all metrics and events) and the per-event event.name/timestamp/sequence.
  commonAttributes: [
    a(
      'event.name',
      'string',
      'required',
      'the event name without the claude_code. prefix, e.g. "user_prompt"',
    ),
    a('event.timestamp', 'timestamp', 'required', 'ISO 8601 timestamp'),
    a(
      'event.sequence',
      'int',
      'required',
      'monotonically increasing counter for ordering events within a session',
    ),
    a(
      'session.id',
      'string',
      'required',
      'unique session identifier (OTEL_METRICS_INCLUDE_SESSION_ID, default true)',
    ),
    a(
      'user.id',
      'string',
      'required',
      'random anonymous identifier persisted in ~/.claude.json; always included',
    ),
    a(
      'app.version',
      'string',
      'optional',
      'current Claude Code version (OTEL_METRICS_INCLUDE_VERSION, default false)',
    ),
    a(
      'app.entrypoint',
      'string',
      'optional',
      'how the session was launched (OTEL_METRICS_INCLUDE_ENTRYPOINT, default false)',
    ),
    a('organization.id', 'string', 'optional', 'organization UUID when authenticated'),
    a('user.account_uuid', 'string', 'optional', 'account UUID when authenticated'),
    a('user.account_id', 'string', 'optional', 'tagged account id when authenticated'),
    a('user.email', 'string', 'optional', 'user email when available'),
    a('terminal.type', 'string', 'optional', 'terminal type, always included when detected'),
    a(
      'prompt.id',
      'uuid',
      'conditional',
      'UUID v4 linking the events of one user prompt (events after a prompt)',
      {
        condition: 'known',
      },
    ),
  ],
  events: [
    {
      name: CC_EVENT.userPrompt,
      section: 'Events > User prompt event',
      description: 'logged when a user submits a prompt',
      attributes: [
        a('prompt_length', 'int', 'required', 'length of the prompt (unit not documented)'),
        a(
          'prompt',
          'string',
          'required',
          'prompt content; redacted by default, OTEL_LOG_USER_PROMPTS=1 includes it',
        ),
        a(
          'message.uuid',
          'string',
          'optional',
          'UUID of the resulting user message (v2.1.214 or later); absent on command dispatches',
        ),
        a('command_name', 'string', 'optional', 'command name when the prompt invokes one'),
        a('command_source', 'string', 'optional', 'origin of the command when present', {
          enum: ['builtin', 'custom', 'mcp'],
        }),
      ],
    },
    {
      name: CC_EVENT.assistantResponse,
      section: 'Events > Assistant response event',
      description: 'logged after each API request that returns text content (v2.1.193 or later)',
      attributes: [
        a('response_length', 'int', 'required', 'length of the response text in characters'),
        a('response', 'string', 'required', 'response text; <REDACTED> by default'),
        a('model', 'string', 'required', 'model identifier'),
        a(
          'request_id',
          'string',
          'optional',
          'request-id response header; present only when the API returns one',
        ),
        a('message.uuid', 'string', 'optional', 'UUID of the final transcript entry (v2.1.214 or later)'),
        a('query_source', 'string', 'required', 'subsystem that issued the request'),
      ],
    },
    {
      name: CC_EVENT.toolResult,
      section: 'Events > Tool result event',
      description: 'logged when a tool completes execution; not emitted for a rejected call',
      attributes: [
        a('tool_name', 'string', 'required', 'name of the tool'),
        a('tool_use_id', 'string', 'required', 'unique identifier for this tool invocation'),
        a('success', 'bool-string', 'required', '"true" or "false"'),
        a('duration_ms', 'int', 'required', 'execution time in milliseconds'),
        a('error_type', 'string', 'optional', 'error category when the tool failed, e.g. "ShellError"'),
        a('error', 'string', 'optional', 'full error message when the tool failed (OTEL_LOG_TOOL_DETAILS=1)'),
        a(
          'decision_type',
          'string',
          'required',
          'always "accept": the event is only emitted after the tool runs',
          {
            enum: ['accept'],
          },
        ),
        a('decision_source', 'string', 'required', 'where the permission decision came from', {
          enum: ['config', 'hook', 'user_permanent', 'user_temporary'],
        }),
        a('tool_input_size_bytes', 'int', 'required', 'size of the JSON-serialized tool input in bytes'),
        a('tool_result_size_bytes', 'int', 'required', 'size of the tool result in bytes'),
        a('mcp_server_scope', 'string', 'optional', 'MCP server scope identifier (MCP tools)'),
        a(
          'tool_parameters',
          'string',
          'optional',
          'JSON string of tool-specific parameters (OTEL_LOG_TOOL_DETAILS=1)',
        ),
        a('tool_input', 'string', 'optional', 'JSON-serialized tool arguments (OTEL_LOG_TOOL_DETAILS=1)'),
      ],
    },
    {
      name: CC_EVENT.apiRequest,
      section: 'Events > API request event',
      description: 'logged for each API request to Claude',
      attributes: [
        a('model', 'string', 'required', 'model used'),
        a('cost_usd', 'number', 'required', 'estimated cost in USD'),
        a(
          'cost_usd_micros',
          'int',
          'required',
          'estimated cost in millionths of a US dollar, emitted as an integer',
        ),
        a('duration_ms', 'int', 'required', 'request duration in milliseconds'),
        a('input_tokens', 'int', 'required', 'number of input tokens'),
        a('output_tokens', 'int', 'required', 'number of output tokens'),
        a('cache_read_tokens', 'int', 'required', 'number of tokens read from cache'),
        a('cache_creation_tokens', 'int', 'required', 'number of tokens used for cache creation'),
        a(
          'request_id',
          'string',
          'optional',
          'request-id response header; present only when the API returns one',
        ),
        a(
          'client_request_id',
          'string',
          'optional',
          'x-client-request-id sent; first-party connections only (v2.1.214 or later)',
        ),
        a('speed', 'string', 'required', 'whether fast mode was active', { enum: SPEED }),
        a('query_source', 'string', 'required', 'subsystem that issued the request'),
        a('effort', 'string', 'optional', 'effort level; absent when the model does not support effort', {
          enum: EFFORT,
        }),
        ...attribution(),
      ],
    },
    {
      name: CC_EVENT.apiError,
      section: 'Events > API error event',
      description: 'logged when an API request to Claude fails',
      attributes: [
        a('model', 'string', 'required', 'model used'),
        a('error', 'string', 'required', 'error message'),
        a('status_code', 'number', 'optional', 'HTTP status code as a number; absent for non-HTTP errors'),
        a('duration_ms', 'int', 'required', 'request duration in milliseconds'),
        a('attempt', 'int', 'required', 'total number of attempts made, including the initial request'),
        a(
          'request_id',
          'string',
          'optional',
          'request-id response header; present only when the API returns one',
        ),
        a('client_request_id', 'string', 'optional', 'x-client-request-id sent (v2.1.214 or later)'),
        a('speed', 'string', 'required', 'whether fast mode was active', { enum: SPEED }),
        a('query_source', 'string', 'required', 'subsystem that issued the request'),
        a('effort', 'string', 'optional', 'effort level; absent when the model does not support effort', {
          enum: EFFORT,
        }),
        ...attribution(),
      ],
    },
    {
      name: CC_EVENT.apiRetriesExhausted,
      section: 'Events > API retries exhausted event',
      description:
        'logged once when an API request fails after more than one attempt, alongside the final api_error',
      attributes: [
        a('model', 'string', 'required', 'model used'),
        a('error', 'string', 'required', 'final error message'),
        a('status_code', 'number', 'optional', 'HTTP status code as a number; absent for non-HTTP errors'),
        a('total_attempts', 'int', 'required', 'total number of attempts made'),
        a('total_retry_duration_ms', 'int', 'required', 'total wall-clock time across all attempts'),
        a('speed', 'string', 'required', '"fast" or "normal"', { enum: SPEED }),
      ],
    },
    {
      name: CC_EVENT.apiRefusal,
      section: 'Events > API refusal event',
      description: 'logged when an API request returns stop_reason "refusal"',
      attributes: [
        a('model', 'string', 'required', 'model identifier from the request'),
        a('request_id', 'string', 'optional', 'present only when the API returns one'),
        a('query_source', 'string', 'required', 'subsystem that issued the request'),
        a('speed', 'string', 'required', '"fast" or "normal"', { enum: SPEED }),
        a('attempt', 'int', 'required', 'retry attempt number, the first is 1'),
      ],
    },
    {
      name: CC_EVENT.toolDecision,
      section: 'Events > Tool decision event',
      description: 'logged when a tool permission decision is made (accept/reject)',
      attributes: [
        a('tool_name', 'string', 'required', 'name of the tool'),
        a('tool_use_id', 'string', 'required', 'unique identifier for this tool invocation'),
        a('decision', 'string', 'required', 'either "accept" or "reject"', { enum: ['accept', 'reject'] }),
        a('tool_source', 'string', 'required', "always present: the tool's provenance (v2.1.214 or later)", {
          enum: ['builtin', 'mcp', 'sdk_host_builtin_mcp'],
        }),
        a('source', 'string', 'required', 'where the decision came from', { enum: DECISION_SOURCES }),
        a(
          'tool_parameters',
          'string',
          'optional',
          'JSON string of tool-specific parameters (OTEL_LOG_TOOL_DETAILS=1)',
        ),
      ],
    },
    {
      name: CC_EVENT.permissionModeChanged,
      section: 'Events > Permission mode changed event',
      description: 'logged when the permission mode changes',
      attributes: [
        a('from_mode', 'string', 'required', 'the previous permission mode'),
        a('to_mode', 'string', 'required', 'the new permission mode'),
        a('trigger', 'string', 'optional', 'what caused the change; absent from the SDK or bridge'),
      ],
    },
    {
      name: CC_EVENT.internalError,
      section: 'Events > Internal error event',
      description: 'logged when Claude Code catches an unexpected internal error',
      attributes: [
        a('error_name', 'string', 'required', 'error class name'),
        a('error_code', 'string', 'optional', 'Node.js errno code when present'),
      ],
    },
    {
      name: CC_EVENT.pluginLoaded,
      section: 'Events > Plugin loaded event',
      description: 'logged once per enabled plugin at session start',
      attributes: [
        a('plugin.name', 'string', 'required', 'name of the plugin ("third-party" when redacted)'),
        a('marketplace.name', 'string', 'optional', 'marketplace the plugin was installed from, when known'),
        a(
          'plugin.version',
          'string',
          'optional',
          'version from the manifest, when not redacted and declared',
        ),
        a('plugin.scope', 'string', 'required', 'provenance category', {
          enum: ['official', 'community', 'org', 'user-local', 'default-bundle'],
        }),
        a('enabled_via', 'string', 'required', 'how the plugin came to be enabled', {
          enum: ['default-enable', 'org-policy', 'admin-install', 'seed-mount', 'user-install'],
        }),
        a('plugin_id_hash', 'string', 'required', 'deterministic hash of the plugin name and marketplace'),
        a('has_hooks', 'any', 'required', 'whether the plugin contributes hooks'),
        a('has_mcp', 'any', 'required', 'whether the plugin contributes MCP servers'),
        a(
          'host_owned_mcp',
          'any',
          'required',
          'true when the SDK host manages its MCP connections (v2.1.172 or later)',
        ),
        a('skill_path_count', 'int', 'required', 'number of skill directories'),
        a('command_path_count', 'int', 'required', 'number of command directories'),
        a('agent_path_count', 'int', 'required', 'number of agent directories'),
        a('safe_mode', 'bool-string', 'required', '"true" when started with --safe-mode (v2.1.169 or later)'),
      ],
    },
  ],
  // "Service information"
  resourceAttributes: [
    a('service.name', 'string', 'required', '"claude-code" (terminal sessions) or "claude-code-desktop"', {
      enum: ['claude-code', 'claude-code-desktop'],
    }),
    a('service.version', 'string', 'required', 'current Claude Code version'),
    a('os.type', 'string', 'required', 'operating system type'),
    a('os.version', 'string', 'required', 'operating system version string'),
    a('host.arch', 'string', 'required', 'host architecture'),
    a('wsl.version', 'string', 'optional', 'only present on Windows Subsystem for Linux'),
  ],
  // "Metrics" and "Metric details"; count metrics carry no unit.
  metrics: [
    {
      name: 'claude_code.session.count',
      instrument: 'counter',
      tags: ['start_type'],
      tagEnums: { start_type: ['fresh', 'resume', 'continue', 'agents_view'] },
    },
    {
      name: 'claude_code.lines_of_code.count',
      instrument: 'counter',
      tags: ['type', 'model'],
      tagEnums: { type: ['added', 'removed'] },
    },
    { name: 'claude_code.pull_request.count', instrument: 'counter', tags: [] },
    { name: 'claude_code.commit.count', instrument: 'counter', tags: [] },
    {
      name: 'claude_code.cost.usage',
      instrument: 'counter',
      unit: 'USD',
      tags: ['model', 'query_source'],
      tagEnums: { query_source: ['main', 'subagent', 'auxiliary'] },
    },
    {
      name: 'claude_code.token.usage',
      instrument: 'counter',
      unit: 'tokens',
      tags: ['type', 'model', 'query_source'],
      tagEnums: {
        type: ['input', 'output', 'cacheRead', 'cacheCreation'],
        query_source: ['main', 'subagent', 'auxiliary'],
      },
    },
    {
      name: 'claude_code.code_edit_tool.decision',
      instrument: 'counter',
      tags: ['tool_name', 'decision', 'source', 'language'],
    },
    {
      name: 'claude_code.active_time.total',
      instrument: 'counter',
      unit: 's',
      tags: ['type'],
      tagEnums: { type: ['user', 'cli'] },
    },
  ],
  metricSessionTags: ['session.id'],
});

/**
 * The catalog name of a Claude Code record: the LogRecord body when it is a `claude_code.*` name, else
 * `claude_code.` + the `event.name` attribute (the page gives `event.name` without the prefix).
 */
export function claudeCodeEventName(log: {
  body?: unknown;
  attributes: Record<string, unknown>;
}): string | undefined {
  const body = log.body as { stringValue?: string } | undefined;
  if (body?.stringValue?.startsWith(CC_EVENT_PREFIX)) return body.stringValue;
  const n = (log.attributes['event.name'] as { stringValue?: string } | undefined)?.stringValue;
  if (!n) return undefined;
  return n.startsWith(CC_EVENT_PREFIX) ? n : `${CC_EVENT_PREFIX}${n}`;
}
