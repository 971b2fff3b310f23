import { eventNameOf } from '../capture/model.ts';
import { CATALOG, findEvent } from '../catalog/catalog.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';

/** Information: what a subject sent beyond the catalog. Never a failure. */
export interface ExtraInfo {
  /** Event names outside the catalog, with counts. */
  events: Record<string, number>;
  /** Attributes outside the catalog, by catalog event. */
  attributes: Record<string, string[]>;
  /** Resource attributes beyond service.name, service.version, env. */
  resourceAttributes: string[];
}

/**
 * Collects events and attributes outside the catalog across runs, reported as information.
 *
 * @see docs/catalog/codex.md §3 ("An event or attribute outside the catalog is not a failure")
 */
export function collectExtras(runs: readonly ScenarioRun[]): ExtraInfo {
  const events: Record<string, number> = {};
  const attributes: Record<string, Set<string>> = {};
  const resource = new Set<string>();
  const common = new Set(CATALOG.commonAttributes.map((a) => a.key));
  const resKeys = new Set(CATALOG.resourceAttributes.map((a) => a.key));
  for (const run of runs)
    for (const l of run.capture.logs) {
      const name = eventNameOf(l) ?? '(unnamed)';
      for (const k of Object.keys(l.resource)) if (!resKeys.has(k)) resource.add(k);
      const spec = findEvent(name);
      if (!spec) {
        events[name] = (events[name] ?? 0) + 1;
        continue;
      }
      const own = new Set(spec.attributes.map((a) => a.key));
      for (const k of Object.keys(l.attributes)) {
        if (common.has(k) || own.has(k)) continue;
        const set = attributes[name] ?? new Set<string>();
        set.add(k);
        attributes[name] = set;
      }
    }
  return {
    events,
    attributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, [...v].sort()])),
    resourceAttributes: [...resource].sort(),
  };
}
