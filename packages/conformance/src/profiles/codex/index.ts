import type { Profile } from '../profile.ts';
import { CATALOG } from './catalog.ts';
import { CODEX_MAPPING } from './mapping.ts';
import { RESPONSES_API } from './model-api.ts';
import { CODEX_REQUIREMENTS } from './requirements.ts';
import { codexSubject } from './subject.ts';
import { renderCodexTelemetry } from './telemetry.ts';

/**
 * The Codex family: the OpenAI Responses API, the `codex.*` catalog, configured through the `[otel]`
 * table of `config.toml` (or the standard `OTEL_*` variables for other agents emitting this catalog).
 */
export const CODEX_PROFILE: Profile = {
  name: 'codex',
  title: 'OpenAI Codex (codex_otel catalog)',
  modelApi: RESPONSES_API,
  catalog: CATALOG,
  catalogSource: CATALOG.source ?? { document: 'docs/catalog/codex.md', version: CATALOG.version },
  telemetryStyles: ['codex-toml', 'otel-env'],
  renderTelemetry: renderCodexTelemetry,
  mapping: CODEX_MAPPING,
  requirements: CODEX_REQUIREMENTS,
  subject: ({ bin, env }) => codexSubject(bin, env),
};
