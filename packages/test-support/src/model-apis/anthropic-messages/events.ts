/**
 * Stream events of the Anthropic Messages API (`POST /v1/messages` with `"stream": true`), as plain
 * objects whose `type` names the SSE event.
 *
 * Facts (Anthropic, "Streaming Messages", platform.claude.com/docs/en/build-with-claude/streaming, read
 * 2026-12; API version header `anthropic-version: 2023-06-01`): a stream is `message_start` (a Message
 * with empty `content` and the input `usage`), then per content block `content_block_start`, one or more
 * `content_block_delta` (`text_delta` with `text`, or `input_json_delta` with `partial_json` for a
 * `tool_use` block, whose `input` starts as `{}`) and `content_block_stop`, then one or more
 * `message_delta` (`delta.stop_reason`, `delta.stop_sequence`, and `usage.output_tokens`, cumulative),
 * then `message_stop`. `ping` events may appear anywhere; an `error` event (e.g. `overloaded_error`) may
 * arrive after the 200 status line.
 *
 * @see messagesSse
 */
export interface MessagesStreamEvent {
  /** The event type, written as the frame's `event:` line and repeated in its data, e.g. `message_stop`. */
  readonly type: string;
  readonly [key: string]: unknown;
}

/**
 * Token usage of a Message, in the API's field names (token counts). `message_start` carries the input
 * counts; `message_delta` carries the cumulative `output_tokens`.
 */
export interface MessagesUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_creation_input_tokens?: number;
  readonly cache_read_input_tokens?: number;
}

/** Why the model stopped (the Message's `stop_reason`). */
export type MessagesStopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | (string & {});

/** Options of {@link evMessageStart}. */
export interface MessageStartOptions {
  /** The Message id. @defaultValue `'msg_mock_1'` */
  readonly id?: string;
  /** The model that answered. @defaultValue {@link DEFAULT_MESSAGES_MODEL} */
  readonly model?: string;
  /** Usage at the start (input counts, `output_tokens` usually 1). @defaultValue 0 input, 1 output, 0 cache */
  readonly usage?: MessagesUsage;
}

/**
 * Model name the builders put in answers when none is given: the model Claude Code 2.1.328 asks for by
 * default (its `model` request field with no model configured).
 */
export const DEFAULT_MESSAGES_MODEL = 'claude-opus-5-5';

/** The usage object as the API sends it, cache counts defaulting to 0. */
export function messagesUsage(usage: Partial<MessagesUsage> = {}): Required<MessagesUsage> {
  return {
    input_tokens: usage.input_tokens ?? 0,
    output_tokens: usage.output_tokens ?? 0,
    cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
  };
}

/**
 * `message_start`: the Message shell (empty `content`, `stop_reason: null`) with its usage.
 *
 * @example evMessageStart({ id: 'msg_1', usage: { input_tokens: 12, output_tokens: 1 } })
 */
export function evMessageStart(options: MessageStartOptions = {}): MessagesStreamEvent {
  return {
    type: 'message_start',
    message: {
      id: options.id ?? 'msg_mock_1',
      type: 'message',
      role: 'assistant',
      model: options.model ?? DEFAULT_MESSAGES_MODEL,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: messagesUsage(options.usage ?? { input_tokens: 0, output_tokens: 1 }),
    },
  };
}

/**
 * `content_block_start` with any content block (its initial, empty form).
 *
 * @example evContentBlockStart(0, { type: 'text', text: '' })
 */
export function evContentBlockStart(index: number, contentBlock: object): MessagesStreamEvent {
  return { type: 'content_block_start', index, content_block: contentBlock };
}

/**
 * `content_block_start` of a text block (`{"type":"text","text":""}`).
 *
 * @example evTextStart(0)
 */
export function evTextStart(index: number): MessagesStreamEvent {
  return evContentBlockStart(index, { type: 'text', text: '' });
}

/**
 * `content_block_delta` with a `text_delta`.
 *
 * @example evTextDelta(0, 'Hello')
 */
export function evTextDelta(index: number, text: string): MessagesStreamEvent {
  return { type: 'content_block_delta', index, delta: { type: 'text_delta', text } };
}

/**
 * `content_block_start` of a `tool_use` block: the tool call's id (`toolu_…`), the tool name and
 * `input: {}`; the input follows as {@link evInputJsonDelta} pieces.
 *
 * @example evToolUse(1, 'toolu_01', 'Bash')
 */
export function evToolUse(index: number, id: string, name: string): MessagesStreamEvent {
  return evContentBlockStart(index, { type: 'tool_use', id, name, input: {} });
}

/**
 * `content_block_delta` with an `input_json_delta`: a piece of the tool input's JSON text
 * (`partial_json`); the pieces of a block concatenate to the whole input.
 *
 * @example evInputJsonDelta(1, '{"command":')
 */
export function evInputJsonDelta(index: number, partialJson: string): MessagesStreamEvent {
  return {
    type: 'content_block_delta',
    index,
    delta: { type: 'input_json_delta', partial_json: partialJson },
  };
}

/**
 * `content_block_stop`.
 *
 * @example evContentBlockStop(0)
 */
export function evContentBlockStop(index: number): MessagesStreamEvent {
  return { type: 'content_block_stop', index };
}

