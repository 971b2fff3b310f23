import { MetricNames, type TokenType } from '../metrics/metric-names.ts';
import { sanitizeTagValue } from '../metrics/sanitize-tag-value.ts';
import { EventNames, AttributeKeys as K, REDACTED_PROMPT } from './event-names.ts';
import type { Attributes, TelemetrySink } from './telemetry-sink.ts';

/**
 * What one agent run knows about itself; copied onto every event (docs/catalog/codex.md §2) and every metric
 * point (session tags of §4).
 *
 * @see docs/catalog/codex.md §2, §4, §6
 */
export interface SessionMetadata {
  /** `conversation.id`: a UUID, constant for one run. */
  conversationId: string;
  /** `app.version`: the agent's version. */
  appVersion: string;
  /** `model`: the model name. */
  model: string;
  /** `slug`: the model slug. */
  slug: string;
  /** `terminal.type`, e.g. `xterm-256color` or `unknown`. */
  terminalType: string;
  /** `originator` attribute and metric tag (docs/catalog/codex.md §6). */
  originator: string;
  /** When false, `codex.user_prompt` sends `[REDACTED]` as the prompt. */
  logUserPrompt: boolean;
  /** `auth_mode`, when known (e.g. `ApiKey`, `ChatGPT`). */
  authMode?: string;
  /** `user.account_id`, when known. */
  accountId?: string;
  /** `session_source` metric tag (e.g. `exec`). @defaultValue `'unknown'` */
  sessionSource?: string;
}

/** Token counts of `response.completed` (its `usage` object). @see docs/catalog/codex.md §3 notes */
export type TokenUsage = {
  inputTokens: number;
  outputTokens: number;
  /** `input_tokens_details.cached_tokens`, when sent. */
  cachedTokens?: number;
  /** `output_tokens_details.reasoning_tokens`, when sent. */
  reasoningTokens?: number;
  totalTokens: number;
};

/** The user's (or config's) answer to an approval request. @see docs/catalog/codex.md §3 `codex.tool_decision` */
export type ToolDecision = 'approved' | 'approved_for_session' | 'denied' | 'abort';

/** Who decided: the config (policy) or the user. @see docs/catalog/codex.md §3 `codex.tool_decision` */
export type ToolDecisionSource = 'config' | 'user';

/** Arguments of {@link SessionTelemetry.conversationStarts}. @see docs/catalog/codex.md §3 `codex.conversation_starts` */
export interface ConversationStartsArgs {
  providerName: string;
  reasoningEffort?: string;
  reasoningSummary: string;
  /** Tokens; sent as an int. */
  contextWindow?: number;
  /** Tokens; sent as an int. */
  maxOutputTokens?: number;
  /** Tokens; sent as an int. */
  autoCompactTokenLimit?: number;
  /** `never`, `on-request`, `on-failure` or `untrusted`. */
  approvalPolicy: string;
  /** `read-only`, `workspace-write` or `danger-full-access`. */
  sandboxPolicy: string;
  /** MCP server names; sent joined with `, `. */
  mcpServers: string[];
  activeProfile?: string;
}

/** Arguments of {@link SessionTelemetry.apiRequest}. @see docs/catalog/codex.md §3 `codex.api_request` */
export interface ApiRequestArgs {
  /** 1-based HTTP attempt number for one model request. */
  attempt: number;
  /** Milliseconds the attempt took. */
  durationMs: number;
  /** HTTP status, when a response arrived. */
  statusCode?: number;
  /** Error message, on failure. */
  error?: string;
  /** The `cf-ray` response header, when present. */
  cfRay?: string;
}

/** Arguments of {@link SessionTelemetry.sseEvent}. @see docs/catalog/codex.md §3 `codex.sse_event` */
export interface SseEventArgs {
  /** The SSE event type, e.g. `response.output_item.done`. */
  kind: string;
  /** Milliseconds since the previous frame (or the request). */
  durationMs: number;
  /** Set for a failed frame: bad JSON, `response.failed`, stream closed early, idle timeout. */
  error?: string;
}

/** Arguments of {@link SessionTelemetry.sseEventCompleted}. @see docs/catalog/codex.md §3 `codex.sse_event` */
export interface SseEventCompletedArgs {
  /** @defaultValue `'response.completed'` */
  kind?: string;
  durationMs: number;
  usage: TokenUsage;
}

