/** Thrown when configuration cannot be used; names the file (or `-c`) and the key. `code` is stable. */
export class ConfigError extends Error {
  /** Stable error code: `CONFIG_UNREADABLE`, `CONFIG_SYNTAX`, `CONFIG_INVALID`, `CONFIG_OVERRIDE`, `CONFIG_MCP_MIXED`, `CONFIG_MISSING_ENV`. */
  readonly code: string;
  /** The file (or `-c key=value`) the bad value came from. */
  readonly source: string;
  /** Dotted key path, when one key is at fault. */
  readonly key: string | undefined;
  constructor(code: string, source: string, key: string | undefined, message: string) {
    super(`[agentotel-exec] ${source}${key ? `: ${key}` : ''}: ${message}`);
    this.name = 'ConfigError';
    this.code = code;
    this.source = source;
    this.key = key;
  }
}
