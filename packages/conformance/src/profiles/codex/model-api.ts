import {
  type MockResponse,
  responsesMount,
  sse,
  sseResponse,
  startMockServer,
} from '@agentotel/test-support';
import type { ModelExchange, ResolvedToolCall } from '../../model/scenario-run.ts';
import type { ModelStep } from '../../scenarios/model.ts';
import { journalModelMock } from '../model-api-journal.ts';
import type { ModelApi, RenderedStep, StartedModelMock } from '../profile.ts';
import {
  assistantMessage,
  completed,
  created,
  failed,
  functionCall,
  textDelta,
  usage,
} from './responses-frames.ts';

/** The Responses API usage object for neutral counts (`total_tokens` = input + output). */
const servedUsage = (u: { input: number; cached: number; output: number; reasoning: number }) =>
  usage(u.input, u.cached, u.output, u.reasoning);

/** `text` cut in `count` pieces as even as can be (each at least one code unit while the text lasts). */
export function textPieces(text: string, count: number): string[] {
  const n = Math.max(1, Math.min(count, text.length));
  return Array.from({ length: n }, (_, i) =>
    text.slice(Math.floor((i * text.length) / n), Math.floor(((i + 1) * text.length) / n)),
  );
}

/**
 * Renders a neutral step as the Responses API streams it (docs/responses-sse.md §2): `response.created`,
 * deltas, `response.output_item.done` items, then `response.completed` with usage, or
 * `response.failed`, or nothing (a cut stream); an HTTP error is a JSON body `{"error":{"message"}}`.
 */
export function renderResponsesStep(step: ModelStep, toolCall: ResolvedToolCall | undefined): RenderedStep {
  switch (step.kind) {
    case 'answer':
      return {
        step,
        status: 200,
        completes: true,
        frames: [
          created(step.responseId),
          ...(step.deltas ? textPieces(step.text, step.deltas) : [step.text.slice(0, 3)]).map(textDelta),
          assistantMessage(`msg_${step.responseId}`, step.text),
          completed(step.responseId, servedUsage(step.usage)),
        ],
      };
    case 'tool-call': {
      if (!toolCall) throw new Error('[agentotel] a tool-call step needs the subject to claim a shell tool');
      return {
        step,
        status: 200,
        completes: true,
        frames: [
          created(step.responseId),
          functionCall(step.callId ?? toolCall.callId, toolCall.name, toolCall.arguments),
          completed(step.responseId, servedUsage(step.usage)),
        ],
      };
    }
    case 'http-error':
      return { step, status: step.status, completes: false, frames: [] };
    case 'failed':
      return {
        step,
        status: 200,
        completes: false,
        frames: [created(step.responseId), failed(step.responseId, step.code, step.message)],
      };
    case 'stream-cut':
      return {
        step,
        status: 200,
        completes: false,
        frames: [created(step.responseId), textDelta(step.partialText)],
      };
  }
}

function toMockResponse(r: RenderedStep): MockResponse {
  if (r.step.kind === 'http-error')
    return {
      status: r.status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: { message: r.step.message } }),
    };
  return sseResponse(sse(r.frames));
}

/** The `function_call_output` items of a Responses request's `input`, by call id. */
export function toolOutputsOf(input: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of input as Record<string, unknown>[]) {
    if (item?.type !== 'function_call_output' || typeof item.call_id !== 'string') continue;
    const o = item.output;
    out[item.call_id] =
      typeof o === 'string'
        ? o
        : o && typeof o === 'object' && 'content' in o
          ? String((o as { content: unknown }).content)
          : JSON.stringify(o);
  }
  return out;
}

/**
 * Starts the test-support Responses mock serving `steps` once each, in order, and maps its journal
 * (every `POST …/responses`) to {@link ModelExchange}s.
 */
async function startResponsesMock(
  steps: readonly RenderedStep[],
  options: { label: string },
): Promise<StartedModelMock> {
  const mock = await startMockServer();
  await mock.mount(responsesMount(steps.map(toMockResponse), { label: options.label }));
  return journalModelMock(mock, steps, {
    isModelRequest: (path) => /\/responses$/.test(path),
    inputKey: 'input',
    toolOutputsOf,
    shape: 'full',
    beforeClose: () => mock.invariantViolations(),
  });
}

/** The OpenAI Responses API (`POST /v1/responses`, SSE) on test-support's mock server. */
export const RESPONSES_API: ModelApi = {
  name: 'openai-responses',
  source: { document: 'OpenAI Responses API streaming events (docs/responses-sse.md)', version: '2025-11' },
  render: renderResponsesStep,
  start: startResponsesMock,
};
