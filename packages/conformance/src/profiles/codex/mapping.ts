import type { RequirementMapping } from '../profile.ts';
import { EVENT, REDACTED } from './catalog.ts';

/** How the shared requirements read the Codex catalog. */
export const CODEX_MAPPING: RequirementMapping = {
  userPrompt: {
    event: EVENT.userPrompt,
    promptAttribute: 'prompt',
    redacted: { marker: REDACTED },
    length: { attribute: 'prompt_length', unit: 'code-points' },
    optInSwitch: '[otel] log_user_prompt = true',
  },
  session: { attribute: 'conversation.id' },
  timestamp: { attribute: 'event.timestamp' },
  apiRequest: {
    event: EVENT.apiRequest,
    attemptAttribute: 'attempt',
    statusAttribute: 'http.response.status_code',
    errorAttribute: 'error.message',
  },
  tokens: {
    event: EVENT.sseEvent,
    where: { attribute: 'event.kind', value: 'response.completed' },
    attributes: {
      input: 'input_token_count',
      output: 'output_token_count',
      cached: 'cached_token_count',
      reasoning: 'reasoning_token_count',
    },
  },
  tool: {
    decisionEvent: EVENT.toolDecision,
    resultEvent: EVENT.toolResult,
    callIdAttribute: 'call_id',
    toolNameAttribute: 'tool_name',
    decisionAttribute: 'decision',
    sourceAttribute: 'source',
    successAttribute: 'success',
    argumentsAttribute: 'arguments',
    outputAttribute: 'output',
  },
  stream: {
    event: EVENT.sseEvent,
    kindAttribute: 'event.kind',
    errorAttribute: 'error.message',
    terminalKinds: ['response.completed', 'response.failed'],
    failedKind: 'response.failed',
  },
  sessionStart: { event: EVENT.conversationStarts },
  resource: { nameAttribute: 'service.name', versionAttribute: 'service.version' },
};
