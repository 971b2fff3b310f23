import { findEvent } from '../catalog/catalog.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { catalogFor } from '../profiles/catalogs.ts';
import { catalogNameOf } from './helpers.ts';

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
 * Collects events and attributes outside the catalog across runs, reported as information. Each run is
 * read against its own profile's catalog, with that profile's event naming
 * (`RequirementMapping.eventNameOf`: a Claude Code record is `claude_code.` + its `event.name`).
 *
 * @see docs/catalog/codex.md §3 ("An event or attribute outside the catalog is not a failure")
 */
export function collectExtras(runs: readonly ScenarioRun[]): ExtraInfo {
  const events: Record<string, number> = {};
  const attributes: Record<string, Set<string>> = {};
  const resource = new Set<string>();
  for (const run of runs) {
    const catalog = catalogFor(run.profile);
    const common = new Set(catalog.commonAttributes.map((a) => a.key));
    const resKeys = new Set(catalog.resourceAttributes.map((a) => a.key));
    for (const l of run.capture.logs) {
      const name = catalogNameOf(run, l) ?? '(unnamed)';
      for (const k of Object.keys(l.resource)) if (!resKeys.has(k)) resource.add(k);
      const spec = findEvent(name, run.profile);
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
  }
  return {
    events,
    attributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, [...v].sort()])),
    resourceAttributes: [...resource].sort(),
  };
}
