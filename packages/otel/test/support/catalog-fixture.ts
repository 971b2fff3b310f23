import type { OtlpValue as TypedValue } from '@agentotel/test-support';
import type { SessionMetadata, SessionTelemetry } from '../../src/index.ts';

/** Session metadata used by the wire tests. */
export const META: SessionMetadata = {
  conversationId: '0b6a3c1e-7d0e-4a55-9a3f-2b8f6d1c4e77',
  appVersion: '0.1.0',
  model: 'gpt-5.1-codex',
  slug: 'gpt-5.1-codex',
  terminalType: 'xterm-256color',
  originator: 'codex_exec',
  logUserPrompt: false,
  authMode: 'ApiKey',
  sessionSource: 'exec',
};

const s = (value: string): TypedValue => ({ type: 'string', value });
const i = (value: number): TypedValue => ({ type: 'int', value });

/** Common metadata of catalog §2 as received, without event.name / event.timestamp. */
export const COMMON: Record<string, TypedValue> = {
  'conversation.id': s(META.conversationId),
  'app.version': s('0.1.0'),
  auth_mode: s('ApiKey'),
  'terminal.type': s('xterm-256color'),
  model: s('gpt-5.1-codex'),
  slug: s('gpt-5.1-codex'),
  originator: s('codex_exec'),
};

/** Emits every catalog event once, in this order, and returns what each must carry on the wire. */
export async function emitEveryEvent(
  session: SessionTelemetry,
): Promise<Array<{ name: string; attributes: Record<string, TypedValue> }>> {
  session.conversationStarts({
    providerName: 'openai',
    reasoningEffort: 'medium',
    reasoningSummary: 'auto',
    contextWindow: 272000,
    maxOutputTokens: 128000,
    autoCompactTokenLimit: 220000,
    approvalPolicy: 'never',
    sandboxPolicy: 'read-only',
    mcpServers: ['docs', 'github'],
    activeProfile: 'ci',
  });
  session.userPrompt('Fix the bug 🐛 please');
  session.apiRequest({ attempt: 1, durationMs: 120, statusCode: 200, cfRay: 'ray-1' });
  session.apiRequest({ attempt: 2, durationMs: 9, error: 'connection reset' });
  session.sseEvent({ kind: 'response.output_item.done', durationMs: 4 });
  session.sseEvent({ kind: 'response.failed', durationMs: 6, error: 'boom' });
  session.sseEventCompleted({
    durationMs: 8,
    usage: {
      inputTokens: 1200,
      outputTokens: 300,
      cachedTokens: 1000,
      reasoningTokens: 64,
      totalTokens: 1500,
    },
  });
  session.toolDecision({ toolName: 'shell', callId: 'call_1', decision: 'approved', source: 'user' });
  await session.logToolResult(
    { toolName: 'shell', callId: 'call_1', arguments: '{"command":["ls"]}' },
    async () => ({
      output: 'README.md',
      success: true,
    }),
  );
  session.turnE2eDuration(2500);
  return [
    {
      name: 'codex.conversation_starts',
      attributes: {
        provider_name: s('openai'),
        reasoning_effort: s('medium'),
        reasoning_summary: s('auto'),
        context_window: i(272000),
        max_output_tokens: i(128000),
        auto_compact_token_limit: i(220000),
        approval_policy: s('never'),
        sandbox_policy: s('read-only'),
        mcp_servers: s('docs, github'),
        active_profile: s('ci'),
      },
    },
    { name: 'codex.user_prompt', attributes: { prompt_length: s('20'), prompt: s('[REDACTED]') } },
    {
      name: 'codex.api_request',
      attributes: {
        attempt: i(1),
        duration_ms: s('120'),
        'http.response.status_code': i(200),
        cf_ray: s('ray-1'),
      },
    },
    {
      name: 'codex.api_request',
      attributes: { attempt: i(2), duration_ms: s('9'), 'error.message': s('connection reset') },
    },
    {
      name: 'codex.sse_event',
      attributes: { 'event.kind': s('response.output_item.done'), duration_ms: s('4') },
    },
    {
      name: 'codex.sse_event',
      attributes: { 'event.kind': s('response.failed'), duration_ms: s('6'), 'error.message': s('boom') },
    },
    {
      name: 'codex.sse_event',
      attributes: {
        'event.kind': s('response.completed'),
        duration_ms: s('8'),
        input_token_count: s('1200'),
        output_token_count: s('300'),
        cached_token_count: i(1000),
        reasoning_token_count: i(64),
        tool_token_count: s('1500'),
      },
    },
    {
      name: 'codex.tool_decision',
      attributes: { tool_name: s('shell'), call_id: s('call_1'), decision: s('approved'), source: s('user') },
    },
    {
      name: 'codex.tool_result',
      attributes: {
        tool_name: s('shell'),
        call_id: s('call_1'),
        arguments: s('{"command":["ls"]}'),
        // duration_ms checked separately: it is measured
        success: s('true'),
        output: s('README.md'),
      },
    },
  ];
}

/** `timeUnixNano` as the `event.timestamp` string it must equal. */
export function isoFromNanos(nanos: string): string {
  return new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString();
}

/** The `conversation.id` of a received record, if it is a string attribute. */
export function conversationOf(record: { attributes: Record<string, TypedValue> }): string | undefined {
  const v = record.attributes['conversation.id'];
  return v?.type === 'string' ? v.value : undefined;
}
