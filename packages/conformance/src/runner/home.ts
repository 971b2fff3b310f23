import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { RenderedTelemetry } from '../profiles/profile.ts';
import type { Scenario } from '../scenarios/model.ts';
import type { SubjectCapabilities } from '../subjects/subject-spec.ts';
import type { ResolvedSubject } from './subject.ts';
import { render } from './template.ts';

/** Environment variables passed through from the harness to every subject. */
export const PASS_ENV = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'SYSTEMROOT', 'TMPDIR', 'NODE_OPTIONS'] as const;

/** The dummy API key every subject gets (`{{apiKey}}`); masked in reports. */
export const TEST_API_KEY = 'agentotel-test-api-key';

/**
 * The `{{name}}` placeholders {@link prepareCommand} fills in every subject's `command`, `cwd`, `env`,
 * `files` and decision `args`/`env`/`files`; a profile's model API and telemetry style may add more.
 * `subject.yaml` files are checked against this list at load.
 */
export const SUBJECT_PLACEHOLDERS = [
  'prompt',
  'modelBaseUrl',
  'otlpEndpoint',
  'otlpProtocol',
  'configDir',
  'workDir',
  'otelToml',
  'approvalPolicy',
  'requestMaxRetries',
  'streamMaxRetries',
  'environment',
  'logUserPrompt',
  'apiKey',
  'subjectDir',
] as const;

/** A scenario's folders: the subject's config folder ("home") and its working folder (also `$HOME`). */
export interface RunFolders {
  root: string;
  configDir: string;
  workDir: string;
}

/** Creates `home/` and `work/` under a scenario's temporary root. */
export async function makeFolders(root: string): Promise<RunFolders> {
  const configDir = join(root, 'home');
  const workDir = join(root, 'work');
  await mkdir(configDir, { recursive: true });
  await mkdir(workDir, { recursive: true });
  return { root, configDir, workDir };
}

/** What the process step needs: argv, folder, environment, stdin. */
export interface PreparedCommand {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  stdin?: string;
}

/** Inputs of {@link prepareCommand}. */
export interface PrepareInput {
  scenario: Scenario;
  subject: ResolvedSubject;
  folders: RunFolders;
  modelBaseUrl: string;
  /** Placeholders the model API adds (`ModelApi.placeholders`). */
  modelPlaceholders: Record<string, string>;
  /** The logs endpoint, or empty when export is off. */
  otlpEndpoint: string;
  telemetry: RenderedTelemetry;
  /** Environment variables the capture needs (exporter none). */
  captureEnv: Record<string, string>;
  environment: string;
}

/**
 * Renders a subject for one scenario: fills the `{{placeholders}}`, writes the subject's files, the
 * decision's files and the telemetry rendering's files under the config folder, and builds the
 * environment (the pass-through variables, `HOME` = the work folder, the subject's `env`, the
 * telemetry rendering's variables, the capture's, then the decision's).
 *
 * @throws TemplateError for an unknown placeholder.
 */
export async function prepareCommand(input: PrepareInput): Promise<PreparedCommand> {
  const { scenario, subject, folders } = input;
  const caps: SubjectCapabilities = subject.spec.capabilities;
  const t = scenario.telemetry;
  const decision = scenario.decision ? caps.decisions[scenario.decision] : undefined;
  const values: Record<string, string> = {
    prompt: scenario.prompt,
    modelBaseUrl: input.modelBaseUrl,
    ...input.modelPlaceholders,
    otlpEndpoint: input.otlpEndpoint,
    otlpProtocol: t.transport === 'http/json' ? 'json' : t.transport === 'grpc' ? 'grpc' : 'binary',
    configDir: folders.configDir,
    workDir: folders.workDir,
    otelToml: '',
    ...input.telemetry.placeholders,
    approvalPolicy: decision?.approvalPolicy ?? 'never',
    requestMaxRetries: String(scenario.requestMaxRetries),
    streamMaxRetries: String(scenario.streamMaxRetries),
    environment: input.environment,
    logUserPrompt: String(!!t.logUserPrompt),
    apiKey: TEST_API_KEY,
    subjectDir: subject.baseDir,
  } satisfies Record<(typeof SUBJECT_PLACEHOLDERS)[number], string>;
  const files = { ...input.telemetry.files, ...subject.spec.files, ...(decision?.files ?? {}) };
  for (const [rel, content] of Object.entries(files)) {
    const file = join(folders.configDir, rel);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, render(content, values));
  }
  const env: Record<string, string> = {};
  for (const k of PASS_ENV) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  env.HOME = folders.workDir;
  for (const [k, v] of Object.entries(subject.spec.env)) env[k] = render(v, values);
  Object.assign(env, input.telemetry.env, input.captureEnv);
  for (const [k, v] of Object.entries(decision?.env ?? {})) env[k] = render(v, values);
  const argv = [...subject.spec.command, ...(decision?.args ?? [])].map((a) => render(a, values));
  if (argv[0] && (argv[0].startsWith('./') || argv[0].startsWith('../')))
    argv[0] = resolve(subject.baseDir, argv[0]);
  const cwd = subject.spec.cwd ? resolve(subject.baseDir, render(subject.spec.cwd, values)) : folders.workDir;
  return {
    argv,
    cwd: isAbsolute(cwd) ? cwd : resolve(cwd),
    env,
    ...(decision?.stdin !== undefined ? { stdin: decision.stdin } : {}),
  };
}
