import { expect, test } from 'vitest';
import { profileNamed } from '../profiles/registry.ts';
import { findEvent } from './catalog.ts';
import { catalogJsonSchema, checkAttributes } from './schemas.ts';

const api = findEvent('codex.api_request')!.attributes;

test('core accepts numeric strings for ints; strict does not', () => {
  const attrs = { attempt: { stringValue: '1' }, duration_ms: { stringValue: '12' } };
  expect(checkAttributes(attrs, api, 'core')).toEqual([]);
  expect(checkAttributes(attrs, api, 'strict').map((v) => v.key)).toEqual(['attempt']);
});

test('a wrong type fails at both levels, with the expected and actual type', () => {
  const attrs = { attempt: { intValue: '1' }, duration_ms: { boolValue: true } };
  for (const level of ['core', 'strict'] as const) {
    const [v] = checkAttributes(attrs, api, level);
    expect(v).toMatchObject({ key: 'duration_ms', problem: 'type', actual: 'bool true' });
  }
});

test('enums and missing required attributes', () => {
  const spec = findEvent('codex.tool_decision')!.attributes;
  const v = checkAttributes(
    {
      tool_name: { stringValue: 'shell' },
      decision: { stringValue: 'approved' },
      source: { stringValue: 'Config' },
    },
    spec,
    'core',
  );
  expect(v.map((x) => `${x.key}:${x.problem}`)).toEqual(['call_id:missing', 'source:type']);
});

test('catalogJsonSchema takes any profile catalog: one schema per event of that catalog, its common metadata required', () => {
  for (const name of ['claude-code', 'gemini-cli'] as const) {
    const catalog = profileNamed(name).catalog;
    const schema = catalogJsonSchema('core', catalog);
    expect(Object.keys(schema.events)).toEqual(catalog.events.map((e) => e.name));
    const first = catalog.events[0]!;
    const required = catalog.commonAttributes.filter((a) => a.presence === 'required').map((a) => a.key);
    expect((schema.events[first.name] as { required?: string[] }).required).toEqual(
      expect.arrayContaining(required),
    );
    expect(Object.keys(schema.events).some((n) => n.startsWith('codex.'))).toBe(false);
  }
});
