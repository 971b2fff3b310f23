import picomatch from 'picomatch';
import type { ResolvedConfig } from '../config/load.ts';

/**
 * Which environment variables a tool process (the `shell` tool, an MCP stdio server) gets, in the shape
 * of Codex's `[shell_environment_policy]`.
 */
export interface ShellEnvironmentPolicy {
  /** The starting set: `all` of the agent's variables, only the `core` ones, or `none`. @defaultValue 'all' */
  inherit: 'all' | 'core' | 'none';
  /** Keep names matching `*KEY*`, `*SECRET*`, `*TOKEN*` (left out by default). @defaultValue false */
  ignoreDefaultExcludes: boolean;
  /** Name globs removed (case-insensitive). */
  exclude: string[];
  /** When not empty, only names matching one of these globs are kept (case-insensitive). */
  includeOnly: string[];
  /** Variables set last, whatever the filters said. */
  set: Record<string, string>;
}

/** The policy when `[shell_environment_policy]` is absent. */
export const DEFAULT_SHELL_ENVIRONMENT_POLICY: ShellEnvironmentPolicy = Object.freeze({
  inherit: 'all',
  ignoreDefaultExcludes: false,
  exclude: [],
  includeOnly: [],
  set: {},
}) as ShellEnvironmentPolicy;

/** Names left out unless `ignore_default_excludes = true` (matched case-insensitively), as in Codex. */
export const DEFAULT_EXCLUDES: readonly string[] = ['*KEY*', '*SECRET*', '*TOKEN*'];

/** The variables `inherit = "core"` keeps, as in Codex. */
export const CORE_VARIABLES: readonly string[] = [
  'HOME',
  'LOGNAME',
  'PATH',
  'SHELL',
  'USER',
  'USERNAME',
  'TMPDIR',
  'TEMP',
  'TMP',
];

function matcher(globs: readonly string[]): (name: string) => boolean {
  if (globs.length === 0) return () => false;
  return picomatch([...globs], { nocase: true, dot: true });
}

/**
 * Builds a tool's environment from the agent's: `inherit`, then the default excludes (unless ignored),
 * then `exclude`, then `include_only`, then `set`. The variables in `alwaysRemove` (the model
 * provider's API key variable) are left out whatever the policy says, unless `set` names them.
 *
 * @param env - the agent's environment.
 * @param alwaysRemove - names never passed on (case-sensitive, exact).
 */
export function toolEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  policy: ShellEnvironmentPolicy,
  alwaysRemove: readonly string[] = [],
): Record<string, string> {
  const core = new Set(CORE_VARIABLES);
  const excluded = matcher([...(policy.ignoreDefaultExcludes ? [] : DEFAULT_EXCLUDES), ...policy.exclude]);
  const included = policy.includeOnly.length > 0 ? matcher(policy.includeOnly) : () => true;
  const removed = new Set(alwaysRemove);
  const out: Record<string, string> = {};
  if (policy.inherit !== 'none') {
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) continue;
      if (policy.inherit === 'core' && !core.has(name)) continue;
      if (removed.has(name) || excluded(name) || !included(name)) continue;
      out[name] = value;
    }
  }
  return { ...out, ...policy.set };
}

/**
 * The environment of the agent's tools (`shell`, MCP stdio servers): the agent's environment filtered
 * by `[shell_environment_policy]`, without the model provider's API key variable (`env_key`,
 * `AGENTOTEL_API_KEY`) unless `set` names it.
 */
export function toolEnvironmentOf(
  config: Pick<ResolvedConfig, 'provider' | 'shellEnvironmentPolicy'>,
  env: Record<string, string | undefined>,
): Record<string, string> {
  const secrets = ['AGENTOTEL_API_KEY', ...(config.provider.envKey ? [config.provider.envKey] : [])];
  return toolEnvironment(env, config.shellEnvironmentPolicy, secrets);
}
