import type { ResolvedSubject } from '../../runner/subject.ts';
import { SubjectSpecSchema } from '../../subjects/subject-spec.ts';
import { cliVersionOutput, findPinnedCliBin, type PinnedCli } from '../pinned-cli.ts';

/** The Claude Code version the suite pins (`npm install @anthropic-ai/claude-code@2.1.328`). */
export const PINNED_CLAUDE_CODE_VERSION = '2.1.328';

/** Error when the Claude Code binary cannot be found. */
export class ClaudeCodeNotFoundError extends Error {
  readonly code = 'CLAUDE_CODE_NOT_FOUND';
}

/** The pinned Claude Code, for {@link findPinnedCliBin}. */
const CLAUDE_CODE_CLI: PinnedCli = {
  subject: 'claude-code',
  needs: 'Claude Code',
  name: 'Claude Code',
  flag: '--claude-code-bin',
  envVar: 'AGENTOTEL_CLAUDE_CODE_BIN',
  npmPackage: '@anthropic-ai/claude-code',
  version: PINNED_CLAUDE_CODE_VERSION,
  binary: 'claude',
};

/**
 * Where the Claude Code binary is: `--claude-code-bin`, else `$AGENTOTEL_CLAUDE_CODE_BIN`.
 *
 * @throws ClaudeCodeNotFoundError naming the option, the variable and how to install it.
 */
export function findClaudeCodeBin(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return findPinnedCliBin(CLAUDE_CODE_CLI, ClaudeCodeNotFoundError, explicit, env);
}

/** `claude --version`, e.g. `2.1.328 (Claude Code)`. */
export const claudeCodeVersion: (bin: string) => string = cliVersionOutput;

/**
 * The real Claude Code CLI as a subject: one headless turn (`claude -p PROMPT --output-format json`)
 * against the Anthropic Messages mock (`ANTHROPIC_BASE_URL`, a dummy `ANTHROPIC_API_KEY`), with
 * non-essential traffic off (`CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1`, `DISABLE_AUTOUPDATER=1`)
 * so that only loopback is contacted, and `CLAUDE_CODE_MAX_RETRIES` set to the scenario's retries.
 *
 * Claimed capabilities are what the "Monitoring" page documents: the three OTLP transports
 * (`OTEL_EXPORTER_OTLP_PROTOCOL` `grpc`, `http/json`, `http/protobuf`), headers
 * (`OTEL_EXPORTER_OTLP_HEADERS`), metrics, the `Bash` tool approved by configuration
 * (`--allowedTools Bash`, decision source `config`). Not claimed: header `${VAR}` substitution (the
 * variables are plain values) and TLS/mTLS: the page names no CA variable (only the metrics client
 * certificate and key), and by hand Claude Code 2.1.328 ignores the OpenTelemetry specification's
 * `OTEL_EXPORTER_OTLP_CERTIFICATE` (the TLS handshake fails, nothing is exported) while it trusts a CA
 * given by `NODE_EXTRA_CA_CERTS` (see the conformance README).
 *
 * @throws ClaudeCodeNotFoundError when no binary is found.
 */
export function claudeCodeSubject(bin?: string, env: NodeJS.ProcessEnv = process.env): ResolvedSubject {
  const path = findClaudeCodeBin(bin, env);
  const spec = SubjectSpecSchema.parse({
    name: 'claude-code',
    version: claudeCodeVersion(path),
    profile: 'claude-code',
    telemetry: { style: 'otel-env' },
    command: [path, '-p', '{{prompt}}', '--output-format', 'json'],
    env: {
      ANTHROPIC_BASE_URL: '{{modelBaseUrl}}',
      ANTHROPIC_API_KEY: '{{apiKey}}',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_MAX_RETRIES: '{{requestMaxRetries}}',
      // its per-project state and temporary files stay in the run's folder (removed after the run)
      CLAUDE_CODE_TMPDIR: '{{configDir}}/tmp',
      TMPDIR: '{{configDir}}/tmp',
    },
    files: { 'tmp/.keep': '' },
    capabilities: {
      transports: ['http/protobuf', 'http/json', 'grpc'],
      tls: false,
      mtls: false,
      headerEnvSubstitution: false,
      metrics: true,
      shellTool: {
        name: 'Bash',
        arguments: '{"command":{{commandJson}},"description":"agentotel scenario command"}',
      },
      decisions: { 'approved/config': { args: ['--allowedTools', 'Bash'] } },
      originator: 'claude-code',
    },
    timeoutMs: 60_000,
  });
  return { spec, baseDir: process.cwd() };
}
