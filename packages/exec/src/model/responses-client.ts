import type { SessionTelemetry } from '@agentotel/otel';
import type { EventSourceMessage } from 'eventsource-parser';
import type { ProviderConfig } from '../config/load.ts';
import { ModelError, StreamError } from './errors.ts';
import { SseFrameReader } from './sse-frames.ts';
import type { FunctionToolSpec, InputItem, ModelTurnResult, OutputItem, ResponseUsage } from './types.ts';

/** The telemetry a model call reports to: the three model events of docs/catalog/codex.md §3. */
export type ModelTelemetry = Pick<SessionTelemetry, 'apiRequest' | 'sseEvent' | 'sseEventCompleted'>;

/** `response.failed` codes that are never retried (docs/responses-sse.md §2). */
export const FINAL_FAILED_CODES: ReadonlySet<string> = new Set([
  'context_length_exceeded',
  'insufficient_quota',
  'usage_not_included',
]);

/** Options of {@link ResponsesClient}. */
export interface ResponsesClientOptions {
  provider: ProviderConfig;
  /** Read on every request, so a later `initialize` is honoured. */
  originator: () => string;
  /** Agent version for the user agent. */
  version: string;
  env: Record<string, string | undefined>;
  /** Injected `fetch`. @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
  /** First backoff delay; doubles each retry, with ±10 % jitter. @defaultValue 200 */
  retryBaseDelayMs?: number;
  /** Longest delay taken from `retry-after`. @defaultValue 60000 */
  maxRetryAfterMs?: number;
}

/** One model request. */
export interface ModelRequest {
  model: string;
  instructions: string;
  input: InputItem[];
  tools: FunctionToolSpec[];
  reasoning?: { effort?: string; summary?: string };
}

/** Callbacks while a response streams. */
export interface StreamHandlers {
  /** A completed output item. */
  onItem?: (item: OutputItem) => void;
  /** A text delta of the assistant message. */
  onTextDelta?: (delta: string) => void;
  /** Called before a retry with the reason and the delay. */
  onRetry?: (reason: string, delayMs: number) => void;
}

/**
 * A Responses API client: streaming `POST {base_url}/responses`, SSE parsed with
 * `eventsource-parser`, retries with exponential backoff and jitter, idle timeout, and one
 * telemetry event per HTTP attempt and per frame.
 *
 * @see docs/responses-sse.md (repository root)
 */
export class ResponsesClient {
  readonly #opts: ResponsesClientOptions;
  readonly #fetch: typeof fetch;

  constructor(opts: ResponsesClientOptions) {
    this.#opts = opts;
    this.#fetch = opts.fetch ?? globalThis.fetch;
  }

  /** The user agent: led by the originator, e.g. `agentotel_exec/0.1.0 (linux x64; node 24.0.0)`. */
  userAgent(): string {
    return `${this.#opts.originator()}/${this.#opts.version} (${process.platform} ${process.arch}; node ${process.versions.node})`;
  }

  /** The headers of a request. @throws ModelError `missing_api_key`. */
  headers(): Record<string, string> {
    const { provider, env } = this.#opts;
    const originator = this.#opts.originator();
    const h: Record<string, string> = {
      ...provider.httpHeaders,
      originator,
      'user-agent': this.userAgent(),
      accept: 'text/event-stream',
      'content-type': 'application/json',
    };
    if (provider.envKey) {
      const key = (provider.id === 'openai' ? env.AGENTOTEL_API_KEY : undefined) || env[provider.envKey];
      if (!key) {
        throw new ModelError(
          'missing_api_key',
          `missing API key: set the environment variable ${provider.envKey} for provider "${provider.id}"`,
        );
      }
      h.authorization = `Bearer ${key}`;
    }
    return h;
  }

