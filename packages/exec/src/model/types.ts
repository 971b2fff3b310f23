/** One item of the request `input` (Responses API). */
export type InputItem =
  | {
      type: 'message';
      role: 'user' | 'assistant' | 'developer';
      content: Array<{ type: string; text: string }>;
    }
  | { type: 'function_call'; call_id: string; name: string; arguments: string }
  | { type: 'function_call_output'; call_id: string; output: string }
  | { type: 'reasoning'; summary: unknown[]; encrypted_content: string };

/** A function tool offered to the model. */
export interface FunctionToolSpec {
  type: 'function';
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  strict: boolean;
}

/** An output item the model streamed in `response.output_item.done`. */
export type OutputItem =
  | { type: 'message'; id?: string; role: 'assistant'; content: Array<{ type: string; text?: string }> }
  | { type: 'function_call'; id?: string; call_id: string; name: string; arguments: string }
  | {
      type: 'reasoning';
      id?: string;
      summary?: Array<{ type: string; text: string }>;
      encrypted_content?: string;
    }
  | { type: string; [key: string]: unknown };

/** Token counts from the `usage` object of `response.completed`. */
export interface ResponseUsage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens?: number;
  reasoningTokens?: number;
  totalTokens: number;
}

/** What one model call returned. */
export interface ModelTurnResult {
  responseId: string | undefined;
  items: OutputItem[];
  usage: ResponseUsage | undefined;
}

/** The text of an assistant message item. */
export function messageText(item: OutputItem): string {
  const content = (item as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content
    .filter((c) => c.type === 'output_text' || c.type === 'text')
    .map((c) => c.text ?? '')
    .join('');
}
