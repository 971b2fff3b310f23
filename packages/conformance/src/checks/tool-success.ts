import { textValue } from '../capture/any-value.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { fail, type Judgement, pass, skip } from '../requirements/model.ts';
import { eventsNamed, fact, recordEvidence } from './helpers.ts';
import { mappingOf } from './mapping.ts';

/**
 * For a command that ran and exited non-zero, the tool result's success attribute is `"false"`: the
 * reference implementation reads success as the command's exit status. The catalog defines success only
 * as `"true"`/`"false"`; the Codex CLI reports `"true"` when the call ran, whatever its exit status. So
 * this is a SHOULD, and TOOL-RESULT-MATCHES-CALL accepts either reading for such a command.
 */
export function checkToolSuccessMatchesExit(run: ScenarioRun): Judgement {
  const call = run.toolCall;
  const m = mappingOf(run).tool;
  if (!call || !m) return skip('no tool call in this scenario');
  if (!m.successAttribute) return skip('the catalog has no success attribute on its tool result');
  if (!run.scenario.toolCall?.failing)
    return skip('the command succeeds (judged by TOOL-RESULT-MATCHES-CALL)');
  const r = eventsNamed(run, m.resultEvent).find(
    (x) => textValue(x.attributes[m.callIdAttribute]) === call.callId,
  );
  if (!r) return skip(`no ${m.resultEvent} for ${call.callId} (judged by TOOL-RESULT-MATCHES-CALL)`);
  const got = textValue(r.attributes[m.successAttribute]);
  const ev = [recordEvidence(r), fact('command', run.scenario.toolCall.command)];
  if (got === 'false') return pass(`${m.successAttribute} "false" for a command that exited non-zero`, ev);
  return fail(
    `${m.successAttribute} "${got}" for a command that exited non-zero: success read as "the call ran" (as the Codex CLI does), not as the exit status`,
    ev,
  );
}
