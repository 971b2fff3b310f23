import { expect, test } from 'vitest';
import { findEvent } from './catalog.ts';
import { valueSchema } from './value-schemas.ts';

test('one compiled schema per kind, level and enum values, whatever spec object asks', () => {
  const a = valueSchema({ kind: 'int' }, 'core');
  expect(valueSchema({ kind: 'int' }, 'core')).toBe(a);
  expect(valueSchema({ kind: 'int' }, 'strict')).not.toBe(a);
  const e1 = valueSchema({ kind: 'string', enum: ['config', 'user'] }, 'core');
  expect(valueSchema({ kind: 'string', enum: ['config', 'user'] }, 'core')).toBe(e1);
  expect(valueSchema({ kind: 'string', enum: ['config'] }, 'core')).not.toBe(e1);
  expect(valueSchema({ kind: 'string' }, 'core')).not.toBe(e1);
});

test('cached schemas keep judging by their own enum and level', () => {
  const source = findEvent('codex.tool_decision')!.attributes.find((s) => s.key === 'source')!;
  for (let i = 0; i < 2; i++) {
    expect(valueSchema(source, 'core').safeParse({ stringValue: 'user' }).success).toBe(true);
    expect(valueSchema(source, 'core').safeParse({ stringValue: 'User' }).success).toBe(false);
    expect(valueSchema({ kind: 'string' }, 'core').safeParse({ stringValue: 'User' }).success).toBe(true);
    expect(valueSchema({ kind: 'int' }, 'core').safeParse({ stringValue: '12' }).success).toBe(true);
    expect(valueSchema({ kind: 'int' }, 'strict').safeParse({ stringValue: '12' }).success).toBe(false);
  }
});
