import { expect, test } from 'vitest';
import type { TelemetryConfig } from '../profile.ts';
import { GEM_EVENT, GEMINI_CLI_CATALOG } from './catalog.ts';
import { GEMINI_API, GEMINI_CHUNK } from './model-api.ts';
import { GEMINI_SETTINGS_FILE, renderGeminiCliTelemetry } from './telemetry.ts';

const usage = { input: 31, cached: 7, output: 12, reasoning: 5 };
const call = { callId: 'call_g_1', name: 'run_shell_command', arguments: '{"command":"echo hi"}' };

const config = (over: Partial<TelemetryConfig> = {}): TelemetryConfig => ({
  logs: {
    transport: 'http/json',
    endpoint: 'http://127.0.0.1:4318/v1/logs',
    baseEndpoint: 'http://127.0.0.1:4318',
  },
  metrics: 'none',
  headers: {},
  expandedHeaders: {},
  headerEnv: {},
  environment: 'test',
  logUserPrompt: false,
  configDir: '/tmp/x',
  ...over,
});

test('the catalog holds the documented events, GenAI semantic-convention ones included', () => {
  const names = GEMINI_CLI_CATALOG.events.map((e) => e.name);
  expect(names).toEqual(
    expect.arrayContaining([GEM_EVENT.userPrompt, GEM_EVENT.toolCall, GEM_EVENT.inferenceDetails]),
  );
  expect(GEMINI_CLI_CATALOG.metrics.map((m) => m.name)).toContain('gen_ai.client.operation.duration');
});

test('telemetry: the settings.json telemetry object, logPrompts written both ways, no protobuf', () => {
  const r = renderGeminiCliTelemetry('gemini-settings', config());
  expect(JSON.parse(r.placeholders.geminiTelemetry!)).toEqual({
    enabled: true,
    target: 'local',
    otlpEndpoint: 'http://127.0.0.1:4318',
    otlpProtocol: 'http',
    logPrompts: false,
  });
  expect(JSON.parse(r.files[GEMINI_SETTINGS_FILE]!).telemetry.logPrompts).toBe(false);
  const on = renderGeminiCliTelemetry('gemini-settings', config({ logUserPrompt: true }));
  expect(JSON.parse(on.placeholders.geminiTelemetry!).logPrompts).toBe(true);
  expect(
    JSON.parse(
      renderGeminiCliTelemetry('gemini-settings', config({ logs: 'none' })).placeholders.geminiTelemetry!,
    ),
  ).toMatchObject({ enabled: false });
  const proto = config({ logs: { transport: 'http/protobuf', endpoint: 'x', baseEndpoint: 'x' } });
  expect(() => renderGeminiCliTelemetry('gemini-settings', proto)).toThrow(/"http".*"grpc"/);
});

test('the Gemini mock serves the rendered steps and reports usage, completion and function responses', async () => {
  const api = GEMINI_API;
  const steps = [
    api.render({ kind: 'tool-call', responseId: 'r1', usage }, call),
    api.render({ kind: 'answer', responseId: 'r2', text: 'Done.', usage }, undefined),
  ];
  expect(steps[0]!.frames[0]!.type).toBe(GEMINI_CHUNK);
  const mock = await api.start(steps, { label: 'unit' });
  try {
    const post = (body: object) =>
      fetch(`${mock.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const first = await (await post({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] })).text();
    expect(first).toContain('"functionCall":{"id":"call_g_1","name":"run_shell_command"');
    expect(first).toContain('"candidatesTokenCount":7');
    expect(first).toContain('"thoughtsTokenCount":5');
    const answer = [
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'call_g_1', name: 'run_shell_command', response: { output: 'hi' } } },
        ],
      },
    ];
    expect(await (await post({ contents: answer })).text()).toContain('"finishReason":"STOP"');
    const ex = await mock.exchanges();
    expect(ex.map((x) => [x.served, x.completes])).toEqual([
      ['sse', true],
      ['sse', true],
    ]);
    expect(ex[0]!.usage).toEqual(usage);
    expect(ex[1]!.toolOutputs).toEqual({ call_g_1: '{"output":"hi"}' });
  } finally {
    await mock.close();
  }
});
