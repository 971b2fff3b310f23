import { expect, test } from 'vitest';
import { renderResponsesStep } from '../profiles/codex/model-api.ts';
import { CANARY } from './catalog.ts';
import { longConversationScenario, longStreamScenario } from './scale.ts';

const prompt = (title: string) => `${title} ${CANARY}`;
const toolCall = { callId: 'call_x', name: 'shell', arguments: '{"command":["sh","-c","echo ok"]}' };

test('the long stream renders as thousands of delta events that add up to the answer', () => {
  const s = longStreamScenario(prompt, 3000);
  const step = s.steps[0]!;
  const frames = renderResponsesStep(step, undefined).frames;
  const deltas = frames.filter((f) => f.type === 'response.output_text.delta');
  expect(deltas).toHaveLength(3000);
  expect(deltas.map((f) => f.delta).join('')).toBe(step.kind === 'answer' ? step.text : '');
  expect(frames.at(-1)!.type).toBe('response.completed');
  expect(s.prompt).toContain(CANARY);
});

test('the long conversation renders dozens of function calls, each with its own call id, then an answer', () => {
  const s = longConversationScenario(prompt, 30);
  const rendered = s.steps.map((step) => renderResponsesStep(step, toolCall));
  const ids = rendered.flatMap((r) =>
    r.frames.flatMap((f) => {
      const item = f.item as { type?: string; call_id?: string } | undefined;
      return item?.type === 'function_call' ? [item.call_id] : [];
    }),
  );
  expect(ids).toHaveLength(30);
  expect(new Set(ids).size).toBe(30);
  expect(ids).not.toContain(toolCall.callId);
  expect(s.steps.at(-1)!.kind).toBe('answer');
});
