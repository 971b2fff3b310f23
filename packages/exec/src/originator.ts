/**
 * The originator: the name of the client that talks to the model provider. It is sent as the
 * `originator` header, leads the `user-agent`, and is the telemetry resource `service.name`.
 *
 * Rules (from the Codex change that made `initialize` set it):
 * - `AGENTOTEL_ORIGINATOR_OVERRIDE` in the environment always wins;
 * - otherwise the value is {@link DEFAULT_ORIGINATOR} until {@link OriginatorRegistry.setDefault} is
 *   called once; that value is then fixed and a second call throws {@link AlreadyInitializedError};
 * - reading the value never freezes it.
 *
 * @see docs/catalog/codex.md §7 (seed 003), at the repository root
 */

/** The originator of `agentotel-exec` when nothing sets another. */
export const DEFAULT_ORIGINATOR = 'agentotel_exec';

/** The environment variable that always wins over any other originator. */
export const ORIGINATOR_OVERRIDE_ENV = 'AGENTOTEL_ORIGINATOR_OVERRIDE';

/** Thrown by a second `setDefaultOriginator` call; `code` is `ALREADY_INITIALIZED`. */
export class AlreadyInitializedError extends Error {
  /** Stable error code. */
  readonly code = 'ALREADY_INITIALIZED';
  /** The value that was set first and stays. */
  readonly current: string;
  constructor(current: string, attempted: string) {
    super(
      `[agentotel-exec] originator already initialized: it is "${current}", cannot set "${attempted}"; the originator can be set once per process`,
    );
    this.name = 'AlreadyInitializedError';
    this.current = current;
  }
}

/** Thrown when an originator value cannot be sent as an HTTP header; `code` is `INVALID_ORIGINATOR`. */
export class InvalidOriginatorError extends Error {
  /** Stable error code. */
  readonly code = 'INVALID_ORIGINATOR';
  constructor(value: string) {
    super(
      `[agentotel-exec] invalid originator: expected a non-empty header-safe value (visible ASCII), got ${JSON.stringify(value)}`,
    );
    this.name = 'InvalidOriginatorError';
  }
}

const HEADER_SAFE = /^[\x21-\x7e]+$/;

/**
 * Holds one process's originator: an env override, a default, and a once-only setter.
 *
 * @example const reg = new OriginatorRegistry(process.env); reg.setDefault('my_ide'); reg.get();
 */
export class OriginatorRegistry {
  readonly #env: Record<string, string | undefined>;
  #set: string | undefined;

  /** @param env - the environment read for {@link ORIGINATOR_OVERRIDE_ENV} on every `get()`. */
  constructor(env: Record<string, string | undefined> = process.env) {
    this.#env = env;
  }

  /** The current originator; reading it does not freeze it. */
  get(): string {
    const override = this.#env[ORIGINATOR_OVERRIDE_ENV];
    if (override !== undefined && override !== '') return override;
    return this.#set ?? DEFAULT_ORIGINATOR;
  }

  /** True when the environment override is in force. */
  isOverridden(): boolean {
    const override = this.#env[ORIGINATOR_OVERRIDE_ENV];
    return override !== undefined && override !== '';
  }

  /** True once `setDefault` has succeeded. */
  isInitialized(): boolean {
    return this.#set !== undefined;
  }

  /**
   * Sets the default originator, once. The env override still wins for `get()`.
   *
   * @throws AlreadyInitializedError on a second call.
   * @throws InvalidOriginatorError when the value is not header-safe.
   */
  setDefault(value: string): void {
    if (this.#set !== undefined) throw new AlreadyInitializedError(this.#set, value);
    if (!HEADER_SAFE.test(value)) throw new InvalidOriginatorError(value);
    this.#set = value;
  }
}

/** The process-wide registry used by {@link originator} and {@link setDefaultOriginator}. */
export const globalOriginator: OriginatorRegistry = new OriginatorRegistry(process.env);

/**
 * The process-wide originator: the env override, else the value set once, else `agentotel_exec`.
 *
 * @example originator() // "agentotel_exec"
 */
export function originator(): string {
  return globalOriginator.get();
}

/**
 * Sets the process-wide default originator once.
 *
 * @throws AlreadyInitializedError on a second call.
 * @example setDefaultOriginator('my_ide');
 */
export function setDefaultOriginator(value: string): void {
  globalOriginator.setDefault(value);
}