  /** The request URL. */
  url(): string {
    const u = new URL(`${this.#opts.provider.baseUrl}/responses`);
    for (const [k, v] of Object.entries(this.#opts.provider.queryParams)) u.searchParams.set(k, v);
    return u.toString();
  }

  /**
   * Runs one model request to the end of its stream, retrying as configured.
   *
   * @throws ModelError when the request fails for good or `signal` aborts.
   */
  async stream(
    req: ModelRequest,
    telemetry: ModelTelemetry,
    handlers: StreamHandlers = {},
    signal?: AbortSignal,
  ): Promise<ModelTurnResult> {
    const { provider } = this.#opts;
    const headers = this.headers();
    const body = JSON.stringify({
      model: req.model,
      instructions: req.instructions,
      input: req.input,
      tools: req.tools,
      tool_choice: 'auto',
      parallel_tool_calls: false,
      stream: true,
      store: false,
      ...(req.reasoning ? { reasoning: req.reasoning, include: ['reasoning.encrypted_content'] } : {}),
    });
    let attempt = 0;
    let requestRetries = 0;
    let streamRetries = 0;
    let earlier: string | undefined;
    for (;;) {
      if (signal?.aborted) throw new ModelError('aborted', 'turn aborted');
      attempt++;
      const started = performance.now();
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      // The attempt's idle watchdog: armed until the response headers, then re-armed by each SSE event.
      const watchdog = new IdleWatchdog(provider.streamIdleTimeoutMs, () => controller.abort(IDLE_ABORT));
      try {
        let res: Response;
        try {
          res = await untilAborted(
            this.#fetch(this.url(), { method: 'POST', headers, body, signal: controller.signal }),
            controller.signal,
          );
        } catch (err) {
          const message = watchdog.fired
            ? `idle timeout: no response headers within ${provider.streamIdleTimeoutMs}ms`
            : `request failed: ${errorMessage(err)}`;
          telemetry.apiRequest({ attempt, durationMs: elapsed(started), error: message });
          if (signal?.aborted) throw new ModelError('aborted', 'turn aborted');
          if (requestRetries < provider.requestMaxRetries) {
            requestRetries++;
            await this.#wait(this.#backoff(requestRetries), message, handlers, signal);
            continue;
          }
          throw new ModelError('retries_exhausted', `${message} (after ${attempt} attempts)`);
        }
        const cfRay = res.headers.get('cf-ray') ?? undefined;
        if (!res.ok) {
          const text = await untilAborted(res.text(), controller.signal).catch(() => '');
          const message = `unexpected status ${res.status}${text ? `: ${truncate(text, 300)}` : ''}`;
          telemetry.apiRequest({
            attempt,
            durationMs: elapsed(started),
            statusCode: res.status,
            error: message,
            ...(cfRay ? { cfRay } : {}),
          });
          const retryable = res.status === 429 || res.status >= 500;
          if (retryable && requestRetries < provider.requestMaxRetries) {
            requestRetries++;
            const delay =
              retryAfterMs(res.headers, this.#opts.maxRetryAfterMs ?? 60_000) ??
              this.#backoff(requestRetries);
            await this.#wait(delay, message, handlers, signal);
            continue;
          }
          if (retryable) {
            throw new ModelError('retries_exhausted', `${message} (after ${attempt} attempts)`, {
              statusCode: res.status,
            });
          }
          throw new ModelError('http_status', `${message}${earlier ? ` (a retry after: ${earlier})` : ''}`, {
            statusCode: res.status,
          });
        }
        telemetry.apiRequest({
          attempt,
          durationMs: elapsed(started),
          statusCode: res.status,
          ...(cfRay ? { cfRay } : {}),
        });
        watchdog.reset();
        try {
          return await this.#consume(res, telemetry, handlers, controller, watchdog);
        } catch (err) {
          if (signal?.aborted) throw new ModelError('aborted', 'turn aborted');
          if (!(err instanceof StreamError)) throw err;
          if (err.retryable && streamRetries < provider.streamMaxRetries) {
            streamRetries++;
            earlier = err.message;
            await this.#wait(err.delayMs ?? this.#backoff(streamRetries), err.message, handlers, signal);
            continue;
          }
          const suffix =
            err.retryable && provider.streamMaxRetries > 0 ? ` (after ${streamRetries} stream retries)` : '';
          throw new ModelError(
            err.code,
            `${err.message}${suffix}`,
            err.failedCode ? { failedCode: err.failedCode } : {},
          );
        }
      } finally {
        watchdog.clear();
        signal?.removeEventListener('abort', onAbort);
      }
    }
  }

  #backoff(retry: number): number {
    const base = this.#opts.retryBaseDelayMs ?? 200;
    const jitter = 0.9 + Math.random() * 0.2;
    return Math.round(base * 2 ** (retry - 1) * jitter);
  }

  async #wait(ms: number, reason: string, handlers: StreamHandlers, signal?: AbortSignal): Promise<void> {
    handlers.onRetry?.(reason, ms);
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
    if (signal?.aborted) throw new ModelError('aborted', 'turn aborted');
  }

  async #consume(
    res: Response,
    telemetry: ModelTelemetry,
    handlers: StreamHandlers,
    controller: AbortController,
    watchdog: IdleWatchdog,
  ): Promise<ModelTurnResult> {
    const idleMs = this.#opts.provider.streamIdleTimeoutMs;
    let frameIndex = 0;
    const items: OutputItem[] = [];
    let responseId: string | undefined;
    let usage: ResponseUsage | undefined;
    let completed = false;
    let failure: StreamError | undefined;
    let last = performance.now();

    const onFrame = (frame: EventSourceMessage) => {
      if (failure) return;
      frameIndex++;
      watchdog.reset();
      const now = performance.now();
      const durationMs = Math.round(now - last);
      last = now;
      let ev: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(frame.data);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('not a JSON object');
        ev = parsed as Record<string, unknown>;
      } catch (err) {
        telemetry.sseEvent({
          kind: frame.event ?? 'message',
          durationMs,
          error: `failed to parse SSE event data: ${errorMessage(err)}: ${truncate(frame.data, 200)}`,
        });
        return;
      }
      const type = typeof ev.type === 'string' ? ev.type : (frame.event ?? 'message');
      const kind = frame.event ?? type;
      const response = (ev.response ?? {}) as Record<string, unknown>;
      switch (type) {
        case 'response.created':
          if (typeof response.id === 'string') responseId = response.id;
          break;
        case 'response.output_item.done': {
          const problem = outputItemProblem(ev.item);
          if (problem) {
            const message = `protocol error: SSE frame #${frameIndex} (${kind}): ${problem}`;
            telemetry.sseEvent({ kind, durationMs, error: message });
            failure = new StreamError('protocol_error', message, { retryable: false });
            return;
          }
          const item = ev.item as OutputItem;
          items.push(item);
          handlers.onItem?.(item);
          break;
        }
        case 'response.output_text.delta':
          if (typeof ev.delta === 'string') handlers.onTextDelta?.(ev.delta);
          break;
        case 'response.completed': {
          if (typeof response.id === 'string') responseId = response.id;
          usage = readUsage(response.usage);
          completed = true;
          telemetry.sseEventCompleted({ kind, durationMs, usage: usage ?? zeroUsage() });
          return;
        }
        case 'response.failed': {
          const error = (response.error ?? {}) as { code?: unknown; message?: unknown };
          const code = typeof error.code === 'string' ? error.code : undefined;
          const message = typeof error.message === 'string' ? error.message : 'response.failed';
          telemetry.sseEvent({ kind, durationMs, error: message });
          const final = code !== undefined && FINAL_FAILED_CODES.has(code);
          const delayMs = retryDelayFromMessage(message);
          failure = new StreamError(
            'response_failed',
            `response.failed${code ? ` (${code})` : ''}: ${message}`,
            {
              retryable: !final,
              ...(delayMs !== undefined ? { delayMs } : {}),
              ...(code ? { failedCode: code } : {}),
            },
          );
          return;
        }
        default:
          break;
      }
      telemetry.sseEvent({ kind, durationMs });
    };

