import { textValue } from '../capture/any-value.ts';
import type { CapturedLog } from '../capture/model.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { mappingFor } from '../profiles/catalogs.ts';
import type { RequirementMapping } from '../profiles/profile.ts';
import { eventsNamed } from './helpers.ts';

/** How the shared requirements read the run's catalog (its profile's mapping; Codex's by default). */
export function mappingOf(run: ScenarioRun): RequirementMapping {
  return mappingFor(run.profile);
}

/** Records of any of `names`, in arrival order. */
export function eventsOf(run: ScenarioRun, ...names: (string | undefined)[]): CapturedLog[] {
  const wanted = names.filter((n): n is string => !!n);
  if (wanted.length === 1) return eventsNamed(run, wanted[0]!);
  return wanted.flatMap((n) => eventsNamed(run, n)).sort((a, b) => a.seq - b.seq);
}

/**
 * When a record says it happened, in ms: the catalog's timestamp attribute (e.g. `event.timestamp`)
 * when it has one, else the LogRecord's `timeUnixNano`; NaN when neither is usable.
 */
export function recordTimeMs(run: ScenarioRun, log: CapturedLog): number {
  const key = mappingOf(run).timestamp?.attribute;
  if (key) {
    const t = textValue(log.attributes[key]);
    return t ? Date.parse(t) : Number.NaN;
  }
  return log.timeUnixNano && log.timeUnixNano !== '0'
    ? Number(BigInt(log.timeUnixNano) / 1_000_000n)
    : Number.NaN;
}

/** The record's time as text for evidence (the timestamp attribute, or `timeUnixNano` as ISO). */
export function recordTimeText(run: ScenarioRun, log: CapturedLog): string | undefined {
  const key = mappingOf(run).timestamp?.attribute;
  if (key) return textValue(log.attributes[key]);
  const ms = recordTimeMs(run, log);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
