import type { RequirementMapping } from '../profile.ts';
import { CC_EVENT, CC_REDACTED } from './catalog.ts';

/**
 * How the shared requirements read the Claude Code catalog ("Monitoring" page):
 *
 * - the prompt: `claude_code.user_prompt.prompt`, "Redacted by default. Set `OTEL_LOG_USER_PROMPTS=1`
 *   to include it"; the redacted value is `<REDACTED>` (the page's marker for responses; the prompt's
 *   wording is "redacted"). `prompt_length`'s unit is not documented, so it is not judged;
 * - the session: `session.id`; timestamps: `event.timestamp` ("ISO 8601");
 * - requests: one `claude_code.api_request` per successful request and one `claude_code.api_error`
 *   per failed one, whose `attempt` is the "total number of attempts made, including the initial
 *   request" (not one event per HTTP attempt: the page documents per-attempt events only for the raw
 *   body events); `status_code` is on `api_error` only;
 * - tokens: `api_request` `output_tokens` and `cache_read_tokens` mean what the neutral usage means;
 *   `input_tokens` is Anthropic's (cache reads excluded), judged by `CLAUDE-CODE-TOKENS-MATCH-USAGE`;
 * - the tool: `tool_decision` then `tool_result`, joined by `tool_use_id` (the model's `tool_use.id`);
 * - the resource: `service.name` = `claude-code`, `service.version` = the Claude Code version.
 */
export const CLAUDE_CODE_MAPPING: RequirementMapping = {
  userPrompt: {
    event: CC_EVENT.userPrompt,
    promptAttribute: 'prompt',
    redacted: { marker: CC_REDACTED },
    optInSwitch: 'OTEL_LOG_USER_PROMPTS=1',
  },
  session: { attribute: 'session.id' },
  timestamp: { attribute: 'event.timestamp' },
  apiRequest: {
    event: CC_EVENT.apiRequest,
    errorEvent: CC_EVENT.apiError,
    attemptAttribute: 'attempt',
    statusAttribute: 'status_code',
    errorAttribute: 'error',
  },
  tokens: {
    event: CC_EVENT.apiRequest,
    attributes: { output: 'output_tokens', cached: 'cache_read_tokens' },
  },
  tool: {
    decisionEvent: CC_EVENT.toolDecision,
    resultEvent: CC_EVENT.toolResult,
    callIdAttribute: 'tool_use_id',
    toolNameAttribute: 'tool_name',
    decisionAttribute: 'decision',
    sourceAttribute: 'source',
    successAttribute: 'success',
  },
  resource: {
    nameAttribute: 'service.name',
    expectedName: 'claude-code',
    versionAttribute: 'service.version',
  },
};
