import type { SessionMetadata } from '@agentotel/otel';
import type { CliDeps, CliIo } from './cli/io.ts';
import type { ExecOptions } from './cli/options.ts';
import { UsageError } from './cli/parse-args.ts';
import { ConfigError } from './config/errors.ts';
import { MAX_TIMEOUT_MESSAGE, MAX_TIMEOUT_MS } from './config/limits.ts';
import { loadConfig, type ResolvedConfig } from './config/load.ts';
import { type ConfigOverride, parseOverride } from './config/overrides.ts';
import { APPROVAL_POLICIES, type ApprovalPolicy, SANDBOX_MODES, type SandboxMode } from './config/schema.ts';
import { ResponsesClient } from './model/responses-client.ts';
import type { OriginatorRegistry } from './originator.ts';

/** The agent version (`app.version`, `service.version`, the user agent). */
export const VERSION = '0.1.0';

/** Loads config.toml with `-c` overrides and applies the command-line flags over it. */
export async function resolveAgentConfig(options: ExecOptions, io: CliIo): Promise<ResolvedConfig> {
  if (options.sandbox !== undefined && !SANDBOX_MODES.includes(options.sandbox as SandboxMode)) {
    throw new UsageError(
      `invalid --sandbox ${JSON.stringify(options.sandbox)}: expected one of ${SANDBOX_MODES.join(', ')}`,
    );
  }
  if (
    options.approvalPolicy !== undefined &&
    !APPROVAL_POLICIES.includes(options.approvalPolicy as ApprovalPolicy)
  ) {
    throw new UsageError(
      `invalid --approval-policy ${JSON.stringify(options.approvalPolicy)}: expected one of ${APPROVAL_POLICIES.join(', ')}`,
    );
  }
  const overrides: ConfigOverride[] = options.config.map(parseOverride);
  const config = await loadConfig({ env: io.env, overrides });
  if (options.model) config.model = options.model;
  if (options.fullAuto) {
    config.approvalPolicy = 'on-request';
    config.sandboxMode = 'workspace-write';
  }
  if (options.sandbox) config.sandboxMode = options.sandbox as SandboxMode;
  if (options.approvalPolicy) config.approvalPolicy = options.approvalPolicy as ApprovalPolicy;
  return config;
}

/**
 * The flush bound: deps, then `$AGENTOTEL_OTEL_SHUTDOWN_TIMEOUT_MS`, else the otel default.
 *
 * @throws ConfigError when the variable is a number above 2^31-1 ms (a Node timer would fire at once).
 */
export function shutdownTimeout(io: CliIo, deps: CliDeps): number | undefined {
  if (deps.shutdownTimeoutMs !== undefined) return deps.shutdownTimeoutMs;
  const raw = io.env.AGENTOTEL_OTEL_SHUTDOWN_TIMEOUT_MS;
  const v = Number(raw);
  if (Number.isFinite(v) && v > MAX_TIMEOUT_MS) {
    throw new ConfigError(
      'CONFIG_INVALID',
      'environment',
      'AGENTOTEL_OTEL_SHUTDOWN_TIMEOUT_MS',
      `${MAX_TIMEOUT_MESSAGE}; got ${raw}`,
    );
  }
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/** The `terminal.type` metadata: `$TERM_PROGRAM`, `$TERM`, else `unknown`. */
export function terminalType(env: Record<string, string | undefined>): string {
  const prog = env.TERM_PROGRAM;
  if (prog) return env.TERM_PROGRAM_VERSION ? `${prog}/${env.TERM_PROGRAM_VERSION}` : prog;
  return env.TERM || 'unknown';
}

/**
 * The Responses API client of a run: the configured provider, the originator read on every request (so
 * an app-server `initialize` is honoured), and the injected `fetch` / retry delay of {@link CliDeps}.
 */
export function createModelClient(
  config: ResolvedConfig,
  originator: OriginatorRegistry,
  io: CliIo,
  deps: CliDeps,
): ResponsesClient {
  return new ResponsesClient({
    provider: config.provider,
    originator: () => originator.get(),
    version: VERSION,
    env: io.env,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.retryBaseDelayMs !== undefined ? { retryBaseDelayMs: deps.retryBaseDelayMs } : {}),
  });
}

/**
 * The common metadata of every event of one conversation (docs/catalog/codex.md §2): the model is also the slug,
 * `auth_mode` is `ApiKey` when the provider names an `env_key`.
 */
export function sessionMetadata(
  config: ResolvedConfig,
  io: CliIo,
  originator: OriginatorRegistry,
  conversationId: string,
  sessionSource: 'exec' | 'app-server',
): SessionMetadata {
  return {
    conversationId,
    appVersion: VERSION,
    model: config.model,
    slug: config.model,
    terminalType: terminalType(io.env),
    originator: originator.get(),
    logUserPrompt: config.otel.logUserPrompt,
    authMode: config.provider.envKey ? 'ApiKey' : 'None',
    sessionSource,
  };
}
