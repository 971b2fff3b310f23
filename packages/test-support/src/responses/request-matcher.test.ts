import { describe, expect, test } from 'vitest';
import { allOf, body, bodyContains, describeMatcher, header, matchRequest, path } from './request-matcher.ts';

const req = {
  path: '/v1/responses',
  headers: { originator: 'codex_exec' },
  body: '{"input":["hello\\nworld"]}',
};

describe('request matchers', () => {
  test('header, path and body conditions', () => {
    expect(matchRequest(header('Originator', 'codex_exec'), req)).toBe(true);
    expect(matchRequest(header('originator', { contains: 'codex' }), req)).toBe(true);
    expect(matchRequest(header('x-missing', { matches: '.*' }), req)).toBe(false);
    expect(matchRequest(path('/v1/responses'), req)).toBe(true);
    expect(matchRequest(path({ matches: '/v\\d/responses' }), req)).toBe(true);
    expect(matchRequest(path({ matches: 'v1' }), req)).toBe(false); // whole-string regex, as WireMock
    expect(matchRequest(bodyContains('hello'), req)).toBe(true);
    expect(matchRequest(body({ matches: '.*world.*' }), req)).toBe(true);
  });

  test('allOf needs every matcher', () => {
    expect(matchRequest(allOf(header('originator', 'codex_exec'), bodyContains('hello')), req)).toBe(true);
    expect(matchRequest(allOf(header('originator', 'codex_exec'), bodyContains('bye')), req)).toBe(false);
  });

  test('descriptions read like the condition', () => {
    expect(describeMatcher(allOf(header('originator', 'x'), bodyContains('y')))).toBe(
      'header originator = "x" and body contains "y"',
    );
  });
});
