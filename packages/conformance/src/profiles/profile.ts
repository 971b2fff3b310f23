/**
 * A **profile** holds everything that differs between agent families, so that the runner, the shared
 * requirements and the judge stay agent-neutral:
 *
 * - the model API its mock speaks ({@link ModelApi}: how the neutral {@link ModelStep}s of a scenario are
 *   rendered into answers on that API's mock server, and what the mock saw, as ground truth);
 * - its telemetry catalog as data ({@link Profile.catalog}) with the document it was taken from
 *   ({@link CatalogSource});
 * - how telemetry is configured ({@link TelemetryStyle}s it supports and
 *   {@link Profile.renderTelemetry});
 * - how each shared requirement maps onto that catalog ({@link RequirementMapping});
 * - the requirements only its catalog has ({@link Profile.requirements}).
 *
 * ## How a profile plugs in
 *
 * 1. Create `src/profiles/<name>/` with an `index.ts` that exports one `Profile` value (see
 *    `src/profiles/codex/index.ts`). Keep one concept per file: `catalog.ts` (the catalog as data,
 *    validated with `CatalogSchema.parse`), `model-api.ts` (rendering onto the API's mock server),
 *    `telemetry.ts` (configuration rendering; `otel-env` is shared, see `../telemetry/otel-env.ts`),
 *    `mapping.ts` (the {@link RequirementMapping}), `requirements.ts` (profile-only requirements),
 *    `subject.ts` (the pinned vendor subject, when there is one).
 * 2. Add its name to `PROFILE_NAMES` in `./names.ts`, one line to `PROFILES` in `./registry.ts`, and
 *    its catalog and mapping to `./catalogs.ts` (data only: the checks look a run's catalog and mapping
 *    up there by `ScenarioRun.profile`, without importing requirements). A `subject.yaml` then selects
 *    it with `profile: <name>`, and `--subject <name>` runs its {@link Profile.subject}.
 * 3. The shared requirements (`src/requirements/requirements.ts`) read the catalog only through the
 *    {@link RequirementMapping}; one whose mapping part is missing is left out for the profile
 *    (`Requirement.mapped`). Name lost events by role in `judgesPresenceOf` (`presenceOf('toolResult')`
 *    of `src/checks/delivery.ts`), never by a catalog's event name.
 * 4. Scenarios are shared: a profile never adds scenarios, it renders theirs. A scenario the family
 *    cannot express is skipped through the subject's capabilities, with the reason.
 *
 * A profile is plain data plus pure functions, except {@link ModelApi.start} (which starts a mock server
 * on 127.0.0.1 with an OS port) and {@link Profile.subject} (which may look for a binary).
 *
 * @packageDocumentation
 */

import type { CapturedLog, Transport } from '../capture/model.ts';
import type { Catalog } from '../catalog/model.ts';
import type { ModelExchange, ResolvedToolCall } from '../model/scenario-run.ts';
import type { Requirement } from '../requirements/model.ts';
import type { ResolvedSubject } from '../runner/subject.ts';
import type { DecisionKey, ModelStep, SseFrame } from '../scenarios/model.ts';
import type { ProfileName } from './names.ts';

export type { ProfileName } from './names.ts';

/** Where a catalog was taken from: the vendor's document and the agent version it describes. */
export interface CatalogSource {
  /** The document's title, e.g. `Claude Code: Monitoring`. */
  document: string;
  /** Its URL, when public. */
  url?: string;
  /** The agent version (or document revision) it describes, e.g. `2.1.328`. */
  version: string;
}

// ---------------------------------------------------------------------------------------------------
// model API
// ---------------------------------------------------------------------------------------------------

/**
 * One step rendered for a model API: what the mock serves for one HTTP request, plus the ground truth
 * the checks compare against.
 */
export interface RenderedStep {
  /** The neutral step it renders. */
  step: ModelStep;
  /** The HTTP status served (200 for a stream). */
  status: number;
  /**
   * The streamed events served, in order, each with its event type in `type` (the SSE `event:` line,
   * or for APIs without one a type the profile names, e.g. Gemini's `chunk`). Empty for an HTTP error.
   */
  frames: SseFrame[];
  /** True when this answer ends a model request (a completed stream): the next request is attempt 1. */
  completes: boolean;
}

