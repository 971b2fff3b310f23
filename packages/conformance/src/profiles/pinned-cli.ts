import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A vendor CLI the suite pins, and how a user points certify at it. */
export interface PinnedCli {
  /** The subject's name, also the cache folder's prefix (`~/.cache/agentotel/<subject>-<version>`), e.g. `claude-code`. */
  subject: string;
  /** What the subject needs, in a sentence, e.g. `Claude Code`, `the Codex CLI`. */
  needs: string;
  /** The CLI's name in "not found at" messages, e.g. `Codex CLI`. */
  name: string;
  /** The certify option naming the binary, e.g. `--claude-code-bin`. */
  flag: string;
  /** The environment variable naming the binary, e.g. `AGENTOTEL_CLAUDE_CODE_BIN`. */
  envVar: string;
  /** The npm package, e.g. `@anthropic-ai/claude-code`. */
  npmPackage: string;
  /** The pinned version. */
  version: string;
  /** The binary's name under `node_modules/.bin`, named in the install hint when given. */
  binary?: string;
}

/**
 * Where a pinned CLI's binary is: `explicit` (its certify option), else its environment variable.
 *
 * @throws the error `NotFound` builds, naming the option, the variable and how to install it when
 * neither is set, or the path when no file is there.
 */
export function findPinnedCliBin(
  cli: PinnedCli,
  NotFound: new (message: string) => Error,
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
): string {
  const bin = explicit ?? env[cli.envVar];
  if (!bin)
    throw new NotFound(
      `[agentotel] the ${cli.subject} subject needs ${cli.needs}: pass ${cli.flag} PATH or set ${cli.envVar}; install it with \`npm install --prefix ~/.cache/agentotel/${cli.subject}-${cli.version} ${cli.npmPackage}@${cli.version}\`${cli.binary ? ` (binary: node_modules/.bin/${cli.binary})` : ''}`,
    );
  if (!existsSync(bin)) throw new NotFound(`[agentotel] ${cli.name} not found at ${bin}`);
  return bin;
}

/** `<bin> --version`, trimmed (waits at most 20 s), or `unknown` when it fails. */
export function cliVersionOutput(bin: string): string {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 }).trim();
  } catch {
    return 'unknown';
  }
}
