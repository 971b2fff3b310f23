import type { ResolvedSubject } from '../../runner/subject.ts';
import { SubjectSpecSchema } from '../../subjects/subject-spec.ts';
import { cliVersionOutput, findPinnedCliBin, type PinnedCli } from '../pinned-cli.ts';
import { CODEX_STYLE_CONFIG } from './config-toml.ts';

/** The Codex CLI version the suite pins (`npm install @openai/codex@0.169.0`). */
export const PINNED_CODEX_VERSION = '0.169.0';

/** Error when the Codex binary cannot be found. */
export class CodexNotFoundError extends Error {
  readonly code = 'CODEX_NOT_FOUND';
}

/** The pinned Codex CLI, for {@link findPinnedCliBin}. */
const CODEX_CLI: PinnedCli = {
  subject: 'codex',
  needs: 'the Codex CLI',
  name: 'Codex CLI',
  flag: '--codex-bin',
  envVar: 'AGENTOTEL_CODEX_BIN',
  npmPackage: '@openai/codex',
  version: PINNED_CODEX_VERSION,
};

/**
 * Where the Codex binary is: `--codex-bin`, else `$AGENTOTEL_CODEX_BIN`.
 *
 * @throws CodexNotFoundError naming the option, the variable and how to install it.
 */
export function findCodexBin(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return findPinnedCliBin(CODEX_CLI, CodexNotFoundError, explicit, env);
}

/** `codex --version`, e.g. `codex-cli 0.169.0`. */
export const codexVersion: (bin: string) => string = cliVersionOutput;

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
      streamRetry: true,
      shellTool: { name: 'exec_command', arguments: '{"cmd":{{commandJson}}}' },
      decisions: { 'approved/config': { approvalPolicy: 'never' } },
    },
    timeoutMs: 60_000,
  });
  return { spec, baseDir: process.cwd() };
}
