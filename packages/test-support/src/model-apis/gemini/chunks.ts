/**
 * Builders of Gemini API answers: `GenerateContentResponse` objects, sent whole by `:generateContent`
 * and as the `data:` chunks of `:streamGenerateContent?alt=sse`.
 *
 * Facts (Google, "Gemini API reference: Generating content", ai.google.dev/api/generate-content, API
 * version v1beta, read 2026-12): a `GenerateContentResponse` has `candidates[]` (each a `content`
 * `{role: "model", parts[]}`, a `finishReason` such as `STOP`, `MAX_TOKENS`, `SAFETY`, and an `index`),
 * `usageMetadata` (`promptTokenCount`, `cachedContentTokenCount`, `candidatesTokenCount`,
 * `toolUsePromptTokenCount`, `thoughtsTokenCount`, `totalTokenCount`), `modelVersion` and `responseId`.
 * A `Part` holds one of `text` or `functionCall {name, args, id?}` (among others); the model's request to
 * call a function is answered by the client with a `functionResponse {name, response, id?}` part.
 */

/** One `Part` of a candidate's content (free-form JSON). */
// biome-ignore lint/suspicious/noExplicitAny: parts are free-form JSON
export type GeminiPart = { readonly [key: string]: any };

/** Token counts of a response, in the API's field names (`usageMetadata`). */
export interface GeminiUsageMetadata {
  readonly promptTokenCount?: number;
  readonly cachedContentTokenCount?: number;
  readonly candidatesTokenCount?: number;
  readonly toolUsePromptTokenCount?: number;
  readonly thoughtsTokenCount?: number;
  readonly totalTokenCount?: number;
}

/** Why a candidate stopped (`finishReason`). */
export type GeminiFinishReason =
  | 'STOP'
  | 'MAX_TOKENS'
  | 'SAFETY'
  | 'RECITATION'
  | 'MALFORMED_FUNCTION_CALL'
  | 'OTHER'
  | (string & {});

/** A `GenerateContentResponse` as plain JSON. */
export interface GenerateContentResponse {
  readonly candidates: readonly {
    readonly content: { readonly role: string; readonly parts: readonly GeminiPart[] };
    readonly finishReason?: GeminiFinishReason;
    readonly index: number;
  }[];
  readonly usageMetadata?: GeminiUsageMetadata;
  readonly modelVersion?: string;
  readonly responseId?: string;
}

/** Model version the builders put in answers when none is given. */
export const DEFAULT_GEMINI_MODEL = 'gemini-2.5-flash';

/**
 * `usageMetadata` with `totalTokenCount` defaulting to prompt + candidates + thoughts + tool-use prompt.
 *
 * @example usageMetadata({ promptTokenCount: 12, candidatesTokenCount: 3 }) // totalTokenCount 15
 */
export function usageMetadata(usage: GeminiUsageMetadata): GeminiUsageMetadata {
  const total =
    (usage.promptTokenCount ?? 0) +
    (usage.candidatesTokenCount ?? 0) +
    (usage.thoughtsTokenCount ?? 0) +
    (usage.toolUsePromptTokenCount ?? 0);
  return { ...usage, totalTokenCount: usage.totalTokenCount ?? total };
}

/** A text part `{text}`. @example textPart('Hello') */
export function textPart(text: string): GeminiPart {
  return { text };
}

/**
 * A `functionCall` part: the model asks the client to call `name` with `args` (a JSON object), with an
 * optional call `id`.
 *
 * @example functionCallPart('run_shell_command', { command: 'echo hi' })
 */
export function functionCallPart(name: string, args: object, id?: string): GeminiPart {
  return { functionCall: { ...(id === undefined ? {} : { id }), name, args } };
}

/** Options of {@link geminiChunk}. */
export interface GeminiChunkOptions {
  /** The candidate's `finishReason` (on the last chunk of a stream). */
  readonly finishReason?: GeminiFinishReason;
  /** Token counts; `totalTokenCount` is filled in by {@link usageMetadata}. */
  readonly usage?: GeminiUsageMetadata;
  /** @defaultValue {@link DEFAULT_GEMINI_MODEL} */
  readonly modelVersion?: string;
  /** @defaultValue `'resp_mock_1'` */
  readonly responseId?: string;
}

/**
 * One `GenerateContentResponse` with a single candidate whose content holds `parts`.
 *
 * @example geminiChunk([textPart('Hi')], { finishReason: 'STOP', usage: { promptTokenCount: 5, candidatesTokenCount: 1 } })
 */
export function geminiChunk(
  parts: readonly GeminiPart[],
  options: GeminiChunkOptions = {},
): GenerateContentResponse {
  return {
    candidates: [
      {
        content: { role: 'model', parts },
        ...(options.finishReason === undefined ? {} : { finishReason: options.finishReason }),
        index: 0,
      },
    ],
    ...(options.usage === undefined ? {} : { usageMetadata: usageMetadata(options.usage) }),
    modelVersion: options.modelVersion ?? DEFAULT_GEMINI_MODEL,
    responseId: options.responseId ?? 'resp_mock_1',
  };
}

/** Options of {@link geminiTextChunks} and {@link geminiFunctionCallChunks}. */
export interface GeminiStreamOptions extends Omit<GeminiChunkOptions, 'finishReason'> {
  /** Number of chunks the text is split into. @defaultValue 1 */
  readonly chunks?: number;
}

const DEFAULT_USAGE: GeminiUsageMetadata = { promptTokenCount: 10, candidatesTokenCount: 5 };

/**
 * The chunks of a streamed text answer: the text split over `chunks` chunks; the last one carries
 * `finishReason: STOP` and `usageMetadata` (default 10 prompt, 5 candidates tokens).
 *
 * @example geminiSse(geminiTextChunks('Hello!', { chunks: 2 }))
 */
export function geminiTextChunks(text: string, options: GeminiStreamOptions = {}): GenerateContentResponse[] {
  const n = Math.max(1, Math.min(options.chunks ?? 1, text.length));
  const size = Math.ceil(text.length / n) || 1;
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  if (pieces.length === 0) pieces.push('');
  const { usage, ...rest } = options;
  return pieces.map((piece, i) =>
    i === pieces.length - 1
      ? geminiChunk([textPart(piece)], { ...rest, finishReason: 'STOP', usage: usage ?? DEFAULT_USAGE })
      : geminiChunk([textPart(piece)], rest),
  );
}

/**
 * The chunk of a streamed function-call answer: one chunk with the `functionCall` part(s),
 * `finishReason: STOP` and `usageMetadata`.
 *
 * @example geminiSse(geminiFunctionCallChunks([functionCallPart('run_shell_command', { command: 'echo hi' })]))
 */
export function geminiFunctionCallChunks(
  calls: readonly GeminiPart[],
  options: Omit<GeminiStreamOptions, 'chunks'> = {},
): GenerateContentResponse[] {
  return [geminiChunk(calls, { ...options, finishReason: 'STOP', usage: options.usage ?? DEFAULT_USAGE })];
}
