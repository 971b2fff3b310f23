import { randomUUID } from 'node:crypto';
import type { SessionTelemetry, ToolDecision } from '@agentotel/otel';
import type { ResolvedConfig } from '../config/load.ts';
import { ModelError } from '../model/errors.ts';
import type { ResponsesClient } from '../model/responses-client.ts';
import { type FunctionToolSpec, type InputItem, messageText, type OutputItem } from '../model/types.ts';
import {
  type ApprovalRequest,
  type Approver,
  type DecisionWithSource,
  mcpPolicyDecision,
  NoAnswerError,
  policyDecision,
} from '../tools/approval.ts';
import { toolEnvironmentOf } from '../tools/env-policy.ts';
import type { McpConnections, McpToolEntry } from '../tools/mcp.ts';
import {
  displayCommand,
  formatShellOutput,
  parseShellArgs,
  runShell,
  SHELL_TOOL_NAME,
  SHELL_TOOL_SPEC,
  type ShellArgs,
} from '../tools/shell.ts';
import type { ThreadEvent, TurnUsage } from './events.ts';

/** The abort reason of a turn past its `turn_timeout_ms`. */
const TURN_TIMEOUT = new Error('turn_timeout_ms reached');

/** The default bound on model requests in one turn. */
export const DEFAULT_MAX_STEPS = 50;

/** The base instructions sent with every request (unless `instructions` is configured). */
export const BASE_INSTRUCTIONS =
  'You are agentotel-exec, a coding agent running non-interactively in a terminal. ' +
  'Use the shell tool to inspect and change files in the working directory. ' +
  'When the task is done, answer with a short summary and no tool call.';

/** Options of a {@link Session}. */
export interface SessionOptions {
  config: ResolvedConfig;
  client: ResponsesClient;
  telemetry: SessionTelemetry;
  conversationId?: string;
  mcp?: McpConnections | undefined;
  /** Who the user is asked through; none means questions are denied by configuration. */
  approver?: Approver | undefined;
  cwd: string;
  /** The agent's environment; tools get it filtered by `[shell_environment_policy]` ({@link toolEnvironmentOf}). */
  env: Record<string, string | undefined>;
  /** Receives every thread event. */
  emit: (event: ThreadEvent) => void;
  /** Model requests per turn. @defaultValue 50 */
  maxSteps?: number;
}

/** How a turn ended. */
export type TurnOutcome =
  | { status: 'completed'; lastMessage: string | undefined; usage: TurnUsage }
  | { status: 'failed'; message: string; aborted: boolean; cause?: unknown };

/** Ends the turn when the user answers `abort`. */
export class TurnAbortedError extends Error {
  readonly code = 'TURN_ABORTED';
  constructor(message: string) {
    super(message);
    this.name = 'TurnAbortedError';
  }
}

/**
 * One conversation: its history, its tools and the turn loop (model request -> tool calls ->
 * function_call_output -> next request) until the model answers without tool calls.
 */
export class Session {
  /** The conversation id (a UUID), `conversation.id` in telemetry and `thread_id` in `--json`. */
  readonly conversationId: string;
  readonly #o: SessionOptions;
  readonly #history: InputItem[] = [];
  readonly #sessionApproved = new Set<string>();
  readonly #toolEnv: Record<string, string>;
  #itemSeq = 0;

  constructor(opts: SessionOptions) {
    this.#o = opts;
    this.#toolEnv = toolEnvironmentOf(opts.config, opts.env);
    this.conversationId = opts.conversationId ?? randomUUID();
  }

  /** The session's telemetry. */
  get telemetry(): SessionTelemetry {
    return this.#o.telemetry;
  }

  /** Sends a thread event to the session's sink. */
  emit(event: ThreadEvent): void {
    this.#o.emit(event);
  }

