import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { type OtelSettings, parseOtelSettings } from '@agentotel/otel';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { DEFAULT_SHELL_ENVIRONMENT_POLICY, type ShellEnvironmentPolicy } from '../tools/env-policy.ts';
import { ConfigError } from './errors.ts';
import { applyOverrides, type ConfigOverride } from './overrides.ts';
import {
  type ApprovalPolicy,
  configSchema,
  type RawConfig,
  type RawMcpServer,
  type SandboxMode,
} from './schema.ts';

/** A resolved model provider. */
export interface ProviderConfig {
  /** The key under `[model_providers]` (`openai` for the built-in one). */
  id: string;
  /** Display name, reported as `provider_name`. */
  name: string;
  /** Base URL; requests go to `{baseUrl}/responses`. */
  baseUrl: string;
  /** Environment variable holding the API key, sent as `authorization: Bearer`. */
  envKey: string | undefined;
  /** HTTP attempts after the first for 5xx, 429 and network errors. @defaultValue 4 */
  requestMaxRetries: number;
  /** Whole-request retries after a broken stream. @defaultValue 5 */
  streamMaxRetries: number;
  /** An attempt that receives no SSE event (response headers, then each event) for this long fails; SSE comments and partial frames do not count. @defaultValue 300000 */
  streamIdleTimeoutMs: number;
  /** Extra headers sent on every request. */
  httpHeaders: Record<string, string>;
  /** Extra query parameters. */
  queryParams: Record<string, string>;
}

/** A resolved MCP server. */
export type McpServerConfig =
  | {
      kind: 'stdio';
      name: string;
      command: string;
      args: string[];
      env: Record<string, string>;
      cwd?: string;
      startupTimeoutMs: number;
      toolTimeoutMs: number;
    }
  | {
      kind: 'http';
      name: string;
      url: string;
      bearerToken?: string;
      startupTimeoutMs: number;
      toolTimeoutMs: number;
    };

/** Everything the agent needs from configuration, defaults applied. */
export interface ResolvedConfig {
  /** `$AGENTOTEL_HOME`, default `~/.agentotel`. */
  home: string;
  /** The config file path (it may not exist). */
  configFile: string;
  model: string;
  provider: ProviderConfig;
  approvalPolicy: ApprovalPolicy;
  sandboxMode: SandboxMode;
  reasoningEffort: string | undefined;
  reasoningSummary: string;
  contextWindow: number | undefined;
  maxOutputTokens: number | undefined;
  autoCompactTokenLimit: number | undefined;
  instructions: string | undefined;
  otel: OtelSettings;
  mcpServers: McpServerConfig[];
  /** `[shell_environment_policy]` with defaults: the environment of tools and MCP stdio servers. */
  shellEnvironmentPolicy: ShellEnvironmentPolicy;
  /** `turn_timeout_ms`: the deadline of one turn, model requests, retries and tools included. @defaultValue 3600000 */
  turnTimeoutMs: number;
  /** Warnings for keys that were ignored. */
  warnings: string[];
}

/** Options for {@link loadConfig}. */
export interface LoadConfigOptions {
  env: Record<string, string | undefined>;
  /** `-c` overrides, applied over the file. */
  overrides?: ConfigOverride[];
}

/** Default retry and timeout values, as in Codex. */
export const PROVIDER_DEFAULTS = {
  requestMaxRetries: 4,
  streamMaxRetries: 5,
  streamIdleTimeoutMs: 300_000,
} as const;

/** The default `turn_timeout_ms`: one hour. */
export const DEFAULT_TURN_TIMEOUT_MS = 3_600_000;

/** The agent's home folder: `$AGENTOTEL_HOME`, else `~/.agentotel`. */
export function agentHome(env: Record<string, string | undefined>): string {
  const h = env.AGENTOTEL_HOME;
  if (h) return resolve(h);
  return join(env.HOME || homedir(), '.agentotel');
}

/**
 * Reads `$AGENTOTEL_HOME/config.toml` (a missing file is an empty config), applies `-c` overrides,
 * validates it (zod; `[otel]` by `parseOtelSettings`) and applies defaults.
 *
 * @throws ConfigError naming the file (or the `-c`) and the key for any wrong type or value.
 */
