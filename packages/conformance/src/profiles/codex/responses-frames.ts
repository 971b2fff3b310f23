import type { SseFrame } from '../../scenarios/model.ts';

/** Token usage served on `response.completed` of the Responses API (the ground truth token checks compare against). */
export interface ServedUsage {
  input_tokens: number;
  input_tokens_details?: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details?: { reasoning_tokens: number };
  total_tokens: number;
}

/** `response.created`. */
export const created = (id: string): SseFrame => ({ type: 'response.created', response: { id } });

/** `response.output_text.delta`. */
export const textDelta = (delta: string): SseFrame => ({ type: 'response.output_text.delta', delta });

/** `response.output_item.done` carrying an assistant message. */
export const assistantMessage = (id: string, text: string): SseFrame => ({
  type: 'response.output_item.done',
  item: { type: 'message', role: 'assistant', id, content: [{ type: 'output_text', text }] },
});

/** `response.output_item.done` carrying a function call (`args` is the JSON string the model sends). */
export const functionCall = (callId: string, name: string, args: string): SseFrame => ({
  type: 'response.output_item.done',
  item: { type: 'function_call', call_id: callId, name, arguments: args },
});

/** `response.completed` with usage. */
export const completed = (id: string, usage: ServedUsage): SseFrame => ({
  type: 'response.completed',
  response: { id, usage },
});

/** `response.failed` with an error code and message. */
export const failed = (id: string, code: string, message: string): SseFrame => ({
  type: 'response.failed',
  response: { id, error: { code, message } },
});

/** Usage with every detail set; distinct numbers so a swapped field is caught. */
export const usage = (input: number, cached: number, output: number, reasoning: number): ServedUsage => ({
  input_tokens: input,
  input_tokens_details: { cached_tokens: cached },
  output_tokens: output,
  output_tokens_details: { reasoning_tokens: reasoning },
  total_tokens: input + output,
});
