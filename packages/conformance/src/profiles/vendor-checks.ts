import { type Attributes, numericValue, textValue } from '../capture/any-value.ts';
import type { CapturedLog } from '../capture/model.ts';
import type { Catalog, EventSpec, Level } from '../catalog/model.ts';
import { type AttributeViolation, checkAttributes } from '../catalog/schemas.ts';
import { fact, recordEvidence } from '../checks/helpers.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import {
  type CheckContext,
  type Evidence,
  fail,
  type Judgement,
  pass,
  type Requirement,
  type Strength,
  skip,
} from '../requirements/model.ts';
import type { Scenario } from '../scenarios/model.ts';
import type { CatalogSource } from './profile.ts';

/**
 * Helpers for the requirements of a vendor catalog (Claude Code, Gemini CLI): records named the
 * vendor's way, per-event attribute checks against the catalog, evidence that names the vendor
 * document, its version and the section.
 */

/** How a family names a record (`claude_code.*` from the body, `gemini_cli.*` from `event.name`). */
export type EventNamer = (log: CapturedLog) => string | undefined;

/** A vendor catalog with the way its records are named. */
export interface VendorCatalog {
  catalog: Catalog;
  source: CatalogSource;
  nameOf: EventNamer;
  /** Short family label for messages, e.g. `Claude Code`. */
  family: string;
}

/** The scenario exports to a live receiver. */
export const exporting = (s: Scenario): boolean =>
  s.telemetry.exporter === 'otlp' && s.telemetry.receiver !== 'down';

/** An exporting scenario the agent is expected to complete. */
export const completes = (s: Scenario): boolean => exporting(s) && s.expect.outcome === 'success';

/** An exporting scenario whose model request is expected to fail. */
export const failing = (s: Scenario): boolean => exporting(s) && s.expect.outcome === 'failure';

/** A record's attribute as text (undefined when absent or not a scalar). */
export const textAttribute = (log: CapturedLog, key: string): string | undefined =>
  textValue(log.attributes[key]);

/** A record's attribute as a number (undefined when absent or not numeric). */
export const numericAttribute = (log: CapturedLog, key: string): number | undefined =>
  numericValue(log.attributes[key]);

/**
 * Pairs each served usage with a distinct record that reports it (`matches`), each record used at most
 * once, and returns the served usages no record reports, in order.
 */
export function unreportedUsages<T>(
  served: readonly T[],
  records: readonly CapturedLog[],
  matches: (record: CapturedLog, usage: T) => boolean,
): T[] {
  const left = [...records];
  const missing: T[] = [];
  for (const u of served) {
    const i = left.findIndex((r) => matches(r, u));
    if (i < 0) missing.push(u);
    else left.splice(i, 1);
  }
  return missing;
}

/** Records of the run that belong to the vendor's catalog, with their catalog names. */
export function vendorLogs(run: ScenarioRun, v: VendorCatalog): { log: CapturedLog; name: string }[] {
  const out: { log: CapturedLog; name: string }[] = [];
  for (const log of run.capture.logs) {
    const name = v.nameOf(log);
    if (name && v.catalog.events.some((e) => e.name === name)) out.push({ log, name });
  }
  return out;
}

/** Records of one catalog event. */
export function recordsOf(run: ScenarioRun, v: VendorCatalog, event: string): CapturedLog[] {
  return vendorLogs(run, v)
    .filter((r) => r.name === event)
    .map((r) => r.log);
}

/** The document, version and section a requirement's facts come from, for `Requirement.source`. */
export function sourceOf(v: VendorCatalog, section: string): string {
  return `${v.source.document}, ${section}; describes ${v.source.version}`;
}

/** Evidence naming the vendor document, its version and the section a failure is judged against. */
export function documentEvidence(v: VendorCatalog, section: string): Evidence {
  return fact(
    'vendor document',
    `${v.source.document} (${v.source.url ?? 'no URL'}), ${section}; describes ${v.source.version}`,
  );
}

/**
 * A skip when the run captured nothing of the vendor's catalog (the delivery requirements judge that),
 * else undefined.
 */
