import { expect, test } from 'vitest';
import { CATALOG, catalogJsonSchema, REQUIREMENTS, SCENARIOS, VERSION } from './index.ts';

test('exports its version', () => {
  expect(VERSION).toMatch(/^\d+\.\d+\.\d+$/);
});

test('requirement ids are unique, upper-case and carry text and source', () => {
  const ids = REQUIREMENTS.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const r of REQUIREMENTS) {
    expect(r.id).toMatch(/^[A-Z0-9-]+$/);
    expect(r.text.length).toBeGreaterThan(10);
    expect(r.source).toMatch(/docs\/catalog\/codex\.md §\d|docs\/responses-sse\.md §\d/);
  }
  expect(ids).toContain('USER-PROMPT-REDACTED-BY-DEFAULT');
});

test('every requirement applies to at least one scenario', () => {
  for (const r of REQUIREMENTS)
    expect(
      SCENARIOS.some((s) => r.appliesTo(s)),
      r.id,
    ).toBe(true);
});

test('the catalog exports as JSON Schema; strict is stricter than core', () => {
  const core = catalogJsonSchema('core');
  const strict = catalogJsonSchema('strict');
  expect(Object.keys(core.events)).toEqual(CATALOG.events.map((e) => e.name));
  const attempt = (s: typeof core) =>
    JSON.stringify(
      (s.events['codex.api_request'] as { properties: Record<string, unknown> }).properties.attempt,
    );
  expect(attempt(core)).toContain('stringValue');
  expect(attempt(strict)).not.toContain('stringValue');
  expect((strict.events['codex.user_prompt'] as { required: string[] }).required).toContain('prompt');
});
