#!/usr/bin/env node
// A small third-party coding agent built directly on the OpenTelemetry JS SDK, to show how any agent is
// certified through `telemetry.style: otel-env`: it speaks the OpenAI Responses API (streaming), offers
// one shell tool, and emits the Codex event catalog (codex.* log records). Its OTLP exporter is
// configured only by the standard OTEL_* environment variables, read by the SDK's own exporters
// (endpoint, headers, certificates); the agent itself reads only OTEL_LOGS_EXPORTER and the protocol
// variables, which pick the exporter class.
//
//   node agent.ts "<prompt>"
//
// Environment: MODEL_BASE_URL (…/v1), MODEL_API_KEY, AGENT_APPROVAL_POLICY (never: run the tool),
// AGENT_MAX_RETRIES (HTTP 5xx retries), AGENT_LOG_USER_PROMPT (true: export the prompt text),
// AGENT_ENVIRONMENT (resource attribute env), AGENT_SHUTDOWN_TIMEOUT_MS (bound on the final flush,
// default 3000), OTEL_BLRP_MAX_QUEUE_SIZE (default 100,000), and the OTEL_* variables.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Logger } from '@opentelemetry/api';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { EventSourceParserStream } from 'eventsource-parser/stream';

const VERSION = '0.1.0';
const ORIGINATOR = 'otel_sdk_agent';
const MODEL = 'gpt-5';

/** The OTLP log exporter the standard variables ask for (OpenTelemetry SDK environment variables). */
async function logExporter(): Promise<LogRecordExporter | undefined> {
  if ((process.env.OTEL_LOGS_EXPORTER ?? 'otlp').trim() === 'none') return undefined;
  const protocol =
    process.env.OTEL_EXPORTER_OTLP_LOGS_PROTOCOL ??
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL ??
    'http/protobuf';
  // no options: each exporter reads its endpoint, headers and certificates from the environment
  if (protocol === 'grpc')
    return new (await import('@opentelemetry/exporter-logs-otlp-grpc')).OTLPLogExporter();
  if (protocol === 'http/json')
    return new (await import('@opentelemetry/exporter-logs-otlp-http')).OTLPLogExporter();
  return new (await import('@opentelemetry/exporter-logs-otlp-proto')).OTLPLogExporter();
}

type Attrs = Record<string, string | number | boolean>;

/** Emits Codex-catalog events with the common metadata. */
class Events {
  readonly conversationId = randomUUID();
  readonly #logger: Logger | undefined;
  constructor(logger: Logger | undefined) {
    this.#logger = logger;
  }
  emit(name: string, attributes: Attrs): void {
    const now = new Date();
    this.#logger?.emit({
      eventName: name,
      severityNumber: 9,
      severityText: 'INFO',
      timestamp: now,
      body: name,
      attributes: {
        'event.name': name,
        'event.timestamp': now.toISOString(),
        'conversation.id': this.conversationId,
        'app.version': VERSION,
        'terminal.type': 'otel-sdk-agent',
        model: MODEL,
        slug: MODEL,
        ...attributes,
      },
    });
  }
}

type Item = Record<string, unknown>;
interface StreamOutcome {
  kind: 'completed' | 'failed' | 'cut';
  items: Item[];
  error?: string;
}

/** Reads one SSE stream, reporting each frame as `codex.sse_event`. */
async function readStream(body: ReadableStream<Uint8Array>, events: Events): Promise<StreamOutcome> {
  const items: Item[] = [];
  let last = Date.now();
  const frames = body
    .pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>)
    .pipeThrough(new EventSourceParserStream());
  for await (const frame of frames as unknown as AsyncIterable<{ data: string }>) {
    const data = JSON.parse(frame.data) as Item & { type: string };
    const now = Date.now();
    const attrs: Attrs = { 'event.kind': data.type, duration_ms: String(now - last) };
    last = now;
    if (data.type === 'response.output_item.done') items.push(data.item as Item);
    if (data.type === 'response.completed') {
      const u = (data.response as { usage: Record<string, unknown> }).usage as {
        input_tokens: number;
        output_tokens: number;
        total_tokens: number;
        input_tokens_details?: { cached_tokens: number };
        output_tokens_details?: { reasoning_tokens: number };
      };
      Object.assign(attrs, {
        input_token_count: String(u.input_tokens),
        output_token_count: String(u.output_tokens),
        cached_token_count: u.input_tokens_details?.cached_tokens ?? 0,
        reasoning_token_count: u.output_tokens_details?.reasoning_tokens ?? 0,
        tool_token_count: String(u.total_tokens),
      });
      events.emit('codex.sse_event', attrs);
      return { kind: 'completed', items };
    }
    if (data.type === 'response.failed') {
      const error = (data.response as { error?: { message?: string } }).error?.message ?? 'response.failed';
      events.emit('codex.sse_event', { ...attrs, 'error.message': error });
      return { kind: 'failed', items, error };
    }
    events.emit('codex.sse_event', attrs);
  }
  const error = 'stream closed before response.completed';
  events.emit('codex.sse_event', { 'event.kind': 'stream.closed', duration_ms: '0', 'error.message': error });
  return { kind: 'cut', items, error };
}