/** A running mock of one model API, serving the rendered steps in order, one per request. */
export interface StartedModelMock {
  /** The base URL the agent is pointed at (the `{{modelBaseUrl}}` placeholder). */
  readonly url: string;
  /**
   * Every model request the mock saw, in arrival order, with what it served (`stepIndex` indexes the
   * rendered steps; `unmatched` when nothing was left to serve).
   */
  exchanges(): Promise<ModelExchange[]>;
  /** Stops the server; idempotent, never throws. */
  close(): Promise<void>;
}

/** A model API and its mock server: how scenarios' model steps become answers on the wire. */
export interface ModelApi {
  /** e.g. `openai-responses`, `anthropic-messages`, `gemini`. */
  readonly name: string;
  /** The API document the rendering follows (for evidence). */
  readonly source: CatalogSource;
  /**
   * Renders one neutral step into what the mock serves. `toolCall` is the subject's own tool call for a
   * `tool-call` step (name, arguments as the model sends them, call id).
   */
  render(step: ModelStep, toolCall: ResolvedToolCall | undefined): RenderedStep;
  /**
   * Starts a mock server that serves `steps` in order (one per request) and records every request.
   * `label` names the scenario in the mock's messages.
   */
  start(steps: readonly RenderedStep[], options: { label: string }): Promise<StartedModelMock>;
  /**
   * The names of placeholders this API adds for subject templates (e.g. `anthropicBaseUrl`), computed
   * from the mock's URL. @defaultValue none
   */
  placeholders?(mockUrl: string): Record<string, string>;
}

// ---------------------------------------------------------------------------------------------------
// telemetry configuration
// ---------------------------------------------------------------------------------------------------

/**
 * How an agent's telemetry is configured:
 *
 * - `codex-toml`: the `[otel]` table of Codex's `config.toml` (the `{{otelToml}}` placeholder);
 * - `otel-env`: the standard `OTEL_EXPORTER_OTLP_*`, `OTEL_LOGS_EXPORTER`, `OTEL_METRICS_EXPORTER`
 *   environment variables of the OpenTelemetry SDK specification;
 * - `gemini-settings`: Gemini CLI's `settings.json` `telemetry` object and `GEMINI_TELEMETRY_*`.
 */
export type TelemetryStyle = (typeof TELEMETRY_STYLES)[number];

/** Every {@link TelemetryStyle}, for validation. */
export const TELEMETRY_STYLES = ['codex-toml', 'otel-env', 'gemini-settings'] as const;

/** One OTLP exporter as a scenario configures it. */
export interface ExporterConfig {
  transport: Transport;
  /**
   * The signal's full endpoint: for OTLP/HTTP the URL including `/v1/logs` or `/v1/metrics`, for gRPC
   * `http(s)://host:port`.
   */
  endpoint: string;
  /** The endpoint without the signal path (`http(s)://host:port`): the `OTEL_EXPORTER_OTLP_ENDPOINT` base. */
  baseEndpoint: string;
}

/** What a scenario configures, in neutral terms; each {@link TelemetryStyle} renders it its own way. */
export interface TelemetryConfig {
  /** `none`: export off (every endpoint variable points at a connection-counting listener). */
  logs: 'none' | ExporterConfig;
  /** The metrics exporter, or `none`. */
  metrics: 'none' | ExporterConfig;
  /**
   * Exporter headers as the scenario writes them: values may contain `${VAR}` (a Codex TOML feature);
   * `headerEnv` holds those variables. Styles without substitution get `expandedHeaders`.
   */
  headers: Record<string, string>;
  /** `headers` with every `${VAR}` replaced from `headerEnv`. */
  expandedHeaders: Record<string, string>;
  headerEnv: Record<string, string>;
  /** File paths of the CA (server TLS) and, for mTLS, the client certificate and key (PEM). */
  tls?: { caCertificate: string; clientCertificate?: string; clientPrivateKey?: string };
  /** The deployment environment label (Codex `[otel].environment`, resource attribute `env`). */
  environment: string;
  /** The prompt-logging opt-in (Codex `log_user_prompt`, Claude Code `OTEL_LOG_USER_PROMPTS`, …). */
  logUserPrompt: boolean;
  /** A folder for files the rendering writes (e.g. Gemini's `settings.json`): the run's config folder. */
  configDir: string;
}

