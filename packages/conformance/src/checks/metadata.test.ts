import { expect, test } from 'vitest';
import type { CapturedLog } from '../capture/model.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import type { CheckContext } from '../requirements/model.ts';
import { catalogLogs } from './helpers.ts';
import { checkConversationIdUnique } from './metadata.ts';

const record = (seq: number, name: string, conversationId?: string): CapturedLog => ({
  seq,
  transport: 'http/protobuf',
  receivedAtMs: 0,
  resource: {},
  attributes: {
    'event.name': { stringValue: name },
    ...(conversationId ? { 'conversation.id': { stringValue: conversationId } } : {}),
  },
});

/** A run with one user_prompt record per conversation id (only what the check reads). */
const run = (id: string, ids: string[], state: ScenarioRun['state'] = 'ran'): ScenarioRun =>
  ({
    scenario: { id },
    state,
    capture: {
      exports: [],
      logs: ids.map((c, i) => record(i, 'codex.user_prompt', c)),
      metrics: [],
      spans: 0,
    },
  }) as unknown as ScenarioRun;

const ctxOf = (runs: ScenarioRun[]) => ({ level: 'core', runs }) as unknown as CheckContext;

test('conversation.id reused by other runs fails and names them in run order; skipped runs do not count', () => {
  const runs = [
    run('a', ['x']),
    run('b', ['y']),
    run('c', ['x', 'z']),
    run('d', ['x'], 'skipped'),
    run('e', ['z']),
  ];
  const ctx = ctxOf(runs);
  const a = checkConversationIdUnique(runs[0]!, ctx);
  expect(a.verdict).toBe('fail');
  expect(a.reason).toBe('conversation.id reused by other runs: c');
  expect(checkConversationIdUnique(runs[2]!, ctx).reason).toBe('conversation.id reused by other runs: a, e');
  expect(checkConversationIdUnique(runs[1]!, ctx).verdict).toBe('pass');
  expect(checkConversationIdUnique(run('f', []), ctx).verdict).toBe('skip');
});

test('a different list of runs is judged on its own ids', () => {
  const runs = [run('a', ['x']), run('b', ['y'])];
  expect(checkConversationIdUnique(runs[0]!, ctxOf(runs)).verdict).toBe('pass');
  const more = [...runs, run('c', ['x'])];
  expect(checkConversationIdUnique(runs[0]!, ctxOf(more)).reason).toBe(
    'conversation.id reused by other runs: c',
  );
});

test('catalogLogs follows records added to a run after it was first asked', () => {
  const r = run('a', ['x']);
  r.capture.logs.push(record(1, 'not.in.catalog'));
  expect(catalogLogs(r)).toHaveLength(1);
  r.capture.logs.push(record(2, 'codex.api_request', 'x'));
  expect(catalogLogs(r).map((l) => l.seq)).toEqual([0, 2]);
  expect(catalogLogs(r)).toBe(catalogLogs(r));
});
