import { expect, test } from 'vitest';
import { sanitizeTagValue } from './sanitize-tag-value.ts';

test('keeps [A-Za-z0-9._/-] and replaces everything else with _', () => {
  expect(sanitizeTagValue('gpt-5.1/codex_x')).toBe('gpt-5.1/codex_x');
  expect(sanitizeTagValue('a b:c"d\u00e9')).toBe('a_b_c_d_');
  expect(sanitizeTagValue('👋')).toBe('__');
  expect(sanitizeTagValue('')).toBe('unknown');
});
