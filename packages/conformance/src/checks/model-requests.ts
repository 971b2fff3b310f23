import { numericValue, textValue } from '../capture/any-value.ts';
import { EVENT } from '../catalog/catalog.ts';
import type { ModelExchange, ScenarioRun } from '../model/scenario-run.ts';
import type { ServedUsage } from '../profiles/codex/responses-frames.ts';
import { fail, type Judgement, pass, skip } from '../requirements/model.ts';
import type { TokenUsage } from '../scenarios/model.ts';
import { absenceEvidence, eventsNamed, fact, recordEvidence } from './helpers.ts';
import { eventsOf, mappingOf } from './mapping.ts';

/** Whether a model exchange's answer ended the model request (a completed stream). */
export const exchangeCompletes = (ex: ModelExchange): boolean =>
  ex.completes ?? (ex.served === 'sse' && ex.frames.some((f) => f.type === 'response.completed'));

/**
 * The attempt numbers the mock's answers allow (1-based), per attempt: attempts restart after a request
 * whose answer was final (a completed stream) and count up after a retried HTTP failure. After a stream
 * that was cut (answered 200, ended before its terminal frame) either is allowed: the catalog counts
 * "HTTP attempts for one model request" without saying whether a stream retry is a new model request
 * (Codex 0.169.0 restarts at its base; agentotel-exec counts up).
 */
export function allowedAttempts(run: ScenarioRun): number[][] {
  const out: number[][] = [];
  let next = [1];
  for (const ex of run.model) {
    out.push(next);
    next = exchangeCompletes(ex)
      ? [1]
      : ex.served === 'sse'
        ? [...new Set([1, ...next.map((n) => n + 1)])]
        : next.map((n) => n + 1);
  }
  return out;
}

/**
 * One API request event (the mapping's `apiRequest`, e.g. `codex.api_request`; with its error event
 * when the catalog splits failed attempts out) per HTTP attempt the mock saw, attempts numbered
 * consecutively per model request when the catalog has an attempt attribute. The catalog does not fix
 * the base, so the first attempt may be 0 or 1 (the same base on every request of the run); the base
 * is reported.
 */
export function checkApiRequestPerAttempt(run: ScenarioRun): Judgement {
  const m = mappingOf(run).apiRequest;
  if (!m) return skip('the catalog has no API request event');
  const name = m.errorEvent ? `${m.event} / ${m.errorEvent}` : m.event;
  const logs = eventsOf(run, m.event, m.errorEvent);
  const seen = fact(
    'mock saw',
    run.model.map((m) => `${m.served} ${m.status}`).join(' -> ') || 'no model request',
  );
  if (logs.length !== run.model.length)
    return fail(`the mock saw ${run.model.length} HTTP attempt(s) but ${logs.length} ${name} were captured`, [
      seen,
      ...(logs.length ? logs.slice(0, 4).map((l) => recordEvidence(l)) : [absenceEvidence(run, name)]),
    ]);
  if (!m.attemptAttribute) return pass(`${logs.length} ${name} for ${run.model.length} attempt(s)`, [seen]);
  const attemptKey = m.attemptAttribute;
  const attempts = logs.map((l) => numericValue(l.attributes[attemptKey]));
  const base = attempts[0] === 0 ? 0 : 1;
  const allowed = allowedAttempts(run).map((set) => set.map((a) => a - 1 + base));
  const strictSeq = !run.scenario.tags.includes('failure');
  const numbered = attempts.every(
    (a, i) => a !== undefined && a >= base && (a === base || a === (attempts[i - 1] ?? -9) + 1),
  );
  const asAllowed = attempts.every((a, i) => a !== undefined && allowed[i]!.includes(a));
  const expectedText = JSON.stringify(allowed.map((set) => (set.length === 1 ? set[0] : set.join(' or '))));
  if (!numbered || (strictSeq && !asAllowed))
    return fail(`attempt numbers ${JSON.stringify(attempts)}; expected ${expectedText}`, [
      seen,
      ...logs.slice(0, 4).map((l) => recordEvidence(l)),
    ]);
  return pass(
    `${logs.length} ${name.replace(/^[a-z_]+\./, '')} for ${run.model.length} attempt(s), numbered ${JSON.stringify(attempts)} (${base}-based)`,
    [seen],
  );
}

