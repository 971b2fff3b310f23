import { expect, test } from 'vitest';
import { SCENARIOS } from '../scenarios/catalog.ts';
import { expectedScenarioMs, mapLimit } from './pool.ts';

test('items start in decreasing cost (ties in input order); results keep the input order', async () => {
  const started: string[] = [];
  const items = ['a1', 'b3', 'c1', 'd2', 'e3'];
  const out = await mapLimit(
    items,
    1,
    async (item) => {
      started.push(item);
      return item.toUpperCase();
    },
    { cost: (item) => Number(item[1]) },
  );
  expect(started).toEqual(['b3', 'e3', 'd2', 'a1', 'c1']);
  expect(out).toEqual(['A1', 'B3', 'C1', 'D2', 'E3']);
});

test('without a cost, items start in input order, at most `concurrency` at once', async () => {
  const started: number[] = [];
  let running = 0;
  let most = 0;
  await mapLimit([0, 1, 2, 3, 4], 2, async (i) => {
    started.push(i);
    most = Math.max(most, ++running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
  });
  expect(started).toEqual([0, 1, 2, 3, 4]);
  expect(most).toBe(2);
});

test('the scale scenarios and the one that waits out a flush timeout (receiver down) start first', () => {
  const byCost = [...SCENARIOS].sort((a, b) => expectedScenarioMs(b) - expectedScenarioMs(a));
  expect(byCost.slice(0, 3).map((s) => s.id)).toEqual(['long-conversation', 'receiver-down', 'long-stream']);
  const plain = SCENARIOS.find((s) => s.id === 'plain-answer')!;
  const tool = SCENARIOS.find((s) => s.id === 'tool-approved-by-config')!;
  expect(expectedScenarioMs(tool)).toBeGreaterThan(expectedScenarioMs(plain));
});
