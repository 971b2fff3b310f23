// The programmatic API of @agentotel/conformance.
export { CATALOG, EVENT, findEvent, REDACTED } from './catalog/catalog.ts';
export {
  type AttributeSpec,
  type Catalog,
  CatalogSchema,
  type EventSpec,
  type Level,
  LevelSchema,
  type MetricSpec,
} from './catalog/model.ts';
export { catalogJsonSchema, checkAttributes, eventAttributesSchema } from './catalog/schemas.ts';
export {
  type CertifyOptions,
  type CertifyResult,
  certify,
  type ProgressEvent,
  resolveSubject,
} from './certify.ts';
export { runCli } from './cli/cac.ts';
export { CERTIFY_OPTIONS } from './cli/options.ts';
export { CliUsageError, runCertify } from './cli/run-certify.ts';
export { capabilityClaims, exitCodeOf, verdictOf } from './judge/verdict.ts';
export {
  type CertificationReport,
  type Finding,
  type OverallVerdict,
  REPORT_FORMAT_VERSION,
  type RequirementResult,
  type ScenarioResult,
  type SubjectError,
  type TimelineEntry,
} from './model/report-model.ts';
export { CertificationReportSchema, reportJsonSchema } from './model/report-schema.ts';
export type { CaptureVia, ScenarioRun } from './model/scenario-run.ts';
export { PROFILE_NAMES, type ProfileName } from './profiles/names.ts';
export {
  type CatalogSource,
  type ModelApi,
  type Profile,
  type RenderedStep,
  type RenderedTelemetry,
  type RequirementMapping,
  type StartedModelMock,
  TELEMETRY_STYLES,
  type TelemetryConfig,
  type TelemetryStyle,
} from './profiles/profile.ts';
export { availableProfiles, ProfileError, profileNamed } from './profiles/registry.ts';
export { renderOtelEnv } from './profiles/telemetry/otel-env.ts';
export { renderConsoleSummary } from './reporters/console-reporter.ts';
export { renderCtrf } from './reporters/ctrf-reporter.ts';
export { renderHtml } from './reporters/html-reporter.ts';
export { type ReporterName, reporters } from './reporters/index.ts';
export { REPORT_SCHEMA_URL, renderJson } from './reporters/json-reporter.ts';
export { renderJunit } from './reporters/junit-reporter.ts';
export type { Reporter, ReporterContext } from './reporters/reporter.ts';
export type { Evidence, Judgement, Requirement, Strength, Verdict } from './requirements/model.ts';
export {
  findRequirement,
  REQUIREMENTS,
  requirementsFor,
  SHARED_REQUIREMENTS,
} from './requirements/requirements.ts';
export type { CaptureBackend, StartedCaptureBackend } from './runner/capture-backend.ts';
export type { ResolvedSubject } from './runner/run-scenario.ts';
export { CANARY, findScenario, SCENARIOS } from './scenarios/catalog.ts';
export type { Capability, ModelStep, Scenario, TelemetrySetup } from './scenarios/model.ts';
export { builtinSubject, execStyleSpec } from './subjects/builtin.ts';
export { CodexNotFoundError, codexSubject, PINNED_CODEX_VERSION } from './subjects/codex.ts';
export { loadSubjectFile, SubjectFileError } from './subjects/generic.ts';
export type { SubjectErrorCode, SubjectPath, SubjectProblem } from './subjects/subject-errors.ts';
export { type SubjectCapabilities, type SubjectSpec, SubjectSpecSchema } from './subjects/subject-spec.ts';
export { loadSuppressions, type Suppression, SuppressionsError } from './suppressions/suppressions.ts';
export { VERSION } from './version.ts';