/**
 * The status attribute (e.g. `http.response.status_code`) equals what the mock answered on every
 * attempt, and failed attempts carry the error attribute (e.g. `error.message`).
 */
export function checkApiRequestStatus(run: ScenarioRun): Judgement {
  const m = mappingOf(run).apiRequest;
  if (!m?.statusAttribute) return skip('the catalog has no status attribute on its API request event');
  const statusKey = m.statusAttribute;
  const logs = eventsOf(run, m.event, m.errorEvent);
  if (logs.length !== run.model.length) return pass('count mismatch is judged by API-REQUEST-PER-ATTEMPT');
  const bad: string[] = [];
  logs.forEach((l, i) => {
    const got = numericValue(l.attributes[statusKey]);
    const want = run.model[i]!.status;
    if (got !== want)
      bad.push(
        `attempt ${i + 1}: ${statusKey.replace(/^http\.response\./, '')} ${got ?? 'absent'}, mock answered ${want}`,
      );
    if (m.errorAttribute && want >= 400 && !textValue(l.attributes[m.errorAttribute]))
      bad.push(`attempt ${i + 1}: no ${m.errorAttribute} on HTTP ${want}`);
  });
  if (bad.length)
    return fail(
      bad.join('; '),
      logs.slice(0, 3).map((l) => recordEvidence(l)),
    );
  return pass(`status codes ${run.model.map((m) => m.status).join(', ')} reported`);
}

/** The usage of every answer the mock served that reports one (completed streams), in order. */
export function servedTokenUsages(run: ScenarioRun): TokenUsage[] {
  const out: TokenUsage[] = [];
  for (const ex of run.model) {
    if (ex.usage) out.push(ex.usage);
    else
      for (const u of servedUsagesOf(ex))
        out.push({
          input: u.input_tokens,
          cached: u.input_tokens_details?.cached_tokens ?? 0,
          output: u.output_tokens,
          reasoning: u.output_tokens_details?.reasoning_tokens ?? 0,
        });
  }
  return out;
}

function servedUsagesOf(ex: ModelExchange): ServedUsage[] {
  return ex.frames
    .filter((f) => f.type === 'response.completed')
    .map((f) => (f.response as { usage: ServedUsage }).usage);
}

/** Served Responses API usage of the completed streams, in order (Codex's `tool_token_count`). */
export function servedUsages(run: ScenarioRun): ServedUsage[] {
  const out: ServedUsage[] = [];
  for (const ex of run.model)
    for (const f of ex.frames)
      if (f.type === 'response.completed') out.push((f.response as { usage: ServedUsage }).usage);
  return out;
}

/** The records that carry token counts (the mapping's `tokens` event, filtered by its marker). */
function completionRecords(run: ScenarioRun) {
  const m = mappingOf(run).tokens;
  if (!m) return [];
  const first = m.attributes.input ?? m.attributes.output;
  return eventsNamed(run, m.event).filter(
    (l) =>
      (!m.where || textValue(l.attributes[m.where.attribute]) === m.where.value) &&
      (first === undefined || l.attributes[first] !== undefined),
  );
}

/**
 * Token counts equal the usage the mock served, answer by answer. Input and output are required; an
 * optional count (cached, reasoning) may be left out only when the server served none of it (0): a
 * count the server served must arrive and be equal.
 */