/** One model request with HTTP retries: one `codex.api_request` per attempt. */
async function sampleTurn(input: Item[], events: Events): Promise<StreamOutcome> {
  const base = process.env.MODEL_BASE_URL ?? 'http://127.0.0.1/v1';
  const maxRetries = Number(process.env.AGENT_MAX_RETRIES ?? '2');
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    const res = await fetch(`${base}/responses`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${process.env.MODEL_API_KEY ?? ''}`,
      },
      body: JSON.stringify({
        model: MODEL,
        input,
        stream: true,
        tools: [
          {
            type: 'function',
            name: 'shell',
            description: 'Runs a command',
            parameters: {
              type: 'object',
              properties: { command: { type: 'array', items: { type: 'string' } } },
              required: ['command'],
            },
          },
        ],
      }),
    });
    const attrs: Attrs = {
      attempt,
      duration_ms: String(Date.now() - started),
      'http.response.status_code': res.status,
    };
    if (!res.ok || !res.body) {
      const text = await res.text();
      events.emit('codex.api_request', { ...attrs, 'error.message': text || `HTTP ${res.status}` });
      if (res.status >= 500 && attempt <= maxRetries) continue;
      return { kind: 'failed', items: [], error: `HTTP ${res.status}` };
    }
    events.emit('codex.api_request', attrs);
    return readStream(res.body, events);
  }
}

/** Runs the shell tool the model called; reports the decision and the result. */
function runTool(call: Item, events: Events): Item {
  const callId = String(call.call_id);
  const args = String(call.arguments);
  const approved = (process.env.AGENT_APPROVAL_POLICY ?? 'never') === 'never';
  events.emit('codex.tool_decision', {
    tool_name: String(call.name),
    call_id: callId,
    decision: approved ? 'approved' : 'denied',
    source: 'config',
  });
  if (!approved) return { type: 'function_call_output', call_id: callId, output: 'denied by policy' };
  const started = Date.now();
  const argv = (JSON.parse(args) as { command: string[] }).command;
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 10_000 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  events.emit('codex.tool_result', {
    tool_name: String(call.name),
    call_id: callId,
    arguments: args,
    duration_ms: String(Date.now() - started),
    success: String(r.status === 0),
    output,
  });
  return { type: 'function_call_output', call_id: callId, output };
}

async function main(): Promise<number> {
  const prompt = process.argv[2];
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    process.stderr.write('usage: agent.ts "<prompt>"\n');
    return 2;
  }
  const exporter = await logExporter();
  const resource = resourceFromAttributes({
    'service.name': ORIGINATOR,
    'service.version': VERSION,
    env: process.env.AGENT_ENVIRONMENT ?? 'dev',
  }).merge(detectResources({ detectors: [envDetector] }));
  const provider = new LoggerProvider({
    resource,
    // the SDK's default queue (2,048 records) drops the tail of a long turn: this agent keeps 100,000
    processors: exporter
      ? [
          new BatchLogRecordProcessor({
            exporter,
            maxQueueSize: Number(process.env.OTEL_BLRP_MAX_QUEUE_SIZE ?? 100_000),
          }),
        ]
      : [],
  });
  const events = new Events(exporter ? provider.getLogger('otel-sdk-agent', VERSION) : undefined);
  let code = 0;
  try {
    events.emit('codex.conversation_starts', {
      provider_name: 'mock',
      reasoning_summary: 'auto',
      approval_policy: process.env.AGENT_APPROVAL_POLICY ?? 'never',
      sandbox_policy: 'danger-full-access',
      mcp_servers: '',
    });
    const logPrompt = process.env.AGENT_LOG_USER_PROMPT === 'true';
    events.emit('codex.user_prompt', {
      prompt_length: String([...prompt].length),
      prompt: logPrompt ? prompt : '[REDACTED]',
    });
    const input: Item[] = [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] },
    ];
    for (let turn = 0; turn < 8; turn++) {
      const outcome = await sampleTurn(input, events);
      if (outcome.kind !== 'completed') {
        process.stderr.write(`error: ${outcome.error}\n`);
        code = 1;
        break;
      }
      const calls = outcome.items.filter((i) => i.type === 'function_call');
      for (const item of outcome.items)
        if (item.type === 'message') process.stdout.write(`${JSON.stringify(item.content)}\n`);
      if (calls.length === 0) break;
      for (const call of calls) input.push(call, runTool(call, events));
    }
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    code = 1;
  } finally {
    // every exit path flushes the batch, bounded so that an unreachable receiver does not hold the exit
    const boundMs = Number(process.env.AGENT_SHUTDOWN_TIMEOUT_MS ?? 3000);
    await Promise.race([
      provider.shutdown().catch(() => {}),
      new Promise((r) => setTimeout(r, boundMs).unref()),
    ]);
  }
  return code;
}

// exit now: an exporter still retrying an unreachable receiver must not keep the process alive
process.exit(await main());