export async function loadConfig(opts: LoadConfigOptions): Promise<ResolvedConfig> {
  const home = agentHome(opts.env);
  const configFile = join(home, 'config.toml');
  let data: Record<string, unknown> = {};
  let text: string | undefined;
  try {
    text = await readFile(configFile, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      throw new ConfigError(
        'CONFIG_UNREADABLE',
        configFile,
        undefined,
        `cannot read: ${(err as Error).message}`,
      );
    }
  }
  if (text !== undefined) {
    try {
      data = parseToml(text) as Record<string, unknown>;
    } catch (err) {
      const where = err instanceof TomlError ? ` (line ${err.line}, column ${err.column})` : '';
      const first = ((err as Error).message.split('\n')[0] ?? '').trim();
      throw new ConfigError('CONFIG_SYNTAX', configFile, undefined, `invalid TOML${where}: ${first}`);
    }
  }
  const overrides = opts.overrides ?? [];
  applyOverrides(data, overrides);
  const sourceOf = (path: PropertyKey[]): string => {
    const key = path.map(String);
    const o = overrides.find(
      (ov) => ov.path.every((p, i) => key[i] === p) || key.every((p, i) => ov.path[i] === p),
    );
    return o ? `-c ${o.raw}` : configFile;
  };
  const warnings: string[] = [];
  const raw = validate(data, sourceOf, warnings);
  return resolveConfig(raw, { home, configFile, env: opts.env, warnings, sourceOf });
}

function validate(
  data: Record<string, unknown>,
  sourceOf: (p: PropertyKey[]) => string,
  warnings: string[],
): RawConfig {
  for (let round = 0; round < 50; round++) {
    const result = configSchema.safeParse(data);
    if (result.success) return result.data;
    const unknown = result.error.issues.filter((i) => i.code === 'unrecognized_keys');
    if (unknown.length === 0) throw toConfigError(result.error.issues[0]!, sourceOf, data);
    for (const issue of unknown) {
      const parent = getAt(data, issue.path);
      for (const k of (issue as z.core.$ZodIssueUnrecognizedKeys).keys) {
        const key = [...issue.path.map(String), k].join('.');
        warnings.push(`[agentotel-exec] ${sourceOf([...issue.path, k])}: unknown key "${key}" ignored`);
        if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[k];
      }
    }
  }
  throw new ConfigError('CONFIG_INVALID', sourceOf([]), undefined, 'could not validate');
}

function getAt(data: unknown, path: PropertyKey[]): unknown {
  let node = data;
  for (const p of path) node = (node as Record<PropertyKey, unknown>)?.[p];
  return node;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a table';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function toConfigError(
  issue: z.core.$ZodIssue,
  sourceOf: (p: PropertyKey[]) => string,
  data: unknown,
): ConfigError {
  const key = issue.path.map(String).join('.');
  const got =
    issue.code === 'invalid_type' || issue.code === 'invalid_value'
      ? `; got ${describe(getAt(data, issue.path))}`
      : '';
  return new ConfigError('CONFIG_INVALID', sourceOf(issue.path), key || undefined, `${issue.message}${got}`);
}

interface ResolveContext {
  home: string;
  configFile: string;
  env: Record<string, string | undefined>;
  warnings: string[];
  sourceOf: (p: PropertyKey[]) => string;
}

function resolveConfig(raw: RawConfig, ctx: ResolveContext): ResolvedConfig {
  const providerId = raw.model_provider ?? 'openai';
  const provider = resolveProvider(providerId, raw, ctx);
  let otel: OtelSettings;
  try {
    otel = parseOtelSettings(raw.otel ?? {}, {
      home: ctx.home,
      env: ctx.env,
      source: ctx.sourceOf(['otel']),
    });
  } catch (err) {
    const e = err as Error & { key?: string; keyPath?: string; source?: string };
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(
      'CONFIG_INVALID',
      e.source ?? ctx.configFile,
      e.key ?? e.keyPath,
      stripPrefix(e.message),
    );
  }
  const mcpServers: McpServerConfig[] = [];
  for (const [name, server] of Object.entries(raw.mcp_servers ?? {})) {
    const resolved = resolveMcp(name, server, ctx);
    if (resolved) mcpServers.push(resolved);
  }
  return {
    home: ctx.home,
    configFile: ctx.configFile,
    model: raw.model ?? 'gpt-5',
    provider,
    approvalPolicy: raw.approval_policy ?? 'never',
    sandboxMode: raw.sandbox_mode ?? 'read-only',
    reasoningEffort: raw.model_reasoning_effort,
    reasoningSummary: raw.model_reasoning_summary ?? 'auto',
    contextWindow: raw.model_context_window,
    maxOutputTokens: raw.model_max_output_tokens,
    autoCompactTokenLimit: raw.model_auto_compact_token_limit,
    instructions: raw.instructions,
    otel,
    mcpServers,
    shellEnvironmentPolicy: resolveEnvPolicy(raw),
    turnTimeoutMs: raw.turn_timeout_ms ?? DEFAULT_TURN_TIMEOUT_MS,
    warnings: ctx.warnings,
  };
}

function resolveEnvPolicy(raw: RawConfig): ShellEnvironmentPolicy {
  const p = raw.shell_environment_policy ?? {};
  return {
    inherit: p.inherit ?? DEFAULT_SHELL_ENVIRONMENT_POLICY.inherit,
    ignoreDefaultExcludes: p.ignore_default_excludes ?? false,
    exclude: p.exclude ?? [],
    includeOnly: p.include_only ?? [],
    set: p.set ?? {},
  };
}