export function checkTokenCounts(run: ScenarioRun): Judgement {
  const m = mappingOf(run).tokens;
  if (!m) return skip('the catalog has no token counts');
  const usages = servedTokenUsages(run);
  const completed = completionRecords(run);
  const what = m.where ? `${m.event} of ${m.where.attribute} ${m.where.value}` : m.event;
  if (completed.length !== usages.length)
    return fail(
      `the mock served ${usages.length} answer(s) with usage but ${completed.length} ${what} carry token counts`,
      [
        fact('served usage', usages),
        ...completed.slice(0, 2).map((l) => recordEvidence(l)),
        absenceEvidence(run, `${what} with ${m.attributes.input ?? m.attributes.output}`),
      ],
    );
  const bad: string[] = [];
  completed.forEach((l, i) => {
    const u = usages[i]!;
    const pairs: [string | undefined, number, boolean][] = [
      [m.attributes.input, u.input, true],
      [m.attributes.output, u.output, true],
      [m.attributes.cached, u.cached, false],
      [m.attributes.reasoning, u.reasoning, false],
    ];
    for (const [key, want, required] of pairs) {
      if (key === undefined) continue;
      const got = numericValue(l.attributes[key]);
      if (got === undefined && !required && !(want > 0)) continue;
      if (got !== want) bad.push(`completion ${i + 1}: ${key} = ${got ?? 'absent'}, served ${want}`);
    }
  });
  if (bad.length)
    return fail(bad.join('; '), [
      fact('served usage', usages),
      ...completed.slice(0, 2).map((l) => recordEvidence(l)),
    ]);
  return pass(`token counts of ${completed.length} completion(s) equal the served usage`, [
    fact('served usage', usages),
  ]);
}

/** `tool_token_count` carries `total_tokens` of the served usage (as Codex fills it). */
export function checkToolTokenCount(run: ScenarioRun): Judgement {
  const usages = servedUsages(run);
  const completed = completionRecords(run);
  const bad = completed
    .map((l, i) => [numericValue(l.attributes.tool_token_count), usages[i]?.total_tokens] as const)
    .filter(([got, want]) => got !== want);
  if (completed.length === 0)
    return fail('no response.completed sse_event captured', [absenceEvidence(run, 'response.completed')]);
  if (bad.length)
    return fail(
      `tool_token_count ${bad.map(([g, w]) => `${g ?? 'absent'} (total_tokens ${w})`).join(', ')}`,
      completed.slice(0, 2).map((l) => recordEvidence(l)),
    );
  return pass('tool_token_count equals total_tokens');
}

/** One `codex.sse_event` per frame served, by `event.kind`. */
export function checkSsePerFrame(run: ScenarioRun): Judgement {
  const served = new Map<string, number>();
  for (const ex of run.model) for (const f of ex.frames) served.set(f.type, (served.get(f.type) ?? 0) + 1);
  const got = new Map<string, number>();
  for (const l of eventsNamed(run, EVENT.sseEvent)) {
    const k = textValue(l.attributes['event.kind']) ?? '(none)';
    got.set(k, (got.get(k) ?? 0) + 1);
  }
  const bad = [...served]
    .filter(([k, n]) => (got.get(k) ?? 0) !== n)
    .map(([k, n]) => `${k}: served ${n}, sse_event ${got.get(k) ?? 0}`);
  const ev = [
    fact('served frames', Object.fromEntries(served)),
    fact('sse_event by kind', Object.fromEntries(got)),
  ];
  if (bad.length) return fail(bad.join('; '), ev);
  return pass(
    `one sse_event per served frame (${[...served.values()].reduce((a, b) => a + b, 0)} frames)`,
    ev,
  );
}

/** A failed stream (`response.failed`, a cut stream) is reported by an `codex.sse_event` carrying `error.message`. */
export function checkSseErrorOnFailure(run: ScenarioRun): Judgement {
  const withError = eventsNamed(run, EVENT.sseEvent).filter((l) => textValue(l.attributes['error.message']));
  if (withError.length > 0)
    return pass(`${withError.length} sse_event with error.message`, [recordEvidence(withError[0]!)]);
  return fail('no codex.sse_event carries error.message for the failed stream', [
    absenceEvidence(run, 'codex.sse_event with error.message'),
  ]);
}
