import { z } from 'zod';
import type { AttributeSpec, Level, ValueKind } from './model.ts';

const INT_TEXT = /^-?\d+$/;
const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;
/** `event.timestamp` at the strict level: RFC 3339 UTC, exactly three fractional digits, `Z`. */
export const TIMESTAMP_STRICT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** `event.timestamp` at the core level: any RFC 3339 date-time. */
export const TIMESTAMP_CORE = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const str = (inner: z.ZodString | z.ZodEnum) => z.object({ stringValue: inner }).strict();
const intV = z.object({ intValue: z.string().regex(INT_TEXT) }).strict();
const doubleV = z.object({ doubleValue: z.number() }).strict();

/** A human description of what a kind expects at a level, used in failure messages. */
export function expectedText(kind: ValueKind, level: Level, enumValues?: string[]): string {
  const e = enumValues ? ` (one of ${enumValues.map((v) => JSON.stringify(v)).join(', ')})` : '';
  switch (kind) {
    case 'string':
      return `string${e}`;
    case 'int':
      return level === 'strict' ? 'int' : 'int, double or numeric string';
    case 'numeric-string':
      return level === 'strict' ? 'string of decimal digits' : 'numeric string, int or double';
    case 'bool-string':
      return 'string "true" or "false"';
    case 'timestamp':
      return level === 'strict'
        ? 'string RFC 3339 UTC with three fractional digits and Z (2025-11-04T12:34:56.789Z)'
        : 'string RFC 3339 date-time';
    case 'uuid':
      return level === 'strict' ? 'string UUID' : 'non-empty string';
    case 'bool':
      return 'bool';
    case 'number':
      return 'int or double';
    case 'string-array':
      return 'array of strings';
    case 'any':
      return 'any value';
  }
}

/** Compiled value schemas by kind, level and enum: built once, reused by every attribute check. */
const SCHEMA_CACHE = new Map<string, z.ZodType>();
/** The same per spec object and level, so a catalog spec skips building the key (specs are immutable data). */
const SPEC_CACHE = new WeakMap<object, Partial<Record<Level, z.ZodType>>>();

/**
 * The zod schema of one attribute value (OTLP/JSON AnyValue form) at a level. Schemas are built once per
 * (kind, level, enum values) and cached: judging thousands of records reuses them.
 *
 * @example valueSchema({ key: 'attempt', kind: 'int', presence: 'required', description: '' }, 'strict')
 */
export function valueSchema(spec: Pick<AttributeSpec, 'kind' | 'enum'>, level: Level): z.ZodType {
  let bySpec = SPEC_CACHE.get(spec);
  const hit = bySpec?.[level];
  if (hit) return hit;
  const enumKey = spec.enum && spec.enum.length > 0 ? JSON.stringify(spec.enum) : '';
  const key = `${spec.kind}\u0000${level}\u0000${enumKey}`;
  let schema = SCHEMA_CACHE.get(key);
  if (!schema) {
    schema = buildValueSchema(spec, level);
    SCHEMA_CACHE.set(key, schema);
  }
  if (!bySpec) {
    bySpec = {};
    SPEC_CACHE.set(spec, bySpec);
  }
  bySpec[level] = schema;
  return schema;
}

function buildValueSchema(spec: Pick<AttributeSpec, 'kind' | 'enum'>, level: Level): z.ZodType {
  const s = spec.enum && spec.enum.length > 0 ? z.enum(spec.enum as [string, ...string[]]) : z.string();
  switch (spec.kind) {
    case 'string':
      return str(s);
    case 'int':
      if (level === 'strict') return intV;
      return z.union([intV, doubleV, str(z.string().regex(NUMERIC_TEXT))]);
    case 'numeric-string':
      if (level === 'strict') return str(z.string().regex(/^\d+$/));
      return z.union([str(z.string().regex(NUMERIC_TEXT)), intV, doubleV]);
    case 'bool-string':
      return str(z.enum(['true', 'false']));
    case 'timestamp':
      return str(z.string().regex(level === 'strict' ? TIMESTAMP_STRICT : TIMESTAMP_CORE));
    case 'uuid':
      return str(level === 'strict' ? z.string().regex(UUID) : z.string().min(1));
    case 'bool':
      return z.object({ boolValue: z.boolean() }).strict();
    case 'number':
      return z.union([intV, doubleV]);
    case 'string-array':
      return z.object({ arrayValue: z.object({ values: z.array(str(s)) }).strict() }).strict();
    case 'any':
      return z.unknown();
  }
}
