import { describe, expect, test } from 'vitest';
import { scenarioRunOf } from '../../test/support/scenario-runs.ts';
import type { AnyValue } from '../capture/any-value.ts';
import type { CapturedLog } from '../capture/model.ts';
import { evaluate } from '../judge/evaluate.ts';
import { EMPTY_CAPTURE, type ModelExchange, type ScenarioRun } from '../model/scenario-run.ts';
import { findRequirement, REQUIREMENTS } from '../requirements/requirements.ts';
import {
  assistantMessage,
  completed,
  created,
  failed,
  functionCall,
  textDelta,
  usage,
} from '../scenarios/frames.ts';
import type { SseFrame } from '../scenarios/model.ts';
import { builtinSubject } from '../subjects/builtin.ts';
import { deliveryOf, deliverySummary } from './delivery.ts';
import { checkFlushOnExit } from './wire.ts';

type Rec = [name: string, attrs?: Record<string, string | number>];

const value = (v: string | number): AnyValue =>
  typeof v === 'number' ? { intValue: String(v) } : { stringValue: v };

function log(seq: number, [name, attrs = {}]: Rec): CapturedLog {
  const attributes: Record<string, AnyValue> = { 'event.name': { stringValue: name } };
  for (const [k, v] of Object.entries(attrs)) attributes[k] = value(v);
  return { seq, transport: 'http/protobuf', receivedAtMs: 0, resource: {}, attributes };
}

const sse = (frames: SseFrame[]): ModelExchange => ({
  index: 0,
  served: 'sse',
  status: 200,
  frames,
  input: [],
});
const http = (status: number): ModelExchange => ({
  index: 0,
  served: 'http-error',
  status,
  frames: [],
  input: [],
});

/** A run of a catalog scenario with what the mock saw and the records that arrived. */
const run = (scenarioId: string, model: ModelExchange[], records: Rec[], call?: string): ScenarioRun =>
  scenarioRunOf(scenarioId, {
    capture: { ...EMPTY_CAPTURE, logs: records.map((r, i) => log(i, r)) },
    model: model.map((m, index) => ({ ...m, index })),
    ...(call ? { toolCall: { callId: call, name: 'shell', arguments: '{}' } } : {}),
  });

const START: Rec[] = [['codex.conversation_starts'], ['codex.user_prompt']];
const kind = (k: string, extra: Record<string, string | number> = {}): Rec => [
  'codex.sse_event',
  { 'event.kind': k, ...extra },
];
const api = (attempt: number, status = 200): Rec => [
  'codex.api_request',
  { attempt, 'http.response.status_code': status },
];
const ANSWER = [
  created('r1'),
  textDelta('Hel'),
  assistantMessage('m1', 'Hello'),
  completed('r1', usage(31, 7, 12, 5)),
];
const ANSWER_RECORDS: Rec[] = [
  api(1),
  kind('response.created'),
  kind('response.output_text.delta'),
  kind('response.output_item.done'),
  kind('response.completed', { input_token_count: 31 }),
];

/** Verdicts of every requirement on one run, by id. */
function verdicts(r: ScenarioRun) {
  const { results } = evaluate(REQUIREMENTS, [r], {
    level: 'core',
    capabilities: builtinSubject().spec.capabilities,
    suppressions: [],
  });
  return Object.fromEntries(results.map((x) => [x.id, x.findings[0]]));
}