/** Arguments of {@link SessionTelemetry.toolDecision}. @see docs/catalog/codex.md §3 `codex.tool_decision` */
export interface ToolDecisionArgs {
  toolName: string;
  /** The model's function call id. */
  callId: string;
  decision: ToolDecision;
  source: ToolDecisionSource;
}

/** What {@link SessionTelemetry.logToolResult} knows before the tool runs. */
export interface ToolCallArgs {
  toolName: string;
  callId?: string;
  /** The call's arguments as sent by the model. */
  arguments: string;
  /** Sent as `mcp_server` (Codex today) when the tool is an MCP tool. */
  mcpServer?: string;
}

/** Arguments of {@link SessionTelemetry.toolResult}. @see docs/catalog/codex.md §3 `codex.tool_result` */
export interface ToolResultArgs extends ToolCallArgs {
  /** Milliseconds the tool ran. */
  durationMs: number;
  success: boolean;
  /** What the tool returned to the model. */
  output: string;
}

/**
 * The event manager of one agent run (Codex's `SessionTelemetry`): one method per catalog event,
 * each emitting one LogRecord with the common metadata and, where the catalog defines one, a metric.
 * Methods never throw; on disabled telemetry they do nothing.
 *
 * @example `session.apiRequest({ attempt: 1, durationMs: 412, statusCode: 200 })`
 * @see docs/catalog/codex.md §2, §3, §4
 */
export class SessionTelemetry {
  readonly #sink: TelemetrySink;
  readonly #meta: Readonly<SessionMetadata>;
  readonly #common: Readonly<Attributes>;
  readonly #tags: Readonly<Record<string, string>>;

  /** Usually made by `Telemetry.session(meta)`; direct use is for custom sinks. */
  constructor(sink: TelemetrySink, meta: SessionMetadata) {
    this.#sink = sink;
    this.#meta = Object.freeze({ ...meta });
    this.#common = commonAttributes(meta);
    this.#tags = sessionTags(meta);
  }

  /** The metadata this session stamps on events (a frozen copy). */
  get metadata(): Readonly<SessionMetadata> {
    return this.#meta;
  }

  /** A copy of this session for another model; the original is unchanged. */
  withModel(model: string, slug: string): SessionTelemetry {
    return new SessionTelemetry(this.#sink, { ...this.#meta, model, slug });
  }

  /** Emits `codex.conversation_starts`. @see docs/catalog/codex.md §3 */
  conversationStarts(a: ConversationStartsArgs): void {
    if (!this.#sink.logsEnabled) return;
    guard(() => {
      const attrs: Attributes = {
        [K.providerName]: a.providerName,
        [K.reasoningSummary]: a.reasoningSummary,
        [K.approvalPolicy]: a.approvalPolicy,
        [K.sandboxPolicy]: a.sandboxPolicy,
        [K.mcpServers]: a.mcpServers.join(', '),
      };
      if (a.reasoningEffort !== undefined) attrs[K.reasoningEffort] = a.reasoningEffort;
      setInt(attrs, K.contextWindow, a.contextWindow);
      setInt(attrs, K.maxOutputTokens, a.maxOutputTokens);
      setInt(attrs, K.autoCompactTokenLimit, a.autoCompactTokenLimit);
      if (a.activeProfile !== undefined) attrs[K.activeProfile] = a.activeProfile;
      this.#emit(EventNames.conversationStarts, attrs);
    });
  }

  /** Emits `codex.api_request` for one HTTP attempt and counts it. @see docs/catalog/codex.md §3, §4 */
  apiRequest(a: ApiRequestArgs): void {
    guard(() => {
      if (this.#sink.logsEnabled) {
        const attrs: Attributes = { [K.attempt]: toInt(a.attempt), [K.durationMs]: ms(a.durationMs) };
        setInt(attrs, K.httpStatusCode, a.statusCode);
        if (a.error !== undefined) attrs[K.errorMessage] = a.error;
        if (a.cfRay !== undefined) attrs[K.cfRay] = a.cfRay;
        this.#emit(EventNames.apiRequest, attrs);
      }
      if (this.#sink.metricsEnabled) {
        const success = a.error === undefined && a.statusCode !== undefined && a.statusCode < 400;
        const tags = this.#withTags({
          status: a.statusCode === undefined ? 'none' : String(a.statusCode),
          success: String(success),
        });
        this.#sink.addCounter(MetricNames.apiRequest, 1, tags);
        this.#sink.recordHistogram(MetricNames.apiRequestDurationMs, durationValue(a.durationMs), tags);
      }
    });
  }

