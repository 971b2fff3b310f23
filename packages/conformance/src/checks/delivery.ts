import { textValue } from '../capture/any-value.ts';
import type { CapturedLog } from '../capture/model.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { eventsNamed } from './helpers.ts';
import { eventsOf, mappingOf } from './mapping.ts';

/** The part of the requirement mapping an expected record stands for. */
export type RecordRole =
  | 'sessionStart'
  | 'userPrompt'
  | 'apiRequest'
  | 'apiOutcome'
  | 'stream'
  | 'toolDecision'
  | 'toolResult';

/**
 * The token a requirement lists in `judgesPresenceOf` to name a mapped event whatever the catalog calls
 * it (e.g. `@apiRequest` for `codex.api_request`); {@link Delivery.lostEvents} holds both spellings.
 */
export const presenceOf = (role: RecordRole): string => `@${role}`;

/**
 * One log record a run must have delivered, derived from ground truth the harness knows (what the mock
 * served and saw, the tool call it asked for, the decision the subject was configured to take).
 */
export interface ExpectedRecord {
  /** The catalog event. */
  event: string;
  /** What the event stands for in the requirement mapping (see {@link presenceOf}). */
  role: RecordRole;
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
  /** When any of several events stands for it (an attempt's outcome: response or error), all of them. */
  anyOf?: readonly string[];
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
  /**
   * Missing, and not followed by any arrived record: lost at exit (delivery incomplete). When the agent
   * says its export queue dropped at least as many records as are missing ({@link queueDrops}), every
   * missing record, wherever it was in the run: dropped by the queue.
   */
  lost: ExpectedRecord[];
  /**
   * Missing, but a causally later record arrived: never emitted (judged by its own requirement); empty
   * when the queue's drops account for every missing record.
   */
  notEmitted: ExpectedRecord[];
  /** Nothing is lost. */
  complete: boolean;
  /**
   * What the agent said on stderr about records its export queue dropped (e.g. `[@agentotel/otel]
   * dropped 6414 log records: export queue full (maxQueueSize 20000)`), when it said so.
   */
  queueDrops?: QueueDrops;
  /** The catalog events with at least one lost record, by name and by role (`@apiRequest`, …). */
  lostEvents: ReadonlySet<string>;
}

/** Whether a served answer carried the model's call of `callId` (in any API's frame shape). */
const carriesCall = (frames: readonly Record<string, unknown>[], callId: string) =>
  frames.some((f) => JSON.stringify(f).includes(JSON.stringify(callId)));

/**
 * The records a run must deliver, in causal order, read through the run's requirement mapping (the
 * Codex event names in brackets):
 *
 * 1. the session start and the user prompt (`codex.conversation_starts`, `codex.user_prompt`; rank 0,
 *    in either order);
 * 2. per HTTP attempt the mock saw, in order: its API request event (`codex.api_request`, emitted once
 *    the response status is known, before the body's frames), then, for catalogs that report frames,
 *    one stream event (`codex.sse_event`) per frame served, in frame order (the event kind is the frame
 *    type; the terminal `response.failed` included), then, for a stream that ended without a terminal
 *    frame (cut, idle), one stream event carrying the error attribute (`error.message`), then, for
 *    catalogs that report an attempt's outcome in events of its own, one of them (Gemini CLI
 *    `gemini_cli.api_response` or `gemini_cli.api_error`);
 * 3. after each attempt that carried a function call the scenario makes the model call (its
 *    `toolCall`, and each tool-call step's own `callId`: a long conversation expects them all): its
 *    tool decision event (`codex.tool_decision`) when the subject was configured to take a decision,
 *    then its tool result event (`codex.tool_result`) when the decision let the tool run (`approved*`).
 *
 * Counts are lower bounds: extra or duplicated records (e.g. two records per `response.completed`) are
 * judged by the per-event requirements, not here.
 */