describe('delivery completeness', () => {
  test('a plain answer that arrived whole is complete, duplicates do not matter', () => {
    const r = run('plain-answer', [sse(ANSWER)], [...START, ...ANSWER_RECORDS, kind('response.completed')]);
    const d = deliveryOf(r);
    expect(d.complete).toBe(true);
    expect(d.expected.map((e) => e.label)).toEqual([
      'codex.conversation_starts',
      'codex.user_prompt',
      'codex.api_request attempt 1',
      'codex.sse_event response.created',
      'codex.sse_event response.output_text.delta',
      'codex.sse_event response.output_item.done',
      'codex.sse_event response.completed',
    ]);
    expect(deliverySummary(d)).toBe('7 of 7 expected records arrived');
    expect(checkFlushOnExit(r).verdict).toBe('pass');
  });

  test('records lost at exit on a failure path: FLUSH-ON-EXIT-FAILURE fails, presence requirements skip', () => {
    const r = run(
      'response-failed',
      [sse([created('r1'), failed('r1', 'insufficient_quota', 'boom')])],
      START,
    );
    const d = deliveryOf(r);
    expect(d.complete).toBe(false);
    expect(deliverySummary(d)).toBe(
      '2 of 5 expected records arrived; missing: codex.api_request attempt 1, codex.sse_event response.created, codex.sse_event response.failed',
    );
    const v = verdicts(r);
    expect(v['FLUSH-ON-EXIT-FAILURE']).toMatchObject({ verdict: 'fail' });
    expect(v['FLUSH-ON-EXIT-FAILURE']!.evidence[0]!.detail).toMatch(
      /^2 of 5 expected records arrived; missing/,
    );
    for (const id of ['API-REQUEST-PER-ATTEMPT', 'SSE-EVENT-PER-FRAME', 'SSE-ERROR-ON-FAILURE'])
      expect(v[id], id).toMatchObject({
        verdict: 'skip',
        reason: 'delivery incomplete: judged by FLUSH-ON-EXIT-FAILURE',
      });
    // what arrived is still judged
    expect(v['USER-PROMPT-EMITTED']!.verdict).toBe('pass');
    expect(v['CONVERSATION-STARTS-EMITTED']!.verdict).toBe('pass');
    // (the synthetic records carry no metadata, so only the presence requirements are looked at)
    const presence = REQUIREMENTS.filter((x) => x.judgesPresenceOf).map((x) => x.id);
    const failedIds = Object.entries(v)
      .filter(([id, f]) => f?.verdict === 'fail' && (presence.includes(id) || id.startsWith('FLUSH')))
      .map(([id]) => id);
    expect(failedIds).toEqual(['FLUSH-ON-EXIT-FAILURE']);
  });

  test('Codex-like retries exhausted: the last attempt lost is a delivery fault, not a counting one', () => {
    const r = run('http-5xx-exhausted', [http(500), http(500)], [...START, api(0, 500)]);
    const d = deliveryOf(r);
    expect(d.lost.map((e) => e.label)).toEqual(['codex.api_request attempt 2']);
    const v = verdicts(r);
    expect(v['FLUSH-ON-EXIT-FAILURE']!.verdict).toBe('fail');
    expect(v['API-REQUEST-PER-ATTEMPT']!.reason).toBe('delivery incomplete: judged by FLUSH-ON-EXIT-FAILURE');
    expect(v['API-REQUEST-STATUS-CODE']!.verdict).toBe('skip');
  });

  test('the error record of a cut stream is expected after its frames', () => {
    const frames = [created('r1'), textDelta('Hel')];
    const whole = run(
      'stream-cut',
      [sse(frames)],
      [
        ...START,
        api(1),
        kind('response.created'),
        kind('response.output_text.delta'),
        kind('stream.closed', { 'error.message': 'stream closed before response.completed' }),
      ],
    );
    expect(deliveryOf(whole).complete).toBe(true);
    const cut = run('stream-cut', [sse(frames)], [...START, api(1), kind('response.created')]);
    expect(deliveryOf(cut).lost.map((e) => e.label)).toEqual([
      'codex.sse_event response.output_text.delta',
      'codex.sse_event with error.message (stream ended without response.completed)',
    ]);
  });

  test('an event never emitted (a later record arrived) is not a delivery fault', () => {
    const r = run('plain-answer', [sse(ANSWER)], [['codex.user_prompt'], ...ANSWER_RECORDS]);
    const d = deliveryOf(r);
    expect(d.complete).toBe(true);
    expect(d.notEmitted.map((e) => e.label)).toEqual(['codex.conversation_starts']);
    const v = verdicts(r);
    expect(v['FLUSH-ON-EXIT-SUCCESS']!.verdict).toBe('pass');
    expect(v['CONVERSATION-STARTS-EMITTED']!.verdict).toBe('fail');
  });

  test('a frame kind never reported, while later frames arrived, fails SSE-EVENT-PER-FRAME, not the flush', () => {
    const records = ANSWER_RECORDS.filter((x) => x[1]?.['event.kind'] !== 'response.output_text.delta');
    const r = run('plain-answer', [sse(ANSWER)], [...START, ...records]);
    expect(deliveryOf(r).notEmitted.map((e) => e.label)).toEqual([
      'codex.sse_event response.output_text.delta',
    ]);
    const v = verdicts(r);
    expect(v['FLUSH-ON-EXIT-SUCCESS']!.verdict).toBe('pass');
    expect(v['SSE-EVENT-PER-FRAME']!.verdict).toBe('fail');
  });

  test('tool records follow the attempt that carried the call; only lost events skip their requirements', () => {
    const call = 'call_tool_approved_by_config';
    const toolFrames = [
      created('r1'),
      functionCall(call, 'shell', '{}'),
      completed('r1', usage(40, 0, 9, 3)),
    ];
    const r = run(
      'tool-approved-by-config',
      [sse(toolFrames), sse(ANSWER)],
      [
        ...START,
        api(1),
        kind('response.created'),
        kind('response.output_item.done'),
        kind('response.completed'),
        [
          'codex.tool_decision',
          { call_id: call, decision: 'approved', source: 'config', tool_name: 'shell' },
        ],
      ],
      call,
    );
    const d = deliveryOf(r);
    expect(d.lost.map((e) => e.label)).toEqual([
      `codex.tool_result call_id ${call}`,
      'codex.api_request attempt 2',
      'codex.sse_event response.created',
      'codex.sse_event response.output_text.delta',
      'codex.sse_event response.output_item.done',
      'codex.sse_event response.completed',
    ]);
    const v = verdicts(r);
    expect(v['FLUSH-ON-EXIT-SUCCESS']!.verdict).toBe('fail');
    expect(v['TOOL-DECISION-REPORTED']!.verdict).toBe('pass');
    expect(v['TOOL-CALL-ID-JOIN']!.verdict).toBe('skip');
    expect(v['TOOL-RESULT-MATCHES-CALL']!.verdict).toBe('skip');
  });

  test('tool records whose call id matches no call arrived, also at the end of a run: the join requirement fails, not delivery', () => {
    const call = 'call_tool_approved_by_config';
    const toolFrames = [
      created('r1'),
      functionCall(call, 'shell', '{}'),
      completed('r1', usage(40, 0, 9, 3)),
    ];
    const own = { call_id: 'call_of_its_own', tool_name: 'shell' };
    const r = run(
      'tool-approved-by-config',
      // the run's last records: nothing later could show that they were emitted
      [sse(toolFrames)],
      [
        ...START,
        api(1),
        kind('response.created'),
        kind('response.output_item.done'),
        kind('response.completed'),
        ['codex.tool_decision', { ...own, decision: 'approved', source: 'config' }],
        ['codex.tool_result', { ...own, arguments: '{}', duration_ms: 3, success: 'true', output: 'ok' }],
      ],
      call,
    );
    expect(deliveryOf(r).complete).toBe(true);
    const v = verdicts(r);
    expect(v['FLUSH-ON-EXIT-SUCCESS']!.verdict).toBe('pass');
    expect(v['TOOL-CALL-ID-JOIN']!.verdict).toBe('fail');
  });

  test('a decision that does not run the tool expects no tool_result', () => {
    const call = 'call_tool_denied_by_user';
    const toolFrames = [
      created('r1'),
      functionCall(call, 'shell', '{}'),
      completed('r1', usage(40, 0, 9, 3)),
    ];
    const r = run('tool-denied-by-user', [sse(toolFrames)], [], call);
    expect(deliveryOf(r).expected.map((e) => e.event)).not.toContain('codex.tool_result');
    expect(deliveryOf(r).expected.map((e) => e.event)).toContain('codex.tool_decision');
  });

  test('nothing arrived over a transport under test: judged by TRANSPORT-*, the flush requirement skips', () => {
    const r = run('transport-grpc', [sse(ANSWER)], []);
    const j = checkFlushOnExit(r);
    expect(j).toMatchObject({ verdict: 'skip', reason: 'nothing arrived; judged by TRANSPORT-GRPC' });
    expect(findRequirement('FLUSH-ON-EXIT-SUCCESS')!.appliesTo(r.scenario)).toBe(true);
    const plain = run('plain-answer', [sse(ANSWER)], []);
    expect(checkFlushOnExit(plain).verdict).toBe('fail');
  });
});

