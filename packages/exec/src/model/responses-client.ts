import type { SessionTelemetry } from '@agentotel/otel';
import type { EventSourceMessage } from 'eventsource-parser';
import type { ProviderConfig } from '../config/load.ts';
import { ModelError, StreamError } from './errors.ts';
import { SseFrameReader } from './sse-frames.ts';
import type { FunctionToolSpec, InputItem, ModelTurnResult, OutputItem, ResponseUsage } from './types.ts';

/** The telemetry a model call reports to: the three model events of catalog.md §3. */
export type ModelTelemetry = Pick<SessionTelemetry, 'apiRequest' | 'sseEvent' | 'sseEventCompleted'>;

/** `response.failed` codes that are never retried (responses-sse.md §2). */
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
 * @see ../../../shared/reference/responses-sse.md
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
      try {
        let res: Response;
        try {
          res = await this.#fetch(this.url(), { method: 'POST', headers, body, signal: controller.signal });
        } catch (err) {
          const message = `request failed: ${errorMessage(err)}`;
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
          const text = await res.text().catch(() => '');
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
        try {
          return await this.#consume(res, telemetry, handlers, controller);
        } catch (err) {
          if (!(err instanceof StreamError)) throw err;
          if (signal?.aborted) throw new ModelError('aborted', 'turn aborted');
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
  ): Promise<ModelTurnResult> {
    const idleMs = this.#opts.provider.streamIdleTimeoutMs;
    const items: OutputItem[] = [];
    let responseId: string | undefined;
    let usage: ResponseUsage | undefined;
    let completed = false;
    let failure: StreamError | undefined;
    let last = performance.now();

    const onFrame = (frame: EventSourceMessage) => {
      if (failure) return;
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
          const item = ev.item as OutputItem | undefined;
          if (item && typeof item === 'object') {
            items.push(item);
            handlers.onItem?.(item);
          }
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
        let timer: NodeJS.Timeout | undefined;
        const idle = new Promise<'idle'>((resolve) => {
          timer = setTimeout(() => resolve('idle'), idleMs);
        });
        let result: Awaited<ReturnType<typeof streamReader.read>> | 'idle';
        try {
          result = await Promise.race([streamReader.read(), idle]);
        } catch (err) {
          if (controller.signal.aborted) throw err;
          const message = `stream error: ${errorMessage(err)}`;
          telemetry.sseEvent({
            kind: 'stream.error',
            durationMs: Math.round(performance.now() - last),
            error: message,
          });
          throw new StreamError('stream_closed', message, { retryable: true });
        } finally {
          clearTimeout(timer);
        }
        if (result === 'idle') {
          const message = `idle timeout waiting for SSE: no data for ${idleMs}ms`;
          telemetry.sseEvent({
            kind: 'stream.idle_timeout',
            durationMs: Math.round(performance.now() - last),
            error: message,
          });
          throw new StreamError('idle_timeout', message, { retryable: true });
        }
        if (result.done) break;
        reader.feed(decoder.decode(result.value, { stream: true }));
        if (failure) throw failure;
      }
      reader.feed(decoder.decode());
      if (failure) throw failure;
    } finally {
      controller.abort();
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
