import type { Scenario, TokenUsage } from './model.ts';

/** Delta events of the long stream: thousands of records from one model response. */
export const LONG_STREAM_DELTAS = 3_000;
/** Tool calls of the long conversation: dozens of requests, decisions and results in one run. */
export const LONG_CONVERSATION_CALLS = 30;

const usage = (input: number, cached: number, output: number, reasoning: number): TokenUsage => ({
  input,
  cached,
  output,
  reasoning,
});

/**
 * A long stream: one answer streamed in `deltas` delta events (`response.output_text.delta` in the
 * Responses API), so an agent emits thousands of records in one run (one `codex.sse_event` per frame)
 * and must deliver all of them before it exits. Judged like any other exporting scenario, delivery
 * completeness included.
 *
 * @param prompt makes the scenario's prompt from its title (the suite's canary convention)
 */
export function longStreamScenario(prompt: (title: string) => string, deltas = LONG_STREAM_DELTAS): Scenario {
  const title = `a long stream (${deltas} deltas)`;
  // three characters per delta, distinct enough that a dropped or reordered frame changes the text
  const text = Array.from(
    { length: deltas },
    (_, i) => `${String.fromCharCode(97 + (i % 26))}${i % 10} `,
  ).join('');
  return {
    id: 'long-stream',
    title,
    prompt: prompt(title),
    steps: [
      { kind: 'answer', responseId: 'resp_long_stream', text, usage: usage(52, 11, deltas, 7), deltas },
    ],
    telemetry: { exporter: 'otlp', transport: 'http/protobuf' },
    requestMaxRetries: 2,
    streamMaxRetries: 0,
    expect: { outcome: 'success', path: 'success' },
    requires: [],
    tags: [],
  };
}

/**
 * A long conversation: the model calls the subject's shell tool `calls` times in a row, each call with
 * its own call id, then answers; dozens of model requests, tool decisions and tool results in one run.
 * The tool-event requirements that follow one call (tag `tool`) are judged on the tool scenarios; here
 * every request and frame counts for delivery completeness, and causal order holds call by call.
 *
 * @param prompt makes the scenario's prompt from its title (the suite's canary convention)
 */
export function longConversationScenario(
  prompt: (title: string) => string,
  calls = LONG_CONVERSATION_CALLS,
): Scenario {
  const title = `a long conversation (${calls} tool calls)`;
  const pad = String(calls).length;
  return {
    id: 'long-conversation',
    title,
    prompt: prompt(title),
    steps: [
      ...Array.from({ length: calls }, (_, i) => ({
        kind: 'tool-call' as const,
        responseId: `resp_long_conversation_${String(i + 1).padStart(pad, '0')}`,
        callId: `call_long_conversation_${String(i + 1).padStart(pad, '0')}`,
        usage: usage(40 + i, 0, 9, 3),
      })),
      {
        kind: 'answer' as const,
        responseId: 'resp_long_conversation_answer',
        text: `The ${calls} commands ran.`,
        usage: usage(40 + calls, 7, 12, 5),
      },
    ],
    telemetry: { exporter: 'otlp', transport: 'http/protobuf' },
    toolCall: { callId: 'call_long_conversation', command: 'echo agentotel-tool-ok', failing: false },
    decision: 'approved/config',
    requestMaxRetries: 2,
    streamMaxRetries: 0,
    expect: { outcome: 'success', path: 'success' },
    requires: ['tools'],
    tags: [],
  };
}

/** The scale scenarios of the suite (a long stream, a long conversation), prompts made by `prompt`. */
export function scaleScenarios(prompt: (title: string) => string): Scenario[] {
  return [longStreamScenario(prompt), longConversationScenario(prompt)];
}
