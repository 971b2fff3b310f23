import { z } from 'zod';

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
  headerEnvSubstitution: z.boolean().default(false),
  metrics: z.boolean().default(false),
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
 * Placeholders `{{name}}` in `command`, `env`, `files`, `cwd`: `prompt`, `modelBaseUrl`, `otlpEndpoint`,
 * `otlpProtocol`, `configDir`, `workDir`, `otelToml`, `approvalPolicy`, `requestMaxRetries`,
 * `streamMaxRetries`, `environment`, `logUserPrompt`, `apiKey`.
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
  /** Files written under `{{configDir}}` before each run, by relative path. */
  files: z.record(z.string(), z.string()).default({}),
  /** How `{{otelToml}}` is rendered: the `[otel]` table in Codex's config schema. */
  telemetry: z.strictObject({ style: z.literal('codex-toml') }).default({ style: 'codex-toml' }),
  capabilities: CapabilitiesSchema.default(CapabilitiesSchema.parse({})),
  /** A run longer than this is killed. @defaultValue 30000 */
  timeoutMs: z.number().int().positive().default(30_000),
});
/** @see SubjectSpecSchema */
export type SubjectSpec = z.infer<typeof SubjectSpecSchema>;
/** Input shape before defaults. */
export type SubjectSpecInput = z.input<typeof SubjectSpecSchema>;
