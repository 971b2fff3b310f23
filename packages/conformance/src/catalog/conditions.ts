import type { Attributes } from '../capture/any-value.ts';
import { numericValue, textValue } from '../capture/any-value.ts';
import type { Condition } from './model.ts';

/**
 * Whether a conditional attribute's condition holds, decided on the record alone. Returns `undefined`
 * when the record does not tell (the condition is then checked against ground truth elsewhere).
 */
export function conditionHolds(condition: Condition | undefined, attrs: Attributes): boolean | undefined {
  switch (condition) {
    case 'sse-completed':
      return textValue(attrs['event.kind']) === 'response.completed';
    case 'sse-failed':
      return textValue(attrs['event.kind']) === 'response.failed';
    case 'request-failed': {
      const status = numericValue(attrs['http.response.status_code']);
      return status !== undefined ? status >= 400 : undefined;
    }
    default:
      return undefined;
  }
}