  /** Emits `codex.sse_event` for a plain or failed frame and counts it. @see docs/catalog/codex.md §3, §4 */
  sseEvent(a: SseEventArgs): void {
    guard(() => {
      if (this.#sink.logsEnabled) {
        const attrs: Attributes = { [K.eventKind]: a.kind, [K.durationMs]: ms(a.durationMs) };
        if (a.error !== undefined) attrs[K.errorMessage] = a.error;
        this.#emit(EventNames.sseEvent, attrs);
      }
      this.#sseMetrics(a.kind, a.durationMs, a.error === undefined);
    });
  }

  /**
   * Emits `codex.sse_event` for `response.completed` with the token counts, and records
   * `codex.turn.token_usage`.
   *
   * @see docs/catalog/codex.md §3, §4
   */
  sseEventCompleted(a: SseEventCompletedArgs): void {
    guard(() => {
      const kind = a.kind ?? 'response.completed';
      const u = a.usage;
      if (this.#sink.logsEnabled) {
        const attrs: Attributes = {
          [K.eventKind]: kind,
          [K.durationMs]: ms(a.durationMs),
          [K.inputTokenCount]: String(toInt(u.inputTokens)),
          [K.outputTokenCount]: String(toInt(u.outputTokens)),
        };
        setInt(attrs, K.cachedTokenCount, u.cachedTokens);
        setInt(attrs, K.reasoningTokenCount, u.reasoningTokens);
        attrs[K.toolTokenCount] = String(toInt(u.totalTokens));
        this.#emit(EventNames.sseEvent, attrs);
      }
      this.#sseMetrics(kind, a.durationMs, true);
      if (this.#sink.metricsEnabled) {
        const record = (type: TokenType, v: number | undefined) => {
          if (v === undefined) return;
          this.#sink.recordHistogram(
            MetricNames.turnTokenUsage,
            toInt(v),
            this.#withTags({ token_type: type }),
          );
        };
        record('total', u.totalTokens);
        record('input', u.inputTokens);
        record('cached_input', u.cachedTokens);
        record('output', u.outputTokens);
        record('reasoning_output', u.reasoningTokens);
      }
    });
  }

  /**
   * Emits `codex.user_prompt`: `prompt_length` counts Unicode code points of the real prompt;
   * `prompt` is `[REDACTED]` unless the session's `logUserPrompt` is true.
   *
   * @see docs/catalog/codex.md §3
   */
  userPrompt(prompt: string): void {
    if (!this.#sink.logsEnabled) return;
    guard(() => {
      let length = 0;
      for (const _ of prompt) length++;
      this.#emit(EventNames.userPrompt, {
        [K.promptLength]: String(length),
        [K.prompt]: this.#meta.logUserPrompt ? prompt : REDACTED_PROMPT,
      });
    });
  }

  /** Emits `codex.tool_decision`. @see docs/catalog/codex.md §3 */
  toolDecision(a: ToolDecisionArgs): void {
    if (!this.#sink.logsEnabled) return;
    guard(() => {
      this.#emit(EventNames.toolDecision, {
        [K.toolName]: a.toolName,
        [K.callId]: a.callId,
        [K.decision]: a.decision,
        [K.source]: a.source,
      });
    });
  }

  /** Emits `codex.tool_result` and counts `codex.tool.call`. @see docs/catalog/codex.md §3, §4 */
  toolResult(a: ToolResultArgs): void {
    guard(() => {
      if (this.#sink.logsEnabled) {
        const attrs: Attributes = { [K.toolName]: a.toolName };
        if (a.callId !== undefined) attrs[K.callId] = a.callId;
        attrs[K.arguments] = a.arguments;
        attrs[K.durationMs] = ms(a.durationMs);
        attrs[K.success] = a.success ? 'true' : 'false';
        attrs[K.output] = a.output;
        if (a.mcpServer !== undefined) attrs[K.mcpServer] = a.mcpServer;
        this.#emit(EventNames.toolResult, attrs);
      }
      if (this.#sink.metricsEnabled) {
        const tags = this.#withTags({ tool: a.toolName, success: String(a.success) });
        this.#sink.addCounter(MetricNames.toolCall, 1, tags);
        this.#sink.recordHistogram(MetricNames.toolCallDurationMs, durationValue(a.durationMs), tags);
      }
    });
  }

  /**
   * Runs a tool, times it and emits {@link SessionTelemetry.toolResult} with its outcome. A rejection
   * of `run()` is reported as `success = "false"` with the error message as output, then rethrown.
   *
   * @returns whatever `run()` resolved to
   * @throws whatever `run()` threw (telemetry itself never throws)
   * @see docs/catalog/codex.md §3 `codex.tool_result`
   */
  async logToolResult<T extends { output: string; success: boolean }>(
    a: ToolCallArgs,
    run: () => Promise<T>,
  ): Promise<T> {
    const start = performance.now();
    try {
      const result = await run();
      this.toolResult({
        ...a,
        durationMs: performance.now() - start,
        success: result.success,
        output: result.output,
      });
      return result;
    } catch (error) {
      const output = error instanceof Error ? error.message : String(error);
      this.toolResult({ ...a, durationMs: performance.now() - start, success: false, output });
      throw error;
    }
  }

  /** Records `codex.turn.e2e_duration_ms` (metrics only, no event). @see docs/catalog/codex.md §4 */
  turnE2eDuration(durationMs: number): void {
    if (!this.#sink.metricsEnabled) return;
    guard(() =>
      this.#sink.recordHistogram(MetricNames.turnE2eDurationMs, durationValue(durationMs), this.#tags),
    );
  }

  #sseMetrics(kind: string, durationMs: number, success: boolean): void {
    if (!this.#sink.metricsEnabled) return;
    const tags = this.#withTags({ kind, success: String(success) });
    this.#sink.addCounter(MetricNames.sseEvent, 1, tags);
    this.#sink.recordHistogram(MetricNames.sseEventDurationMs, durationValue(durationMs), tags);
  }

  #withTags(extra: Record<string, string>): Record<string, string> {
    const tags: Record<string, string> = { ...this.#tags };
    for (const [k, v] of Object.entries(extra)) tags[k] = sanitizeTagValue(v);
    return tags;
  }

  /** The one place that adds the common metadata of docs/catalog/codex.md §2 and the timestamp. */
  #emit(eventName: string, attributes: Attributes): void {
    const time = new Date();
    const all: Attributes = {
      [K.eventName]: eventName,
      [K.eventTimestamp]: formatEventTimestamp(time),
      ...this.#common,
      ...attributes,
    };
    this.#sink.emitEvent(eventName, all, time);
  }
}

