import { findEvent } from '../catalog/catalog.ts';
import { conditionHolds } from '../catalog/conditions.ts';
import { checkAttributes } from '../catalog/schemas.ts';
import { expectedText } from '../catalog/value-schemas.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { type CheckContext, type Evidence, fail, type Judgement, pass, skip } from '../requirements/model.ts';
import { absenceEvidence, eventsNamed, recordEvidence } from './helpers.ts';

/**
 * A check that every captured record of `eventName` has its catalog attributes with the right types,
 * formats and enum values at the level, and its conditional attributes when the record shows the
 * condition holds (e.g. token counts on `response.completed`).
 */
export function eventAttributesCheck(eventName: string): (run: ScenarioRun, ctx: CheckContext) => Judgement {
  const spec = findEvent(eventName);
  if (!spec) throw new Error(`[agentotel conformance] unknown catalog event ${eventName}`);
  return (run, ctx) => {
    const logs = eventsNamed(run, eventName);
    if (logs.length === 0) return skip(`no ${eventName} captured in this scenario`);
    const problems: string[] = [];
    const evidence: Evidence[] = [];
    for (const log of logs) {
      const v = checkAttributes(log.attributes, spec.attributes, ctx.level);
      for (const a of spec.attributes) {
        if (a.presence !== 'conditional' || log.attributes[a.key] !== undefined) continue;
        if (conditionHolds(a.condition, log.attributes) === true)
          v.push({
            key: a.key,
            problem: 'missing',
            expected: expectedText(a.kind, ctx.level, a.enum),
            actual: `absent (${a.description})`,
          });
      }
      if (v.length > 0) {
        problems.push(...v.map((x) => `#${log.seq} ${x.key}: expected ${x.expected}, got ${x.actual}`));
        if (evidence.length < 3) evidence.push(recordEvidence(log));
      }
    }
    if (problems.length > 0)
      return fail(`${problems.length} attribute problem(s): ${problems.slice(0, 6).join('; ')}`, evidence);
    return pass(`${logs.length} ${eventName} record(s) match the catalog at level ${ctx.level}`, [
      recordEvidence(logs[0]!),
    ]);
  };
}

/** A check that at least `min` records of `eventName` were captured. */
export function eventEmittedCheck(eventName: string, min = 1): (run: ScenarioRun) => Judgement {
  return (run) => {
    const logs = eventsNamed(run, eventName);
    if (logs.length >= min) return pass(`${logs.length} ${eventName} captured`, [recordEvidence(logs[0]!)]);
    return fail(`expected ${eventName}, none captured`, [absenceEvidence(run, eventName)]);
  };
}
