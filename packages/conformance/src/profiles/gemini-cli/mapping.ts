import type { RequirementMapping } from '../profile.ts';
import { GEM_EVENT } from './catalog.ts';

/**
 * How the shared requirements read the Gemini CLI catalog (telemetry.md of 0.61.0):
 *
 * - the prompt: `gemini_cli.user_prompt.prompt`, "excluded if `telemetry.logPrompts` is `false`" (the
 *   attribute is left out; `logPrompts` defaults to `true`, so the suite sets it in both directions);
 *   `prompt_length`'s unit is not documented, so it is not judged;
 * - the session: `session.id` (a common attribute on all data); the page documents no timestamp
 *   attribute (records are judged by `LogRecord.timeUnixNano`);
 * - requests: one `gemini_cli.api_request` per request, then `gemini_cli.api_response` (with
 *   `status_code`) or `gemini_cli.api_error`; no attempt number is documented;
 * - tokens: `api_response` `input_token_count` (the prompt, cache included), `cached_content_token_count`
 *   and `thoughts_token_count` mean what the neutral usage means; `output_token_count` is Gemini's
 *   `candidatesTokenCount` (thinking excluded), judged by `GEMINI-CLI-TOKENS-MATCH-USAGE`;
 * - the tool: `gemini_cli.tool_call` is both the decision (`decision`) and the result (`success`); the
 *   page documents no call id on it, so the join by id is not judged (`callIdAttribute` names the
 *   function: the page's only key);
 * - the resource: not documented by the page; `service.name`/`service.version` are judged against the
 *   OpenTelemetry resource semantic conventions (the service's own name and version).
 */
export const GEMINI_CLI_MAPPING: RequirementMapping = {
  userPrompt: {
    event: GEM_EVENT.userPrompt,
    promptAttribute: 'prompt',
    redacted: 'absent',
    optInSwitch: 'telemetry.logPrompts = true (default true)',
  },
  session: { attribute: 'session.id' },
  apiRequest: {
    event: GEM_EVENT.apiRequest,
    errorEvent: GEM_EVENT.apiError,
    statusAttribute: 'status_code',
    errorAttribute: 'error.message',
  },
  tokens: {
    event: GEM_EVENT.apiResponse,
    attributes: {
      input: 'input_token_count',
      cached: 'cached_content_token_count',
      reasoning: 'thoughts_token_count',
    },
  },
  tool: {
    resultEvent: GEM_EVENT.toolCall,
    callIdAttribute: 'function_name',
    toolNameAttribute: 'function_name',
    decisionAttribute: 'decision',
    successAttribute: 'success',
  },
  resource: {
    nameAttribute: 'service.name',
    expectedName: 'gemini-cli',
    versionAttribute: 'service.version',
  },
};