    const reader = new SseFrameReader(onFrame);
    const body = res.body;
    if (!body)
      throw new StreamError('stream_closed', 'stream closed before response.completed', { retryable: true });
    const streamReader = body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        let result: Awaited<ReturnType<typeof streamReader.read>>;
        try {
          result = await untilAborted(streamReader.read(), controller.signal);
        } catch (err) {
          if (watchdog.fired) {
            const message = `idle timeout waiting for SSE: no event for ${idleMs}ms`;
            telemetry.sseEvent({
              kind: 'stream.idle_timeout',
              durationMs: Math.round(performance.now() - last),
              error: message,
            });
            throw new StreamError('idle_timeout', message, { retryable: true });
          }
          if (controller.signal.aborted) throw err;
          const message = `stream error: ${errorMessage(err)}`;
          telemetry.sseEvent({
            kind: 'stream.error',
            durationMs: Math.round(performance.now() - last),
            error: message,
          });
          throw new StreamError('stream_closed', message, { retryable: true });
        }
        if (result.done) break;
        reader.feed(decoder.decode(result.value, { stream: true }));
        if (failure) throw failure;
      }
      reader.feed(decoder.decode());
      if (failure) throw failure;
    } finally {
      controller.abort();
      // The body may not follow the abort (an injected fetch): cancel it, without waiting on it.
      streamReader.cancel().catch(() => {});
      streamReader.releaseLock();
    }
    if (!completed) {
      const message = 'stream closed before response.completed';
      telemetry.sseEvent({
        kind: 'stream.closed',
        durationMs: Math.round(performance.now() - last),
        error: message,
      });
      throw new StreamError('stream_closed', message, { retryable: true });
    }
    return { responseId, items, usage };
  }
}

