import { textValue } from '../capture/any-value.ts';
import type { CapturedLog } from '../capture/model.ts';
import { EVENT } from '../catalog/catalog.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { eventsNamed } from './helpers.ts';

/**
 * One log record a run must have delivered, derived from ground truth the harness knows (what the mock
 * served and saw, the tool call it asked for, the decision the subject was configured to take).
 */
export interface ExpectedRecord {
  /** The catalog event. */
  event: string;
  /** What it stands for, e.g. `codex.api_request attempt 2` or `codex.sse_event response.failed`. */
  label: string;
  /**
   * Causal position: a record of a lower rank is emitted before any record of a higher rank. Records of
   * the same rank have no known order between them (`codex.conversation_starts` and
   * `codex.user_prompt`).
   */
  rank: number;
  /** `codex.sse_event` only: the frame type it reports, or `error` for the error of a stream cut short. */
  kind?: string;
  arrived: boolean;
}

/**
 * Delivery completeness of one exporting run.
 *
 * Every missing record falls in one of two sets. A record is **not emitted** when a record that is
 * causally later arrived: a log pipeline delivers a process's records in emission order, so a record
 * emitted before one that arrived would have arrived too; its own requirement judges its absence. Every
 * other missing record (the tail of the run) is **lost**: delivery is incomplete. The harness cannot tell
 * a record lost at exit from one never emitted at the very end of a run; it attributes such a tail to
 * delivery, and the flush requirement's evidence names the record.
 */
export interface Delivery {
  expected: ExpectedRecord[];
  arrived: ExpectedRecord[];
  /** Missing, and not followed by any arrived record: lost at exit (delivery incomplete). */
  lost: ExpectedRecord[];
  /** Missing, but a causally later record arrived: never emitted (judged by its own requirement). */
  notEmitted: ExpectedRecord[];
  /** Nothing is lost. */
  complete: boolean;
  /** The catalog events with at least one lost record. */
  lostEvents: ReadonlySet<string>;
}

/** The call ids a served frame carries (`response.output_item.done` with a function call). */
function frameCallId(frame: Record<string, unknown>): string | undefined {
  const item = frame.item as { type?: string; call_id?: unknown } | undefined;
  return item && typeof item.call_id === 'string' ? item.call_id : undefined;
}

/**
 * The records a run must deliver, in causal order:
 *
 * 1. `codex.conversation_starts` and `codex.user_prompt` (rank 0, in either order);
 * 2. per HTTP attempt the mock saw, in order: its `codex.api_request` (emitted once the response
 *    status is known, before the body's frames), then one `codex.sse_event` per SSE frame served, in
 *    frame order (the event kind is the frame type; the terminal `response.failed` included), then, for
 *    a stream that ended without `response.completed` or `response.failed` (cut, idle), one
 *    `codex.sse_event` carrying `error.message`;
 * 3. after the attempt that carried the model's function call: its `codex.tool_decision` when the
 *    subject was configured to take a decision, then its `codex.tool_result` when the decision let the
 *    tool run (`approved*`).
 *
 * Counts are lower bounds: extra or duplicated records (e.g. two records per `response.completed`) are
 * judged by the per-event requirements, not here.
 */
export function expectedRecords(run: ScenarioRun): ExpectedRecord[] {
  const out: Omit<ExpectedRecord, 'arrived'>[] = [];
  let rank = 0;
  out.push({ event: EVENT.conversationStarts, label: EVENT.conversationStarts, rank });
  out.push({ event: EVENT.userPrompt, label: EVENT.userPrompt, rank });
  const call = run.toolCall;
  const decision = run.scenario.decision;
  run.model.forEach((ex, i) => {
    out.push({ event: EVENT.apiRequest, label: `${EVENT.apiRequest} attempt ${i + 1}`, rank: ++rank });
    if (ex.served !== 'sse') return;
    for (const f of ex.frames)
      out.push({ event: EVENT.sseEvent, label: `${EVENT.sseEvent} ${f.type}`, rank: ++rank, kind: f.type });
    const terminal = ex.frames.some((f) => f.type === 'response.completed' || f.type === 'response.failed');
    if (!terminal)
      out.push({
        event: EVENT.sseEvent,
        label: `${EVENT.sseEvent} with error.message (stream ended without response.completed)`,
        rank: ++rank,
        kind: 'error',
      });
    if (call && decision && ex.frames.some((f) => frameCallId(f) === call.callId)) {
      out.push({
        event: EVENT.toolDecision,
        label: `${EVENT.toolDecision} call_id ${call.callId}`,
        rank: ++rank,
      });
      if (decision.startsWith('approved'))
        out.push({
          event: EVENT.toolResult,
          label: `${EVENT.toolResult} call_id ${call.callId}`,
          rank: ++rank,
        });
    }
  });
  return matchArrivals(run, out);
}

const isErrorRecord = (l: CapturedLog) =>
  !!textValue(l.attributes['error.message']) && textValue(l.attributes['event.kind']) !== 'response.failed';

/**
 * Marks which expected records arrived. Records of one kind are matched in order (the n-th expected
 * `codex.api_request` arrived when at least n arrived); tool records by `call_id`.
 */
function matchArrivals(run: ScenarioRun, expected: Omit<ExpectedRecord, 'arrived'>[]): ExpectedRecord[] {
  const sse = eventsNamed(run, EVENT.sseEvent);
  const available = new Map<string, number>();
  const take = (key: string, count: () => number): boolean => {
    if (!available.has(key)) available.set(key, count());
    const left = available.get(key)!;
    if (left <= 0) return false;
    available.set(key, left - 1);
    return true;
  };
  const byCallId = (event: string) =>
    eventsNamed(run, event).filter((l) => textValue(l.attributes.call_id) === run.toolCall?.callId).length;
  return expected.map((e) => {
    let arrived: boolean;
    const kind = e.kind;
    if (kind === 'error') arrived = take('sse:error', () => sse.filter(isErrorRecord).length);
    else if (kind !== undefined)
      arrived = take(
        `sse:${kind}`,
        () => sse.filter((l) => textValue(l.attributes['event.kind']) === kind).length,
      );
    else if (e.event === EVENT.toolDecision || e.event === EVENT.toolResult)
      arrived = take(e.event, () => byCallId(e.event));
    else arrived = take(e.event, () => eventsNamed(run, e.event).length);
    return { ...e, arrived };
  });
}

const cache = new WeakMap<ScenarioRun, Delivery>();

/** Delivery completeness of a run (see {@link Delivery}); memoised per run. */
export function deliveryOf(run: ScenarioRun): Delivery {
  const hit = cache.get(run);
  if (hit) return hit;
  const expected = expectedRecords(run);
  const arrived = expected.filter((e) => e.arrived);
  const lastRank = Math.max(-1, ...arrived.map((e) => e.rank));
  const missing = expected.filter((e) => !e.arrived);
  const lost = missing.filter((e) => e.rank >= lastRank);
  const notEmitted = missing.filter((e) => e.rank < lastRank);
  const d: Delivery = {
    expected,
    arrived,
    lost,
    notEmitted,
    complete: lost.length === 0,
    lostEvents: new Set(lost.map((e) => e.event)),
  };
  cache.set(run, d);
  return d;
}

/** One line for evidence: `3 of 7 expected records arrived; missing: …`. */
export function deliverySummary(d: Delivery): string {
  const head = `${d.arrived.length} of ${d.expected.length} expected records arrived`;
  return d.lost.length ? `${head}; missing: ${d.lost.map((e) => e.label).join(', ')}` : head;
}
