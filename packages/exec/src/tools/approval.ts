import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { ToolDecision, ToolDecisionSource } from '@agentotel/otel';
import type { ApprovalPolicy } from '../config/schema.ts';
import { isKnownSafeCommand } from './safe-command.ts';

/** The four decisions of docs/catalog/codex.md §3 (`codex.tool_decision`). */
export const TOOL_DECISIONS: readonly ToolDecision[] = [
  'approved',
  'approved_for_session',
  'denied',
  'abort',
];

/** What every approval question carries. */
interface ApprovalRequestBase {
  /** The model's `call_id`; also the `call_id` of the `codex.tool_decision` that follows. */
  callId: string;
  /** The function name the model called (`shell`, `mcp__<server>__<tool>`). */
  toolName: string;
  cwd: string;
  /** Why the question is asked, when there is more to say than the call itself. */
  reason?: string;
}

/** A `shell` command waiting for a decision. */
export interface ExecApprovalRequest extends ApprovalRequestBase {
  kind: 'exec';
  command: string[];
}

/** An MCP tool call waiting for a decision. */
export interface McpApprovalRequest extends ApprovalRequestBase {
  kind: 'mcp';
  /** The `[mcp_servers.<name>]` the tool comes from. */
  server: string;
  /** The tool's own name on that server. */
  tool: string;
  /** The call's arguments as the model sent them (a JSON text). */
  arguments: string;
}

/** What is asked of the user: a command to run or an MCP tool to call. */
export type ApprovalRequest = ExecApprovalRequest | McpApprovalRequest;

/** Something that asks a user for a decision: a terminal, a file, an app-server client. */
export interface Approver {
  /** Short name for messages (`tty`, `file`, `app-server`). */
  readonly kind: string;
  /** The user's decision. */
  ask(req: ApprovalRequest): Promise<ToolDecision>;
}

/** A decision and who made it. */
export interface DecisionWithSource {
  decision: ToolDecision;
  source: ToolDecisionSource;
  /** Why, when the configuration decided without a user. */
  note?: string;
}

/** Re-exported: the argument-aware allow-list of `untrusted` lives in `safe-command.ts`. */
export { isKnownSafeCommand };

/**
 * What the approval policy says before a command runs: a decision by configuration, or `ask`.
 * - `never`: approved by config.
 * - `untrusted`: known-safe commands ({@link isKnownSafeCommand}, arguments inspected) approved by config; others asked.
 * - `on-request`: approved by config unless the model sets `with_escalated_permissions`.
 * - `on-failure`: approved by config; a failed run is asked about again (see session).
 */
export function policyDecision(
  policy: ApprovalPolicy,
  argv: string[],
  escalated: boolean,
): DecisionWithSource | 'ask' {
  switch (policy) {
    case 'never':
      return { decision: 'approved', source: 'config' };
    case 'untrusted':
      return isKnownSafeCommand(argv) ? { decision: 'approved', source: 'config' } : 'ask';
    case 'on-request':
      return escalated ? 'ask' : { decision: 'approved', source: 'config' };
    case 'on-failure':
      return { decision: 'approved', source: 'config' };
  }
}

/**
 * What the approval policy says before an MCP tool is called: a decision by configuration, or `ask`.
 * The model has no way to ask for escalation on an MCP call, so only `untrusted` asks, and only for
 * tools the server does not annotate as read-only (`annotations.readOnlyHint: true`, MCP spec
 * 2025-06-18 "Tool annotations"; the hint is the server's own claim and is trusted as such). `never`,
 * `on-request` and `on-failure` approve by configuration; a failed MCP call is not offered for a retry.
 */
export function mcpPolicyDecision(
  policy: ApprovalPolicy,
  tool: { readOnly: boolean },
): DecisionWithSource | 'ask' {
  if (policy === 'untrusted' && !tool.readOnly) return 'ask';
  return { decision: 'approved', source: 'config' };
}

