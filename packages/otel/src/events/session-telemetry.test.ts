import { describe, expect, test } from 'vitest';
import type { MetricName } from '../metrics/metric-names.ts';
import { formatEventTimestamp, type SessionMetadata, SessionTelemetry } from './session-telemetry.ts';
import { type Attributes, NOOP_SINK, type TelemetrySink } from './telemetry-sink.ts';

type Emitted = { eventName: string; attributes: Attributes; time: Date };
type Point = { kind: 'counter' | 'histogram'; name: MetricName; value: number; tags: Record<string, string> };

function capture() {
  const events: Emitted[] = [];
  const points: Point[] = [];
  const sink: TelemetrySink = {
    logsEnabled: true,
    metricsEnabled: true,
    emitEvent: (eventName, attributes, time) => events.push({ eventName, attributes, time }),
    addCounter: (name, value, tags) => points.push({ kind: 'counter', name, value, tags }),
    recordHistogram: (name, value, tags) => points.push({ kind: 'histogram', name, value, tags }),
  };
  return { sink, events, points };
}

const meta: SessionMetadata = {
  conversationId: '6f1c1f43-3f3a-4b8e-9d3c-0d0c8c5b1a11',
  appVersion: '0.1.0',
  model: 'gpt-5.1-codex',
  slug: 'gpt-5.1-codex',
  terminalType: 'xterm-256color',
  originator: 'codex_exec',
  logUserPrompt: false,
  sessionSource: 'exec',
};

const common = {
  'conversation.id': meta.conversationId,
  'app.version': '0.1.0',
  'terminal.type': 'xterm-256color',
  model: 'gpt-5.1-codex',
  slug: 'gpt-5.1-codex',
  originator: 'codex_exec',
};

function only(events: Emitted[]): Emitted {
  expect(events).toHaveLength(1);
  return events[0]!;
}

