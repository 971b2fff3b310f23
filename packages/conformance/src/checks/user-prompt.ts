import { numericValue, textValue } from '../capture/any-value.ts';
import { EVENT, REDACTED } from '../catalog/catalog.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { fail, type Judgement, pass } from '../requirements/model.ts';
import { absenceEvidence, codePoints, eventsNamed, fact, recordEvidence } from './helpers.ts';

/** Exactly one `codex.user_prompt` per turn. */
export function checkUserPromptOnce(run: ScenarioRun): Judgement {
  const logs = eventsNamed(run, EVENT.userPrompt);
  if (logs.length === 1) return pass('one codex.user_prompt', [recordEvidence(logs[0]!)]);
  return fail(
    `expected one codex.user_prompt for the turn, captured ${logs.length}`,
    logs.length ? logs.map((l) => recordEvidence(l)) : [absenceEvidence(run, EVENT.userPrompt)],
  );
}

/** Without opt-in, `prompt` is the literal `[REDACTED]`. */
export function checkPromptRedacted(run: ScenarioRun): Judgement {
  const logs = eventsNamed(run, EVENT.userPrompt);
  if (logs.length === 0)
    return pass('no codex.user_prompt to judge (USER-PROMPT-EMITTED judges its absence)');
  const bad = logs.filter((l) => textValue(l.attributes.prompt) !== REDACTED);
  if (bad.length)
    return fail(
      `prompt is not "${REDACTED}" although log_user_prompt is false`,
      bad.map((l) => recordEvidence(l)),
    );
  return pass(`prompt is "${REDACTED}"`, [recordEvidence(logs[0]!)]);
}

/** With `log_user_prompt = true`, `prompt` carries the literal prompt. */
export function checkPromptLoggedWhenOptedIn(run: ScenarioRun): Judgement {
  const logs = eventsNamed(run, EVENT.userPrompt);
  if (logs.length === 0)
    return fail('no codex.user_prompt captured', [absenceEvidence(run, EVENT.userPrompt)]);
  const bad = logs.filter((l) => textValue(l.attributes.prompt) !== run.scenario.prompt);
  if (bad.length)
    return fail(
      'prompt does not equal the prompt sent although log_user_prompt = true',
      bad.map((l) => recordEvidence(l)),
    );
  return pass('prompt equals the prompt sent', [recordEvidence(logs[0]!)]);
}

/** `prompt_length` counts the Unicode code points of the unredacted prompt. */
export function checkPromptLength(run: ScenarioRun): Judgement {
  const logs = eventsNamed(run, EVENT.userPrompt);
  if (logs.length === 0)
    return pass('no codex.user_prompt to judge (USER-PROMPT-EMITTED judges its absence)');
  const want = codePoints(run.scenario.prompt);
  const bad = logs.filter((l) => numericValue(l.attributes.prompt_length) !== want);
  const ev = fact(
    'prompt',
    `${want} code points, ${run.scenario.prompt.length} UTF-16 units, ${Buffer.byteLength(run.scenario.prompt)} UTF-8 bytes`,
  );
  if (bad.length)
    return fail(
      `prompt_length ${bad.map((l) => textValue(l.attributes.prompt_length)).join(', ')}; expected ${want}`,
      [ev, ...bad.map((l) => recordEvidence(l))],
    );
  return pass(`prompt_length = ${want} code points`, [ev]);
}
