import { z } from 'zod';

/**
 * How an attribute's value is typed in the reference implementation.
 *
 * - `string`: a free string.
 * - `int`: an OTLP `intValue`.
 * - `numeric-string`: a number formatted as a decimal string (`duration_ms`, token counts).
 * - `bool-string`: the literal strings `"true"` or `"false"`.
 * - `timestamp`: RFC 3339 in UTC with exactly three fractional digits and `Z`.
 * - `uuid`: a UUID string.
 * - `bool`: an OTLP `boolValue` (catalogs that document booleans, e.g. Gemini CLI's `success`).
 * - `number`: a number, `intValue` or `doubleValue` (the OpenTelemetry JS SDK sends an integral float
 *   as `intValue`, so a documented float cannot be told from an int on the wire).
 * - `string-array`: an `arrayValue` of `stringValue`s ("array of strings").
 * - `any`: any value (the vendor documents the attribute but not its type).
 *
 * @see docs/catalog/codex.md §2-§3
 */
export const ValueKindSchema = z.enum([
  'string',
  'int',
  'numeric-string',
  'bool-string',
  'timestamp',
  'uuid',
  'bool',
  'number',
  'string-array',
  'any',
]);
/** @see ValueKindSchema */
export type ValueKind = z.infer<typeof ValueKindSchema>;

/** When an attribute must be present: always, may be absent, or only under a named condition. */
export const PresenceSchema = z.enum(['required', 'optional', 'conditional']);
/** @see PresenceSchema */
export type Presence = z.infer<typeof PresenceSchema>;

/**
 * Named conditions for `conditional` attributes; each is decided on the record itself by
 * {@link conditionHolds} in `conditions.ts`.
 */
export const ConditionSchema = z.enum([
  'sse-completed',
  'sse-failed',
  'response-arrived',
  'request-failed',
  'call-has-id',
  'known',
]);
/** @see ConditionSchema */
export type Condition = z.infer<typeof ConditionSchema>;

/** One attribute of the catalog: key, value kind, presence, allowed values. */
export const AttributeSpecSchema = z.object({
  key: z.string().min(1),
  kind: ValueKindSchema,
  presence: PresenceSchema,
  condition: ConditionSchema.optional(),
  enum: z.array(z.string()).optional(),
  description: z.string(),
});
/** @see AttributeSpecSchema */
export type AttributeSpec = z.infer<typeof AttributeSpecSchema>;

/** One event of the catalog (one OTLP LogRecord named by `event.name`). */
export const EventSpecSchema = z.object({
  /** A namespaced event name, e.g. `codex.user_prompt`, `claude_code.api_request`, `gen_ai.client.inference.operation.details`. */
  name: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/),
  description: z.string(),
  section: z.string(),
  attributes: z.array(AttributeSpecSchema),
});
/** @see EventSpecSchema */
export type EventSpec = z.infer<typeof EventSpecSchema>;

/** One metric of the catalog (docs/catalog/codex.md §4). */
export const MetricSpecSchema = z.object({
  name: z.string(),
  instrument: z.enum(['counter', 'histogram']),
  unit: z.string().optional(),
  tags: z.array(z.string()),
  tagEnums: z.record(z.string(), z.array(z.string())).optional(),
});
/** @see MetricSpecSchema */
export type MetricSpec = z.infer<typeof MetricSpecSchema>;

/** The whole catalog: common metadata, events, resource attributes and metrics. */
export const CatalogSchema = z.object({
  version: z.string(),
  /** The vendor document the catalog was taken from and the agent version it describes. */
  source: z.object({ document: z.string(), url: z.string().optional(), version: z.string() }).optional(),
  /** The literal that replaces a redacted value (Codex `[REDACTED]`), when the catalog has one. */
  redactionMarker: z.string().optional(),
  /** Opt-in switches that add sensitive content to the telemetry, in the vendor's words. */
  optIns: z.array(z.object({ name: z.string(), description: z.string() })).optional(),
  commonAttributes: z.array(AttributeSpecSchema),
  events: z.array(EventSpecSchema),
  resourceAttributes: z.array(AttributeSpecSchema),
  metrics: z.array(MetricSpecSchema),
  metricSessionTags: z.array(z.string()),
});
/** @see CatalogSchema */
export type Catalog = z.infer<typeof CatalogSchema>;

/**
 * The two certification levels: `core` (the seed catalog; numbers may arrive as numeric strings or as
 * numbers) and `strict` (the exact types and formats of the reference implementation).
 */
export const LevelSchema = z.enum(['core', 'strict']);
/** @see LevelSchema */
export type Level = z.infer<typeof LevelSchema>;
