import { z } from 'zod';
import { MAX_TIMEOUT_MESSAGE, MAX_TIMEOUT_MS } from './limits.ts';

/** Approval policies, as in Codex (`approval_policy`). */
export const APPROVAL_POLICIES = ['never', 'on-request', 'on-failure', 'untrusted'] as const;
/** An approval policy. */
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];

/** Sandbox modes, as in Codex (`sandbox_mode`); validated and reported, not enforced. */
export const SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access'] as const;
/** A sandbox mode. */
export type SandboxMode = (typeof SANDBOX_MODES)[number];

const nonNegInt = z.number().int().min(0).max(100);
/** A millisecond setting: a positive integer a Node.js timer can take (see limits.ts). */
const positiveMs = z.number().int().positive().max(MAX_TIMEOUT_MS, { message: MAX_TIMEOUT_MESSAGE });
/** A second setting, bounded the same way once multiplied by 1000. */
const positiveSec = z
  .number()
  .positive()
  .max(MAX_TIMEOUT_MS / 1000, {
    message: `must be at most ${MAX_TIMEOUT_MS / 1000} s (2^31-1 ms, the longest Node.js timer)`,
  });
const stringMap = z.record(z.string(), z.string());

/** `[model_providers.<id>]` in Codex's schema, for the keys this agent supports. */
export const modelProviderSchema = z.strictObject({
  name: z.string().optional(),
  base_url: z.string().url().optional(),
  env_key: z.string().min(1).optional(),
  env_key_instructions: z.string().optional(),
  wire_api: z.literal('responses', { message: 'only wire_api = "responses" is supported' }).optional(),
  request_max_retries: nonNegInt.optional(),
  stream_max_retries: nonNegInt.optional(),
  stream_idle_timeout_ms: positiveMs.optional(),
  http_headers: stringMap.optional(),
  query_params: stringMap.optional(),
});

/** `[mcp_servers.<name>]`: stdio (`command`, `args`, `env`) or streamable HTTP (`url`, `bearer_token`). */
export const mcpServerSchema = z.strictObject({
  command: z.string().min(1).optional(),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
  cwd: z.string().optional(),
  url: z.string().url().optional(),
  bearer_token: z.string().optional(),
  bearer_token_env_var: z.string().optional(),
  enabled: z.boolean().optional(),
  startup_timeout_sec: positiveSec.optional(),
  startup_timeout_ms: positiveMs.optional(),
  tool_timeout_sec: positiveSec.optional(),
});

/**
 * `[shell_environment_policy]`, as in Codex: which of the agent's environment variables the `shell`
 * tool and MCP stdio servers get.
 */
export const shellEnvironmentPolicySchema = z.strictObject({
  inherit: z.enum(['all', 'core', 'none']).optional(),
  ignore_default_excludes: z.boolean().optional(),
  exclude: z.array(z.string().min(1)).optional(),
  include_only: z.array(z.string().min(1)).optional(),
  set: stringMap.optional(),
});

/** The top level of `config.toml`, for the keys this agent supports. `[otel]` is checked by `@agentotel/otel`. */
export const configSchema = z.strictObject({
  model: z.string().min(1).optional(),
  model_provider: z.string().min(1).optional(),
  model_providers: z.record(z.string(), modelProviderSchema).optional(),
  openai_base_url: z.string().url().optional(),
  approval_policy: z.enum(APPROVAL_POLICIES).optional(),
  sandbox_mode: z.enum(SANDBOX_MODES).optional(),
  model_reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).optional(),
  model_reasoning_summary: z.enum(['auto', 'concise', 'detailed', 'none']).optional(),
  model_context_window: z.number().int().positive().optional(),
  model_max_output_tokens: z.number().int().positive().optional(),
  model_auto_compact_token_limit: z.number().int().positive().optional(),
  instructions: z.string().optional(),
  otel: z.record(z.string(), z.unknown()).optional(),
  mcp_servers: z.record(z.string(), mcpServerSchema).optional(),
  shell_environment_policy: shellEnvironmentPolicySchema.optional(),
  turn_timeout_ms: positiveMs.optional(),
});

/** The validated raw configuration (TOML keys, before defaults). */
export type RawConfig = z.infer<typeof configSchema>;
/** One validated `[mcp_servers.<name>]` table. */
export type RawMcpServer = z.infer<typeof mcpServerSchema>;
