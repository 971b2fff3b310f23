/**
 * One Responses API stream event: a JSON object whose `type` names the frame.
 *
 * @see docs/responses-sse.md §2
 */
export interface ResponsesEvent {
  /** The event type, written as the frame's `event:` line, e.g. `"response.completed"`. */
  readonly type: string;
  readonly [key: string]: unknown;
}

/**
 * `response.created` with the given response id, as Codex's `ev_response_created`.
 *
 * @example sse([evResponseCreated('resp_1'), evCompleted('resp_1')])
 * @see docs/responses-sse.md §2, §3
 */
export function evResponseCreated(id: string): ResponsesEvent {
  return { type: 'response.created', response: { id } };
}

/**
 * `response.completed` with zero token usage (`input_tokens_details`/`output_tokens_details` null),
 * the exact JSON of Codex's `ev_completed`.
 *
 * @example sse([evCompleted('resp_1')])
 * @see docs/responses-sse.md §2, §3
 */
export function evCompleted(id: string): ResponsesEvent {
  return {
    type: 'response.completed',
    response: {
      id,
      usage: {
        input_tokens: 0,
        input_tokens_details: null,
        output_tokens: 0,
        output_tokens_details: null,
        total_tokens: 0,
      },
    },
  };
}

/**
 * `response.completed` whose usage has `input_tokens` and `total_tokens` equal to `total` (a token count)
 * and zero output tokens, as Codex's `ev_completed_with_tokens`.
 *
 * @example evCompletedWithTokens('resp_1', 42)
 * @see docs/responses-sse.md §2, §3
 */
export function evCompletedWithTokens(id: string, total: number): ResponsesEvent {
  return {
    type: 'response.completed',
    response: {
      id,
      usage: {
        input_tokens: total,
        input_tokens_details: null,
        output_tokens: 0,
        output_tokens_details: null,
        total_tokens: total,
      },
    },
  };
}

/**
 * `response.completed` with a full usage block (input, cached, output, reasoning, total token counts).
 *
 * @example evCompletedWithUsage('resp_1', { input: 3, cached: 1, output: 5, reasoning: 2, total: 9 })
 * @see docs/responses-sse.md §2 (`response.completed` row)
 */
export function evCompletedWithUsage(
  id: string,
  usage: { input: number; cached?: number; output: number; reasoning?: number; total: number },
): ResponsesEvent {
  return {
    type: 'response.completed',
    response: {
      id,
      usage: {
        input_tokens: usage.input,
        input_tokens_details: { cached_tokens: usage.cached ?? 0 },
        output_tokens: usage.output,
        output_tokens_details: { reasoning_tokens: usage.reasoning ?? 0 },
        total_tokens: usage.total,
      },
    },
  };
}

/**
 * `response.output_item.done` carrying an assistant `message` item with one `output_text` part,
 * as Codex's `ev_assistant_message`.
 *
 * @example evAssistantMessage('msg_1', 'Hello')
 * @see docs/responses-sse.md §2, §3
 */
export function evAssistantMessage(id: string, text: string): ResponsesEvent {
  return {
    type: 'response.output_item.done',
    item: { type: 'message', role: 'assistant', id, content: [{ type: 'output_text', text }] },
  };
}

/**
 * `response.output_item.added` for an assistant message, as Codex's `ev_message_item_added`.
 *
 * @see docs/responses-sse.md §2
 */
export function evMessageItemAdded(id: string, text: string): ResponsesEvent {
  return {
    type: 'response.output_item.added',
    item: { type: 'message', role: 'assistant', id, content: [{ type: 'output_text', text }] },
  };
}

/**
 * `response.output_text.delta` with one text fragment, as Codex's `ev_output_text_delta`.
 *
 * @example evOutputTextDelta('Hel')
 * @see docs/responses-sse.md §2, §3
 */
export function evOutputTextDelta(delta: string): ResponsesEvent {
  return { type: 'response.output_text.delta', delta };
}

/**
 * `response.output_item.done` carrying a `function_call` item; `args` is the arguments JSON **string**
 * (as the API sends it), as Codex's `ev_function_call`.
 *
 * @example evFunctionCall('call_1', 'shell', JSON.stringify({ command: ['echo', 'hi'] }))
 * @see docs/responses-sse.md §2, §3
 */
export function evFunctionCall(callId: string, name: string, args: string): ResponsesEvent {
  return {
    type: 'response.output_item.done',
    item: { type: 'function_call', call_id: callId, name, arguments: args },
  };
}

/**
 * `response.output_item.done` carrying a `reasoning` item with one `summary_text` part per summary string,
 * and, when `raw` is given and not empty, one `reasoning_text` content part per raw string
 * (Codex's `ev_reasoning_item`).
 *
 * @example evReasoningItem('rs_1', ['thinking'], ['raw thought'])
 * @see docs/responses-sse.md §2, §3
 */
export function evReasoningItem(
  id: string,
  summary: readonly string[],
  raw?: readonly string[],
): ResponsesEvent {
  const item: Record<string, unknown> = {
    type: 'reasoning',
    id,
    summary: summary.map((text) => ({ type: 'summary_text', text })),
  };
  if (raw !== undefined && raw.length > 0) {
    item.content = raw.map((text) => ({ type: 'reasoning_text', text }));
  }
  return { type: 'response.output_item.done', item };
}

/**
 * `response.failed` with an error code and message (the event behind {@link sseFailed}).
 *
 * @example evFailed('resp_1', 'rate_limit_exceeded', 'slow down')
 * @see docs/responses-sse.md §2 (`response.failed` row)
 */
export function evFailed(id: string, code: string, message: string): ResponsesEvent {
  return { type: 'response.failed', response: { id, error: { code, message } } };
}
