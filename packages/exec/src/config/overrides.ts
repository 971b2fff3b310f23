import { parse as parseToml } from 'smol-toml';
import { ConfigError } from './errors.ts';

/** One parsed `-c key=value` override. */
export interface ConfigOverride {
  /** Dotted key split into parts: `model_providers.mock.base_url` -> three parts. */
  path: string[];
  /** The value: TOML if it parses, else JSON, else the literal string. */
  value: unknown;
  /** The override as written, for messages. */
  raw: string;
}

/**
 * Parses `key=value`: the value is read as TOML, then JSON, then taken as a literal string.
 *
 * @throws ConfigError `CONFIG_OVERRIDE` when there is no `=` or the key is empty.
 * @example parseOverride('model_providers.mock.request_max_retries=0')
 */
export function parseOverride(raw: string): ConfigOverride {
  const eq = raw.indexOf('=');
  if (eq <= 0) {
    throw new ConfigError(
      'CONFIG_OVERRIDE',
      `-c ${raw}`,
      undefined,
      'expected key=value, e.g. -c model="gpt-5"',
    );
  }
  const key = raw.slice(0, eq).trim();
  const text = raw.slice(eq + 1).trim();
  const path = splitKey(key);
  if (path.length === 0 || path.some((p) => p === '')) {
    throw new ConfigError(
      'CONFIG_OVERRIDE',
      `-c ${raw}`,
      key,
      'expected a dotted key such as otel.environment',
    );
  }
  return { path, value: parseValue(text), raw };
}

function splitKey(key: string): string[] {
  // Supports quoted parts: mcp_servers."my.server".url
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of key) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '.' && !quoted) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  parts.push(cur.trim());
  return parts;
}

function parseValue(text: string): unknown {
  try {
    const parsed = parseToml(`__v = ${text}`) as Record<string, unknown>;
    return parsed.__v;
  } catch {
    // not TOML
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Writes each override into `target` (a plain object tree), creating tables as needed. */
export function applyOverrides(target: Record<string, unknown>, overrides: ConfigOverride[]): void {
  for (const o of overrides) {
    let node: Record<string, unknown> = target;
    for (const part of o.path.slice(0, -1)) {
      const next = node[part];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) {
        node[part] = {};
      }
      node = node[part] as Record<string, unknown>;
    }
    node[o.path[o.path.length - 1]!] = o.value;
  }
}
