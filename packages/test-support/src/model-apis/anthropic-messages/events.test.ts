import { describe, expect, test } from 'vitest';
import { messagesTextEvents, splitText, toolUseBlockEvents } from './events.ts';
import { messagesSse, messagesSseFrame } from './sse.ts';

describe('Anthropic Messages stream builders', () => {
  test('splitText keeps every character, never yields more pieces than characters, and [""] for ""', () => {
    expect(splitText('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    expect(splitText('ab', 5)).toEqual(['a', 'b']);
    expect(splitText('', 3)).toEqual(['']);
    expect(splitText('héllo ✓', 0)).toEqual(['héllo ✓']);
  });

  test('a tool_use block streams its input as JSON pieces that join to the input', () => {
    const input = { command: 'echo "x"', n: 1 };
    const events = toolUseBlockEvents(2, 'toolu_1', 'Bash', input, { deltas: 4 });
    expect(events[0]).toEqual({
      type: 'content_block_start',
      index: 2,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} },
    });
    expect(events.at(-1)).toEqual({ type: 'content_block_stop', index: 2 });
    const json = events
      .slice(1, -1)
      .map((e) => (e.delta as { partial_json: string }).partial_json)
      .join('');
    expect(JSON.parse(json)).toEqual(input);
  });

  test('usage: message_start holds input and cache counts with output 1, message_delta the final output', () => {
    const events = messagesTextEvents('hi', {
      usage: { input_tokens: 9, output_tokens: 4, cache_creation_input_tokens: 2 },
      ping: false,
    });
    expect((events[0]!.message as { usage: unknown }).usage).toEqual({
      input_tokens: 9,
      output_tokens: 1,
      cache_creation_input_tokens: 2,
      cache_read_input_tokens: 0,
    });
    expect(events.map((e) => e.type)).not.toContain('ping');
    expect(events.at(-2)!.usage).toEqual({ output_tokens: 4 });
  });

  test('frames always carry a data line, even for message_stop; a frame without a type is refused', () => {
    expect(messagesSse([{ type: 'message_stop' }])).toBe(
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
    expect(() => messagesSseFrame({ delta: 1 })).toThrow(/every event needs a string "type"/);
  });
});
