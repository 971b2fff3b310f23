import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { ResolvedSubject } from '../../runner/subject.ts';
import { SubjectSpecSchema } from '../../subjects/subject-spec.ts';
import { CODEX_STYLE_CONFIG } from './config-toml.ts';

/** The Codex CLI version the suite pins (`npm install @openai/codex@0.169.0`). */
export const PINNED_CODEX_VERSION = '0.169.0';

/** Error when the Codex binary cannot be found. */
export class CodexNotFoundError extends Error {
  readonly code = 'CODEX_NOT_FOUND';
}

/** Where the Codex binary is: `--codex-bin`, else `$AGENTOTEL_CODEX_BIN`. */
export function findCodexBin(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const bin = explicit ?? env.AGENTOTEL_CODEX_BIN;
  if (!bin)
    throw new CodexNotFoundError(
      `[agentotel] the codex subject needs the Codex CLI: pass --codex-bin PATH or set AGENTOTEL_CODEX_BIN; install it with \`npm install --prefix ~/.cache/agentotel/codex-${PINNED_CODEX_VERSION} @openai/codex@${PINNED_CODEX_VERSION}\``,
    );
  if (!existsSync(bin)) throw new CodexNotFoundError(`[agentotel] Codex CLI not found at ${bin}`);
  return bin;
}

/** `codex --version`, e.g. `codex-cli 0.169.0`. */
export function codexVersion(bin: string): string {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * The real Codex CLI as a subject: `codex exec` with a temporary `CODEX_HOME` whose `config.toml`
 * defines a custom model provider pointing at the mock and the `[otel]` exporter.
 *
 * Claimed capabilities are what Codex documents (all transports, TLS/mTLS, metrics, the
 * `exec_command` shell tool, approval by configuration); nothing is claimed to make it pass.
 *
 * @throws CodexNotFoundError when no binary is found.
 */
export function codexSubject(codexBin?: string, env: NodeJS.ProcessEnv = process.env): ResolvedSubject {
  const bin = findCodexBin(codexBin, env);
  const spec = SubjectSpecSchema.parse({
    name: 'codex',
    version: codexVersion(bin),
    command: [bin, 'exec', '--skip-git-repo-check', '--color', 'never', '{{prompt}}'],
    env: { CODEX_HOME: '{{configDir}}', MOCK_API_KEY: '{{apiKey}}', RUST_LOG: 'error' },
    files: { 'config.toml': CODEX_STYLE_CONFIG },
    capabilities: {
      transports: ['http/json', 'http/protobuf', 'grpc'],
      tls: true,
      mtls: true,
      headerEnvSubstitution: true,
      metrics: true,
      shellTool: { name: 'exec_command', arguments: '{"cmd":{{commandJson}}}' },
      decisions: { 'approved/config': { approvalPolicy: 'never' } },
    },
    timeoutMs: 60_000,
  });
  return { spec, baseDir: process.cwd() };
}