export function expectedRecords(run: ScenarioRun): ExpectedRecord[] {
  const m = mappingOf(run);
  const out: Omit<ExpectedRecord, 'arrived'>[] = [];
  let rank = 0;
  if (m.sessionStart)
    out.push({ event: m.sessionStart.event, role: 'sessionStart', label: m.sessionStart.event, rank });
  if (m.userPrompt)
    out.push({ event: m.userPrompt.event, role: 'userPrompt', label: m.userPrompt.event, rank });
  const call = run.toolCall;
  // every call the model is made to make: the scenario's, and each step's own (a long conversation)
  const callIds = call
    ? [
        ...new Set([
          call.callId,
          ...run.scenario.steps.flatMap((s) => (s.kind === 'tool-call' && s.callId ? [s.callId] : [])),
        ]),
      ]
    : [];
  const decision = run.scenario.decision;
  const api = m.apiRequest;
  const stream = m.stream;
  const tool = m.tool;
  run.model.forEach((ex, i) => {
    if (api)
      out.push({
        event: api.event,
        role: 'apiRequest',
        label: `${api.event} attempt ${i + 1}`,
        rank: ++rank,
      });
    const outcome = api?.outcomeEvents;
    const pushOutcome = () => {
      if (!outcome) return;
      const anyOf =
        ex.served === 'http-error'
          ? [outcome.error]
          : ex.completes
            ? [outcome.response]
            : [outcome.response, outcome.error];
      out.push({
        event: anyOf[0]!,
        ...(anyOf.length > 1 ? { anyOf } : {}),
        role: 'apiOutcome',
        label: `${anyOf.join(' or ')} attempt ${i + 1}`,
        rank: ++rank,
      });
    };
    if (ex.served !== 'sse') {
      pushOutcome();
      return;
    }
    if (stream) {
      for (const f of ex.frames)
        out.push({
          event: stream.event,
          role: 'stream',
          label: `${stream.event} ${f.type}`,
          rank: ++rank,
          kind: f.type,
        });
      const terminal = ex.frames.some((f) => stream.terminalKinds.includes(f.type));
      if (!terminal)
        out.push({
          event: stream.event,
          role: 'stream',
          label: `${stream.event} with ${stream.errorAttribute} (stream ended without ${stream.terminalKinds[0]})`,
          rank: ++rank,
          kind: 'error',
        });
    }
    pushOutcome();
    if (!tool || !decision) return;
    for (const callId of callIds) {
      if (!carriesCall(ex.frames, callId)) continue;
      if (tool.decisionEvent)
        out.push({
          event: tool.decisionEvent,
          role: 'toolDecision',
          label: `${tool.decisionEvent} ${tool.callIdAttribute} ${callId}`,
          rank: ++rank,
        });
      if (decision.startsWith('approved'))
        out.push({
          event: tool.resultEvent,
          role: 'toolResult',
          label: `${tool.resultEvent} ${tool.callIdAttribute} ${callId}`,
          rank: ++rank,
        });
    }
  });
  return matchArrivals(run, out);
}

/**
 * Marks which expected records arrived. Records of one kind are matched in order (the n-th expected
 * API request event arrived when at least n arrived). A record counts as arrived by its event (and frame
 * kind) alone, whatever its other attributes say: a tool result carrying a call id that matches no call
 * arrived, and the join requirement judges its id (reading it as lost would blame delivery for it).
 */
function matchArrivals(run: ScenarioRun, expected: Omit<ExpectedRecord, 'arrived'>[]): ExpectedRecord[] {
  const m = mappingOf(run);
  const stream = m.stream;
  const frames = stream ? eventsNamed(run, stream.event) : [];
  const kindOf = (l: CapturedLog) => (stream ? textValue(l.attributes[stream.kindAttribute]) : undefined);
  const isErrorRecord = (l: CapturedLog) =>
    !!stream && !!textValue(l.attributes[stream.errorAttribute]) && kindOf(l) !== stream.failedKind;
  const available = new Map<string, number>();
  const take = (key: string, count: () => number): boolean => {
    if (!available.has(key)) available.set(key, count());
    const left = available.get(key)!;
    if (left <= 0) return false;
    available.set(key, left - 1);
    return true;
  };
  return expected.map((e) => {
    let arrived: boolean;
    const kind = e.kind;
    if (e.anyOf) arrived = take(`anyOf:${e.anyOf.join('|')}`, () => eventsOf(run, ...e.anyOf!).length);
    else if (kind === 'error') arrived = take('stream:error', () => frames.filter(isErrorRecord).length);
    else if (kind !== undefined)
      arrived = take(`stream:${kind}`, () => frames.filter((l) => kindOf(l) === kind).length);
    else if (e.role === 'apiRequest' && m.apiRequest?.errorEvent)
      arrived = take(e.event, () => eventsOf(run, e.event, m.apiRequest?.errorEvent).length);
    else arrived = take(e.event, () => eventsNamed(run, e.event).length);
    return { ...e, arrived };
  });
}

/** Records an agent reported dropping from its export queue, and the line that says so. */
export interface QueueDrops {
  /** How many records it says it dropped (summed over its lines). */
  count: number;
  /** The first line saying so, as printed. */
  line: string;
}

/**
 * Finds the lines where an agent reports log records dropped by its export queue (a full batch queue),
 * e.g. `[@agentotel/otel] dropped 6414 log records: export queue full (maxQueueSize 20000)`: any line
 * saying `dropped <N> log record(s)`.
 */
