import { textValue } from '../capture/any-value.ts';
import { eventNameOf } from '../capture/model.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { fail, type Judgement, pass } from '../requirements/model.ts';
import { CANARY } from '../scenarios/catalog.ts';
import { fact } from './helpers.ts';
import { mappingOf } from './mapping.ts';

/**
 * The prompt's canary appears in no signal: no attribute, body, resource, metric, span or header,
 * except the prompt attribute of the catalog's user-prompt event (e.g. `prompt` of `codex.user_prompt`,
 * judged by USER-PROMPT-REDACTED-BY-DEFAULT).
 */
export function checkCanaryNotLeaked(run: ScenarioRun): Judgement {
  const m = mappingOf(run).userPrompt;
  const leaks: string[] = [];
  const resources = new Set<object>();
  for (const l of run.capture.logs) {
    // one serialisation per record; attribute by attribute only when the canary is in there somewhere
    if (JSON.stringify(l.attributes).includes(CANARY))
      for (const [k, v] of Object.entries(l.attributes)) {
        if (m && eventNameOf(l) === m.event && k === m.promptAttribute) continue;
        if (JSON.stringify(v).includes(CANARY)) leaks.push(`${eventNameOf(l)} #${l.seq} attribute ${k}`);
      }
    if (l.body && JSON.stringify(l.body).includes(CANARY)) leaks.push(`${eventNameOf(l)} #${l.seq} body`);
    if (resources.has(l.resource)) continue; // records of one export share their resource
    resources.add(l.resource);
    if (JSON.stringify(l.resource).includes(CANARY)) leaks.push('resource attributes');
  }
  for (const m of run.capture.metrics)
    if (JSON.stringify(m.attributes).includes(CANARY)) leaks.push(`metric ${m.name}`);
  for (const r of run.otlpRequests)
    for (const [k, v] of Object.entries(r.headers)) if (v.includes(CANARY)) leaks.push(`header ${k}`);
  for (const e of run.capture.exports)
    if (e.signal === 'traces' && JSON.stringify(e.body).includes(CANARY)) leaks.push('trace export');
  if (leaks.length)
    return fail(`the prompt's canary leaked into ${[...new Set(leaks)].slice(0, 6).join(', ')}`, [
      fact('places', [...new Set(leaks)]),
    ]);
  const marker = m && m.redacted !== 'absent' ? m.redacted.marker : undefined;
  const prompts = m
    ? run.capture.logs
        .filter((l) => eventNameOf(l) === m.event)
        .map((l) => textValue(l.attributes[m.promptAttribute]))
    : [];
  return pass(
    `canary absent from ${run.capture.logs.length} records and ${run.capture.metrics.length} metric points`,
    [
      fact(
        `${m?.event.replace(/^[a-z_]+\./, '') ?? 'user_prompt'}.${m?.promptAttribute ?? 'prompt'}`,
        prompts.map((p) => (p === marker ? p : p === undefined ? '(absent)' : '(judged elsewhere)')),
      ),
    ],
  );
}
