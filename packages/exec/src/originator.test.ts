import { describe, expect, test } from 'vitest';
import {
  AlreadyInitializedError,
  DEFAULT_ORIGINATOR,
  InvalidOriginatorError,
  OriginatorRegistry,
} from './originator.ts';

describe('OriginatorRegistry', () => {
  test('defaults to agentotel_exec and reading does not freeze it', () => {
    const r = new OriginatorRegistry({});
    expect(r.get()).toBe(DEFAULT_ORIGINATOR);
    expect(r.get()).toBe('agentotel_exec');
    r.setDefault('my_ide');
    expect(r.get()).toBe('my_ide');
  });
  test('a second set fails with AlreadyInitializedError', () => {
    const r = new OriginatorRegistry({});
    r.setDefault('first');
    expect(() => r.setDefault('second')).toThrow(AlreadyInitializedError);
    expect(r.get()).toBe('first');
  });
  test('the environment override always wins', () => {
    const r = new OriginatorRegistry({ AGENTOTEL_ORIGINATOR_OVERRIDE: 'over' });
    expect(r.get()).toBe('over');
    r.setDefault('my_ide');
    expect(r.get()).toBe('over');
    expect(r.isOverridden()).toBe(true);
  });
  test('rejects values that cannot be a header', () => {
    expect(() => new OriginatorRegistry({}).setDefault('bad value\n')).toThrow(InvalidOriginatorError);
  });
});
