import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { GEMINI_SUBJECT_SETTINGS } from '../../src/profiles/gemini-cli/subject.ts';
import { GEMINI_SETTINGS_FILE } from '../../src/profiles/gemini-cli/telemetry.ts';

const FAKE = resolve(import.meta.dirname, 'fixtures/gemini-cli-like.ts');

/**
 * Writes the `subject.yaml` of the fake Gemini CLI (fixtures/gemini-cli-like.ts) into `dir`, launched
 * as the gemini-cli profile launches the real one (`-m gemini-2.5-flash -p PROMPT`, `HOME` holding
 * `.gemini/settings.json`, `GEMINI_API_KEY`, `GOOGLE_GEMINI_BASE_URL`), with `AGENTOTEL_MUTATION` set to
 * `mutation` (`none`: the control). Claims what the real subject claims.
 */
export async function writeGeminiFakeSubject(mutation: string, dir: string): Promise<string> {
  const spec = {
    name: `gemini-cli-like:${mutation}`,
    version: '0.61.0-fake',
    profile: 'gemini-cli',
    telemetry: { style: 'gemini-settings' },
    command: ['node', '--no-warnings', FAKE, '-m', 'gemini-2.5-flash', '-p', '{{prompt}}'],
    env: {
      HOME: '{{configDir}}',
      GEMINI_API_KEY: '{{apiKey}}',
      GOOGLE_GEMINI_BASE_URL: '{{modelBaseUrl}}',
      AGENTOTEL_MUTATION: mutation,
      NODE_COMPILE_CACHE: join(dir, 'compile-cache'),
    },
    files: { [GEMINI_SETTINGS_FILE]: GEMINI_SUBJECT_SETTINGS },
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
  };
  await mkdir(dir, { recursive: true });
  const file = join(dir, `gemini-${mutation}.yaml`);
  await writeFile(file, stringify(spec));
  return file;
}