export function nothingOfCatalog(run: ScenarioRun, v: VendorCatalog): Judgement | undefined {
  if (vendorLogs(run, v).length > 0) return undefined;
  return skip(`no ${v.family} catalog event captured in this scenario; judged by the delivery requirements`);
}

/** Options of {@link attributesRequirement}. */
export interface AttributesRequirementOptions {
  id: string;
  strength?: Strength;
  event: string;
  /** Which scenarios it judges. @defaultValue every exporting scenario */
  appliesTo?: (s: Scenario) => boolean;
  /**
   * The level the attribute kinds are judged at, whatever the certification's: `core` for a catalog
   * whose vendor gives few types (Claude Code: "Execution time in milliseconds"), since `strict` means
   * the exact types of a reference implementation the vendor does not have. @defaultValue the
   * certification's level
   */
  judgeLevel?: Level;
  /**
   * Also judge the catalog's common attributes on these records. @defaultValue false (a separate
   * requirement judges them once, so one missing common attribute is one failure)
   */
  includeCommon?: boolean;
}

/**
 * The attributes with a value: an attribute sent as an empty `AnyValue` (the OpenTelemetry JS SDK does
 * so for an attribute set to `undefined`) is judged as absent, so an optional one passes and a required
 * one is missing; `emptyKeys` lists them for the failure message.
 */
export function withValues(attrs: Attributes): { present: Attributes; emptyKeys: Set<string> } {
  const present: Attributes = {};
  const emptyKeys = new Set<string>();
  for (const [k, v] of Object.entries(attrs)) {
    if (v && Object.keys(v).length > 0) present[k] = v;
    else emptyKeys.add(k);
  }
  return { present, emptyKeys };
}

/** One attribute violation as text, naming an empty value as such. */
function violationText(x: AttributeViolation, emptyKeys: Set<string>): string {
  if (x.problem === 'missing')
    return emptyKeys.has(x.key)
      ? `${x.key} has no value (an empty AnyValue; expected ${x.expected})`
      : `${x.key} missing (expected ${x.expected})`;
  return `${x.key}: expected ${x.expected}, got ${x.actual}`;
}

/**
 * A requirement that every record of `event` carries the event's documented attributes with
 * the documented kinds and enum values (`checkAttributes` at the certification's level). Records of the
 * event are only judged where they arrive; their presence is other requirements' matter.
 *
 * @throws Error when `event` is not in the catalog.
 */
export function attributesRequirement(v: VendorCatalog, o: AttributesRequirementOptions): Requirement {
  const spec: EventSpec | undefined = v.catalog.events.find((e) => e.name === o.event);
  if (!spec) throw new Error(`[agentotel] ${o.event} is not in the ${v.family} catalog`);
  const specs = o.includeCommon ? [...v.catalog.commonAttributes, ...spec.attributes] : spec.attributes;
  return {
    id: o.id,
    strength: o.strength ?? 'MUST',
    text: `${o.event} carries its documented attributes with the documented types and values.`,
    source: sourceOf(v, spec.section),
    area: o.event,
    needsTelemetry: false,
    appliesTo: o.appliesTo ?? exporting,
    check(run: ScenarioRun, ctx: CheckContext): Judgement {
      const none = nothingOfCatalog(run, v);
      if (none) return none;
      const records = recordsOf(run, v, o.event);
      if (records.length === 0) return skip(`no ${o.event} record in this scenario`);
      const bad: Evidence[] = [];
      const problems = new Set<string>();
      for (const log of records) {
        const { present, emptyKeys } = withValues(log.attributes);
        const violations = checkAttributes(present, specs, o.judgeLevel ?? ctx.level);
        if (violations.length === 0) continue;
        for (const x of violations) problems.add(violationText(x, emptyKeys));
        if (bad.length < 3) bad.push(recordEvidence(log, `${o.event} #${log.seq}`));
      }
      if (problems.size === 0)
        return pass(`${records.length} ${o.event} record(s) match the documented attributes`);
      return fail(`${[...problems].join('; ')}`, [documentEvidence(v, spec.section), ...bad]);
    },
  };
}
