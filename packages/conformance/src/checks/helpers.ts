import { plainValue, textValue } from '../capture/any-value.ts';
import { type CapturedLog, eventNameOf } from '../capture/model.ts';
import { findEvent } from '../catalog/catalog.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { mappingFor } from '../profiles/catalogs.ts';
import type { Evidence } from '../requirements/model.ts';

/** {@link catalogLogs} per run, with the records array and length it was computed from. */
const catalogLogsMemo = new WeakMap<
  ScenarioRun,
  { from: CapturedLog[]; length: number; logs: CapturedLog[] }
>();

/**
 * Log records of the run whose event name is in the catalog. Computed once per run (every requirement
 * asks for it) and recomputed only when the run's records change; callers must not mutate the result.
 */
export function catalogLogs(run: ScenarioRun): CapturedLog[] {
  const all = run.capture.logs;
  const hit = catalogLogsMemo.get(run);
  if (hit && hit.from === all && hit.length === all.length) return hit.logs;
  const logs = all.filter((l) => findEvent(catalogNameOf(run, l), run.profile) !== undefined);
  catalogLogsMemo.set(run, { from: all, length: all.length, logs });
  return logs;
}

/**
 * Which catalog event a record of the run is: the profile's own naming when its mapping has one
 * (`RequirementMapping.eventNameOf`), else {@link eventNameOf}.
 */
export function catalogNameOf(run: ScenarioRun, log: CapturedLog): string | undefined {
  const own = mappingFor(run.profile).eventNameOf;
  return own ? own(log) : eventNameOf(log);
}

/** Log records of one event name (as {@link catalogNameOf} reads them). */
export function eventsNamed(run: ScenarioRun, name: string): CapturedLog[] {
  const own = mappingFor(run.profile).eventNameOf;
  return run.capture.logs.filter((l) => (own ? own(l) : eventNameOf(l)) === name);
}

/** An attribute as text. */
export function attr(log: CapturedLog, key: string): string | undefined {
  return textValue(log.attributes[key]);
}

/** Compact evidence for one record: its event name, position and attributes (typed). */
export function recordEvidence(log: CapturedLog, label?: string): Evidence {
  const attrs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(log.attributes)) {
    const p = plainValue(v);
    attrs[k] =
      'intValue' in v ? { int: p } : 'doubleValue' in v ? { double: p } : 'boolValue' in v ? { bool: p } : p;
  }
  return {
    label: label ?? `${eventNameOf(log) ?? '(unnamed)'} #${log.seq}`,
    detail: JSON.stringify({
      transport: log.transport,
      timeUnixNano: log.timeUnixNano,
      eventName: log.eventName,
      attributes: attrs,
    }),
  };
}

/** Evidence that something is absent, listing what was captured instead. */
export function absenceEvidence(run: ScenarioRun, what: string): Evidence {
  const counts = new Map<string, number>();
  for (const l of run.capture.logs) {
    const n = eventNameOf(l) ?? '(unnamed)';
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  const list = [...counts].map(([n, c]) => `${n} x${c}`).join(', ') || 'no log records';
  return { label: `absent: ${what}`, detail: `captured: ${list}` };
}

/** A fact of the run as evidence. */
export const fact = (label: string, detail: unknown): Evidence => ({
  label,
  detail: typeof detail === 'string' ? detail : JSON.stringify(detail),
});

/** Unicode code points of a string. */
export const codePoints = (s: string): number => [...s].length;

/** Milliseconds of `event.timestamp`, or NaN. */
export function eventTimeMs(log: CapturedLog): number {
  const t = attr(log, 'event.timestamp');
  return t ? Date.parse(t) : Number.NaN;
}
