import { z } from 'zod';
import { PROFILE_NAMES } from '../profiles/names.ts';
import { TELEMETRY_STYLES } from '../profiles/profile.ts';

/** The longest timer Node.js can set (2^31 − 1 ms, about 24.8 days); a longer one fires after 1 ms. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

const DECISIONS = [
  'approved/config',
  'approved/user',
  'approved_for_session/user',
  'denied/user',
  'denied/config',
  'abort/user',
] as const;

/** A per-decision overlay: how to make the subject take that decision. */
export const DecisionSetupSchema = z.strictObject({
  /** Value of the `{{approvalPolicy}}` placeholder. */
  approvalPolicy: z.string().optional(),
  /** Extra command-line arguments appended (placeholders allowed). */
  args: z.array(z.string()).optional(),
  /** Extra environment variables (placeholders allowed). */
  env: z.record(z.string(), z.string()).optional(),
  /** Text written to the subject's stdin. */
  stdin: z.string().optional(),
  /** Extra files written under `{{configDir}}` (placeholders allowed). */
  files: z.record(z.string(), z.string()).optional(),
});

/** What a subject claims to support; scenarios needing an unclaimed capability are skipped with a reason. */
export const CapabilitiesSchema = z.strictObject({
  transports: z.array(z.enum(['http/json', 'http/protobuf', 'grpc'])).default(['http/protobuf']),
  tls: z.boolean().default(false),
  mtls: z.boolean().default(false),
  /**
   * Whether exporter headers can be configured at all (the `headers` scenarios); `false` skips them
   * (e.g. Gemini CLI, whose settings document no headers). @defaultValue true
   */
  headers: z.boolean().default(true),
  headerEnvSubstitution: z.boolean().default(false),
  metrics: z.boolean().default(false),
  /**
   * Whether the subject retries a model stream cut before its terminal event, as many times as the
   * scenario's `streamMaxRetries` says (Codex: `stream_max_retries` of the model provider), so the
   * `stream-cut-then-success` scenario can run. @defaultValue false
   */
  streamRetry: z.boolean().default(false),
  /** The shell tool the subject offers the model: its name and an arguments template (`{{commandJson}}`). */
  shellTool: z.strictObject({ name: z.string(), arguments: z.string() }).optional(),
  /** Decisions the subject can be made to take, keyed `decision/source`. */
  decisions: z.partialRecord(z.enum(DECISIONS), DecisionSetupSchema).default({}),
  /** The `service.name` it must export, when known (its originator). */
  originator: z.string().optional(),
});
/** @see CapabilitiesSchema */
export type SubjectCapabilities = z.infer<typeof CapabilitiesSchema>;

/**
 * A subject: how to run an agent non-interactively against the mock model server with telemetry
 * configured. The same shape is read from a `subject.yaml` file.
 *
 * Placeholders `{{name}}` in `command`, `env`, `files`, `cwd` and each decision's `args`, `env`,
 * `files` ({@link subjectTemplates}): `SUBJECT_PLACEHOLDERS` of `../runner/home.ts` (`prompt`,
 * `modelBaseUrl`, `otlpEndpoint`, `configDir`, …) plus those the profile's model API and telemetry
 * style add (`geminiTelemetry`); `{{commandJson}}` in `capabilities.shellTool.arguments`. An unknown
 * one is refused at load.
 *
 * @see ../../examples/subject.yaml
 */
export const SubjectSpecSchema = z.strictObject({
  name: z.string().min(1),
  /** The version reported (informational). */
  version: z.string().optional(),
  /** argv; the first element is the program. Relative paths resolve against the file's folder. */
  command: z.array(z.string()).min(1),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).default({}),
  /**
   * Values the reports must never show (API keys, tokens): masked, with their base64, base64url, URL
   * and hex encodings, in every report. Values of `env` entries whose names contain KEY, TOKEN, SECRET
   * or PASSWORD are masked without being listed here.
   */
  secrets: z.array(z.string().min(1)).optional(),
  /** Files written under `{{configDir}}` before each run, by relative path. */
  files: z.record(z.string(), z.string()).default({}),
  /**
   * The agent family: which model API the mock speaks, which catalog judges the telemetry and how the
   * shared requirements read it. @defaultValue `codex`
   */
  profile: z
    .enum(PROFILE_NAMES, { error: () => `expected one of: ${PROFILE_NAMES.join(', ')}` })
    .default('codex'),
  /**
   * How telemetry is configured: `codex-toml` (the `{{otelToml}}` placeholder, the `[otel]` table in
   * Codex's config schema), `otel-env` (the standard `OTEL_EXPORTER_OTLP_*`, `OTEL_LOGS_EXPORTER`,
   * `OTEL_METRICS_EXPORTER` variables) or `gemini-settings`. @defaultValue the profile's first style
   */
  telemetry: z
    .strictObject({
      style: z.enum(TELEMETRY_STYLES, {
        error: () => `expected one of: ${TELEMETRY_STYLES.join(', ')}`,
      }),
    })
    .optional(),
  capabilities: CapabilitiesSchema.default(CapabilitiesSchema.parse({})),
  /** A run longer than this is killed. @defaultValue 30000 */
  timeoutMs: z
    .number()
    .int()
    .positive()
    .max(MAX_TIMEOUT_MS, {
      error: `at most ${MAX_TIMEOUT_MS} ms (2^31 - 1, the longest timer Node.js can set; a longer one would fire at once)`,
    })
    .default(30_000),
});
/** @see SubjectSpecSchema */
export type SubjectSpec = z.infer<typeof SubjectSpecSchema>;
/** Input shape before defaults. */
export type SubjectSpecInput = z.input<typeof SubjectSpecSchema>;

/**
 * A string of a subject that is rendered as a `{{placeholder}}` template: `run` templates get the run's
 * placeholders (`SUBJECT_PLACEHOLDERS` of `../runner/home.ts` plus the profile's), `tool-arguments` the
 * shell tool's (`TOOL_ARGUMENT_PLACEHOLDERS` of `../runner/steps.ts`).
 */
export interface SubjectTemplate {
  /** Where it is in the file, e.g. `['env', 'HOME_DIR']`. */
  path: (string | number)[];
  text: string;
  kind: 'run' | 'tool-arguments';
}

/**
 * Every template string of a subject as written (before validation; entries of the wrong type are
 * left out): `command`, `cwd`, `env` and `files` values, each decision's `args`, `env` and `files`
 * values, and `capabilities.shellTool.arguments`. These are exactly the strings the runner renders.
 */
export function subjectTemplates(input: unknown): SubjectTemplate[] {
  const out: SubjectTemplate[] = [];
  const obj = (v: unknown): Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const strings = (v: unknown, path: (string | number)[], kind: SubjectTemplate['kind'] = 'run') => {
    if (typeof v === 'string') out.push({ path, text: v, kind });
    const entries: [string | number, unknown][] = Array.isArray(v)
      ? [...v.entries()]
      : Object.entries(obj(v));
    for (const [k, x] of entries) if (typeof x === 'string') out.push({ path: [...path, k], text: x, kind });
  };
  const spec = obj(input);
  for (const key of ['command', 'cwd', 'env', 'files']) strings(spec[key], [key]);
  const caps = obj(spec.capabilities);
  for (const [decision, setup] of Object.entries(obj(caps.decisions)))
    for (const key of ['args', 'env', 'files'])
      strings(obj(setup)[key], ['capabilities', 'decisions', decision, key]);
  strings(obj(caps.shellTool).arguments, ['capabilities', 'shellTool', 'arguments'], 'tool-arguments');
  return out;
}
