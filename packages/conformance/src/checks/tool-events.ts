import { textValue } from '../capture/any-value.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import type { RequirementMapping } from '../profiles/profile.ts';
import { fail, type Judgement, pass, skip } from '../requirements/model.ts';
import { absenceEvidence, eventsNamed, fact, recordEvidence } from './helpers.ts';
import { mappingOf } from './mapping.ts';

type ToolMapping = NonNullable<RequirementMapping['tool']>;

/** The tool mapping of the run's catalog, or a skip. */
function toolMapping(run: ScenarioRun): ToolMapping | Judgement {
  return mappingOf(run).tool ?? skip('the catalog has no tool events');
}
const isJudgement = (x: unknown): x is Judgement => !!x && typeof x === 'object' && 'verdict' in x;

/**
 * One fault, one requirement: when records of `event` arrived but none carries the model's call id
 * (they carry ids of their own), the id is TOOL-CALL-ID-JOIN's fault, and a requirement that looks the
 * record up by the id is not judged. Returns that skip, or undefined when a record carries the id or
 * none of `event` arrived at all (then the caller judges the absence).
 */
export function joinJudgedElsewhere(
  run: ScenarioRun,
  event: string,
  idAttribute: string,
  callId: string,
): Judgement | undefined {
  const all = eventsNamed(run, event);
  if (all.length === 0 || all.some((l) => textValue(l.attributes[idAttribute]) === callId)) return undefined;
  const ids = [...new Set(all.map((l) => textValue(l.attributes[idAttribute]) ?? '(none)'))];
  return skip(
    `${event} arrived, but with ${idAttribute} ${ids.join(', ')}, not the model's ${callId}: the id is judged by TOOL-CALL-ID-JOIN`,
    all.slice(0, 2).map((l) => recordEvidence(l)),
  );
}

/** The decision the subject was configured to take is reported: decision and source as set up. */
export function checkToolDecision(run: ScenarioRun): Judgement {
  const call = run.toolCall;
  if (!call || !run.scenario.decision) return skip('no tool call in this scenario');
  const m = toolMapping(run);
  if (isJudgement(m)) return m;
  if (!m.decisionEvent || !m.decisionAttribute) return skip('the catalog has no tool decision event');
  const decisionEvent = m.decisionEvent;
  const [decision, source] = run.scenario.decision.split('/');
  const logs = eventsNamed(run, decisionEvent).filter(
    (l) => textValue(l.attributes[m.callIdAttribute]) === call.callId,
  );
  if (logs.length === 0) {
    const elsewhere = joinJudgedElsewhere(run, decisionEvent, m.callIdAttribute, call.callId);
    if (elsewhere) return elsewhere;
  }
  if (logs.length !== 1)
    return fail(
      `expected one ${decisionEvent} for ${m.callIdAttribute} ${call.callId}, captured ${logs.length}`,
      [
        absenceEvidence(run, `${decisionEvent} ${m.callIdAttribute}=${call.callId}`),
        ...eventsNamed(run, decisionEvent).map((l) => recordEvidence(l)),
      ],
    );
  const l = logs[0]!;
  if (!m.sourceAttribute) {
    const got = textValue(l.attributes[m.decisionAttribute]);
    if (got?.toLowerCase() !== decision)
      return fail(`decision ${got}; configured ${decision}`, [recordEvidence(l)]);
    return pass(`decision ${got} reported for ${call.callId}`, [recordEvidence(l)]);
  }
  const got = `${textValue(l.attributes[m.decisionAttribute])}/${textValue(l.attributes[m.sourceAttribute])}`;
  // the spelling of the values (enum) is judged by TOOL-DECISION-ATTRIBUTES; here: the decision taken
  const want = m.decisionValues?.[run.scenario.decision] ?? `${decision}/${source}`;
  if (got.toLowerCase() !== want)
    return fail(`decision/source ${got}; configured ${want}`, [recordEvidence(l)]);
  const note = got === want ? '' : ' (value spelling judged by TOOL-DECISION-ATTRIBUTES)';
  return pass(`decision ${got} reported for ${call.callId}${note}`, [recordEvidence(l)]);
}

/**
 * The call id attribute (e.g. `call_id`) joins the model's function call, the decision and the result;
 * the decision comes first. A catalog without a decision event joins the call and the result.
 */