/** `p`, or a rejection with the signal's reason as soon as `signal` aborts (whether `p` follows or not). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    p.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** The abort reason of an attempt stopped by its idle watchdog. */
const IDLE_ABORT = new Error('idle timeout');

/**
 * One attempt's idle timer: fires `onIdle` once when it is not {@link IdleWatchdog.reset} within
 * `idleMs`. Armed from the request until the response headers, then from each SSE event to the next;
 * bytes that do not complete an event (a trickled frame, `: comment` lines) do not re-arm it.
 */
class IdleWatchdog {
  fired = false;
  readonly #idleMs: number;
  readonly #onIdle: () => void;
  #timer: NodeJS.Timeout | undefined;

  constructor(idleMs: number, onIdle: () => void) {
    this.#idleMs = idleMs;
    this.#onIdle = onIdle;
    this.reset();
  }

  reset(): void {
    if (this.fired) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.fired = true;
      this.#onIdle();
    }, this.#idleMs);
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

/**
 * What is wrong with the `item` of a `response.output_item.done` frame, or undefined when the agent can
 * use it: an object with a string `type`; a `message` has `content`, an array of content-part objects
 * with a string `type` and, when present, a string `text`; a `function_call` has a string `name`; a
 * `reasoning` item's `summary`, when present, is an array of objects.
 */
export function outputItemProblem(item: unknown): string | undefined {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(item)) return `item must be an object, got ${kindOf(item)}`;
  if (typeof item.type !== 'string') return `item.type must be a string, got ${kindOf(item.type)}`;
  if (item.type === 'message') {
    if (!Array.isArray(item.content))
      return `item.content must be an array of content parts, got ${kindOf(item.content)}`;
    for (const [i, part] of item.content.entries()) {
      if (!isObject(part)) return `item.content[${i}] must be an object, got ${kindOf(part)}`;
      if (typeof part.type !== 'string')
        return `item.content[${i}].type must be a string, got ${kindOf(part.type)}`;
      if (part.text !== undefined && typeof part.text !== 'string')
        return `item.content[${i}].text must be a string, got ${kindOf(part.text)}`;
    }
  }
  if (item.type === 'function_call' && typeof item.name !== 'string')
    return `item.name must be a string, got ${kindOf(item.name)}`;
  if (item.type === 'reasoning' && item.summary !== undefined) {
    if (!Array.isArray(item.summary) || !item.summary.every(isObject))
      return 'item.summary must be an array of objects';
  }
  return undefined;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${truncate(JSON.stringify(v) ?? String(v), 40)}`;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function zeroUsage(): ResponseUsage {
  return { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
}

/** Reads the Responses API `usage` object. */
export function readUsage(raw: unknown): ResponseUsage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const u = raw as Record<string, unknown>;
  const num = (v: unknown): number | undefined =>
    typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  const inputTokens = num(u.input_tokens) ?? 0;
  const outputTokens = num(u.output_tokens) ?? 0;
  const cached = num((u.input_tokens_details as Record<string, unknown> | undefined)?.cached_tokens);
  const reasoning = num((u.output_tokens_details as Record<string, unknown> | undefined)?.reasoning_tokens);
  return {
    inputTokens,
    outputTokens,
    ...(cached !== undefined ? { cachedTokens: cached } : {}),
    ...(reasoning !== undefined ? { reasoningTokens: reasoning } : {}),
    totalTokens: num(u.total_tokens) ?? inputTokens + outputTokens,
  };
}

/** Delay from `retry-after-ms` or `retry-after` (seconds or an HTTP date), capped. */
export function retryAfterMs(headers: Headers, capMs: number): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.min(Math.max(0, Number(ms)), capMs);
  const ra = headers.get('retry-after');
  if (!ra) return undefined;
  const secs = Number(ra);
  if (Number.isFinite(secs)) return Math.min(Math.max(0, secs * 1000), capMs);
  const date = Date.parse(ra);
  if (Number.isFinite(date)) return Math.min(Math.max(0, date - Date.now()), capMs);
  return undefined;
}

function retryDelayFromMessage(message: string): number | undefined {
  const m = /try again in\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?)\b/i.exec(message);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Math.min(m[2]!.toLowerCase() === 'ms' ? n : n * 1000, 60_000);
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
