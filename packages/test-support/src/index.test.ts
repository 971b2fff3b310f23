import { expect, test } from 'vitest';
import { VERSION } from './index.ts';

test('exports its version', () => {
  expect(VERSION).toMatch(/^\d+\.\d+\.\d+$/);
});