export function checkCallIdJoin(run: ScenarioRun): Judgement {
  const call = run.toolCall;
  if (!call) return skip('no tool call in this scenario');
  const m = toolMapping(run);
  if (isJudgement(m)) return m;
  const id = m.callIdAttribute;
  const decisions = m.decisionEvent ? eventsNamed(run, m.decisionEvent) : [];
  const results = eventsNamed(run, m.resultEvent);
  const ev = [fact('model function_call', { call_id: call.callId, name: call.name })];
  const d = decisions.find((x) => textValue(x.attributes[id]) === call.callId);
  const r = results.find((x) => textValue(x.attributes[id]) === call.callId);
  const ran = run.scenario.decision?.startsWith('approved');
  if (m.decisionEvent && !d)
    return fail(`no ${m.decisionEvent} with ${id} ${call.callId}`, [
      ...ev,
      ...decisions.map((x) => recordEvidence(x)),
      absenceEvidence(run, m.decisionEvent.replace(/^[a-z_]+\./, '')),
    ]);
  if (ran && !r)
    return fail(`no ${m.resultEvent} with ${id} ${call.callId}`, [
      ...ev,
      ...results.map((x) => recordEvidence(x)),
      absenceEvidence(run, m.resultEvent.replace(/^[a-z_]+\./, '')),
    ]);
  if (d && r && r.seq < d.seq)
    return fail(`${m.resultEvent} was exported before its ${m.decisionEvent}`, [
      recordEvidence(d),
      recordEvidence(r),
    ]);
  return pass(
    `${id} ${call.callId} joins the call${d ? ', the decision' : ''}${r ? ' and the result' : ''}`,
    ev,
  );
}

/** The function call output the agent sent back to the model (ground truth from the mock). */
function outputSentBack(run: ScenarioRun, callId: string): string | undefined {
  for (const ex of run.model) if (ex.toolOutputs?.[callId] !== undefined) return ex.toolOutputs[callId];
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

/**
 * The tool result event (e.g. `codex.tool_result`) reports the tool that ran: its name, success and,
 * where the catalog has them (`arguments`, `output`), the model's arguments and the output sent back.
 */
export function checkToolResult(run: ScenarioRun): Judgement {
  const call = run.toolCall;
  if (!call) return skip('no tool call in this scenario');
  const m = toolMapping(run);
  if (isJudgement(m)) return m;
  const id = m.callIdAttribute;
  const ok = m.successAttribute;
  const successText = (x: (typeof results)[number]) => (ok ? textValue(x.attributes[ok]) : undefined);
  const results = eventsNamed(run, m.resultEvent);
  if (!run.scenario.decision?.startsWith('approved')) {
    const r = results.find((x) => textValue(x.attributes[id]) === call.callId);
    return r && successText(r) === 'true'
      ? fail('a tool that was not approved reports success "true"', [recordEvidence(r)])
      : pass('no successful tool_result for a call that was not approved');
  }
  const r = results.find((x) => textValue(x.attributes[id]) === call.callId);
  if (!r) {
    const elsewhere = joinJudgedElsewhere(run, m.resultEvent, id, call.callId);
    if (elsewhere) return elsewhere;
  }
  if (!r) return fail(`no ${m.resultEvent} for ${id} ${call.callId}`, [absenceEvidence(run, m.resultEvent)]);
  const problems: string[] = [];
  if (textValue(r.attributes[m.toolNameAttribute]) !== call.name)
    problems.push(
      `${m.toolNameAttribute} ${textValue(r.attributes[m.toolNameAttribute])}, model called ${call.name}`,
    );
  if (m.argumentsAttribute && textValue(r.attributes[m.argumentsAttribute]) !== call.arguments)
    problems.push("arguments differ from the model's function call arguments");
  // The catalog defines success only as "true"/"false" (TOOL-RESULT-ATTRIBUTES): a command that ran and
  // succeeded is "true"; one that ran and exited non-zero may be either ("the call ran", as Codex reads
  // it, or the exit status): the exit-status reading is TOOL-RESULT-SUCCESS-MATCHES-EXIT, a SHOULD.
  const failing = run.scenario.toolCall?.failing === true;
  if (ok && !failing && successText(r) !== 'true')
    problems.push(`${ok} ${successText(r)}; the command ran and succeeded`);
  const sent = outputSentBack(run, call.callId);
  const output = m.outputAttribute ? (textValue(r.attributes[m.outputAttribute]) ?? '') : '';
  const marker = run.scenario.toolCall?.failing ? 'agentotel-tool-failed' : 'agentotel-tool-ok';
  if (m.outputAttribute && !output.includes(marker) && !(sent !== undefined && output === sent))
    problems.push(`output does not carry the tool's output (${marker})`);
  const ev = [
    recordEvidence(r),
    fact('model function_call', call),
    fact('function_call_output sent back', sent ?? '(not seen by the mock)'),
  ];
  if (problems.length) return fail(problems.join('; '), ev);
  return pass(
    `tool_result matches the call (success ${successText(r)}${failing ? ', the command exited non-zero: the reading is judged by TOOL-RESULT-SUCCESS-MATCHES-EXIT' : ''})`,
    ev,
  );
}