describe('SessionTelemetry events', () => {
  test('every event carries event.name, event.timestamp matching the record time, and the common metadata', () => {
    const { sink, events } = capture();
    new SessionTelemetry(sink, meta).toolDecision({
      toolName: 'shell',
      callId: 'c1',
      decision: 'approved',
      source: 'user',
    });
    const e = only(events);
    expect(e.eventName).toBe('codex.tool_decision');
    expect(e.attributes['event.name']).toBe('codex.tool_decision');
    expect(e.attributes['event.timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(e.attributes['event.timestamp']).toBe(e.time.toISOString());
    expect(e.attributes).toMatchObject(common);
    expect(e.attributes).not.toHaveProperty('auth_mode');
    expect(e.attributes).not.toHaveProperty('user.account_id');
  });

  test('auth_mode and user.account_id when known', () => {
    const { sink, events } = capture();
    new SessionTelemetry(sink, { ...meta, authMode: 'ApiKey', accountId: 'acct-1' }).userPrompt('hi');
    expect(only(events).attributes).toMatchObject({ auth_mode: 'ApiKey', 'user.account_id': 'acct-1' });
  });

  test('conversation_starts: exact attributes, ints for token limits, optional ones left out', () => {
    const { sink, events } = capture();
    const s = new SessionTelemetry(sink, meta);
    s.conversationStarts({
      providerName: 'openai',
      reasoningEffort: 'high',
      reasoningSummary: 'auto',
      contextWindow: 272000,
      maxOutputTokens: 128000,
      autoCompactTokenLimit: 200000,
      approvalPolicy: 'never',
      sandboxPolicy: 'read-only',
      mcpServers: ['docs', 'github'],
      activeProfile: 'work',
    });
    s.conversationStarts({
      providerName: 'openai',
      reasoningSummary: 'none',
      approvalPolicy: 'on-request',
      sandboxPolicy: 'workspace-write',
      mcpServers: [],
    });
    const [full, bare] = events;
    expect(strip(full!.attributes)).toEqual({
      provider_name: 'openai',
      reasoning_effort: 'high',
      reasoning_summary: 'auto',
      context_window: 272000,
      max_output_tokens: 128000,
      auto_compact_token_limit: 200000,
      approval_policy: 'never',
      sandbox_policy: 'read-only',
      mcp_servers: 'docs, github',
      active_profile: 'work',
    });
    expect(strip(bare!.attributes)).toEqual({
      provider_name: 'openai',
      reasoning_summary: 'none',
      approval_policy: 'on-request',
      sandbox_policy: 'workspace-write',
      mcp_servers: '',
    });
  });

  test('api_request: attempt int, duration_ms string, status int, error and cf_ray; metrics tagged', () => {
    const { sink, events, points } = capture();
    const s = new SessionTelemetry(sink, meta);
    s.apiRequest({ attempt: 1, durationMs: 412.9, statusCode: 200, cfRay: 'abc-SJC' });
    s.apiRequest({ attempt: 2, durationMs: 5, error: 'connection reset' });
    expect(strip(events[0]!.attributes)).toEqual({
      attempt: 1,
      duration_ms: '412',
      'http.response.status_code': 200,
      cf_ray: 'abc-SJC',
    });
    expect(strip(events[1]!.attributes)).toEqual({
      attempt: 2,
      duration_ms: '5',
      'error.message': 'connection reset',
    });
    const session = {
      originator: 'codex_exec',
      session_source: 'exec',
      model: 'gpt-5.1-codex',
      'app.version': '0.1.0',
    };
    expect(points).toEqual([
      {
        kind: 'counter',
        name: 'codex.api_request',
        value: 1,
        tags: { ...session, status: '200', success: 'true' },
      },
      {
        kind: 'histogram',
        name: 'codex.api_request.duration_ms',
        value: 412,
        tags: { ...session, status: '200', success: 'true' },
      },
      {
        kind: 'counter',
        name: 'codex.api_request',
        value: 1,
        tags: { ...session, status: 'none', success: 'false' },
      },
      {
        kind: 'histogram',
        name: 'codex.api_request.duration_ms',
        value: 5,
        tags: { ...session, status: 'none', success: 'false' },
      },
    ]);
  });

  test('sse_event plain and failed frames', () => {
    const { sink, events, points } = capture();
    const s = new SessionTelemetry(sink, meta);
    s.sseEvent({ kind: 'response.output_item.done', durationMs: 3 });
    s.sseEvent({ kind: 'response.failed', durationMs: 7, error: 'rate limited' });
    expect(strip(events[0]!.attributes)).toEqual({
      'event.kind': 'response.output_item.done',
      duration_ms: '3',
    });
    expect(strip(events[1]!.attributes)).toEqual({
      'event.kind': 'response.failed',
      duration_ms: '7',
      'error.message': 'rate limited',
    });
    expect(
      points.filter((p) => p.name === 'codex.sse_event').map((p) => [p.tags.kind, p.tags.success]),
    ).toEqual([
      ['response.output_item.done', 'true'],
      ['response.failed', 'false'],
    ]);
  });

  test('sse_event completed: token counts as strings, cached/reasoning as ints, tool_token_count = total', () => {
    const { sink, events, points } = capture();
    const s = new SessionTelemetry(sink, meta);
    s.sseEventCompleted({
      durationMs: 10,
      usage: { inputTokens: 100, outputTokens: 20, cachedTokens: 50, reasoningTokens: 8, totalTokens: 120 },
    });
    s.sseEventCompleted({ durationMs: 1, usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } });
    expect(strip(events[0]!.attributes)).toEqual({
      'event.kind': 'response.completed',
      duration_ms: '10',
      input_token_count: '100',
      output_token_count: '20',
      cached_token_count: 50,
      reasoning_token_count: 8,
      tool_token_count: '120',
    });
    expect(strip(events[1]!.attributes)).toEqual({
      'event.kind': 'response.completed',
      duration_ms: '1',
      input_token_count: '1',
      output_token_count: '2',
      tool_token_count: '3',
    });
    const usage = points.filter((p) => p.name === 'codex.turn.token_usage').slice(0, 5);
    expect(usage.map((p) => [p.tags.token_type, p.value])).toEqual([
      ['total', 120],
      ['input', 100],
      ['cached_input', 50],
      ['output', 20],
      ['reasoning_output', 8],
    ]);
  });

  test('user_prompt: redacted by default, prompt_length counts code points', () => {
    const { sink, events } = capture();
    new SessionTelemetry(sink, meta).userPrompt('héllo 👋 wörld');
    expect(strip(only(events).attributes)).toEqual({ prompt_length: '13', prompt: '[REDACTED]' });
  });

  test('user_prompt: literal prompt when logUserPrompt', () => {
    const { sink, events } = capture();
    new SessionTelemetry(sink, { ...meta, logUserPrompt: true }).userPrompt('𝔘𝔫𝔦');
    expect(strip(only(events).attributes)).toEqual({ prompt_length: '3', prompt: '𝔘𝔫𝔦' });
  });

  test('tool_decision', () => {
    const { sink, events } = capture();
    new SessionTelemetry(sink, meta).toolDecision({
      toolName: 'shell',
      callId: 'call_1',
      decision: 'approved_for_session',
      source: 'config',
    });
    expect(strip(only(events).attributes)).toEqual({
      tool_name: 'shell',
      call_id: 'call_1',
      decision: 'approved_for_session',
      source: 'config',
    });
  });

  test('tool_result: success as "true"/"false", call_id only when known, mcp_server when given', () => {
    const { sink, events, points } = capture();
    const s = new SessionTelemetry(sink, meta);
    s.toolResult({
      toolName: 'shell',
      callId: 'c1',
      arguments: '{"cmd":"ls"}',
      durationMs: 33,
      success: true,
      output: 'a\nb',
    });
    s.toolResult({
      toolName: 'docs/search',
      arguments: '{}',
      durationMs: 2,
      success: false,
      output: 'boom',
      mcpServer: 'docs',
    });
    expect(strip(events[0]!.attributes)).toEqual({
      tool_name: 'shell',
      call_id: 'c1',
      arguments: '{"cmd":"ls"}',
      duration_ms: '33',
      success: 'true',
      output: 'a\nb',
    });
    expect(strip(events[1]!.attributes)).toEqual({
      tool_name: 'docs/search',
      arguments: '{}',
      duration_ms: '2',
      success: 'false',
      output: 'boom',
      mcp_server: 'docs',
    });
    expect(points.filter((p) => p.name === 'codex.tool.call').map((p) => p.tags)).toEqual([
      expect.objectContaining({ tool: 'shell', success: 'true' }),
      expect.objectContaining({ tool: 'docs/search', success: 'false' }),
    ]);
  });

  test('logToolResult times run() and reports its outcome; a rejection is reported and rethrown', async () => {
    const { sink, events } = capture();
    const s = new SessionTelemetry(sink, meta);
    const result = await s.logToolResult({ toolName: 'shell', callId: 'c9', arguments: '{}' }, async () => {
      await new Promise((r) => setTimeout(r, 25));
      return { output: 'done', success: true, extra: 1 };
    });
    expect(result).toEqual({ output: 'done', success: true, extra: 1 });
    expect(Number(events[0]!.attributes.duration_ms)).toBeGreaterThanOrEqual(20);
    expect(events[0]!.attributes).toMatchObject({ success: 'true', output: 'done', call_id: 'c9' });
    await expect(
      s.logToolResult({ toolName: 'shell', arguments: '{}' }, async () => {
        throw new Error('spawn failed');
      }),
    ).rejects.toThrow('spawn failed');
    expect(events[1]!.attributes).toMatchObject({ success: 'false', output: 'spawn failed' });
  });

  test('withModel returns a copy for another model; the original keeps its model', () => {
    const { sink, events } = capture();
    const s = new SessionTelemetry(sink, meta);
    s.withModel('o3', 'o3-2025').userPrompt('x');
    s.userPrompt('y');
    expect(events[0]!.attributes).toMatchObject({ model: 'o3', slug: 'o3-2025' });
    expect(events[1]!.attributes).toMatchObject({ model: 'gpt-5.1-codex', slug: 'gpt-5.1-codex' });
  });

  test('turnE2eDuration is metrics only', () => {
    const { sink, events, points } = capture();
    new SessionTelemetry(sink, meta).turnE2eDuration(1234.5);
    expect(events).toHaveLength(0);
    expect(points).toEqual([
      expect.objectContaining({ kind: 'histogram', name: 'codex.turn.e2e_duration_ms', value: 1234 }),
    ]);
  });

  test('metric tag values are sanitised to [A-Za-z0-9._/-] and auth_mode is a session tag when known', () => {
    const { sink, points } = capture();
    new SessionTelemetry(sink, { ...meta, model: 'gpt 5 (high)', authMode: 'ChatGPT' }).sseEvent({
      kind: 'weird kind!',
      durationMs: 1,
    });
    for (const p of points) {
      for (const v of Object.values(p.tags)) expect(v).toMatch(/^[A-Za-z0-9._/-]+$/);
    }
    expect(points[0]!.tags).toMatchObject({
      model: 'gpt_5__high_',
      kind: 'weird_kind_',
      auth_mode: 'ChatGPT',
    });
  });

  test('never throws, even when the sink does', async () => {
    const throwing: TelemetrySink = {
      logsEnabled: true,
      metricsEnabled: true,
      emitEvent: () => {
        throw new Error('sink broke');
      },
      addCounter: () => {
        throw new Error('sink broke');
      },
      recordHistogram: () => {
        throw new Error('sink broke');
      },
    };
    const s = new SessionTelemetry(throwing, meta);
    expect(() => {
      s.conversationStarts({
        providerName: 'p',
        reasoningSummary: 'auto',
        approvalPolicy: 'never',
        sandboxPolicy: 'read-only',
        mcpServers: [],
      });
      s.apiRequest({ attempt: 1, durationMs: 1 });
      s.sseEvent({ kind: 'k', durationMs: 1 });
      s.sseEventCompleted({ durationMs: 1, usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } });
      s.userPrompt('p');
      s.toolDecision({ toolName: 't', callId: 'c', decision: 'denied', source: 'user' });
      s.toolResult({ toolName: 't', arguments: '', durationMs: 1, success: true, output: '' });
      s.turnE2eDuration(1);
    }).not.toThrow();
    await expect(
      s.logToolResult({ toolName: 't', arguments: '' }, async () => ({ output: '', success: true })),
    ).resolves.toBeTruthy();
  });

  test('a no-op sink records nothing but logToolResult still runs the tool', async () => {
    const s = new SessionTelemetry(NOOP_SINK, meta);
    s.userPrompt('x');
    await expect(
      s.logToolResult({ toolName: 't', arguments: '' }, async () => ({ output: 'o', success: true })),
    ).resolves.toEqual({
      output: 'o',
      success: true,
    });
  });
});

test('formatEventTimestamp: RFC 3339 UTC with exactly three fractional digits', () => {
  expect(formatEventTimestamp(new Date(Date.UTC(2025, 10, 4, 12, 34, 56, 789)))).toBe(
    '2025-11-04T12:34:56.789Z',
  );
  expect(formatEventTimestamp(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
});

const COMMON_KEYS = new Set([
  'event.name',
  'event.timestamp',
  'conversation.id',
  'app.version',
  'auth_mode',
  'user.account_id',
  'terminal.type',
  'model',
  'slug',
  'originator',
]);

function strip(attrs: Attributes): Attributes {
  return Object.fromEntries(Object.entries(attrs).filter(([k]) => !COMMON_KEYS.has(k)));
}
