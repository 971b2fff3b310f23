import { describe, expect, test } from 'vitest';
import {
  evAssistantMessage,
  evCompleted,
  evCompletedWithTokens,
  evFunctionCall,
  evOutputTextDelta,
  evReasoningItem,
  evResponseCreated,
} from './events.ts';
import { sse, sseFailed, sseFrame, sseFrames } from './sse.ts';

describe('sse framing (docs/responses-sse.md §2)', () => {
  test('event line, compact data line, blank line; no [DONE]', () => {
    expect(sse([evResponseCreated('resp_1')])).toBe(
      'event: response.created\ndata: {"type":"response.created","response":{"id":"resp_1"}}\n\n',
    );
    expect(sse([])).toBe('');
    expect(sse([evResponseCreated('a'), evCompleted('a')])).not.toContain('[DONE]');
  });

  test('an event with only a type has no data line', () => {
    expect(sseFrame({ type: 'response.in_progress' })).toBe('event: response.in_progress\n\n');
  });

  test('frames concatenate to the body', () => {
    const events = [evResponseCreated('a'), evOutputTextDelta('x'), evCompleted('a')];
    expect(sseFrames(events).join('')).toBe(sse(events));
    expect(sseFrames(events)).toHaveLength(3);
  });

  test('an event without a string type is rejected with the event shown', () => {
    expect(() => sse([{ delta: 'x' }])).toThrow(/needs a string "type".*"delta":"x"/);
  });

  test('sseFailed is one response.failed frame', () => {
    expect(sseFailed('resp_1', 'rate_limit_exceeded', 'synthetic server error')).toBe(
      'event: response.failed\ndata: {"type":"response.failed","response":{"id":"resp_1","error":{"code":"rate_limit_exceeded","message":"synthetic server error"}}}\n\n',
    );
  });
});

describe('event constructors carry the JSON of Codex helpers', () => {
  test('evCompleted has zero usage with null details', () => {
    expect(JSON.stringify(evCompleted('r'))).toBe(
      '{"type":"response.completed","response":{"id":"r","usage":{"input_tokens":0,"input_tokens_details":null,"output_tokens":0,"output_tokens_details":null,"total_tokens":0}}}',
    );
  });

  test('evCompletedWithTokens puts the total in input and total tokens', () => {
    expect(evCompletedWithTokens('r', 42)).toEqual({
      type: 'response.completed',
      response: {
        id: 'r',
        usage: {
          input_tokens: 42,
          input_tokens_details: null,
          output_tokens: 0,
          output_tokens_details: null,
          total_tokens: 42,
        },
      },
    });
  });

  test('message, delta and function call', () => {
    expect(JSON.stringify(evAssistantMessage('msg_1', 'Hello'))).toBe(
      '{"type":"response.output_item.done","item":{"type":"message","role":"assistant","id":"msg_1","content":[{"type":"output_text","text":"Hello"}]}}',
    );
    expect(evOutputTextDelta('Hel')).toEqual({ type: 'response.output_text.delta', delta: 'Hel' });
    expect(JSON.stringify(evFunctionCall('call_1', 'shell', '{"command":["echo","hi"]}'))).toBe(
      '{"type":"response.output_item.done","item":{"type":"function_call","call_id":"call_1","name":"shell","arguments":"{\\"command\\":[\\"echo\\",\\"hi\\"]}"}}',
    );
  });

  test('reasoning item: summary parts, raw content only when given', () => {
    expect(evReasoningItem('rs_1', ['think'])).toEqual({
      type: 'response.output_item.done',
      item: { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'think' }] },
    });
    expect(evReasoningItem('rs_1', [], [])).not.toHaveProperty('item.content');
    expect(evReasoningItem('rs_1', ['s'], ['raw'])).toHaveProperty('item.content', [
      { type: 'reasoning_text', text: 'raw' },
    ]);
  });
});
