import {
  evContentBlockStart,
  evError,
  evMessageStart,
  evTextDelta,
  type MockResponse,
  messagesErrorResponse,
  messagesSse,
  messagesSseCutMidFrame,
  messagesSseResponse,
  messagesTextEvents,
  messagesToolUseEvents,
  responsesMount,
  startMessagesMockServer,
} from '@agentotel/test-support';
import type { ModelExchange, ResolvedToolCall } from '../../model/scenario-run.ts';
import type { ModelStep, SseFrame, TokenUsage } from '../../scenarios/model.ts';
import { journalModelMock } from '../model-api-journal.ts';
import type { ModelApi, RenderedStep, StartedModelMock } from '../profile.ts';
import { toolArgumentsObject } from '../tool-arguments.ts';

/**
 * Anthropic's usage object for neutral counts: `input_tokens` excludes the prompt-cache reads, which
 * go in `cache_read_input_tokens`; reasoning tokens are part of `output_tokens` (Anthropic, "Messages",
 * usage).
 */
export function messagesUsageOf(u: TokenUsage): {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
} {
  return {
    input_tokens: u.input - u.cached,
    output_tokens: u.output,
    cache_read_input_tokens: u.cached,
    cache_creation_input_tokens: 0,
  };
}

const frames = (events: readonly object[]): SseFrame[] => events as SseFrame[];

/**
 * Renders a neutral step as the Anthropic Messages API streams it ("Streaming Messages"):
 * `message_start` (input usage), a text or `tool_use` block, `message_delta` (stop reason, output
 * tokens), `message_stop`; a failed response is an `error` event inside the 200 stream after
 * `message_start`; a cut stream stops in the middle of a `content_block_delta`; an HTTP error is
 * Anthropic's error shape (`{"type":"error","error":{type,message}}`).
 */
export function renderMessagesStep(step: ModelStep, toolCall: ResolvedToolCall | undefined): RenderedStep {
  switch (step.kind) {
    case 'answer':
      return {
        step,
        status: 200,
        completes: true,
        frames: frames(
          messagesTextEvents(step.text, {
            id: step.responseId,
            usage: messagesUsageOf(step.usage),
            ...(step.deltas ? { deltas: step.deltas } : {}),
          }),
        ),
      };
    case 'tool-call': {
      if (!toolCall) throw new Error('[agentotel] a tool-call step needs the subject to claim a shell tool');
      return {
        step,
        status: 200,
        completes: true,
        frames: frames(
          messagesToolUseEvents(
            step.callId ?? toolCall.callId,
            toolCall.name,
            toolArgumentsObject(toolCall, 'Messages API'),
            {
              id: step.responseId,
              usage: messagesUsageOf(step.usage),
            },
          ),
        ),
      };
    }
    case 'http-error':
      return { step, status: step.status, completes: false, frames: [] };
    case 'failed':
      return {
        step,
        status: 200,
        completes: false,
        frames: frames([evMessageStart({ id: step.responseId }), evError('api_error', step.message)]),
      };
    case 'stream-cut':
      return {
        step,
        status: 200,
        completes: false,
        // the last frame is sent half-way, then the connection drops
        frames: frames([
          evMessageStart({ id: step.responseId }),
          evContentBlockStart(0, { type: 'text', text: '' }),
          evTextDelta(0, step.partialText),
        ]),
      };
  }
}

/** The answer the mock plays for a rendered step. */
export function messagesMockResponse(r: RenderedStep): MockResponse {
  if (r.step.kind === 'http-error') return messagesErrorResponse(r.status, r.step.message);
  if (r.step.kind === 'stream-cut') return messagesSseCutMidFrame(r.frames.slice(0, -1), r.frames.at(-1)!);
  return messagesSseResponse(messagesSse(r.frames));
}

/** The `tool_result` blocks of a Messages request's `messages`, by `tool_use_id` (their text). */
export function toolResultsOf(messages: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of messages as { content?: unknown }[]) {
    if (!m || !Array.isArray(m.content)) continue;
    for (const b of m.content as Record<string, unknown>[]) {
      if (b?.type !== 'tool_result' || typeof b.tool_use_id !== 'string') continue;
      const c = b.content;
      out[b.tool_use_id] =
        typeof c === 'string'
          ? c
          : Array.isArray(c)
            ? (c as { text?: string }[]).map((x) => x.text ?? '').join('')
            : JSON.stringify(c);
    }
  }
  return out;
}

/**
 * Starts test-support's Anthropic Messages mock serving `steps` once each, in order (one per
 * `POST /v1/messages`), and maps its journal to {@link ModelExchange}s (`input` = the request's
 * `messages`).
 */
async function startMessagesMock(
  steps: readonly RenderedStep[],
  options: { label: string },
): Promise<StartedModelMock> {
  const server = await startMessagesMockServer();
  await server.mount(responsesMount(steps.map(messagesMockResponse), { label: options.label }));
  return journalModelMock(server, steps, {
    isModelRequest: (path) => /\/v1\/messages$/.test(path),
    inputKey: 'messages',
    toolOutputsOf: toolResultsOf,
    shape: 'sparse',
  });
}

/** The Anthropic Messages API (`POST /v1/messages`, SSE) on test-support's mock server. */
export const ANTHROPIC_MESSAGES_API: ModelApi = {
  name: 'anthropic-messages',
  source: {
    document: 'Anthropic API docs, "Messages" and "Streaming Messages"',
    url: 'https://docs.anthropic.com/en/api/messages-streaming',
    version: '2023-06-01 (anthropic-version header)',
  },
  render: renderMessagesStep,
  start: startMessagesMock,
};