/** What a {@link TelemetryStyle} rendered: environment variables, placeholders and files for the subject. */
export interface RenderedTelemetry {
  /** Environment variables set for the subject (after the subject's own `env`). */
  env: Record<string, string>;
  /** Extra `{{placeholders}}` for the subject's templates (e.g. `otelToml`). */
  placeholders: Record<string, string>;
  /** Files written under the config folder before the run, by relative path. */
  files: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------------
// requirement mapping
// ---------------------------------------------------------------------------------------------------

/**
 * How the shared requirements (written once, agent-neutral) find their facts in a profile's catalog.
 * Every field names an event of {@link Profile.catalog} or an attribute key of such an event. A part
 * that is `undefined` means the catalog does not document it: the requirements built on it do not apply
 * (they are not failures).
 */
export interface RequirementMapping {
  /**
   * Which catalog event a log record is, when the catalog names records its own way (Claude Code: the
   * body `claude_code.<name>`, else `claude_code.` + the `event.name` attribute); the default is the
   * `event.name` attribute (or the LogRecord's eventName). A profile that sets it judges the names'
   * shape in a requirement of its own, so a misnamed record is that requirement's fault alone and
   * every other requirement judges the record as what it stands for.
   */
  eventNameOf?: (log: CapturedLog) => string | undefined;
  /**
   * What the vendor's own documents say on a shared requirement, by requirement id: the document, the
   * version it describes and the line(s), e.g. `telemetry.md:334 of @google/gemini-cli 0.61.0`. It is
   * the requirement's `source` in a report of this profile's subject, and the evidence of each of its
   * failures names it ("vendor document"), so a deviation is shown against the vendor's words rather
   * than the shared requirement's Codex source. Requirements without an entry keep their own source.
   */
  sources?: Readonly<Record<string, string>>;
  /** The user's prompt. */
  userPrompt?: {
    /** e.g. `codex.user_prompt`, `claude_code.user_prompt`, `gemini_cli.user_prompt`. */
    event: string;
    /** The attribute that carries the prompt text when opted in, e.g. `prompt`. */
    promptAttribute: string;
    /**
     * What `promptAttribute` holds without the opt-in: a literal marker (Codex `[REDACTED]`), or
     * `absent` (the attribute is left out, as Claude Code documents).
     */
    redacted: { marker: string } | 'absent';
    /** The attribute with the prompt's length, and its unit. */
    length?: { attribute: string; unit: 'code-points' | 'utf16-units' | 'utf8-bytes' };
    /** The opt-in switch's name in the vendor's words (evidence), e.g. `OTEL_LOG_USER_PROMPTS=1`. */
    optInSwitch: string;
  };
  /** The session identifier, constant within a run and unique across runs. */
  session?: { attribute: string };
  /** The event timestamp attribute, when the catalog has one beside `LogRecord.timeUnixNano`. */
  timestamp?: { attribute: string };
  /** One event per HTTP attempt to the model. */
  apiRequest?: {
    event: string;
    /** The attempt number attribute, when documented. */
    attemptAttribute?: string;
    /** The HTTP status code attribute. */
    statusAttribute?: string;
    /** The error message attribute on failed attempts. */
    errorAttribute?: string;
    /**
     * A separate event for failed attempts (Claude Code `claude_code.api_error`), when the catalog
     * splits them.
     */
    errorEvent?: string;
    /**
     * Events that report an attempt's outcome after its request event, one per attempt (Gemini CLI:
     * `gemini_cli.api_response` for a completed answer, `gemini_cli.api_error` for an HTTP error), when
     * the catalog has them. Delivery expects one per attempt after the attempt's frames (either event
     * when the mock's answer neither completed nor was an HTTP error), so a request event missing from
     * the middle of a run reads as never emitted (judged by its own requirement), not as lost at exit.
     */
    outcomeEvents?: { response: string; error: string };
  };
  /** Token counts and the usage fields of the model API they must equal. */
  tokens?: {
    /** The event carrying the counts (e.g. `codex.sse_event` on `response.completed`). */
    event: string;
    /** When only some records of `event` carry counts: the attribute and value that mark them. */
    where?: { attribute: string; value: string };
    /** Attribute per usage field; a field left out is not judged. */
    attributes: Partial<Record<'input' | 'output' | 'cached' | 'reasoning', string>>;
  };
  /** A tool call, joined from the model's call to the decision to the result by its id. */
  tool?: {
    decisionEvent?: string;
    resultEvent: string;
    /** The attribute carrying the model's call id on both events, e.g. `call_id`, `tool_use_id`. */
    callIdAttribute: string;
    toolNameAttribute: string;
    decisionAttribute?: string;
    sourceAttribute?: string;
    /**
     * The vendor's words for a scenario's `decision/source` key, as `decision/source` values of
     * `decisionAttribute`/`sourceAttribute` (Claude Code: `approved/config` is `accept/config`), when
     * they differ from the key. A key left out is compared as written.
     */
    decisionValues?: Partial<Record<DecisionKey, string>>;
    successAttribute?: string;
    /**
     * The profile's own requirement that judges `successAttribute` against the command's exit status,
     * when the catalog documents that reading (Claude Code: `CLAUDE-CODE-TOOL-RESULT-OUTCOME`); the
     * shared SHOULD `TOOL-RESULT-SUCCESS-MATCHES-EXIT` is then left out, so one fault fails one
     * requirement.
     */
    successJudgedBy?: string;
    /** The attribute with the model's arguments as sent, when the catalog has one. */
    argumentsAttribute?: string;
    /** The attribute with the tool's output returned to the model, when the catalog has one. */
    outputAttribute?: string;
  };
  /**
   * One event per streamed frame (Codex `codex.sse_event`), when the catalog reports frames: delivery
   * then expects one per frame served, and one carrying `errorAttribute` for a stream that ended
   * without a terminal frame.
   */
  stream?: {
    event: string;
    /** The attribute naming the frame type, e.g. `event.kind`. */
    kindAttribute: string;
    errorAttribute: string;
    /** Frame types that end a stream, e.g. `response.completed`, `response.failed`. */
    terminalKinds: string[];
    /** The terminal frame type of a failed stream (its error record is the frame's own). */
    failedKind?: string;
  };
  /** The events that start a session (delivered first), e.g. `codex.conversation_starts`. */
  sessionStart?: { event: string };
  /**
   * LogRecord fields (beside the attributes) the catalog documents: the `eventName` field carrying the
   * event name, severity INFO. A field set to `false` is one the vendor does not document, so the shared
   * SHOULD on it does not apply (Claude Code and Gemini CLI document neither). @defaultValue both
   */
  logRecord?: { eventName?: boolean; severityInfo?: boolean };
  /** Resource attributes naming the agent and its own version. */
  resource: {
    /** Usually `service.name`. */
    nameAttribute: string;
    /** The value it must have, when the family fixes it (e.g. `claude-code`). */
    expectedName?: string;
    /** Usually `service.version`. */
    versionAttribute: string;
  };
}

// ---------------------------------------------------------------------------------------------------
// the profile
// ---------------------------------------------------------------------------------------------------

/** Options a profile's pinned vendor subject is resolved with. */
export interface ProfileSubjectOptions {
  /** The binary path given on the command line (`--codex-bin`, `--claude-code-bin`, …), if any. */
  bin?: string;
  env?: NodeJS.ProcessEnv;
}

/** An agent family: its model API, catalog, telemetry configuration and requirement mapping. */
export interface Profile {
  /** Stable name, the value of `profile:` in a subject.yaml. */
  readonly name: ProfileName;
  /** Human name, e.g. `OpenAI Codex`. */
  readonly title: string;
  /** The model API its agents speak and its mock. */
  readonly modelApi: ModelApi;
  /** The telemetry catalog as data (events, attributes, kinds, enums, resource attributes, metrics). */
  readonly catalog: Catalog;
  /** Where {@link catalog} comes from. */
  readonly catalogSource: CatalogSource;
  /** The telemetry styles its agents can be configured with; the first is the default. */
  readonly telemetryStyles: readonly [TelemetryStyle, ...TelemetryStyle[]];
  /**
   * Renders a scenario's telemetry configuration in `style`.
   *
   * @throws Error when `style` is not one of {@link telemetryStyles}.
   */
  renderTelemetry(style: TelemetryStyle, config: TelemetryConfig): RenderedTelemetry;
  /** How the shared requirements map onto {@link catalog}. */
  readonly mapping: RequirementMapping;
  /** Requirements only this family's catalog has (ids stable, never reused by another profile). */
  readonly requirements: readonly Requirement[];
  /**
   * The pinned vendor agent as a subject (`--subject <name>`), when the family has one.
   *
   * @throws Error naming the option and environment variable when the binary cannot be found.
   */
  subject?(options: ProfileSubjectOptions): ResolvedSubject;
}
