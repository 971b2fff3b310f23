import { numericValue, textValue } from '../capture/any-value.ts';
import type { CapturedLog } from '../capture/model.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import type { RequirementMapping } from '../profiles/profile.ts';
import { fail, type Judgement, pass, skip } from '../requirements/model.ts';
import { absenceEvidence, codePoints, eventsNamed, fact, recordEvidence } from './helpers.ts';
import { mappingOf } from './mapping.ts';

type PromptMapping = NonNullable<RequirementMapping['userPrompt']>;

/** The run's user-prompt mapping and records, or a skip when the catalog has no prompt event. */
function promptRecords(run: ScenarioRun): { m: PromptMapping; logs: CapturedLog[] } | Judgement {
  const m = mappingOf(run).userPrompt;
  if (!m) return skip('the catalog has no user prompt event');
  return { m, logs: eventsNamed(run, m.event) };
}

const isJudgement = (x: unknown): x is Judgement => !!x && typeof x === 'object' && 'verdict' in x;

/** Exactly one user-prompt event (e.g. `codex.user_prompt`) per turn. */
export function checkUserPromptOnce(run: ScenarioRun): Judgement {
  const r = promptRecords(run);
  if (isJudgement(r)) return r;
  const { m, logs } = r;
  if (logs.length === 1) return pass(`one ${m.event}`, [recordEvidence(logs[0]!)]);
  return fail(
    `expected one ${m.event} for the turn, captured ${logs.length}`,
    logs.length ? logs.map((l) => recordEvidence(l)) : [absenceEvidence(run, m.event)],
  );
}

/**
 * Without the opt-in, the prompt attribute is redacted as the catalog says: the literal marker (Codex
 * `[REDACTED]`) or left out.
 */
export function checkPromptRedacted(run: ScenarioRun): Judgement {
  const r = promptRecords(run);
  if (isJudgement(r)) return r;
  const { m, logs } = r;
  if (logs.length === 0) return pass(`no ${m.event} to judge (USER-PROMPT-EMITTED judges its absence)`);
  const key = m.promptAttribute;
  if (m.redacted === 'absent') {
    const bad = logs.filter((l) => l.attributes[key] !== undefined);
    if (bad.length)
      return fail(
        `${key} is present although the opt-in (${m.optInSwitch}) is off`,
        bad.map((l) => recordEvidence(l)),
      );
    return pass(`${key} is left out`, [recordEvidence(logs[0]!)]);
  }
  const marker = m.redacted.marker;
  const bad = logs.filter((l) => textValue(l.attributes[key]) !== marker);
  if (bad.length)
    return fail(
      `${key} is not "${marker}" although ${m.optInSwitch.replace(/ ?= ?true$/, '')} is false`,
      bad.map((l) => recordEvidence(l)),
    );
  return pass(`${key} is "${marker}"`, [recordEvidence(logs[0]!)]);
}

/** With the opt-in, the prompt attribute carries the literal prompt. */
export function checkPromptLoggedWhenOptedIn(run: ScenarioRun): Judgement {
  const r = promptRecords(run);
  if (isJudgement(r)) return r;
  const { m, logs } = r;
  if (logs.length === 0) return fail(`no ${m.event} captured`, [absenceEvidence(run, m.event)]);
  const bad = logs.filter((l) => textValue(l.attributes[m.promptAttribute]) !== run.scenario.prompt);
  if (bad.length)
    return fail(
      `${m.promptAttribute} does not equal the prompt sent although ${m.optInSwitch}`,
      bad.map((l) => recordEvidence(l)),
    );
  return pass(`${m.promptAttribute} equals the prompt sent`, [recordEvidence(logs[0]!)]);
}

/** The prompt length attribute counts the prompt in the catalog's unit (Codex: Unicode code points). */
export function checkPromptLength(run: ScenarioRun): Judgement {
  const r = promptRecords(run);
  if (isJudgement(r)) return r;
  const { m, logs } = r;
  if (!m.length) return skip('the catalog has no prompt length attribute');
  if (logs.length === 0) return pass(`no ${m.event} to judge (USER-PROMPT-EMITTED judges its absence)`);
  const prompt = run.scenario.prompt;
  const want =
    m.length.unit === 'code-points'
      ? codePoints(prompt)
      : m.length.unit === 'utf16-units'
        ? prompt.length
        : Buffer.byteLength(prompt);
  const key = m.length.attribute;
  const bad = logs.filter((l) => numericValue(l.attributes[key]) !== want);
  const ev = fact(
    'prompt',
    `${codePoints(prompt)} code points, ${prompt.length} UTF-16 units, ${Buffer.byteLength(prompt)} UTF-8 bytes`,
  );
  const unit = m.length.unit.replace('-', ' ');
  if (bad.length)
    return fail(`${key} ${bad.map((l) => textValue(l.attributes[key])).join(', ')}; expected ${want}`, [
      ev,
      ...bad.map((l) => recordEvidence(l)),
    ]);
  return pass(`${key} = ${want} ${unit}`, [ev]);
}
