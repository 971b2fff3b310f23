import type { RequirementMapping } from '../profile.ts';
import { CC_EVENT, CC_REDACTED, claudeCodeEventName } from './catalog.ts';

/**
 * How the shared requirements read the Claude Code catalog ("Monitoring" page). Only what the page
 * documents in the shared requirements' terms is mapped; the rest is judged by the profile's own
 * requirements in the vendor's terms:
 *
 * - the prompt: `claude_code.user_prompt.prompt`, "Redacted by default. Set `OTEL_LOG_USER_PROMPTS=1`
 *   to include it"; the redacted value is `<REDACTED>` (the page's marker for responses; for the prompt
 *   it says "redacted"). `prompt_length`'s unit is not documented, so it is not judged;
 * - the session: `session.id`; timestamps: `event.timestamp` ("ISO 8601");
 * - requests: not mapped. The page documents one `claude_code.api_request` per successful request and
 *   one `claude_code.api_error` per failed one whose `attempt` is the "total number of attempts made"
 *   (per-attempt events only for the raw-body events), not one event per HTTP attempt; judged by
 *   `CLAUDE-CODE-TOKENS-MATCH-USAGE` and `CLAUDE-CODE-API-ERROR-ON-FAILURE`;
 * - tokens: not mapped (Anthropic's `input_tokens` excludes cache reads, and the served usage is in
 *   the Messages stream): judged by `CLAUDE-CODE-TOKENS-MATCH-USAGE`;
 * - the tool: `tool_decision` then `tool_result`, joined by `tool_use_id` (the model's `tool_use.id`);
 *   `decision`/`source` in the page's words (`approved/config` is `accept/config`, `denied/user` is
 *   `reject/user_reject`, …);
 * - the resource: `service.name` = `claude-code`, `service.version` = the Claude Code version.
 */
export const CLAUDE_CODE_MAPPING: RequirementMapping = {
  // a body without the prefix is still the event its event.name says: CLAUDE-CODE-EVENT-NAME-SHAPE
  // judges the names, every other requirement the record
  eventNameOf: claudeCodeEventName,
  userPrompt: {
    event: CC_EVENT.userPrompt,
    promptAttribute: 'prompt',
    redacted: { marker: CC_REDACTED },
    optInSwitch: 'OTEL_LOG_USER_PROMPTS=1',
  },
  session: { attribute: 'session.id' },
  timestamp: { attribute: 'event.timestamp' },
  tool: {
    decisionEvent: CC_EVENT.toolDecision,
    resultEvent: CC_EVENT.toolResult,
    callIdAttribute: 'tool_use_id',
    toolNameAttribute: 'tool_name',
    decisionAttribute: 'decision',
    sourceAttribute: 'source',
    // "Tool decision event": decision accept/reject; source config, user_temporary, user_abort, user_reject
    decisionValues: {
      'approved/config': 'accept/config',
      'approved/user': 'accept/user_temporary',
      'denied/config': 'reject/config',
      'denied/user': 'reject/user_reject',
      'abort/user': 'reject/user_abort',
    },
    successAttribute: 'success',
    // the page documents success as the command's outcome: the profile's MUST judges it
    successJudgedBy: 'CLAUDE-CODE-TOOL-RESULT-OUTCOME',
  },
  // the page documents neither the LogRecord eventName field nor a severity
  logRecord: { eventName: false, severityInfo: false },
  resource: {
    nameAttribute: 'service.name',
    expectedName: 'claude-code',
    versionAttribute: 'service.version',
  },
};
