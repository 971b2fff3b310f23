import { MockServerError } from '../../responses/errors.ts';
import { RecordedRequest } from '../../responses/recorded-request.ts';

/** One content block of a Messages request (free-form JSON with a `type`). */
// biome-ignore lint/suspicious/noExplicitAny: content blocks are free-form JSON
export type MessagesContentBlock = { type: string; [key: string]: any };

/** One entry of the request's `messages` array. */
export interface MessagesMessage {
  readonly role: 'user' | 'assistant' | (string & {});
  readonly content: string | MessagesContentBlock[];
}

const blocksOf = (m: MessagesMessage): MessagesContentBlock[] =>
  typeof m.content === 'string'
    ? [{ type: 'text', text: m.content }]
    : Array.isArray(m.content)
      ? m.content
      : [];

/**
 * One request the Anthropic Messages mock received, with accessors over its JSON body (`model`,
 * `messages`, `system`, `tools`, `stream`) besides the raw ones (`header()`, `path()`, `queryParam()`,
 * `bodyJson()`).
 */
export class MessagesRequest extends RecordedRequest {
  /**
   * The `messages` array.
   *
   * @throws {MockServerError} `REQUEST_SHAPE` when the body is not JSON or has no `messages` array.
   */
  messages(): MessagesMessage[] {
    const messages = this.bodyJson()?.messages;
    if (!Array.isArray(messages)) {
      throw new MockServerError('REQUEST_SHAPE', `no "messages" array in the Messages request ${this}`);
    }
    return messages;
  }

  /** The `model` of the request, or `undefined`. */
  model(): string | undefined {
    const model = this.bodyJson()?.model;
    return typeof model === 'string' ? model : undefined;
  }

  /** Whether the request asked for a stream (`"stream": true`). */
  isStreaming(): boolean {
    return this.bodyJson()?.stream === true;
  }

  /** The names of the tools offered (`tools[].name`), in request order. */
  toolNames(): string[] {
    const tools = this.bodyJson()?.tools;
    return Array.isArray(tools) ? tools.map((t: { name?: unknown }) => String(t?.name)) : [];
  }

  /** Every content block of every message of the given role, in order (a string content is one text block). */
  contentBlocks(role: string): MessagesContentBlock[] {
    return this.messages()
      .filter((m) => m.role === role)
      .flatMap(blocksOf);
  }

  /** The texts of the `text` blocks of the user messages, in order (tool results excluded). */
  userTexts(): string[] {
    return this.contentBlocks('user')
      .filter((b) => b.type === 'text' && typeof b.text === 'string')
      .map((b) => b.text as string);
  }

  /** Every `tool_result` block of the user messages, in order. */
  toolResults(): MessagesContentBlock[] {
    return this.contentBlocks('user').filter((b) => b.type === 'tool_result');
  }

  /**
   * The `tool_result` block answering the tool call `toolUseId` (`{type, tool_use_id, content, is_error?}`).
   *
   * @throws {MockServerError} `REQUEST_SHAPE` naming the tool_use_ids present when there is none.
   * @example (await mock.lastRequest()).toolResult('toolu_01').content
   */
  toolResult(toolUseId: string): MessagesContentBlock {
    const results = this.toolResults();
    const found = results.find((b) => b.tool_use_id === toolUseId);
    if (found === undefined) {
      const ids = results.map((b) => JSON.stringify(b.tool_use_id)).join(', ') || 'none';
      throw new MockServerError(
        'REQUEST_SHAPE',
        `no tool_result for tool_use_id ${JSON.stringify(toolUseId)} in ${this} (tool_use_ids present: ${ids})`,
      );
    }
    return found;
  }

  /**
   * The text of the `tool_result` for `toolUseId`: its string `content`, or its `text` blocks joined.
   *
   * @throws {MockServerError} `REQUEST_SHAPE` when there is no such tool result.
   */
  toolResultText(toolUseId: string): string {
    const content = this.toolResult(toolUseId).content;
    if (typeof content === 'string') return content;
    if (!Array.isArray(content)) return '';
    return content
      .filter((b: { type?: unknown }) => b?.type === 'text')
      .map((b: { text?: unknown }) => String(b.text))
      .join('');
  }
}