function stripPrefix(message: string): string {
  return message.replace(/^\[[^\]]+\]\s*/, '');
}

function resolveProvider(id: string, raw: RawConfig, ctx: ResolveContext): ProviderConfig {
  const table = raw.model_providers?.[id];
  if (!table && id !== 'openai') {
    const known = ['openai', ...Object.keys(raw.model_providers ?? {})].join(', ');
    throw new ConfigError(
      'CONFIG_INVALID',
      ctx.sourceOf(['model_provider']),
      'model_provider',
      `unknown provider "${id}"; known: ${known}; define it under [model_providers.${id}]`,
    );
  }
  const builtinOpenAi = id === 'openai';
  const baseUrl =
    table?.base_url ??
    (builtinOpenAi
      ? (raw.openai_base_url ?? ctx.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1')
      : undefined);
  if (!baseUrl) {
    throw new ConfigError(
      'CONFIG_INVALID',
      ctx.sourceOf(['model_providers', id]),
      `model_providers.${id}.base_url`,
      'missing: a provider needs base_url',
    );
  }
  return {
    id,
    name: table?.name ?? (builtinOpenAi ? 'OpenAI' : id),
    baseUrl: baseUrl.replace(/\/+$/, ''),
    envKey: table?.env_key ?? (builtinOpenAi ? 'OPENAI_API_KEY' : undefined),
    requestMaxRetries: table?.request_max_retries ?? PROVIDER_DEFAULTS.requestMaxRetries,
    streamMaxRetries: table?.stream_max_retries ?? PROVIDER_DEFAULTS.streamMaxRetries,
    streamIdleTimeoutMs: table?.stream_idle_timeout_ms ?? PROVIDER_DEFAULTS.streamIdleTimeoutMs,
    httpHeaders: table?.http_headers ?? {},
    queryParams: table?.query_params ?? {},
  };
}

const STDIO_FIELDS = ['command', 'args', 'env', 'cwd'] as const;
const HTTP_FIELDS = ['url', 'bearer_token', 'bearer_token_env_var'] as const;

function resolveMcp(name: string, s: RawMcpServer, ctx: ResolveContext): McpServerConfig | undefined {
  const stdio = STDIO_FIELDS.filter((f) => s[f] !== undefined);
  const http = HTTP_FIELDS.filter((f) => s[f] !== undefined);
  const source = ctx.sourceOf(['mcp_servers', name]);
  if (stdio.length > 0 && http.length > 0) {
    throw new ConfigError(
      'CONFIG_MCP_MIXED',
      source,
      `mcp_servers.${name}`,
      `MCP server "${name}" mixes stdio fields (${stdio.join(', ')}) with streamable HTTP fields (${http.join(', ')}); use command/args/env or url/bearer_token, not both`,
    );
  }
  if (s.enabled === false) return undefined;
  const startupTimeoutMs =
    s.startup_timeout_ms ?? (s.startup_timeout_sec !== undefined ? s.startup_timeout_sec * 1000 : 10_000);
  const toolTimeoutMs = s.tool_timeout_sec !== undefined ? s.tool_timeout_sec * 1000 : 60_000;
  if (s.command !== undefined) {
    if (s.command === '')
      throw new ConfigError('CONFIG_INVALID', source, `mcp_servers.${name}.command`, 'empty');
    const cwd = s.cwd === undefined ? undefined : isAbsolute(s.cwd) ? s.cwd : resolve(ctx.home, s.cwd);
    return {
      kind: 'stdio',
      name,
      command: s.command,
      args: s.args ?? [],
      env: s.env ?? {},
      ...(cwd ? { cwd } : {}),
      startupTimeoutMs,
      toolTimeoutMs,
    };
  }
  if (s.url !== undefined) {
    let bearerToken = s.bearer_token;
    if (bearerToken === undefined && s.bearer_token_env_var) {
      bearerToken = ctx.env[s.bearer_token_env_var];
      if (bearerToken === undefined) {
        throw new ConfigError(
          'CONFIG_MISSING_ENV',
          source,
          `mcp_servers.${name}.bearer_token_env_var`,
          `environment variable ${s.bearer_token_env_var} is not set`,
        );
      }
    }
    return {
      kind: 'http',
      name,
      url: s.url,
      ...(bearerToken !== undefined ? { bearerToken } : {}),
      startupTimeoutMs,
      toolTimeoutMs,
    };
  }
  throw new ConfigError(
    'CONFIG_INVALID',
    source,
    `mcp_servers.${name}`,
    `MCP server "${name}" needs either command (stdio) or url (streamable HTTP)`,
  );
}
