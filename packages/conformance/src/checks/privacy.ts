import { type AnyValue, textValue } from '../capture/any-value.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { fail, type Judgement, pass } from '../requirements/model.ts';
import { CANARY } from '../scenarios/catalog.ts';
import { catalogNameOf, fact } from './helpers.ts';
import { mappingOf } from './mapping.ts';
import { type FragmentHit, promptFragmentFinder } from './prompt-fragments.ts';

/** Every string an attribute value holds (nested arrays and key/value lists included, keys too). */
function stringsOf(v: AnyValue | undefined): string[] {
  if (!v) return [];
  if ('stringValue' in v) return [v.stringValue];
  if ('bytesValue' in v) return [v.bytesValue];
  if ('arrayValue' in v) return v.arrayValue.values.flatMap(stringsOf);
  if ('kvlistValue' in v) return v.kvlistValue.values.flatMap((kv) => [kv.key, ...stringsOf(kv.value)]);
  return [];
}

/**
 * No part of the prompt appears in any signal: no attribute (key or value), body, resource attribute
 * (process attributes such as the command line included), scope, metric, span or header of any OTLP
 * request, except the prompt attribute of the catalog's user-prompt event (e.g. `prompt` of
 * `codex.user_prompt`, judged by USER-PROMPT-REDACTED-BY-DEFAULT). A part is any fragment of the
 * prompt's distinctive part (after the scenario title), verbatim, normalised (case, accents, white
 * space), or in base64 / base64url, hex or URL encoding: see {@link promptFragmentFinder}. Each distinct
 * string is examined once, so a long run costs time linear in its distinct strings.
 */
export function checkCanaryNotLeaked(run: ScenarioRun): Judgement {
  const m = mappingOf(run).userPrompt;
  // the scenario's prompt (it carries the canary); the canary alone for a run without one
  const find = promptFragmentFinder(run.scenario.prompt ?? CANARY, run.scenario.title);
  const leaks = new Map<string, FragmentHit>();
  const look = (place: string, texts: Iterable<string>) => {
    if (leaks.has(place)) return;
    for (const t of texts) {
      const hit = find(t);
      if (hit) {
        leaks.set(place, hit);
        return;
      }
    }
  };
  const resources = new Set<object>();
  const lookResource = (resource: Record<string, AnyValue>) => {
    if (resources.has(resource)) return; // records of one export share their resource
    resources.add(resource);
    for (const [k, v] of Object.entries(resource)) look(`resource attributes (${k})`, [k, ...stringsOf(v)]);
  };
  for (const l of run.capture.logs) {
    const name = catalogNameOf(run, l);
    for (const [k, v] of Object.entries(l.attributes)) {
      if (m && name === m.event && k === m.promptAttribute) continue;
      look(`${name} #${l.seq} attribute ${k}`, [k, ...stringsOf(v)]);
    }
    if (l.body) look(`${name} #${l.seq} body`, stringsOf(l.body));
    if (l.scopeName) look(`scope ${l.scopeName}`, [l.scopeName]);
    lookResource(l.resource);
  }
  for (const p of run.capture.metrics) {
    look(`metric ${p.name}`, [p.name]);
    for (const [k, v] of Object.entries(p.attributes))
      look(`metric ${p.name} attribute ${k}`, [k, ...stringsOf(v)]);
    lookResource(p.resource);
  }
  for (const r of run.otlpRequests)
    for (const [k, v] of Object.entries(r.headers)) look(`${r.signal} request header ${k}`, [k, v]);
  for (const e of run.capture.exports)
    if (e.signal === 'traces') look('trace export', [JSON.stringify(e.body)]);
  if (leaks.size) {
    const places = [...leaks.keys()];
    return fail(
      `part of the prompt leaked into ${places.slice(0, 6).join(', ')}${places.length > 6 ? `, … (${places.length} places)` : ''}`,
      [...leaks].slice(0, 6).map(([place, h]) => fact(place, `${h.form}: "${h.fragment}"`)),
    );
  }
  const marker = m && m.redacted !== 'absent' ? m.redacted.marker : undefined;
  const prompts = m
    ? run.capture.logs
        .filter((l) => catalogNameOf(run, l) === m.event)
        .map((l) => textValue(l.attributes[m.promptAttribute]))
    : [];
  return pass(
    `no part of the prompt in ${run.capture.logs.length} records, ${run.capture.metrics.length} metric points and ${run.otlpRequests.length} requests' headers`,
    [
      fact(
        `${m?.event.replace(/^[a-z_]+\./, '') ?? 'user_prompt'}.${m?.promptAttribute ?? 'prompt'}`,
        prompts.map((p) => (p === marker ? p : p === undefined ? '(absent)' : '(judged elsewhere)')),
      ),
    ],
  );
}
