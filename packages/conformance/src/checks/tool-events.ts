import { textValue } from '../capture/any-value.ts';
import { EVENT } from '../catalog/catalog.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { fail, type Judgement, pass, skip } from '../requirements/model.ts';
import { absenceEvidence, eventsNamed, fact, recordEvidence } from './helpers.ts';

/** The decision the subject was configured to take is reported: `decision` and `source` as set up. */
export function checkToolDecision(run: ScenarioRun): Judgement {
  const call = run.toolCall;
  if (!call || !run.scenario.decision) return skip('no tool call in this scenario');
  const [decision, source] = run.scenario.decision.split('/');
  const logs = eventsNamed(run, EVENT.toolDecision).filter(
    (l) => textValue(l.attributes.call_id) === call.callId,
  );
  if (logs.length !== 1)
    return fail(`expected one codex.tool_decision for call_id ${call.callId}, captured ${logs.length}`, [
      absenceEvidence(run, `codex.tool_decision call_id=${call.callId}`),
      ...eventsNamed(run, EVENT.toolDecision).map((l) => recordEvidence(l)),
    ]);
  const l = logs[0]!;
  const got = `${textValue(l.attributes.decision)}/${textValue(l.attributes.source)}`;
  // the spelling of the values (enum) is judged by TOOL-DECISION-ATTRIBUTES; here: the decision taken
  const want = `${decision}/${source}`;
  if (got.toLowerCase() !== want)
    return fail(`decision/source ${got}; configured ${want}`, [recordEvidence(l)]);
  const note = got === want ? '' : ' (value spelling judged by TOOL-DECISION-ATTRIBUTES)';
  return pass(`decision ${got} reported for ${call.callId}${note}`, [recordEvidence(l)]);
}

/** `call_id` joins the model's function call, the decision and the result; the decision comes first. */
export function checkCallIdJoin(run: ScenarioRun): Judgement {
  const call = run.toolCall;
  if (!call) return skip('no tool call in this scenario');
  const decisions = eventsNamed(run, EVENT.toolDecision);
  const results = eventsNamed(run, EVENT.toolResult);
  const ev = [fact('model function_call', { call_id: call.callId, name: call.name })];
  const d = decisions.find((x) => textValue(x.attributes.call_id) === call.callId);
  const r = results.find((x) => textValue(x.attributes.call_id) === call.callId);
  const ran = run.scenario.decision?.startsWith('approved');
  if (!d)
    return fail(`no codex.tool_decision with call_id ${call.callId}`, [
      ...ev,
      ...decisions.map((x) => recordEvidence(x)),
      absenceEvidence(run, 'tool_decision'),
    ]);
  if (ran && !r)
    return fail(`no codex.tool_result with call_id ${call.callId}`, [
      ...ev,
      ...results.map((x) => recordEvidence(x)),
      absenceEvidence(run, 'tool_result'),
    ]);
  if (r && r.seq < d.seq)
    return fail('codex.tool_result was exported before its codex.tool_decision', [
      recordEvidence(d),
      recordEvidence(r),
    ]);
  return pass(`call_id ${call.callId} joins the call, the decision${r ? ' and the result' : ''}`, ev);
}

/** The function call output the agent sent back to the model (ground truth from the mock). */
function outputSentBack(run: ScenarioRun, callId: string): string | undefined {
  for (const ex of run.model)
    for (const item of ex.input as Record<string, unknown>[])
      if (item && item.type === 'function_call_output' && item.call_id === callId) {
        const o = item.output;
        if (typeof o === 'string') return o;
        if (o && typeof o === 'object' && 'content' in o) return String((o as { content: unknown }).content);
        return JSON.stringify(o);
      }
  return undefined;
}

/** `codex.tool_result` reports the tool that ran: name, the model's arguments, success, and the output sent back. */
export function checkToolResult(run: ScenarioRun): Judgement {
  const call = run.toolCall;
  if (!call) return skip('no tool call in this scenario');
  if (!run.scenario.decision?.startsWith('approved')) {
    const r = eventsNamed(run, EVENT.toolResult).find((x) => textValue(x.attributes.call_id) === call.callId);
    return r && textValue(r.attributes.success) === 'true'
      ? fail('a tool that was not approved reports success "true"', [recordEvidence(r)])
      : pass('no successful tool_result for a call that was not approved');
  }
  const r = eventsNamed(run, EVENT.toolResult).find((x) => textValue(x.attributes.call_id) === call.callId);
  if (!r)
    return fail(`no codex.tool_result for call_id ${call.callId}`, [absenceEvidence(run, EVENT.toolResult)]);
  const problems: string[] = [];
  if (textValue(r.attributes.tool_name) !== call.name)
    problems.push(`tool_name ${textValue(r.attributes.tool_name)}, model called ${call.name}`);
  if (textValue(r.attributes.arguments) !== call.arguments)
    problems.push("arguments differ from the model's function call arguments");
  const wantSuccess = run.scenario.toolCall?.failing ? 'false' : 'true';
  if (textValue(r.attributes.success) !== wantSuccess)
    problems.push(
      `success ${textValue(r.attributes.success)}; the command ${run.scenario.toolCall?.failing ? 'exits non-zero' : 'succeeds'}`,
    );
  const sent = outputSentBack(run, call.callId);
  const output = textValue(r.attributes.output) ?? '';
  const marker = run.scenario.toolCall?.failing ? 'agentotel-tool-failed' : 'agentotel-tool-ok';
  if (!output.includes(marker) && !(sent !== undefined && output === sent))
    problems.push(`output does not carry the tool's output (${marker})`);
  const ev = [
    recordEvidence(r),
    fact('model function_call', call),
    fact('function_call_output sent back', sent ?? '(not seen by the mock)'),
  ];
  if (problems.length) return fail(problems.join('; '), ev);
  return pass(`tool_result matches the call (success ${wantSuccess})`, ev);
}
