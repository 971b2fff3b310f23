import type { Profile } from '../profile.ts';
import { CLAUDE_CODE_CATALOG, CLAUDE_CODE_SOURCE } from './catalog.ts';
import { CLAUDE_CODE_MAPPING } from './mapping.ts';
import { ANTHROPIC_MESSAGES_API } from './model-api.ts';
import { CLAUDE_CODE_REQUIREMENTS } from './requirements.ts';
import { claudeCodeSubject } from './subject.ts';
import { renderClaudeCodeTelemetry } from './telemetry.ts';

/**
 * The Claude Code family: the Anthropic Messages API, the `claude_code.*` catalog of Claude Code's
 * "Monitoring" page, configured through the standard `OTEL_*` variables plus
 * `CLAUDE_CODE_ENABLE_TELEMETRY` and `OTEL_LOG_USER_PROMPTS`.
 */
export const CLAUDE_CODE_PROFILE: Profile = {
  name: 'claude-code',
  title: 'Anthropic Claude Code (claude_code.* catalog)',
  modelApi: ANTHROPIC_MESSAGES_API,
  catalog: CLAUDE_CODE_CATALOG,
  catalogSource: CLAUDE_CODE_SOURCE,
  telemetryStyles: ['otel-env'],
  renderTelemetry: renderClaudeCodeTelemetry,
  mapping: CLAUDE_CODE_MAPPING,
  requirements: CLAUDE_CODE_REQUIREMENTS,
  subject: ({ bin, env }) => claudeCodeSubject(bin, env),
};
