import { describe, expect, test } from 'vitest';
import { checkRequestInvariants, formatViolations } from './invariants.ts';

const check = (input: unknown) =>
  checkRequestInvariants(JSON.stringify({ model: 'm', input }), '/v1/responses');
const call = (id: string) => ({ type: 'function_call', call_id: id, name: 'shell', arguments: '{}' });
const output = (id: string) => ({ type: 'function_call_output', call_id: id, output: 'ok' });

describe('request invariants (docs/responses-sse.md §1)', () => {
  test('a well-formed input passes', () => {
    expect(check([{ type: 'message', role: 'user', content: [] }, call('c1'), output('c1')])).toEqual([]);
    expect(check([])).toEqual([]);
    expect(check([{ type: 'local_shell_call', call_id: 'c1' }, output('c1')])).toEqual([]);
  });

  test('a body that is not JSON is not checked', () => {
    expect(checkRequestInvariants('not json', '/v1/responses')).toEqual([]);
  });

  test('missing input', () => {
    expect(checkRequestInvariants('{"model":"m"}', '/v1/responses')).toEqual([
      { rule: 'input-missing', message: 'input array not found in request', path: '/v1/responses' },
    ]);
  });

  test('empty call_id on an output', () => {
    const [v] = check([output('')]);
    expect(v?.rule).toBe('output-without-call-id');
    expect(v?.item).toEqual(output(''));
  });

  test('output without its call, call without its output', () => {
    expect(check([output('c9')]).map((v) => v.message)).toEqual([
      'function_call_output without matching call in input: c9',
    ]);
    expect(check([call('c2')]).map((v) => v.message)).toEqual([
      'Function call output is missing for call id: c2',
    ]);
    expect(check([{ type: 'custom_tool_call', call_id: 'x' }]).map((v) => v.rule)).toEqual([
      'call-without-output',
    ]);
  });

  test('formatted violations show the offending item', () => {
    expect(formatViolations(check([output('c9')]))).toContain(
      'offending input item: {"type":"function_call_output","call_id":"c9","output":"ok"}',
    );
  });
});
