import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ResolvedSubject } from '../../runner/subject.ts';
import { SubjectSpecSchema } from '../../subjects/subject-spec.ts';
import { findPinnedCliBin, type PinnedCli } from '../pinned-cli.ts';
import { PINNED_GEMINI_CLI_VERSION } from './catalog.ts';
import { GEMINI_SETTINGS_FILE } from './telemetry.ts';

/** Error when the Gemini CLI binary cannot be found. */
export class GeminiCliNotFoundError extends Error {
  readonly code = 'GEMINI_CLI_NOT_FOUND';
}

/** The pinned Gemini CLI, for {@link findPinnedCliBin}. */
const GEMINI_CLI_BINARY: PinnedCli = {
  subject: 'gemini-cli',
  needs: 'Gemini CLI',
  name: 'Gemini CLI',
  flag: '--gemini-cli-bin',
  envVar: 'AGENTOTEL_GEMINI_CLI_BIN',
  npmPackage: '@google/gemini-cli',
  version: PINNED_GEMINI_CLI_VERSION,
  binary: 'gemini',
};

/**
 * Where the Gemini CLI binary is: `--gemini-cli-bin`, else `$AGENTOTEL_GEMINI_CLI_BIN`.
 *
 * @throws GeminiCliNotFoundError naming the option, the variable and how to install it.
 */
export function findGeminiCliBin(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return findPinnedCliBin(GEMINI_CLI_BINARY, GeminiCliNotFoundError, explicit, env);
}

/**
 * A V8 compile cache shared by the runs (`NODE_COMPILE_CACHE`, Node.js >= 22.1): Gemini CLI is a large
 * JavaScript bundle whose start-up is mostly compilation; the cache only holds compiled code, never
 * state of a run, so every run still starts with a fresh `HOME`.
 */
export const GEMINI_COMPILE_CACHE = join(tmpdir(), 'agentotel-node-compile-cache');

/**
 * The Gemini CLI version: the `version` of the `@google/gemini-cli` package the binary belongs to (its
 * `package.json`, found from the binary's real path), else `gemini --version` (which also fills the
 * compile cache). Reading the package is instant; starting the CLI costs seconds on a busy machine.
 */
export function geminiCliVersion(bin: string): string {
  try {
    let dir = dirname(realpathSync(bin));
    for (let i = 0; i < 4; i++, dir = dirname(dir)) {
      const pkg = join(dir, 'package.json');
      if (!existsSync(pkg)) continue;
      const { name, version } = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (name === '@google/gemini-cli' && version) return version;
    }
  } catch {}
  try {
    return execFileSync(bin, ['--version'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, NODE_COMPILE_CACHE: GEMINI_COMPILE_CACHE },
    }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * The user settings the subject runs with (`$HOME/.gemini/settings.json`, "Configuration"): API-key
 * auth (a custom base URL would otherwise pick another auth type), usage statistics and update checks
 * off (each would contact a vendor host), `general.maxAttempts` set to the scenario's retries (at
 * least 1 attempt per request, so `http-5xx-exhausted` ends after its one retry budget), and the
 * scenario's `telemetry` object (`{{geminiTelemetry}}`).
 */
export const GEMINI_SUBJECT_SETTINGS = `{
  "security": { "auth": { "selectedType": "gemini-api-key" } },
  "privacy": { "usageStatisticsEnabled": false },
  "general": { "enableAutoUpdate": false, "enableAutoUpdateNotification": false, "maxAttempts": {{requestMaxRetries}} },
  "telemetry": {{geminiTelemetry}}
}
`;

/**
 * The real Gemini CLI as a subject: one headless turn (`gemini -m gemini-2.5-flash -p PROMPT`; the
 * fixed model skips the model-router call) against the Gemini API mock (`GOOGLE_GEMINI_BASE_URL`, a
 * dummy `GEMINI_API_KEY`), `HOME` = the config folder holding `.gemini/settings.json`, the workspace
 * trusted (`GEMINI_CLI_TRUST_WORKSPACE=true`).
 *
 * Claimed capabilities are what its telemetry page documents: `otlpProtocol` `"http"` (OTLP/HTTP; sent
 * as JSON) and `"grpc"`, metrics, the `run_shell_command` tool approved by configuration (`--yolo`).
 * Not claimed: OTLP/HTTP protobuf, exporter headers, TLS and mTLS (the page documents none of them).
 *
 * @throws GeminiCliNotFoundError when no binary is found.
 */
export function geminiCliSubject(bin?: string, env: NodeJS.ProcessEnv = process.env): ResolvedSubject {
  const path = findGeminiCliBin(bin, env);
  const spec = SubjectSpecSchema.parse({
    name: 'gemini-cli',
    version: geminiCliVersion(path),
    profile: 'gemini-cli',
    telemetry: { style: 'gemini-settings' },
    command: [path, '-m', 'gemini-2.5-flash', '-p', '{{prompt}}'],
    env: {
      HOME: '{{configDir}}',
      GEMINI_API_KEY: '{{apiKey}}',
      GOOGLE_GEMINI_BASE_URL: '{{modelBaseUrl}}',
      GEMINI_CLI_TRUST_WORKSPACE: 'true',
      NODE_COMPILE_CACHE: GEMINI_COMPILE_CACHE,
      // its error reports (gemini-client-error-*.json) stay in the run's folder (removed after the run)
      TMPDIR: '{{configDir}}/tmp',
    },
    files: { [GEMINI_SETTINGS_FILE]: GEMINI_SUBJECT_SETTINGS, 'tmp/.keep': '' },
    capabilities: {
      transports: ['http/json', 'grpc'],
      tls: false,
      mtls: false,
      headers: false,
      headerEnvSubstitution: false,
      metrics: true,
      shellTool: { name: 'run_shell_command', arguments: '{"command":{{commandJson}}}' },
      decisions: { 'approved/config': { args: ['--yolo'] } },
      originator: 'gemini-cli',
    },
    timeoutMs: 60_000,
  });
  return { spec, baseDir: process.cwd() };
}
