import { numericValue, textValue } from '../capture/any-value.ts';
import { EVENT } from '../catalog/catalog.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { fail, type Judgement, pass } from '../requirements/model.ts';
import type { ServedUsage } from '../scenarios/frames.ts';
import { absenceEvidence, eventsNamed, fact, recordEvidence } from './helpers.ts';

/**
 * The attempt numbers the mock's answers imply (1-based): attempts restart after a request whose answer
 * was final (a completed stream), and count up after a retried failure.
 */
export function expectedAttempts(run: ScenarioRun): number[] {
  const out: number[] = [];
  let next = 1;
  for (const ex of run.model) {
    out.push(next);
    const completedStream = ex.served === 'sse' && ex.frames.some((f) => f.type === 'response.completed');
    next = completedStream ? 1 : next + 1;
  }
  return out;
}

/**
 * One `codex.api_request` per HTTP attempt the mock saw, attempts numbered consecutively per model
 * request. The catalog does not fix the base, so the first attempt may be 0 or 1 (the same base on
 * every request of the run); the base is reported.
 */
export function checkApiRequestPerAttempt(run: ScenarioRun): Judgement {
  const logs = eventsNamed(run, EVENT.apiRequest);
  const attempts = logs.map((l) => numericValue(l.attributes.attempt));
  const seen = fact(
    'mock saw',
    run.model.map((m) => `${m.served} ${m.status}`).join(' -> ') || 'no model request',
  );
  if (logs.length !== run.model.length)
    return fail(
      `the mock saw ${run.model.length} HTTP attempt(s) but ${logs.length} codex.api_request were captured`,
      [
        seen,
        ...(logs.length
          ? logs.slice(0, 4).map((l) => recordEvidence(l))
          : [absenceEvidence(run, EVENT.apiRequest)]),
      ],
    );
  const base = attempts[0] === 0 ? 0 : 1;
  const expected = expectedAttempts(run).map((a) => a - 1 + base);
  const strictSeq = !run.scenario.tags.includes('failure');
  const numbered = attempts.every(
    (a, i) => a !== undefined && a >= base && (a === base || a === (attempts[i - 1] ?? -9) + 1),
  );
  if (!numbered || (strictSeq && JSON.stringify(attempts) !== JSON.stringify(expected)))
    return fail(`attempt numbers ${JSON.stringify(attempts)}; expected ${JSON.stringify(expected)}`, [
      seen,
      ...logs.slice(0, 4).map((l) => recordEvidence(l)),
    ]);
  return pass(
    `${logs.length} api_request for ${run.model.length} attempt(s), numbered ${JSON.stringify(attempts)} (${base}-based)`,
    [seen],
  );
}

/** `http.response.status_code` equals what the mock answered, on every attempt that got a response. */
export function checkApiRequestStatus(run: ScenarioRun): Judgement {
  const logs = eventsNamed(run, EVENT.apiRequest);
  if (logs.length !== run.model.length) return pass('count mismatch is judged by API-REQUEST-PER-ATTEMPT');
  const bad: string[] = [];
  logs.forEach((l, i) => {
    const got = numericValue(l.attributes['http.response.status_code']);
    const want = run.model[i]!.status;
    if (got !== want) bad.push(`attempt ${i + 1}: status_code ${got ?? 'absent'}, mock answered ${want}`);
    if (want >= 400 && !textValue(l.attributes['error.message']))
      bad.push(`attempt ${i + 1}: no error.message on HTTP ${want}`);
  });
  if (bad.length)
    return fail(
      bad.join('; '),
      logs.slice(0, 3).map((l) => recordEvidence(l)),
    );
  return pass(`status codes ${run.model.map((m) => m.status).join(', ')} reported`);
}

/** Served usage of the completed streams, in order. */
export function servedUsages(run: ScenarioRun): ServedUsage[] {
  const out: ServedUsage[] = [];
  for (const ex of run.model)
    for (const f of ex.frames)
      if (f.type === 'response.completed') out.push((f.response as { usage: ServedUsage }).usage);
  return out;
}

/** The `codex.sse_event` records of kind `response.completed` that carry token counts. */
function completionRecords(run: ScenarioRun) {
  return eventsNamed(run, EVENT.sseEvent).filter(
    (l) =>
      textValue(l.attributes['event.kind']) === 'response.completed' &&
      l.attributes.input_token_count !== undefined,
  );
}

/** Token counts on `response.completed` equal the usage the mock served. */
export function checkTokenCounts(run: ScenarioRun): Judgement {
  const usages = servedUsages(run);
  const completed = completionRecords(run);
  if (completed.length !== usages.length)
    return fail(
      `the mock served ${usages.length} response.completed but ${completed.length} codex.sse_event of kind response.completed carry token counts`,
      [
        fact('served usage', usages),
        ...completed.slice(0, 2).map((l) => recordEvidence(l)),
        absenceEvidence(run, 'codex.sse_event response.completed with input_token_count'),
      ],
    );
  const bad: string[] = [];
  completed.forEach((l, i) => {
    const u = usages[i]!;
    const pairs: [string, number | undefined, boolean][] = [
      ['input_token_count', u.input_tokens, true],
      ['output_token_count', u.output_tokens, true],
      ['cached_token_count', u.input_tokens_details?.cached_tokens, false],
      ['reasoning_token_count', u.output_tokens_details?.reasoning_tokens, false],
    ];
    for (const [key, want, required] of pairs) {
      const got = numericValue(l.attributes[key]);
      if (got === undefined && !required) continue;
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