export function queueDropsOf(stderr: string): QueueDrops | undefined {
  let count = 0;
  let line: string | undefined;
  for (const l of stderr.split('\n')) {
    const m = /\bdropped (\d+) log records?\b/i.exec(l);
    if (!m) continue;
    count += Number(m[1]);
    line ??= l.trim();
  }
  return line === undefined ? undefined : { count, line };
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
  const q = queueDropsOf(run.stderr);
  // a queue that dropped records drops them anywhere in the run, not only at its end
  const dropped = q !== undefined && q.count >= missing.length;
  const lost = dropped ? missing : missing.filter((e) => e.rank >= lastRank);
  const notEmitted = dropped ? [] : missing.filter((e) => e.rank < lastRank);
  const d: Delivery = {
    expected,
    arrived,
    lost,
    notEmitted,
    complete: lost.length === 0,
    ...(q ? { queueDrops: q } : {}),
    lostEvents: new Set(lost.flatMap((e) => [e.event, ...(e.anyOf ?? []), presenceOf(e.role)])),
  };
  cache.set(run, d);
  return d;
}

/**
 * Why the missing tail is missing, in words: records the agent says its queue dropped, and the rest lost
 * at exit (not flushed).
 */
export function lossExplanation(d: Delivery): string {
  const q = d.queueDrops;
  if (!q) return 'lost at exit: the last batch was not flushed';
  if (q.count >= d.lost.length)
    return `dropped by the agent's export queue (${q.count} dropped, it says), not lost at exit`;
  return `${q.count} dropped by the agent's export queue (it says so), the other ${d.lost.length - q.count} lost at exit`;
}

/**
 * One line for evidence: `3 of 7 expected records arrived; missing: …`, a run of records with the same
 * label given once with its count (`codex.sse_event response.output_text.delta × 2984`).
 */
export function deliverySummary(d: Delivery): string {
  const head = `${d.arrived.length} of ${d.expected.length} expected records arrived`;
  if (!d.lost.length) return head;
  const runs: { label: string; n: number }[] = [];
  for (const e of d.lost) {
    const last = runs.at(-1);
    if (last?.label === e.label) last.n++;
    else runs.push({ label: e.label, n: 1 });
  }
  return `${head}; missing: ${runs.map((r) => (r.n > 1 ? `${r.label} × ${r.n}` : r.label)).join(', ')}`;
}

/** Records of one kind across runs: the same event, role and frame kind. */
const kindKey = (e: ExpectedRecord) => `${e.role}|${e.event}|${e.kind ?? ''}`;

/** A lost record that another run shows the agent does not emit, and that run. */
export interface NotEmittedElsewhere {
  record: ExpectedRecord;
  /** The run (this one or another) where a record of the same kind was missing while a later record arrived. */
  on: ScenarioRun;
}

/**
 * The lost records of `run` (the missing tail) that the agent never emits rather than loses: earlier in
 * the same run, or on another run of the same certification, a record of the same kind (event, role,
 * frame kind) was missing while a causally later record arrived ({@link Delivery.notEmitted}). At the
 * end of a run the harness cannot tell the two apart; a place where a later record had to follow can
 * (e.g. `stream-cut-then-success` after `stream-cut`; Gemini CLI 0.61.0 logs no
 * `gemini_cli.api_response` for a stream its loop detection abandons, on attempt 5 of
 * `long-conversation` as on its last attempt 6). An agent that loses records at exit shows no such place
 * for them, and still fails the flush requirement.
 *
 * @param runs - every run of the certification (`CheckContext.runs`)
 */
export function notEmittedElsewhere(run: ScenarioRun, runs: readonly ScenarioRun[]): NotEmittedElsewhere[] {
  const d = deliveryOf(run);
  if (d.lost.length === 0) return [];
  const out: NotEmittedElsewhere[] = [];
  for (const record of d.lost) {
    // this run first: the same kind missing earlier in it while later records arrived
    const on = [run, ...runs.filter((r) => r !== run)].find(
      (r) => r.state === 'ran' && deliveryOf(r).notEmitted.some((e) => kindKey(e) === kindKey(record)),
    );
    if (on) out.push({ record, on });
  }
  return out;
}

/**
 * The events of `run` whose records were lost at exit, leaving out those {@link notEmittedElsewhere}
 * explains (their own requirements judge them on the run that shows it).
 */
export function lostEventsOf(run: ScenarioRun, runs: readonly ScenarioRun[]): ReadonlySet<string> {
  const d = deliveryOf(run);
  const explained = new Set(notEmittedElsewhere(run, runs).map((x) => x.record));
  if (explained.size === 0) return d.lostEvents;
  return new Set(
    d.lost.filter((e) => !explained.has(e)).flatMap((e) => [e.event, ...(e.anyOf ?? []), presenceOf(e.role)]),
  );
}
