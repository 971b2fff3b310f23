import type { RequirementMapping } from '../profile.ts';
import { GEM_EVENT, PINNED_GEMINI_CLI_VERSION } from './catalog.ts';

/**
 * How the shared requirements read the Gemini CLI catalog (telemetry.md of 0.61.0). Only what the
 * page documents in the shared requirements' terms is mapped; the rest is judged by the profile's own
 * requirements in the vendor's terms:
 *
 * - the prompt: `gemini_cli.user_prompt.prompt`, "excluded if `telemetry.logPrompts` is `false`" (the
 *   attribute is left out; `logPrompts` defaults to `true`, so the suite sets it in both directions);
 *   `prompt_length`'s unit is not documented, so it is not judged;
 * - the session: `session.id` (a common attribute on all data); the page documents no timestamp
 *   attribute (records are judged by `LogRecord.timeUnixNano`);
 * - requests: one `gemini_cli.api_request` per request sent; the status is on `api_response` or
 *   `api_error`, not on the request, and no attempt number is documented: the pairing is judged by
 *   `GEMINI-CLI-API-EVENTS-PER-ATTEMPT`;
 * - tokens: not mapped (`output_token_count` is Gemini's `candidatesTokenCount`, thinking excluded,
 *   and the served usage is in the Gemini stream): judged by `GEMINI-CLI-TOKENS-MATCH-USAGE`;
 * - the tool: not mapped. `gemini_cli.tool_call` is both decision and result and the page documents
 *   no call id on it, so no join by id can be judged: `GEMINI-CLI-TOOL-CALL` judges it;
 * - the resource: not documented by the page; `service.name`/`service.version` are judged against the
 *   OpenTelemetry resource semantic conventions (the service's own name and version).
 */
/** Where a line is, in the documents shipped in the pinned package (`bundle/docs/cli/`). */
const doc = (file: string, lines: string, says: string) =>
  `@google/gemini-cli ${PINNED_GEMINI_CLI_VERSION} bundle/docs/cli/${file}:${lines}: ${says}`;

export const GEMINI_CLI_MAPPING: RequirementMapping = {
  sources: {
    'COMMON-METADATA': doc(
      'telemetry.md',
      '277-278',
      '"Gemini CLI includes `session.id`, `installation.id`, `active_approval_mode`, and `user.email` (when authenticated) as common attributes on all data."',
    ),
    'PROMPT-NOT-LEAKED': doc(
      'telemetry.md',
      '334',
      '`gemini_cli.user_prompt` `prompt` (string; excluded if `telemetry.logPrompts` is `false`)',
    ),
    'USER-PROMPT-REDACTED-BY-DEFAULT': doc(
      'telemetry.md',
      '46, 334',
      '`logPrompts` (`GEMINI_TELEMETRY_LOG_PROMPTS`) "Include prompts in telemetry logs", default `true`; `prompt` "excluded if `telemetry.logPrompts` is `false`"',
    ),
    'EXIT-NONZERO-ON-FAILURE': doc(
      'headless.md',
      '37-44',
      'exit codes: "`0`: Success." "`1`: General error or API failure."',
    ),
  },
  userPrompt: {
    event: GEM_EVENT.userPrompt,
    promptAttribute: 'prompt',
    redacted: 'absent',
    optInSwitch: 'telemetry.logPrompts = true (default true)',
  },
  session: { attribute: 'session.id' },
  apiRequest: {
    event: GEM_EVENT.apiRequest,
    outcomeEvents: { response: GEM_EVENT.apiResponse, error: GEM_EVENT.apiError },
  },
  // the page documents neither the LogRecord eventName field nor a severity
  logRecord: { eventName: false, severityInfo: false },
  resource: {
    nameAttribute: 'service.name',
    expectedName: 'gemini-cli',
    versionAttribute: 'service.version',
  },
};
