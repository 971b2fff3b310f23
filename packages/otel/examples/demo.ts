/**
 * Demo of @agentotel/otel: starts a loopback OTLP/HTTP JSON receiver in this process, runs one
 * pretend agent turn through SessionTelemetry, shuts down (flushing the batch worker) and prints
 * what arrived. Loopback only; exits 0.
 *
 * Run: `pnpm demo` (or `node --conditions=@agentotel/source packages/otel/examples/demo.ts`).
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` in header values is the config syntax shown here
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { otelFeature, parseOtelSettings, startTelemetry } from '../src/index.ts';

type JsonAttr = { key: string; value: Record<string, unknown> };
type JsonLog = { eventName?: string; attributes?: JsonAttr[] };
type JsonRequest = {
  resourceLogs?: Array<{
    resource?: { attributes?: JsonAttr[] };
    scopeLogs?: Array<{ logRecords?: JsonLog[] }>;
  }>;
  resourceMetrics?: Array<{ scopeMetrics?: Array<{ metrics?: Array<{ name: string }> }> }>;
};

const received: JsonRequest[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push(JSON.parse(Buffer.concat(chunks).toString() || '{}'));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

// The [otel] table exactly as a TOML parser would hand it over.
const settings = parseOtelSettings(
  {
    environment: 'demo',
    exporter: {
      'otlp-http': { endpoint: `${base}/v1/logs`, protocol: 'json', headers: { 'x-demo': '${USER}' } },
    },
    metrics_exporter: { 'otlp-http': { endpoint: `${base}/v1/metrics`, protocol: 'json' } },
  },
  { home: process.cwd(), env: { USER: process.env.USER ?? 'demo-user' } },
);

const feature = otelFeature();
console.log(`feature: ${feature.enabled ? 'on' : `off (${feature.reason})`}; receiver at ${base}`);
const telemetry = await startTelemetry(settings, { serviceName: 'agentotel_demo', serviceVersion: '0.1.0' });
const session = telemetry.session({
  conversationId: randomUUID(),
  appVersion: '0.1.0',
  model: 'gpt-5.1-codex',
  slug: 'gpt-5.1-codex',
  terminalType: process.env.TERM ?? 'unknown',
  originator: 'agentotel_demo',
  logUserPrompt: settings.logUserPrompt,
  sessionSource: 'exec',
});

session.conversationStarts({
  providerName: 'openai',
  reasoningSummary: 'auto',
  approvalPolicy: 'never',
  sandboxPolicy: 'read-only',
  mcpServers: [],
});
session.userPrompt('List the files in this repository');
session.apiRequest({ attempt: 1, durationMs: 180, statusCode: 200 });
session.sseEvent({ kind: 'response.output_item.done', durationMs: 12 });
session.sseEventCompleted({ durationMs: 3, usage: { inputTokens: 812, outputTokens: 64, totalTokens: 876 } });
session.toolDecision({ toolName: 'shell', callId: 'call_demo', decision: 'approved', source: 'config' });
await session.logToolResult(
  { toolName: 'shell', callId: 'call_demo', arguments: '{"command":["ls"]}' },
  async () => ({
    output: 'README.md\npackages',
    success: true,
  }),
);
session.turnE2eDuration(420);

const start = performance.now();
await telemetry.shutdown();
console.log(`shutdown flushed in ${(performance.now() - start).toFixed(1)} ms\n`);

const logs = received.flatMap((r) =>
  (r.resourceLogs ?? []).flatMap((rl) => (rl.scopeLogs ?? []).flatMap((sl) => sl.logRecords ?? [])),
);
const show = (v: Record<string, unknown>) => {
  const [[type, value]] = Object.entries(v) as [[string, unknown]];
  return type === 'stringValue' ? JSON.stringify(value) : `${String(value)} (${type.replace('Value', '')})`;
};
const COMMON = new Set([
  'event.name',
  'event.timestamp',
  'conversation.id',
  'app.version',
  'terminal.type',
  'model',
  'slug',
  'originator',
]);
for (const log of logs) {
  const attrs = (log.attributes ?? []).filter((a) => !COMMON.has(a.key));
  console.log(`${log.eventName}`);
  for (const a of attrs) console.log(`    ${a.key} = ${show(a.value)}`);
}
const metricNames = new Set(
  received.flatMap((r) =>
    (r.resourceMetrics ?? []).flatMap((rm) =>
      (rm.scopeMetrics ?? []).flatMap((sm) => (sm.metrics ?? []).map((m) => m.name)),
    ),
  ),
);
console.log(
  `\n${logs.length} events and ${metricNames.size} metrics received: ${[...metricNames].sort().join(', ')}`,
);
server.close();