  /** Tools offered to the model: `shell` and every MCP tool. */
  tools(): FunctionToolSpec[] {
    return [SHELL_TOOL_SPEC, ...(this.#o.mcp?.tools().map((t) => t.spec) ?? [])];
  }

  /**
   * Runs one turn for `prompt`; never throws for model or tool failures. The turn fails when
   * `config.turnTimeoutMs` passes (model requests, retries, approvals and tools included: running
   * commands are killed) or when `outer` aborts.
   */
  async runTurn(prompt: string, outer?: AbortSignal): Promise<TurnOutcome> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(TURN_TIMEOUT), this.#o.config.turnTimeoutMs);
    const signal = outer ? AbortSignal.any([outer, deadline.signal]) : deadline.signal;
    try {
      return await this.#runTurn(prompt, signal, () => deadline.signal.aborted && !outer?.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  async #runTurn(prompt: string, signal: AbortSignal, timedOut: () => boolean): Promise<TurnOutcome> {
    const { telemetry, emit, config } = this.#o;
    const started = performance.now();
    emit({ type: 'turn.started' });
    telemetry.userPrompt(prompt);
    this.#history.push({ type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] });
    const usage: TurnUsage = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0 };
    let lastMessage: string | undefined;
    const maxSteps = this.#o.maxSteps ?? DEFAULT_MAX_STEPS;
    try {
      for (let step = 1; ; step++) {
        if (step > maxSteps)
          throw new ModelError('aborted', `step limit reached: ${maxSteps} model requests in one turn`);
        const result = await this.#o.client.stream(
          {
            model: config.model,
            instructions: config.instructions ?? BASE_INSTRUCTIONS,
            input: [...this.#history],
            tools: this.tools(),
            ...(config.reasoningEffort
              ? { reasoning: { effort: config.reasoningEffort, summary: config.reasoningSummary } }
              : {}),
          },
          telemetry,
          {},
          signal,
        );
        if (result.usage) {
          usage.input_tokens += result.usage.inputTokens;
          usage.cached_input_tokens += result.usage.cachedTokens ?? 0;
          usage.output_tokens += result.usage.outputTokens;
        }
        const calls: Array<{ call_id: string; name: string; arguments: string }> = [];
        for (const item of result.items) {
          const handled = this.#recordItem(item);
          if (handled?.kind === 'message') lastMessage = handled.text;
          if (handled?.kind === 'call') calls.push(handled.call);
        }
        if (calls.length === 0) {
          telemetry.turnE2eDuration(Math.round(performance.now() - started));
          emit({ type: 'turn.completed', usage });
          return { status: 'completed', lastMessage, usage };
        }
        for (let i = 0; i < calls.length; i++) {
          const call = calls[i]!;
          let output: string;
          try {
            output = await this.#handleCall(call, signal);
          } catch (err) {
            // Keep the history well formed: every function_call gets an output.
            for (const c of calls.slice(i)) {
              this.#history.push({ type: 'function_call_output', call_id: c.call_id, output: 'aborted' });
            }
            throw err;
          }
          this.#history.push({ type: 'function_call_output', call_id: call.call_id, output });
        }
      }
    } catch (err) {
      const late = timedOut();
      const aborted =
        !late && (err instanceof TurnAbortedError || (err instanceof ModelError && err.code === 'aborted'));
      const message = late
        ? `turn timed out: no answer within turn_timeout_ms = ${config.turnTimeoutMs}`
        : err instanceof Error
          ? err.message
          : String(err);
      telemetry.turnE2eDuration(Math.round(performance.now() - started));
      emit({ type: 'item.completed', item: { id: this.#nextId(), type: 'error', message } });
      emit({ type: 'turn.failed', error: { message } });
      return { status: 'failed', message, aborted, cause: err };
    }
  }

  #nextId(): string {
    return `item_${this.#itemSeq++}`;
  }

  #recordItem(
    item: OutputItem,
  ):
    | { kind: 'message'; text: string }
    | { kind: 'call'; call: { call_id: string; name: string; arguments: string } }
    | undefined {
    const { emit } = this.#o;
    if (item.type === 'message') {
      const text = messageText(item);
      this.#history.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
      emit({ type: 'item.completed', item: { id: this.#nextId(), type: 'agent_message', text } });
      return { kind: 'message', text };
    }
    if (item.type === 'reasoning') {
      const r = item as { summary?: Array<{ text?: string }>; encrypted_content?: string };
      const text = (r.summary ?? []).map((s) => s.text ?? '').join('\n');
      if (typeof r.encrypted_content === 'string') {
        this.#history.push({
          type: 'reasoning',
          summary: r.summary ?? [],
          encrypted_content: r.encrypted_content,
        });
      }
      emit({ type: 'item.completed', item: { id: this.#nextId(), type: 'reasoning', text } });
      return undefined;
    }
    if (item.type === 'function_call') {
      const f = item as { call_id?: unknown; name?: unknown; arguments?: unknown };
      const call = {
        call_id: typeof f.call_id === 'string' && f.call_id !== '' ? f.call_id : `call_${randomUUID()}`,
        name: typeof f.name === 'string' ? f.name : '',
        arguments: typeof f.arguments === 'string' ? f.arguments : JSON.stringify(f.arguments ?? {}),
      };
      this.#history.push({ type: 'function_call', ...call });
      return { kind: 'call', call };
    }
    return undefined;
  }

  async #handleCall(
    call: { call_id: string; name: string; arguments: string },
    signal?: AbortSignal,
  ): Promise<string> {
    if (call.name === SHELL_TOOL_NAME) return this.#handleShell(call, signal);
    const mcpTool = this.#o.mcp?.lookup(call.name);
    if (mcpTool) return this.#handleMcp(call, mcpTool, signal);
    return this.#notRun(call, `unsupported call: ${call.name}`);
  }

  /** An MCP tool call: decided by the policy or the user (`codex.tool_decision`), then called. */
  async #handleMcp(
    call: { call_id: string; name: string; arguments: string },
    entry: McpToolEntry,
    signal?: AbortSignal,
  ): Promise<string> {
    const { telemetry, emit } = this.#o;
    const id = this.#nextId();
    const base = { id, type: 'mcp_tool_call' as const, server: entry.server, tool: entry.tool };
    const sessionKey = `mcp:${entry.qualifiedName}`;
    const d = await this.#decide(
      {
        kind: 'mcp',
        callId: call.call_id,
        toolName: call.name,
        server: entry.server,
        tool: entry.tool,
        arguments: call.arguments,
        cwd: this.#o.cwd,
      },
      sessionKey,
      mcpPolicyDecision(this.#o.config.approvalPolicy, entry),
      signal,
    );
    this.#recordDecision(call, d, sessionKey);
    if (d.decision === 'abort' || d.decision === 'denied') {
      const output = d.note ? `MCP tool call rejected: ${d.note}` : 'MCP tool call rejected by user';
      emit({ type: 'item.completed', item: { ...base, status: 'failed', error: output } });
      if (d.decision === 'abort') throw abortedBy(d, call.call_id);
      return this.#notRun(call, output);
    }
    emit({ type: 'item.started', item: { ...base, status: 'in_progress' } });
    const r = await telemetry.logToolResult(
      { toolName: call.name, callId: call.call_id, arguments: call.arguments, mcpServer: entry.server },
      () => this.#o.mcp!.call(entry, call.arguments, signal),
    );
    emit({
      type: 'item.completed',
      item: r.success
        ? { ...base, status: 'completed', result: r.output }
        : { ...base, status: 'failed', error: r.output },
    });
    return r.output;
  }

  /** Emits `codex.tool_decision` and remembers `approved_for_session` under `sessionKey`. */
  #recordDecision(call: { call_id: string; name: string }, d: DecisionWithSource, sessionKey: string): void {
    this.#o.telemetry.toolDecision({
      toolName: call.name,
      callId: call.call_id,
      decision: d.decision,
      source: d.source,
    });
    if (d.decision === 'approved_for_session') this.#sessionApproved.add(sessionKey);
  }

  /**
   * Reports a call that was never executed (unknown tool, bad arguments, refused) as a failed
   * `codex.tool_result` with `duration_ms` 0 (docs/catalog/codex.md §3), and returns the output for the model.
   */
  #notRun(call: { call_id: string; name: string; arguments: string }, output: string): string {
    this.#o.telemetry.toolResult({
      toolName: call.name,
      callId: call.call_id,
      arguments: call.arguments,
      durationMs: 0,
      success: false,
      output,
    });
    return output;
  }

  /**
   * The decision on one call: remembered `approved_for_session` (reported as `config`), then what the
   * policy says (`byPolicy`; undefined skips it, for the on-failure retry question), then the user.
   * Without an approver, or when it has no answer, the call is denied by configuration with a note.
   */
  async #decide(
    req: ApprovalRequest,
    sessionKey: string,
    byPolicy: DecisionWithSource | 'ask' | undefined,
    signal: AbortSignal | undefined,
  ): Promise<DecisionWithSource> {
    if (byPolicy !== undefined) {
      if (this.#sessionApproved.has(sessionKey))
        return { decision: 'approved_for_session', source: 'config' };
      if (byPolicy !== 'ask') return byPolicy;
    }
    const approver = this.#o.approver;
    if (!approver) {
      return {
        decision: 'denied',
        source: 'config',
        note: `approval policy ${this.#o.config.approvalPolicy} requires a user decision, but no approver is available (no terminal, no --approvals-file)`,
      };
    }
    try {
      const decision = await abortable(approver.ask(req), signal);
      return { decision, source: 'user' };
    } catch (err) {
      if (err instanceof NoAnswerError) return { decision: 'denied', source: 'config', note: err.message };
      throw err;
    }
  }

  /** The question about a `shell` call. */
  #execRequest(args: ShellArgs, callId: string, reason: string | undefined): ApprovalRequest {
    return {
      kind: 'exec',
      callId,
      toolName: SHELL_TOOL_NAME,
      command: args.command,
      cwd: this.#o.cwd,
      ...(reason ? { reason } : {}),
    };
  }

  async #handleShell(
    call: { call_id: string; name: string; arguments: string },
    signal?: AbortSignal,
  ): Promise<string> {
    const { telemetry, emit } = this.#o;
    const parsed = parseShellArgs(call.arguments);
    if ('error' in parsed) return this.#notRun(call, parsed.error);
    const id = this.#nextId();
    const command = displayCommand(parsed.command);
    const reason = parsed.escalated
      ? (parsed.justification ?? 'the model asked for escalated permissions')
      : undefined;
    const sessionKey = `exec:${JSON.stringify(parsed.command)}`;
    let d = await this.#decide(
      this.#execRequest(parsed, call.call_id, reason),
      sessionKey,
      policyDecision(this.#o.config.approvalPolicy, parsed.command, parsed.escalated),
      signal,
    );
    for (let run = 0; ; run++) {
      this.#recordDecision(call, d, sessionKey);
      if (d.decision === 'abort' || d.decision === 'denied') {
        emit({
          type: 'item.completed',
          item: {
            id,
            type: 'command_execution',
            command,
            aggregated_output: '',
            exit_code: null,
            status: 'declined',
          },
        });
        if (d.decision === 'abort') throw abortedBy(d, call.call_id);
        return this.#notRun(
          call,
          d.note ? `exec command rejected: ${d.note}` : 'exec command rejected by user',
        );
      }
      emit({
        type: 'item.started',
        item: {
          id,
          type: 'command_execution',
          command,
          aggregated_output: '',
          exit_code: null,
          status: 'in_progress',
        },
      });
      let exitCode = -1;
      let aggregated = '';
      const r = await telemetry.logToolResult(
        { toolName: call.name, callId: call.call_id, arguments: call.arguments },
        async () => {
          const outcome = await runShell(parsed, {
            cwd: this.#o.cwd,
            env: this.#toolEnv,
            ...(signal ? { signal } : {}),
          });
          exitCode = outcome.exitCode;
          aggregated = outcome.output;
          return { output: formatShellOutput(outcome), success: outcome.exitCode === 0 };
        },
      );
      emit({
        type: 'item.completed',
        item: {
          id,
          type: 'command_execution',
          command,
          aggregated_output: aggregated,
          exit_code: exitCode,
          status: r.success ? 'completed' : 'failed',
        },
      });
      // on-failure: a command approved by configuration that failed is offered to the user for a retry.
      if (
        !r.success &&
        run === 0 &&
        d.source === 'config' &&
        this.#o.config.approvalPolicy === 'on-failure' &&
        this.#o.approver &&
        !signal?.aborted
      ) {
        d = await this.#decide(
          this.#execRequest(parsed, call.call_id, `command failed with exit code ${exitCode}; run it again?`),
          sessionKey,
          undefined,
          signal,
        );
        if (d.decision === 'denied') {
          this.#recordDecision(call, d, sessionKey);
          return r.output;
        }
        continue;
      }
      return r.output;
    }
  }
}

/** The error that ends a turn answered `abort`. */
function abortedBy(d: DecisionWithSource, callId: string): TurnAbortedError {
  return new TurnAbortedError(
    `turn aborted: ${d.source === 'user' ? 'the user' : 'configuration'} answered abort for call ${callId}`,
  );
}

function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new TurnAbortedError('turn aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new TurnAbortedError('turn aborted'));
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

/** Re-exported for callers that build approvals. */
export type { ToolDecision };
