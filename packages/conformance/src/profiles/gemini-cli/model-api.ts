import {
  functionCallPart,
  type GeminiUsageMetadata,
  geminiChunk,
  geminiErrorResponse,
  geminiFunctionCallChunks,
  geminiSse,
  geminiSseCutMidFrame,
  geminiSseResponse,
  geminiTextChunks,
  googleErrorStatus,
  type MockResponse,
  responsesMount,
  startGeminiMockServer,
  textPart,
} from '@agentotel/test-support';
import type { ModelExchange, ResolvedToolCall } from '../../model/scenario-run.ts';
import type { ModelStep, SseFrame, TokenUsage } from '../../scenarios/model.ts';
import { journalModelMock } from '../model-api-journal.ts';
import type { ModelApi, RenderedStep, StartedModelMock } from '../profile.ts';
import { toolArgumentsObject } from '../tool-arguments.ts';

/**
 * The frame type the Gemini API has no word for: its SSE stream has no `event:` line, every `data:` line
 * is a whole `GenerateContentResponse` ("chunk"), or an `{"error":…}` object.
 */
export const GEMINI_CHUNK = 'chunk';
/** The frame type of an in-stream `{"error":…}` object. */
export const GEMINI_ERROR = 'error';

/**
 * Gemini's `usageMetadata` for neutral counts: `promptTokenCount` includes the cached tokens
 * (`cachedContentTokenCount`), `candidatesTokenCount` excludes the thinking tokens
 * (`thoughtsTokenCount`); `totalTokenCount` is their sum (Gemini API, "UsageMetadata").
 */
export function geminiUsageOf(u: TokenUsage): GeminiUsageMetadata {
  return {
    promptTokenCount: u.input,
    cachedContentTokenCount: u.cached,
    candidatesTokenCount: u.output - u.reasoning,
    thoughtsTokenCount: u.reasoning,
  };
}

const chunkFrames = (chunks: readonly object[]): SseFrame[] =>
  chunks.map((c) => ({ type: GEMINI_CHUNK, ...c }));

/** A frame without its `type` tag: the JSON object the stream carries. */
const payload = (f: SseFrame): object => {
  const { type: _type, ...rest } = f;
  return rest;
};

/**
 * Renders a neutral step as the Gemini API streams it (`:streamGenerateContent?alt=sse`): `data:`
 * chunks, the last one with `finishReason: STOP` and `usageMetadata`; a tool call is a `functionCall`
 * part with the call id; a failed response is a first chunk then an `{"error":…}` object in Google's
 * error shape; a cut stream stops half-way through a chunk without `finishReason`; an HTTP error is
 * Google's error shape (`{"error":{code,message,status}}`).
 */
export function renderGeminiStep(step: ModelStep, toolCall: ResolvedToolCall | undefined): RenderedStep {
  switch (step.kind) {
    case 'answer':
      return {
        step,
        status: 200,
        completes: true,
        frames: chunkFrames(
          geminiTextChunks(step.text, {
            responseId: step.responseId,
            usage: geminiUsageOf(step.usage),
            ...(step.deltas ? { chunks: step.deltas } : {}),
          }),
        ),
      };
    case 'tool-call': {
      if (!toolCall) throw new Error('[agentotel] a tool-call step needs the subject to claim a shell tool');
      return {
        step,
        status: 200,
        completes: true,
        frames: chunkFrames(
          geminiFunctionCallChunks(
            [
              functionCallPart(
                toolCall.name,
                toolArgumentsObject(toolCall, 'Gemini API'),
                step.callId ?? toolCall.callId,
              ),
            ],
            {
              responseId: step.responseId,
              usage: geminiUsageOf(step.usage),
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
        frames: [
          ...chunkFrames([geminiChunk([textPart('')], { responseId: step.responseId })]),
          { type: GEMINI_ERROR, error: { code: 500, message: step.message, status: googleErrorStatus(500) } },
        ],
      };
    case 'stream-cut':
      return {
        step,
        status: 200,
        completes: false,
        // sent half-way, then the connection drops
        frames: chunkFrames([geminiChunk([textPart(step.partialText)], { responseId: step.responseId })]),
      };
  }
}

/** The answer the mock plays for a rendered step. */
export function geminiMockResponse(r: RenderedStep): MockResponse {
  if (r.step.kind === 'http-error') return geminiErrorResponse(r.status, r.step.message);
  if (r.step.kind === 'stream-cut') {
    const all = r.frames.map(payload);
    return geminiSseCutMidFrame(all.slice(0, -1), all.at(-1)!);
  }
  return geminiSseResponse(geminiSse(r.frames.map(payload)));
}

/** The `functionResponse` parts of a Gemini request's `contents`, by call id (their response as JSON). */
export function functionResponsesOf(contents: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of contents as { parts?: unknown }[]) {
    if (!c || !Array.isArray(c.parts)) continue;
    for (const p of c.parts as { functionResponse?: { id?: string; name?: string; response?: unknown } }[]) {
      const r = p?.functionResponse;
      if (!r) continue;
      out[r.id ?? r.name ?? ''] = JSON.stringify(r.response ?? null);
    }
  }
  return out;
}

/**
 * Starts test-support's Gemini API mock serving `steps` once each, in order (one per
 * `:streamGenerateContent` or `:generateContent` request), and maps its journal to
 * {@link ModelExchange}s (`input` = the request's `contents`).
 */
async function startGeminiMock(
  steps: readonly RenderedStep[],
  options: { label: string },
): Promise<StartedModelMock> {
  const server = await startGeminiMockServer();
  await server.mount(responsesMount(steps.map(geminiMockResponse), { label: options.label }));
  return journalModelMock(server, steps, {
    isModelRequest: (path) => /:(stream)?[gG]enerateContent$/.test(path),
    inputKey: 'contents',
    toolOutputsOf: functionResponsesOf,
    shape: 'sparse',
  });
}

/** The Gemini API (`POST /v1beta/models/<model>:streamGenerateContent?alt=sse`) on test-support's mock. */
export const GEMINI_API: ModelApi = {
  name: 'gemini',
  source: {
    document: 'Gemini API reference, "models.streamGenerateContent" and "GenerateContentResponse"',
    url: 'https://ai.google.dev/api/generate-content',
    version: 'v1beta',
  },
  render: renderGeminiStep,
  start: startGeminiMock,
};
