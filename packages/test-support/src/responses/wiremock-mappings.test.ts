import { describe, expect, test } from 'vitest';
import { connectionReset, sseCutMidFrame, sseResponse, sseStream, withDelay } from './mock-response.ts';
import { responsesMount } from './mount-definition.ts';
import { allOf, bodyContains, header, path } from './request-matcher.ts';
import { sse } from './sse.ts';
import { catchAllMapping, mountMappings, requestPattern, responseDefinition } from './wiremock-mappings.ts';

describe('WireMock translation of mount definitions', () => {
  test('request patterns: POST …/responses plus the matcher', () => {
    expect(requestPattern(undefined)).toEqual({ method: 'POST', urlPathPattern: '.*/responses' });
    expect(
      requestPattern(
        allOf(header('originator', 'a'), header('originator', { contains: 'a' }), bodyContains('hi')),
      ),
    ).toEqual({
      method: 'POST',
      urlPathPattern: '.*/responses',
      headers: { originator: { and: [{ equalTo: 'a' }, { contains: 'a' }] } },
      bodyPatterns: [{ contains: 'hi' }],
    });
    expect(requestPattern(path('/v2/responses')).urlPathPattern).toBe(
      '(?=(?:\\Q/v2/responses\\E)$).*/responses',
    );
  });

  test('responses: delay, dribble, cut and reset', () => {
    const events = [{ type: 'a', x: 1 }, { type: 'b' }];
    expect(responseDefinition(withDelay(sseResponse('x'), 50))).toMatchObject({
      status: 200,
      fixedDelayMilliseconds: 50,
    });
    expect(responseDefinition(sseStream(events, { frameDelayMs: 100 }))).toMatchObject({
      body: sse(events),
      chunkedDribbleDelay: { numberOfChunks: 2, totalDuration: 200 },
    });
    const cut = sseCutMidFrame([{ type: 'a', x: 1 }], { type: 'b', y: 2 });
    expect(responseDefinition(cut)).toMatchObject({
      headers: { 'Content-Length': String(cut.body.length + 1) },
    });
    expect(responseDefinition(connectionReset())).toEqual({ fault: 'CONNECTION_RESET_BY_PEER' });
  });

  test('a mount is a scenario walking through its responses, earlier mounts first', () => {
    const stubs = mountMappings({ ...responsesMount([sseResponse('1'), sseResponse('2')]), id: 3 });
    expect(stubs.map((s) => [s.priority, s.requiredScenarioState, s.newScenarioState])).toEqual([
      [103, 'Started', 'served-1'],
      [103, 'served-1', 'served-2'],
    ]);
  });

  test('the catch-all names the mounts and survives template syntax in labels', () => {
    const mapping = catchAllMapping([
      { ...responsesMount([sseResponse('')], { label: 'odd {{label}}' }), id: 1 },
    ]);
    const body = (mapping.response as { body: string }).body;
    expect(body).toContain('#1 odd { {label}}');
    expect(body).toContain('{{{request.method}}} {{{request.path}}}');
  });
});
