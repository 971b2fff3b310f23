import { expect, test } from 'vitest';
import type { CapturedLog } from '../capture/model.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { CANARY } from '../scenarios/catalog.ts';
import { checkCanaryNotLeaked } from './privacy.ts';

const record = (seq: number, name: string, attrs: Record<string, string>, resource = {}): CapturedLog => ({
  seq,
  transport: 'http/protobuf',
  receivedAtMs: 0,
  resource,
  attributes: {
    'event.name': { stringValue: name },
    ...Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, { stringValue: v }])),
  },
});

const run = (logs: CapturedLog[]): ScenarioRun =>
  ({
    scenario: { id: 's' },
    state: 'ran',
    capture: { exports: [], logs, metrics: [], spans: 0 },
    otlpRequests: [],
  }) as unknown as ScenarioRun;

const resource = { 'service.name': { stringValue: 'agent' } };

test('the canary in the prompt attribute of the user-prompt event is left to the redaction requirement', () => {
  const logs = [
    record(0, 'codex.user_prompt', { prompt: `hello ${CANARY}` }, resource),
    ...Array.from({ length: 50 }, (_, i) =>
      record(i + 1, 'codex.sse_event', { 'event.kind': 'x' }, resource),
    ),
  ];
  expect(checkCanaryNotLeaked(run(logs)).verdict).toBe('pass');
});

test('the canary anywhere else is a leak, named by record and attribute or as the resource', () => {
  const leak = checkCanaryNotLeaked(
    run([
      record(0, 'codex.user_prompt', { prompt: '[REDACTED]' }, resource),
      record(1, 'codex.api_request', { 'error.message': `bad ${CANARY}` }, resource),
      record(2, 'codex.sse_event', {}, { 'service.name': { stringValue: CANARY } }),
    ]),
  );
  expect(leak.verdict).toBe('fail');
  expect(leak.reason).toContain('codex.api_request #1 attribute error.message');
  expect(leak.reason).toContain('resource attributes');
});
