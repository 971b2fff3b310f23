/**
 * What the pack tests share: building and packing the four packages as a third party receives them,
 * and the subject.yaml of the README's third-party section (the packed agentotel-exec).
 */
import { delimiter, dirname, join, resolve } from 'node:path';
import { execa } from 'execa';

/** The repository's root. */
export const ROOT = resolve(import.meta.dirname, '../../../..');

/** The packages, in dependency order. */
export const PACKAGES = ['otel', 'exec', 'test-support', 'conformance'];

/** The environment of the commands the tests run: this Node.js first on PATH (npm, npx, pnpm). */
export const env = {
  ...process.env,
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
};

/**
 * Builds the packages (turbo, cached) and packs each with `pnpm pack` into `dir` (workspace versions
 * rewritten, `files` applied).
 *
 * @returns the tarballs' absolute paths, in {@link PACKAGES} order
 * @throws execa's error when a build or a pack fails
 */
export async function buildAndPack(dir: string): Promise<string[]> {
  await execa(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=@agentotel/conformance...', '--output-logs=errors-only'],
    { cwd: ROOT, env },
  );
  const tarballs: string[] = [];
  for (const p of PACKAGES) {
    const { stdout } = await execa('pnpm', ['pack', '--pack-destination', dir], {
      cwd: join(ROOT, 'packages', p),
      env,
    });
    tarballs.push(stdout.trim().split('\n').at(-1)!.trim());
  }
  return tarballs;
}

/** The subject.yaml of the README's third-party section: the packed agentotel-exec. */
export const PACKED_SUBJECT_YAML = `name: agentotel-exec (packed)
command: ["{{subjectDir}}/node_modules/.bin/agentotel-exec", --skip-git-repo-check, "{{prompt}}"]
env:
  AGENTOTEL_HOME: "{{configDir}}"
  MOCK_API_KEY: "{{apiKey}}"
files:
  config.toml: |
    model = "gpt-5"
    model_provider = "mock"
    approval_policy = "{{approvalPolicy}}"

    [model_providers.mock]
    name = "Mock Responses"
    base_url = "{{modelBaseUrl}}"
    wire_api = "responses"
    env_key = "MOCK_API_KEY"
    request_max_retries = {{requestMaxRetries}}
    stream_max_retries = {{streamMaxRetries}}

    {{otelToml}}
capabilities:
  transports: [http/protobuf]
  shellTool:
    name: shell
    arguments: '{"command":["sh","-c",{{commandJson}}]}'
  decisions:
    approved/config: { approvalPolicy: never }
  originator: agentotel_exec
`;