describe("records dropped by the agent's queue", () => {
  const tail = (r: ScenarioRun, stderr: string): ScenarioRun => ({ ...r, stderr });
  const cut = () => run('plain-answer', [sse(ANSWER)], [...START, api(1), kind('response.created')]);

  test('the agent says its queue dropped them: the flush failure says so, not "lost at exit"', () => {
    const r = tail(
      cut(),
      'answer\n[@agentotel/otel] dropped 3 log records: export queue full (maxQueueSize 2)\n',
    );
    const j = checkFlushOnExit(r);
    expect(j.verdict).toBe('fail');
    expect(j.reason).toBe(
      "3 record(s) emitted before exit never arrived (success path): dropped by the agent's export queue (3 dropped, it says), not lost at exit",
    );
    expect(j.evidence?.find((e) => e.label === "agent's stderr")?.detail).toMatch(/dropped 3 log records/);
  });

  test('fewer drops than missing records: the rest is lost at exit', () => {
    const r = tail(cut(), '[agentotel-otel] dropped 1 log record (queue full)\n');
    expect(checkFlushOnExit(r).reason).toMatch(
      /: 1 dropped by the agent's export queue \(it says so\), the other 2 lost at exit$/,
    );
  });

  test('nothing said on stderr: lost at exit', () => {
    expect(checkFlushOnExit(cut()).reason).toMatch(/: lost at exit: the last batch was not flushed$/);
  });

  test('dropped in the middle of the run while later records arrived: dropped by the queue, not never emitted', () => {
    // the two deltas' records are gone, the completion after them arrived
    const frames = [
      created('r1'),
      textDelta('a'),
      textDelta('b'),
      assistantMessage('m1', 'ab'),
      completed('r1', usage(5, 0, 2, 0)),
    ];
    const records: Rec[] = [
      ...START,
      api(1),
      kind('response.created'),
      kind('response.output_item.done'),
      kind('response.completed'),
    ];
    const quiet = run('plain-answer', [sse(frames)], records);
    expect(deliveryOf(quiet).notEmitted.map((e) => e.kind)).toEqual([
      'response.output_text.delta',
      'response.output_text.delta',
    ]);
    const r = tail(
      run('plain-answer', [sse(frames)], records),
      '[@agentotel/otel] dropped 2 log records: export queue full (maxQueueSize 4)\n',
    );
    expect(deliveryOf(r).notEmitted).toEqual([]);
    const j = checkFlushOnExit(r);
    expect(j.verdict).toBe('fail');
    expect(j.reason).toMatch(/dropped by the agent's export queue \(2 dropped, it says\), not lost at exit$/);
    // a run of the same label is given once, with its count
    expect(deliverySummary(deliveryOf(r))).toBe(
      '6 of 8 expected records arrived; missing: codex.sse_event response.output_text.delta × 2',
    );
  });
});

describe('a record missing at the end of one run, never emitted on another', () => {
  const CUT = [created('r1'), textDelta('Hel')];
  const CUT_RECORDS: Rec[] = [api(1), kind('response.created'), kind('response.output_text.delta')];
  const ctx = (runs: ScenarioRun[]) => ({
    level: 'core' as const,
    capabilities: builtinSubject().spec.capabilities,
    runs,
  });
  // the cut stream's error record is missing in both runs
  const cut = run('stream-cut', [sse(CUT)], [...START, ...CUT_RECORDS]);
  const retried = run(
    'stream-cut-then-success',
    [sse(CUT), sse(ANSWER)],
    [
      ...START,
      ...CUT_RECORDS,
      ...ANSWER_RECORDS.map(([n, a]): Rec => [n, n === 'codex.api_request' ? { ...a, attempt: 2 } : a]),
    ],
  );

  test('alone, the missing tail reads as lost at exit', () => {
    expect(deliveryOf(cut).lost.map((e) => e.kind)).toEqual(['error']);
    expect(checkFlushOnExit(cut, ctx([cut])).verdict).toBe('fail');
  });

  test('missing earlier in the same run while later records arrived, it reads as never emitted there too', () => {
    const second = CUT_RECORDS.map(
      ([n, a]): Rec => [n, n === 'codex.api_request' ? { ...a, attempt: 2 } : a],
    );
    const twice = run('stream-cut-then-success', [sse(CUT), sse(CUT)], [...START, ...CUT_RECORDS, ...second]);
    expect(deliveryOf(twice).notEmitted.map((e) => e.kind)).toEqual(['error']);
    expect(deliveryOf(twice).lost.map((e) => e.kind)).toEqual(['error']);
    const j = checkFlushOnExit(twice, ctx([twice]));
    expect(j.verdict).toBe('pass');
    expect(j.evidence?.map((e) => e.detail).join('\n')).toMatch(
      /on stream-cut-then-success a record of this kind was missing/,
    );
  });

  test('beside a run where a later record followed it, it reads as never emitted: the flush passes and says why', () => {
    expect(deliveryOf(retried).notEmitted.map((e) => e.kind)).toEqual(['error']);
    const j = checkFlushOnExit(cut, ctx([cut, retried]));
    expect(j.verdict).toBe('pass');
    expect(j.evidence?.map((e) => e.detail).join('\n')).toMatch(
      /on stream-cut-then-success a record of this kind was missing/,
    );
  });
});