/**
 * `message_delta`: the stop reason and the cumulative output token count.
 *
 * @example evMessageDelta('end_turn', { output_tokens: 15 })
 */
export function evMessageDelta(
  stopReason: MessagesStopReason,
  usage: { output_tokens: number } & Partial<MessagesUsage> = { output_tokens: 0 },
): MessagesStreamEvent {
  return { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage };
}

/** `message_stop`, the last event of a complete stream. */
export function evMessageStop(): MessagesStreamEvent {
  return { type: 'message_stop' };
}

/** `ping`, a keep-alive the client must ignore. */
export function evPing(): MessagesStreamEvent {
  return { type: 'ping' };
}

/**
 * An `error` event inside a 200 stream, e.g. `overloaded_error` (Anthropic, "Streaming Messages", error
 * events).
 *
 * @example evError('overloaded_error', 'Overloaded')
 */
export function evError(errorType: string, message: string): MessagesStreamEvent {
  return { type: 'error', error: { type: errorType, message } };
}

/** Splits `text` into `pieces` runs of about equal length (at least one; empty text gives `['']`). */
export function splitText(text: string, pieces: number): string[] {
  const n = Math.max(1, Math.min(pieces, text.length));
  const size = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length === 0 ? [''] : out;
}

/**
 * The events of one text block: start, the text as `deltas` `text_delta` pieces, stop.
 *
 * @example textBlockEvents(0, 'Hello there', { deltas: 2 })
 */
export function textBlockEvents(
  index: number,
  text: string,
  options: { deltas?: number } = {},
): MessagesStreamEvent[] {
  return [
    evTextStart(index),
    ...splitText(text, options.deltas ?? 1).map((piece) => evTextDelta(index, piece)),
    evContentBlockStop(index),
  ];
}

/**
 * The events of one `tool_use` block: start (id, name, `input: {}`), the input's JSON text as `deltas`
 * `input_json_delta` pieces, stop.
 *
 * @example toolUseBlockEvents(0, 'toolu_01', 'Bash', { command: 'echo hi' }, { deltas: 3 })
 */
export function toolUseBlockEvents(
  index: number,
  id: string,
  name: string,
  input: object,
  options: { deltas?: number } = {},
): MessagesStreamEvent[] {
  return [
    evToolUse(index, id, name),
    ...splitText(JSON.stringify(input), options.deltas ?? 2).map((piece) => evInputJsonDelta(index, piece)),
    evContentBlockStop(index),
  ];
}

/** Options of the whole-stream builders {@link messagesTextEvents} and {@link messagesToolUseEvents}. */
export interface MessagesStreamOptions extends MessageStartOptions {
  /** Number of delta events the text (or tool input JSON) is split into. @defaultValue 1 (text), 2 (JSON) */
  readonly deltas?: number;
  /** A `ping` after `message_start`, as the API sends. @defaultValue true */
  readonly ping?: boolean;
}

function withUsage(options: MessagesStreamOptions): { start: MessagesUsage; output: number } {
  const usage = messagesUsage(options.usage ?? { input_tokens: 10, output_tokens: 5 });
  return {
    start: { ...usage, output_tokens: Math.min(1, usage.output_tokens) },
    output: usage.output_tokens,
  };
}

/**
 * A whole stream answering with text: `message_start` (input usage), `ping`, one text block,
 * `message_delta` (`end_turn`, `usage.output_tokens`), `message_stop`. `usage` is the Message's final
 * usage (default 10 input, 5 output tokens): `message_start` carries its input and cache counts and
 * `output_tokens` 1, `message_delta` the final `output_tokens`.
 *
 * @example messagesSse(messagesTextEvents('Hello!', { usage: { input_tokens: 12, output_tokens: 3 } }))
 */
export function messagesTextEvents(text: string, options: MessagesStreamOptions = {}): MessagesStreamEvent[] {
  const { start, output } = withUsage(options);
  return [
    evMessageStart({ ...options, usage: start }),
    ...(options.ping === false ? [] : [evPing()]),
    ...textBlockEvents(0, text, options.deltas === undefined ? {} : { deltas: options.deltas }),
    evMessageDelta('end_turn', { output_tokens: output }),
    evMessageStop(),
  ];
}

/**
 * A whole stream asking for one tool call: `message_start`, `ping`, an optional text block, a `tool_use`
 * block (`toolUseId`, `name`, `input` streamed as `input_json_delta`), `message_delta` (`tool_use`),
 * `message_stop`. Usage as in {@link messagesTextEvents}.
 *
 * @example messagesSse(messagesToolUseEvents('toolu_01', 'Bash', { command: 'echo hi' }))
 */
export function messagesToolUseEvents(
  toolUseId: string,
  name: string,
  input: object,
  options: MessagesStreamOptions & { text?: string } = {},
): MessagesStreamEvent[] {
  const { start, output } = withUsage(options);
  const lead = options.text === undefined ? [] : textBlockEvents(0, options.text);
  const index = lead.length === 0 ? 0 : 1;
  return [
    evMessageStart({ ...options, usage: start }),
    ...(options.ping === false ? [] : [evPing()]),
    ...lead,
    ...toolUseBlockEvents(
      index,
      toolUseId,
      name,
      input,
      options.deltas === undefined ? {} : { deltas: options.deltas },
    ),
    evMessageDelta('tool_use', { output_tokens: output }),
    evMessageStop(),
  ];
}