/** One line of an approvals file. */
export interface ApprovalsFileEntry {
  /** When present, the entry answers only this call; otherwise it answers the next call in order. */
  call_id?: string;
  decision: ToolDecision;
}

/**
 * Answers approvals from a JSON Lines file, for automation. Each line is
 * `{"call_id"?: "call_1", "decision": "approved" | "approved_for_session" | "denied" | "abort"}`.
 * An entry with `call_id` answers that call; entries without one answer calls in file order. Each entry
 * is used once. The file is re-read at every question, so a driver may append while the agent runs.
 * When nothing answers a call, {@link NoAnswerError} is thrown.
 */
export class ApprovalsFileApprover implements Approver {
  readonly kind = 'file';
  readonly #path: string;
  readonly #used = new Set<number>();

  constructor(path: string) {
    this.#path = path;
  }

  async ask(req: ApprovalRequest): Promise<ToolDecision> {
    let text = '';
    try {
      text = await readFile(this.#path, 'utf8');
    } catch (err) {
      throw new NoAnswerError(`approvals file ${this.#path} cannot be read: ${(err as Error).message}`);
    }
    const entries = text
      .split('\n')
      .map((line, i) => ({ line: line.trim(), i }))
      .filter((e) => e.line !== '' && !e.line.startsWith('#'))
      .map(({ line, i }) => ({ entry: parseEntry(line, this.#path, i + 1), i }));
    const pick =
      entries.find((e) => !this.#used.has(e.i) && e.entry.call_id === req.callId) ??
      entries.find((e) => !this.#used.has(e.i) && e.entry.call_id === undefined);
    if (!pick)
      throw new NoAnswerError(`approvals file ${this.#path} has no unused entry for call ${req.callId}`);
    this.#used.add(pick.i);
    return pick.entry.decision;
  }
}

function parseEntry(line: string, path: string, lineNo: number): ApprovalsFileEntry {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new NoAnswerError(`approvals file ${path}:${lineNo}: not JSON`);
  }
  const o = v as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || !TOOL_DECISIONS.includes(o.decision as ToolDecision)) {
    throw new NoAnswerError(
      `approvals file ${path}:${lineNo}: expected {"decision": ${TOOL_DECISIONS.map((d) => `"${d}"`).join(' | ')}}, got ${line}`,
    );
  }
  return {
    decision: o.decision as ToolDecision,
    ...(typeof o.call_id === 'string' ? { call_id: o.call_id } : {}),
  };
}

/** Thrown by an approver that cannot get an answer; the call is then denied by configuration. */
export class NoAnswerError extends Error {
  readonly code = 'NO_APPROVAL_ANSWER';
  constructor(message: string) {
    super(message);
    this.name = 'NoAnswerError';
  }
}

/** Asks at a terminal: `y` approved, `a` approved for the session, `n` denied, `q` abort. */
export class TtyApprover implements Approver {
  readonly kind = 'tty';
  readonly #input: Readable;
  readonly #output: Writable;

  constructor(input: Readable, output: Writable) {
    this.#input = input;
    this.#output = output;
  }

  async ask(req: ApprovalRequest): Promise<ToolDecision> {
    const rl = createInterface({ input: this.#input, output: this.#output, terminal: true });
    try {
      for (;;) {
        const why = req.reason ? ` (${req.reason})` : '';
        const what =
          req.kind === 'exec'
            ? `Run ${JSON.stringify(req.command.join(' '))} in ${req.cwd}`
            : `Call MCP tool ${req.server}/${req.tool} with ${req.arguments}`;
        const answer = (
          await rl.question(`\n${what}${why}?\n[y] yes  [a] yes, for this session  [n] no  [q] abort turn: `)
        )
          .trim()
          .toLowerCase();
        if (answer === 'y' || answer === 'yes') return 'approved';
        if (answer === 'a') return 'approved_for_session';
        if (answer === 'n' || answer === 'no') return 'denied';
        if (answer === 'q') return 'abort';
      }
    } finally {
      rl.close();
    }
  }
}
