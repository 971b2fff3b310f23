import { expect, test } from 'vitest';
import type { TelemetryConfig } from '../profile.ts';
import { CC_EVENT, CLAUDE_CODE_CATALOG, claudeCodeEventName } from './catalog.ts';
import { ANTHROPIC_MESSAGES_API } from './model-api.ts';
import { renderClaudeCodeTelemetry } from './telemetry.ts';

const usage = { input: 31, cached: 7, output: 12, reasoning: 5 };
const call = { callId: 'toolu_agentotel_1', name: 'Bash', arguments: '{"command":"echo hi"}' };

test('the catalog names events claude_code.<name>; a record is known by its body or bare event.name', () => {
  expect(CLAUDE_CODE_CATALOG.events.map((e) => e.name)).toContain(CC_EVENT.toolResult);
  expect(claudeCodeEventName({ body: { stringValue: 'claude_code.user_prompt' }, attributes: {} })).toBe(
    CC_EVENT.userPrompt,
  );
  expect(claudeCodeEventName({ attributes: { 'event.name': { stringValue: 'api_error' } } })).toBe(
    CC_EVENT.apiError,
  );
});

test('telemetry: standard OTEL_* variables, CLAUDE_CODE_ENABLE_TELEMETRY, the prompt opt-in only when asked', () => {
  const base: TelemetryConfig = {
    logs: { transport: 'grpc', endpoint: 'http://127.0.0.1:4317', baseEndpoint: 'http://127.0.0.1:4317' },
    metrics: 'none',
    headers: {},
    expandedHeaders: { 'x-k': 'v 1' },
    headerEnv: {},
    environment: 'test',
    logUserPrompt: false,
    configDir: '/tmp/x',
  };
  const off = renderClaudeCodeTelemetry('otel-env', base).env;
  expect(off).toMatchObject({
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    OTEL_EXPORTER_OTLP_HEADERS: 'x-k=v%201',
  });
  expect(off.OTEL_LOG_USER_PROMPTS).toBeUndefined();
  expect(
    renderClaudeCodeTelemetry('otel-env', { ...base, logUserPrompt: true }).env.OTEL_LOG_USER_PROMPTS,
  ).toBe('1');
  expect(renderClaudeCodeTelemetry('otel-env', { ...base, logs: 'none' }).env.OTEL_LOGS_EXPORTER).toBe(
    'none',
  );
  expect(() => renderClaudeCodeTelemetry('codex-toml', base)).toThrow(/cannot render/);
});

test('the Messages mock serves the rendered steps and reports usage, completion and tool results', async () => {
  const api = ANTHROPIC_MESSAGES_API;
  const steps = [
    api.render({ kind: 'http-error', status: 503, message: 'overloaded' }, undefined),
    api.render({ kind: 'tool-call', responseId: 'msg_1', usage }, call),
    api.render({ kind: 'answer', responseId: 'msg_2', text: 'Done.', usage }, undefined),
  ];
  const mock = await api.start(steps, { label: 'unit' });
  try {
    const post = (body: object) =>
      fetch(`${mock.url}/v1/messages?beta=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const first = await post({ messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({ type: 'error', error: { message: 'overloaded' } });
    const second = await (await post({ messages: [], stream: true })).text();
    expect(second).toContain('event: content_block_start');
    expect(second).toContain('"id":"toolu_agentotel_1"');
    expect(second).toContain('"cache_read_input_tokens":7');
    const result = [
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.callId, content: 'hi\n' }] },
    ];
    expect(await (await post({ messages: result, stream: true })).text()).toContain('event: message_stop');
    const ex = await mock.exchanges();
    expect(ex.map((x) => [x.served, x.status, x.completes])).toEqual([
      ['http-error', 503, false],
      ['sse', 200, true],
      ['sse', 200, true],
    ]);
    expect(ex[1]!.usage).toEqual(usage);
    expect(ex[2]!.toolOutputs).toEqual({ [call.callId]: 'hi\n' });
  } finally {
    await mock.close();
  }
});
