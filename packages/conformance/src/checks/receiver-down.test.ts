import { describe, expect, test } from 'vitest';
import { scenarioRunOf } from '../../test/support/scenario-runs.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { builtinSubject } from '../subjects/builtin.ts';
import { checkReceiverDown } from './wire.ts';

/** A run of scenario `id` that exited `code` after `durationMs`. */
const run = (id: string, durationMs: number, code = 0): ScenarioRun =>
  scenarioRunOf(id, { endedAtMs: durationMs, exit: { code, signal: null, timedOut: false, durationMs } });

const ctx = (runs: ScenarioRun[]) => ({
  level: 'core' as const,
  capabilities: builtinSubject().spec.capabilities,
  runs,
});

describe('RECEIVER-DOWN-PROMPT-EXIT: promptly, against the same plain answer with the receiver up', () => {
  test('a loaded machine that slows every run does not fail it', () => {
    const down = run('receiver-down', 10_000);
    const j = checkReceiverDown(down, ctx([run('plain-answer', 6_000), down]));
    expect(j.verdict, j.reason).toBe('pass');
    expect(j.evidence?.some((e) => e.label === 'receiver up (plain-answer)')).toBe(true);
  });

  test('waiting on the dead receiver fails it, with both times in the evidence', () => {
    const down = run('receiver-down', 9_000);
    const j = checkReceiverDown(down, ctx([run('plain-answer', 2_000), down]));
    expect(j.verdict).toBe('fail');
    expect(j.reason).toMatch(/7000 ms more than the same plain answer with the receiver up \(2000 ms/);
  });

  test('without a receiver-up run, the fixed limit', () => {
    expect(checkReceiverDown(run('receiver-down', 9_000), ctx([])).verdict).toBe('fail');
    expect(checkReceiverDown(run('receiver-down', 3_000), ctx([])).verdict).toBe('pass');
  });

  test('a non-zero exit fails whatever the time', () => {
    const down = run('receiver-down', 1_000, 1);
    expect(checkReceiverDown(down, ctx([run('plain-answer', 1_000), down])).verdict).toBe('fail');
  });
});