/**
 * Formats a time as docs/catalog/codex.md §1 wants `event.timestamp`: RFC 3339 UTC, exactly three fractional
 * digits and `Z`.
 *
 * @example `formatEventTimestamp(new Date(0)) === '1970-01-01T00:00:00.000Z'`
 * @see docs/catalog/codex.md §1
 */
export function formatEventTimestamp(time: Date): string {
  return time.toISOString();
}

function commonAttributes(meta: SessionMetadata): Attributes {
  const attrs: Attributes = {
    [K.conversationId]: meta.conversationId,
    [K.appVersion]: meta.appVersion,
  };
  if (meta.authMode !== undefined) attrs[K.authMode] = meta.authMode;
  if (meta.accountId !== undefined) attrs[K.accountId] = meta.accountId;
  attrs[K.terminalType] = meta.terminalType;
  attrs[K.model] = meta.model;
  attrs[K.slug] = meta.slug;
  attrs[K.originator] = meta.originator;
  return Object.freeze(attrs);
}

function sessionTags(meta: SessionMetadata): Record<string, string> {
  const tags: Record<string, string> = {
    originator: sanitizeTagValue(meta.originator),
    session_source: sanitizeTagValue(meta.sessionSource ?? 'unknown'),
    model: sanitizeTagValue(meta.model),
    'app.version': sanitizeTagValue(meta.appVersion),
  };
  if (meta.authMode !== undefined) tags.auth_mode = sanitizeTagValue(meta.authMode);
  return Object.freeze(tags);
}

function toInt(n: number): number {
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

function setInt(attrs: Attributes, key: string, n: number | undefined): void {
  if (n !== undefined && n !== null) attrs[key] = toInt(n);
}

/** `duration_ms` as Codex sends it: whole milliseconds, as a string. */
function ms(durationMs: number): string {
  return String(durationValue(durationMs));
}

function durationValue(durationMs: number): number {
  return Number.isFinite(durationMs) && durationMs > 0 ? Math.trunc(durationMs) : 0;
}

function guard(fn: () => void): void {
  try {
    fn();
  } catch {
    // Telemetry never throws into the agent.
  }
}
