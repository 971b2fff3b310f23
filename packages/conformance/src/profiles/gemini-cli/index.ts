import type { Profile } from '../profile.ts';
import { GEMINI_CLI_CATALOG, GEMINI_CLI_SOURCE } from './catalog.ts';
import { GEMINI_CLI_MAPPING } from './mapping.ts';
import { GEMINI_API } from './model-api.ts';
import { GEMINI_CLI_REQUIREMENTS } from './requirements.ts';
import { geminiCliSubject } from './subject.ts';
import { renderGeminiCliTelemetry } from './telemetry.ts';

/**
 * The Gemini CLI family: the Gemini API, the `gemini_cli.*` (and GenAI semantic-convention) catalog of
 * the telemetry page shipped with Gemini CLI, configured through `settings.json`'s `telemetry` object.
 */
export const GEMINI_CLI_PROFILE: Profile = {
  name: 'gemini-cli',
  title: 'Google Gemini CLI (gemini_cli.* catalog)',
  modelApi: GEMINI_API,
  catalog: GEMINI_CLI_CATALOG,
  catalogSource: GEMINI_CLI_SOURCE,
  telemetryStyles: ['gemini-settings'],
  renderTelemetry: renderGeminiCliTelemetry,
  mapping: GEMINI_CLI_MAPPING,
  requirements: GEMINI_CLI_REQUIREMENTS,
  subject: ({ bin, env }) => geminiCliSubject(bin, env),
};
