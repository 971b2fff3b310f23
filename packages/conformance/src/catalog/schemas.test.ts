import { expect, test } from 'vitest';
import { findEvent } from './catalog.ts';
import { checkAttributes } from './schemas.ts';

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
