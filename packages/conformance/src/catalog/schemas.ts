import { z } from 'zod';
import type { Attributes } from '../capture/any-value.ts';
import { describeValue } from '../capture/any-value.ts';
import { CATALOG } from './catalog.ts';
import type { AttributeSpec, Catalog, EventSpec, Level } from './model.ts';
import { expectedText, valueSchema } from './value-schemas.ts';

/** One attribute that does not match the catalog. */
export interface AttributeViolation {
  key: string;
  problem: 'missing' | 'type';
  expected: string;
  actual: string;
}

/**
 * The zod schema of an event's attribute map at a level: the common metadata of `catalog` (default: the
 * codex catalog) plus the event's own attributes. Required keys are required; optional and
 * conditional ones are optional (conditions are checked apart); keys outside the catalog pass through.
 */
export function eventAttributesSchema(
  event: EventSpec,
  level: Level,
  catalog: Catalog = CATALOG,
): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const spec of [...catalog.commonAttributes, ...event.attributes]) {
    const base =
      spec.key === 'event.name'
        ? z.object({ stringValue: z.literal(event.name) }).strict()
        : valueSchema(spec, level);
    shape[spec.key] = spec.presence === 'required' ? base : base.optional();
  }
  return z.object(shape).loose().describe(`${event.name}: ${event.description} (level ${level})`);
}

/**
 * Checks the attributes present on a record against the catalog specs at a level.
 * Returns type violations for present attributes, and `missing` for absent `required` ones.
 */
export function checkAttributes(
  attrs: Attributes,
  specs: AttributeSpec[],
  level: Level,
): AttributeViolation[] {
  const out: AttributeViolation[] = [];
  for (const spec of specs) {
    const v = attrs[spec.key];
    if (v === undefined) {
      if (spec.presence === 'required')
        out.push({
          key: spec.key,
          problem: 'missing',
          expected: expectedText(spec.kind, level, spec.enum),
          actual: 'absent',
        });
      continue;
    }
    if (!valueSchema(spec, level).safeParse(v).success)
      out.push({
        key: spec.key,
        problem: 'type',
        expected: expectedText(spec.kind, level, spec.enum),
        actual: describeValue(v),
      });
  }
  return out;
}

/**
 * A catalog as JSON Schema (draft 2020-12), one schema per event for the OTLP/JSON attribute map of
 * its LogRecord, at a level. `catalog` defaults to the codex catalog; pass a profile's
 * (`profileNamed('gemini-cli').catalog`) for another agent family.
 *
 * @example const schema = catalogJsonSchema('strict'); schema.events['codex.user_prompt']
 * @example catalogJsonSchema('core', profileNamed('claude-code').catalog).events['claude_code.api_request']
 */
export function catalogJsonSchema(
  level: Level,
  catalog: Catalog = CATALOG,
): {
  $comment: string;
  level: Level;
  events: Record<string, unknown>;
  resource: unknown;
} {
  const events: Record<string, unknown> = {};
  for (const e of catalog.events) events[e.name] = z.toJSONSchema(eventAttributesSchema(e, level, catalog));
  const resShape: Record<string, z.ZodType> = {};
  for (const r of catalog.resourceAttributes) resShape[r.key] = valueSchema(r, level);
  return {
    $comment: `agentotel catalog ${catalog.version}: attribute maps of each event's OTLP LogRecord in OTLP/JSON AnyValue form`,
    level,
    events,
    resource: z.toJSONSchema(z.object(resShape).loose()),
  };
}
