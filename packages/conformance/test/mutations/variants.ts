/**
 * The mutation suite's variants: each one a single plausible telemetry bug in the reference agent
 * (`agentotel-exec`), the requirement that must catch it, and the scenarios it needs. The same module
 * is loaded by the fixture process (`fixtures/mutant.ts`, which applies the mutation named by
 * `AGENTOTEL_MUTATION`) and by the test (which certifies each variant and judges the report).
 *
 * A mutation acts at one of five seams of the agent, all real code paths of `runCli`:
 * - `settings`: the parsed `[otel]` table before telemetry starts (transport, headers, TLS, endpoint);
 * - `options`: the `startTelemetry` options (resource: service name and version);
 * - `meta` / `session`: the session metadata and the catalog event methods the agent calls;
 * - `record`: an SDK LogRecordProcessor run before the batch processor (attributes, body, severity,
 *   eventName, time of each record as emitted);
 * - `flush` / `exitCode`: how the process leaves (telemetry flushed or not, exit status).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { OtelExporter, OtelSettings, SessionMetadata, SessionTelemetry } from '@agentotel/otel';

/** The SDK LogRecord as a processor's `onEmit` may change it (`@opentelemetry/sdk-logs` LogRecordImpl). */
export interface MutableLogRecord {
  attributes: Record<string, unknown>;
  setAttribute(key: string, value: unknown): unknown;
  body?: unknown;
  severityNumber?: number;
  severityText?: string;
  eventName?: string;
  hrTime: [number, number];
}

/** What the agent was started with: the prompt (last argument) and the parsed settings, once known. */
export interface MutantContext {
  prompt: string;
  settings?: OtelSettings;
}

/** One bug, at one seam of the agent. */
export interface Mutation {
  settings?(s: OtelSettings, ctx: MutantContext): OtelSettings;
  options?(o: { serviceName: string; serviceVersion: string }): {
    serviceName: string;
    serviceVersion: string;
  };
  meta?(m: SessionMetadata, ctx: MutantContext): SessionMetadata;
  /** Replaces catalog event methods of every session (and of its `withModel` copies). */
  session?(target: SessionTelemetry, ctx: MutantContext): Record<string, unknown>;
  record?(r: MutableLogRecord, ctx: MutantContext): void;
  /** `never`: telemetry is not flushed at exit; `on-failure`: not flushed when the exit status is non-zero. */
  skipFlush?: 'always' | 'on-failure';
  exitCode?(code: number, ctx: MutantContext): number | Promise<number>;
}

/** A variant: a mutation, the requirement that must fail on it, and what to run. */
export interface Variant {
  name: string;
  /** The requirement this bug breaks. */
  requirement: string;
  /** The bug in one line (for the README table). */
  bug: string;
  /** Scenario ids to certify with (`--only`); every requirement is judged on them. */
  scenarios: string[];
  /** @defaultValue `'core'` */
  level?: 'core' | 'strict';
  /**
   * Other MUSTs allowed to fail, each only because its evidence names it as a consequence of the same
   * fault (with the text the evidence must contain).
   */
  consequences?: Record<string, RegExp>;
  /**
   * A blind spot of the checks this variant shows: certify does not catch it yet (the README table
   * says so). The suite expects the miss, and goes red once a check catches it: then drop this field.
   */
  gap?: string;
  mutation: Mutation;
}

const name = (r: MutableLogRecord): unknown => r.attributes['event.name'];
const is = (r: MutableLogRecord, event: string) => name(r) === `codex.${event}`;

/** Every exporter of the settings through `f` (logs, metrics, traces). */
const everyExporter = (s: OtelSettings, f: (e: OtelExporter) => OtelExporter): OtelSettings => ({
  ...s,
  exporter: f(s.exporter),
  metricsExporter: f(s.metricsExporter),
  traceExporter: f(s.traceExporter),
});
const withTls = (
  e: OtelExporter,
  f: (tls: NonNullable<Extract<OtelExporter, { tls?: unknown }>['tls']>) => object,
) => (e.kind === 'none' || !e.tls ? e : ({ ...e, tls: f(e.tls) } as OtelExporter));
const headersOf = (
  e: OtelExporter,
  f: (h: Record<string, string>) => Record<string, string>,
): OtelExporter => (e.kind === 'none' ? e : ({ ...e, headers: f(e.headers) } as OtelExporter));

/** Shifts an ISO time by `ms`. */
const shifted = (iso: unknown, ms: number) => new Date(Date.parse(String(iso)) + ms).toISOString();

/** Nanoseconds since the epoch as the SDK's HrTime. */
const hrTimeOf = (ms: number): [number, number] => [Math.floor(ms / 1000), (ms % 1000) * 1_000_000];

/** Whether something listens on the endpoint's host and port (a TCP connect within 1 s). */
async function listening(endpoint: string): Promise<boolean> {
  const u = new URL(endpoint);
  return new Promise((resolve) => {
    const s = connect({ host: u.hostname, port: Number(u.port) });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

// decisions deferred by the `result-before-decision` mutation, with the time they were taken
const deferred: { call: () => void; atMs: number }[] = [];
let decisionTimeMs: number | undefined;
let promptTimeMs: number | undefined;
let receiverUp: Promise<boolean> | undefined;

/** Every variant of the suite. */
export const VARIANTS: readonly Variant[] = [
  // ---- wire: flush, exporter none, transports, headers, TLS, receiver down ----
  {
    name: 'no-flush-at-exit',
    requirement: 'FLUSH-ON-EXIT-SUCCESS',
    bug: 'the batch worker is never flushed: the process exits with records still queued',
    scenarios: ['plain-answer'],
    mutation: { skipFlush: 'always' },
  },
  {
    name: 'no-flush-transport-and-tls',
    requirement: 'FLUSH-ON-EXIT-SUCCESS',
    bug: 'the batch worker is never flushed, judged also where a transport or TLS is under test (nothing arriving there is the flush fault, not a broken transport)',
    scenarios: ['plain-answer', 'transport-grpc', 'tls-grpc', 'mtls-grpc'],
    mutation: { skipFlush: 'always' },
  },
  {
    name: 'no-flush-on-failure',
    requirement: 'FLUSH-ON-EXIT-FAILURE',
    bug: 'a failed turn exits without flushing telemetry',
    scenarios: ['response-failed'],
    mutation: { skipFlush: 'on-failure' },
  },
  {
    name: 'exporter-none-still-connects',
    requirement: 'EXPORTER-NONE-SILENT',
    bug: 'exporter = "none" falls back to the OTEL_EXPORTER_OTLP_ENDPOINT of the environment',
    scenarios: ['exporter-none'],
    mutation: {
      settings: (s) => {
        const base = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
        if (s.exporter.kind !== 'none' || !base) return s;
        return {
          ...s,
          exporter: {
            kind: 'otlp-http',
            endpoint: `${base.replace(/\/$/, '')}/v1/logs`,
            protocol: 'binary',
            headers: {},
          },
        };
      },
    },
  },
  {
    name: 'json-sent-as-protobuf',
    requirement: 'TRANSPORT-HTTP-JSON',
    bug: 'protocol = "json" is ignored: OTLP/HTTP bodies are protobuf',
    scenarios: ['transport-http-json'],
    mutation: {
      settings: (s) =>
        everyExporter(s, (e) =>
          e.kind === 'otlp-http' && e.protocol === 'json' ? { ...e, protocol: 'binary' } : e,
        ),
    },
  },
  {
    name: 'protobuf-sent-as-json',
    requirement: 'TRANSPORT-HTTP-PROTOBUF',
    bug: 'protocol = "binary" sends OTLP/JSON bodies',
    scenarios: ['transport-http-protobuf'],
    mutation: {
      settings: (s) =>
        everyExporter(s, (e) =>
          e.kind === 'otlp-http' && e.protocol === 'binary' ? { ...e, protocol: 'json' } : e,
        ),
    },
  },
  {
    name: 'grpc-sent-as-http',
    requirement: 'TRANSPORT-GRPC',
    bug: 'otlp-grpc exports OTLP/HTTP protobuf to the gRPC endpoint',
    scenarios: ['transport-grpc'],
    mutation: {
      settings: (s) =>
        everyExporter(s, (e) =>
          e.kind === 'otlp-grpc'
            ? {
                kind: 'otlp-http',
                endpoint: `${e.endpoint.replace(/\/$/, '')}/v1/logs`,
                protocol: 'binary',
                headers: e.headers,
              }
            : e,
        ),
    },
  },
  {
    name: 'static-header-dropped',
    requirement: 'HEADERS-SENT',
    bug: 'a header with a plain value is dropped',
    scenarios: ['headers-env'],
    mutation: {
      settings: (s) =>
        everyExporter(s, (e) =>
          headersOf(e, (h) => Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'x-otlp-meta'))),
        ),
    },
  },
  {
    name: 'header-var-not-substituted',
    requirement: 'HEADERS-ENV-SUBSTITUTION',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} syntax of the config
    bug: 'a header value written "${VAR}" is sent literally',
    scenarios: ['headers-env'],
    mutation: {
      settings: (s) => {
        const token = process.env.AGENTOTEL_TEST_OTLP_TOKEN;
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} syntax of the config
        const literal = '${AGENTOTEL_TEST_OTLP_TOKEN}';
        return everyExporter(s, (e) =>
          headersOf(e, (h) =>
            Object.fromEntries(Object.entries(h).map(([k, v]) => [k, token && v === token ? literal : v])),
          ),
        );
      },
    },
  },
  {
    name: 'tls-ca-ignored',
    requirement: 'TLS-ENDPOINT-DELIVERS',
    bug: 'the configured CA certificate is ignored: the endpoint is not trusted, nothing is delivered',
    scenarios: ['tls-http'],
    mutation: {
      settings: (s) =>
        everyExporter(s, (e) =>
          withTls(e, (tls) => {
            const { caCertificate: _ca, ...rest } = tls;
            return rest;
          }),
        ),
    },
  },
  {
    name: 'plaintext-to-https',
    requirement: 'TLS-NO-PLAINTEXT',
    bug: 'an https:// endpoint is contacted in plaintext (the Codex 0.53.0 gRPC bug class)',
    scenarios: ['tls-grpc'],
    mutation: {
      settings: (s) =>
        everyExporter(s, (e) => {
          if (e.kind === 'none' || !e.endpoint.startsWith('https://')) return e;
          const { tls: _tls, ...rest } = e;
          return { ...rest, endpoint: `http://${e.endpoint.slice('https://'.length)}` } as OtelExporter;
        }),
    },
  },
  {
    name: 'client-certificate-ignored',
    requirement: 'MTLS-CLIENT-CERTIFICATE',
    bug: 'client-certificate and client-private-key are ignored: no client certificate is presented',
    scenarios: ['mtls-http'],
    mutation: {
      settings: (s) =>
        everyExporter(s, (e) =>
          withTls(e, (tls) => {
            const { clientCertificate: _c, clientPrivateKey: _k, ...rest } = tls;
            return rest;
          }),
        ),
    },
  },
  {
    name: 'pem-concatenated-without-separator',
    requirement: 'MTLS-PEM-WITHOUT-FINAL-NEWLINE',
    bug: 'certificate and key are joined with no line break (as Codex does): a certificate file without its final line break breaks mTLS',
    scenarios: ['mtls-http-pem-no-final-newline'],
    mutation: {
      settings: (s) =>
        everyExporter(s, (e) => {
          const file = e.kind === 'none' ? undefined : e.tls?.clientCertificate;
          if (!file || readFileSync(file, 'utf8').endsWith('\n')) return e;
          process.stderr.write(
            'Could not create otel exporter: failed to parse client identity: builder error\n',
          );
          return { kind: 'none' };
        }),
    },
  },
  {
    name: 'receiver-down-exit-1',
    requirement: 'RECEIVER-DOWN-PROMPT-EXIT',
    bug: 'an unreachable receiver turns a completed turn into exit status 1',
    scenarios: ['receiver-down'],
    mutation: {
      // probed when telemetry starts: a closed port may be reused by another listener by exit time
      settings: (s) => {
        if (s.exporter.kind !== 'none') receiverUp = listening(s.exporter.endpoint);
        return s;
      },
      exitCode: async (code) => (receiverUp && !(await receiverUp) ? 1 : code),
    },
  },
  // ---- exit status ----
  {
    name: 'exit-1-on-success',
    requirement: 'EXIT-ZERO-ON-SUCCESS',
    bug: 'a completed turn exits with status 1',
    scenarios: ['plain-answer'],
    mutation: { exitCode: (code) => (code === 0 ? 1 : code) },
  },
  {
    name: 'exit-0-on-failure',
    requirement: 'EXIT-NONZERO-ON-FAILURE',
    bug: 'a failed turn (stream cut) exits with status 0',
    scenarios: ['stream-cut'],
    mutation: { exitCode: () => 0 },
  },
  // ---- metadata ----
  {
    name: 'terminal-type-missing',
    requirement: 'COMMON-METADATA',
    bug: 'terminal.type is left out of every event',
    scenarios: ['plain-answer'],
    mutation: { record: (r) => void delete r.attributes['terminal.type'] },
  },
  {
    name: 'timestamp-offset-without-colon',
    requirement: 'EVENT-TIMESTAMP-FORMAT',
    bug: 'event.timestamp uses the ISO 8601 basic offset `+0000`, not RFC 3339',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r) =>
        r.setAttribute('event.timestamp', String(r.attributes['event.timestamp']).replace(/Z$/, '+0000')),
    },
  },
  {
    name: 'timestamp-microseconds',
    requirement: 'EVENT-TIMESTAMP-FORMAT',
    bug: 'event.timestamp has six fractional digits (valid RFC 3339, not the strict form)',
    scenarios: ['plain-answer'],
    level: 'strict',
    mutation: {
      record: (r) =>
        r.setAttribute('event.timestamp', String(r.attributes['event.timestamp']).replace(/Z$/, '000Z')),
    },
  },
  {
    name: 'record-time-an-hour-early',
    requirement: 'EVENT-TIMESTAMP-MATCHES-RECORD-TIME',
    bug: "the LogRecord's timeUnixNano is an hour before event.timestamp",
    scenarios: ['plain-answer'],
    mutation: {
      record: (r) => {
        r.hrTime = hrTimeOf(Date.parse(String(r.attributes['event.timestamp'])) - 3_600_000);
      },
    },
  },
  {
    name: 'event-name-field-unset',
    requirement: 'EVENT-NAME-FIELD',
    bug: 'LogRecord.eventName is left empty (only the event.name attribute is set)',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r) => {
        r.eventName = undefined;
      },
    },
  },
  {
    name: 'severity-warn',
    requirement: 'EVENT-SEVERITY-INFO',
    bug: 'events are LogRecords of severity WARN',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r) => {
        r.severityNumber = 13;
        r.severityText = 'WARN';
      },
    },
  },
  {
    name: 'env-resource-hardcoded',
    requirement: 'RESOURCE-ATTRIBUTES',
    bug: 'the resource attribute env is always "production", whatever [otel].environment says',
    scenarios: ['plain-answer'],
    mutation: { settings: (s) => ({ ...s, environment: 'production' }) },
  },
  {
    name: 'service-name-not-originator',
    requirement: 'RESOURCE-ATTRIBUTES',
    bug: 'service.name is a fixed name, not the originator',
    scenarios: ['plain-answer'],
    mutation: { options: (o) => ({ ...o, serviceName: 'agentotel' }) },
  },
  {
    name: 'conversation-id-per-request',
    requirement: 'CONVERSATION-ID-CONSTANT',
    bug: 'each codex.api_request carries a fresh conversation.id',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r) => {
        if (is(r, 'api_request')) r.setAttribute('conversation.id', crypto.randomUUID());
      },
    },
  },
  {
    name: 'conversation-id-fixed',
    requirement: 'CONVERSATION-ID-UNIQUE',
    bug: 'conversation.id is one fixed UUID for every run',
    scenarios: ['plain-answer', 'transport-http-json'],
    mutation: { meta: (m) => ({ ...m, conversationId: '0e9b1a52-7f0c-4c2e-9d6a-2b1f3c4d5e6f' }) },
  },
  {
    name: 'timestamps-an-hour-late',
    requirement: 'TIMESTAMPS-IN-RUN-WINDOW',
    bug: 'event.timestamp is an hour late on every event (a time zone applied twice)',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r) => {
        const late = shifted(r.attributes['event.timestamp'], 3_600_000);
        r.setAttribute('event.timestamp', late);
        r.hrTime = hrTimeOf(Date.parse(late));
      },
    },
  },
  {
    name: 'request-stamped-before-prompt',
    requirement: 'TIMESTAMPS-CAUSAL-ORDER',
    bug: 'codex.api_request is stamped with the time the request began, before the prompt event',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r) => {
        if (is(r, 'user_prompt')) promptTimeMs = Date.parse(String(r.attributes['event.timestamp']));
        if (is(r, 'api_request') && promptTimeMs !== undefined) {
          const t = new Date(promptTimeMs - 1).toISOString();
          r.setAttribute('event.timestamp', t);
          r.hrTime = hrTimeOf(promptTimeMs - 1);
        }
      },
    },
  },
  // ---- codex.conversation_starts ----
  {
    name: 'conversation-starts-missing',
    requirement: 'CONVERSATION-STARTS-EMITTED',
    bug: 'codex.conversation_starts is never emitted',
    scenarios: ['plain-answer'],
    mutation: { session: () => ({ conversationStarts: () => {} }) },
  },
  {
    name: 'approval-policy-capitalised',
    requirement: 'CONVERSATION-STARTS-ATTRIBUTES',
    bug: 'approval_policy is sent as "Never", outside the catalog enum',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r) => {
        if (is(r, 'conversation_starts')) r.setAttribute('approval_policy', 'Never');
      },
    },
  },
  // ---- codex.api_request ----
  {
    name: 'retry-not-reported',
    requirement: 'API-REQUEST-PER-ATTEMPT',
    bug: 'only the first HTTP attempt of a model request emits codex.api_request',
    scenarios: ['http-5xx-then-success'],
    mutation: {
      session: (t) => ({
        apiRequest: (a: Parameters<SessionTelemetry['apiRequest']>[0]) => {
          if (a.attempt === 1) t.apiRequest(a);
        },
      }),
    },
  },
  {
    name: 'status-always-200',
    requirement: 'API-REQUEST-STATUS-CODE',
    bug: 'http.response.status_code is 200 on every attempt, also on a 503',
    scenarios: ['http-5xx-then-success'],
    mutation: {
      session: (t) => ({
        apiRequest: (a: Parameters<SessionTelemetry['apiRequest']>[0]) =>
          t.apiRequest({ ...a, statusCode: 200 }),
      }),
    },
  },
  {
    name: 'duration-as-boolean',
    requirement: 'API-REQUEST-ATTRIBUTES',
    bug: 'codex.api_request duration_ms is a boolean',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r) => {
        if (is(r, 'api_request')) r.setAttribute('duration_ms', true);
      },
    },
  },
  // ---- codex.sse_event ----
  {
    name: 'delta-frames-not-reported',
    requirement: 'SSE-EVENT-PER-FRAME',
    bug: 'response.output_text.delta frames emit no codex.sse_event',
    scenarios: ['plain-answer'],
    mutation: {
      session: (t) => ({
        sseEvent: (a: Parameters<SessionTelemetry['sseEvent']>[0]) => {
          if (a.kind !== 'response.output_text.delta') t.sseEvent(a);
        },
      }),
    },
  },
  {
    name: 'sse-duration-missing',
    requirement: 'SSE-EVENT-ATTRIBUTES',
    bug: 'codex.sse_event has no duration_ms',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r) => {
        if (is(r, 'sse_event')) delete r.attributes.duration_ms;
      },
    },
  },
  {
    name: 'failed-frame-without-error',
    requirement: 'SSE-ERROR-ON-FAILURE',
    bug: 'the codex.sse_event of a failed stream carries an empty error.message',
    scenarios: ['response-failed'],
    mutation: {
      session: (t) => ({
        sseEvent: (a: Parameters<SessionTelemetry['sseEvent']>[0]) =>
          t.sseEvent(a.error === undefined ? a : { ...a, error: '' }),
      }),
    },
  },
  {
    // on stream-cut the error record would be the run's last: only the retried run shows it never comes
    name: 'cut-stream-not-reported',
    requirement: 'SSE-ERROR-ON-FAILURE',
    bug: 'a stream that closes before response.completed emits no codex.sse_event with error.message',
    scenarios: ['stream-cut', 'stream-cut-then-success'],
    mutation: {
      session: (t) => ({
        sseEvent: (a: Parameters<SessionTelemetry['sseEvent']>[0]) =>
          a.error !== undefined && a.kind !== 'response.failed' ? undefined : t.sseEvent(a),
      }),
    },
  },
  {
    name: 'input-output-tokens-swapped',
    requirement: 'TOKEN-COUNTS-MATCH-USAGE',
    bug: 'input_token_count and output_token_count are swapped',
    scenarios: ['plain-answer'],
    mutation: {
      session: (t) => ({
        sseEventCompleted: (a: Parameters<SessionTelemetry['sseEventCompleted']>[0]) =>
          t.sseEventCompleted({
            ...a,
            usage: { ...a.usage, inputTokens: a.usage.outputTokens, outputTokens: a.usage.inputTokens },
          }),
      }),
    },
  },
  {
    name: 'tool-token-count-is-output',
    requirement: 'TOOL-TOKEN-COUNT-IS-TOTAL',
    bug: 'tool_token_count carries output_tokens, not total_tokens',
    scenarios: ['plain-answer'],
    level: 'strict',
    mutation: {
      session: (t) => ({
        sseEventCompleted: (a: Parameters<SessionTelemetry['sseEventCompleted']>[0]) =>
          t.sseEventCompleted({ ...a, usage: { ...a.usage, totalTokens: a.usage.outputTokens } }),
      }),
    },
  },
  // ---- codex.user_prompt ----
  {
    name: 'user-prompt-twice',
    requirement: 'USER-PROMPT-EMITTED',
    bug: 'codex.user_prompt is emitted twice for one turn',
    scenarios: ['plain-answer'],
    mutation: {
      session: (t) => ({
        userPrompt: (p: string) => {
          t.userPrompt(p);
          t.userPrompt(p);
        },
      }),
    },
  },
  {
    name: 'prompt-length-as-int',
    requirement: 'USER-PROMPT-ATTRIBUTES',
    bug: 'prompt_length is an int, not the numeric string of the reference implementation',
    scenarios: ['plain-answer'],
    level: 'strict',
    mutation: {
      record: (r) => {
        if (is(r, 'user_prompt')) r.setAttribute('prompt_length', Number(r.attributes.prompt_length));
      },
    },
  },
  {
    name: 'prompt-not-redacted',
    requirement: 'USER-PROMPT-REDACTED-BY-DEFAULT',
    bug: 'codex.user_prompt carries the prompt although log_user_prompt is false',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r, ctx) => {
        if (is(r, 'user_prompt')) r.setAttribute('prompt', ctx.prompt);
      },
    },
  },
  {
    name: 'opt-in-ignored',
    requirement: 'USER-PROMPT-LOGGED-WHEN-OPTED-IN',
    bug: 'log_user_prompt = true is ignored: the prompt stays [REDACTED]',
    scenarios: ['log-user-prompt'],
    mutation: { meta: (m) => ({ ...m, logUserPrompt: false }) },
  },
  {
    name: 'prompt-length-utf16',
    requirement: 'USER-PROMPT-LENGTH-CODE-POINTS',
    bug: 'prompt_length counts UTF-16 code units, not code points',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r, ctx) => {
        if (is(r, 'user_prompt')) r.setAttribute('prompt_length', String(ctx.prompt.length));
      },
    },
  },
  {
    name: 'prompt-in-request-attribute',
    requirement: 'PROMPT-NOT-LEAKED',
    bug: 'codex.api_request carries the prompt in an extra attribute',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r, ctx) => {
        if (is(r, 'api_request')) r.setAttribute('input.text', ctx.prompt);
      },
    },
  },
  {
    name: 'prompt-in-body',
    requirement: 'PROMPT-NOT-LEAKED',
    bug: 'the LogRecord body of codex.user_prompt is the prompt',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r, ctx) => {
        if (is(r, 'user_prompt')) r.body = ctx.prompt;
      },
    },
  },
  // ---- codex.tool_decision / codex.tool_result ----
  {
    name: 'user-decision-reported-as-config',
    requirement: 'TOOL-DECISION-REPORTED',
    bug: 'a decision the user took is reported with source "config"',
    scenarios: ['tool-approved-by-user'],
    mutation: {
      session: (t) => ({
        toolDecision: (a: Parameters<SessionTelemetry['toolDecision']>[0]) =>
          t.toolDecision({ ...a, source: 'config' }),
      }),
    },
  },
  {
    name: 'decision-tool-name-int',
    requirement: 'TOOL-DECISION-ATTRIBUTES',
    bug: 'codex.tool_decision tool_name is an int',
    scenarios: ['tool-approved-by-config'],
    mutation: {
      record: (r) => {
        if (is(r, 'tool_decision')) r.setAttribute('tool_name', 7);
      },
    },
  },
  {
    name: 'result-before-decision',
    requirement: 'TOOL-CALL-ID-JOIN',
    bug: 'codex.tool_decision is exported after the codex.tool_result it allowed (its timestamp kept)',
    scenarios: ['tool-approved-by-config'],
    mutation: {
      session: (t) => ({
        toolDecision: (a: Parameters<SessionTelemetry['toolDecision']>[0]) => {
          deferred.push({ call: () => t.toolDecision(a), atMs: Date.now() });
        },
        logToolResult: async (...args: Parameters<SessionTelemetry['logToolResult']>) => {
          try {
            return await t.logToolResult(...args);
          } finally {
            for (const d of deferred.splice(0)) {
              decisionTimeMs = d.atMs;
              d.call();
            }
          }
        },
      }),
      record: (r) => {
        if (is(r, 'tool_decision') && decisionTimeMs !== undefined) {
          r.setAttribute('event.timestamp', new Date(decisionTimeMs).toISOString());
          r.hrTime = hrTimeOf(decisionTimeMs);
        }
      },
    },
  },
  {
    name: 'result-arguments-empty',
    requirement: 'TOOL-RESULT-MATCHES-CALL',
    bug: 'codex.tool_result reports "{}" instead of the model\'s arguments',
    scenarios: ['tool-approved-by-config'],
    mutation: {
      record: (r) => {
        if (is(r, 'tool_result')) r.setAttribute('arguments', '{}');
      },
    },
  },
  {
    name: 'result-duration-as-boolean',
    requirement: 'TOOL-RESULT-ATTRIBUTES',
    bug: 'codex.tool_result duration_ms is a boolean',
    scenarios: ['tool-approved-by-config'],
    mutation: {
      record: (r) => {
        if (is(r, 'tool_result')) r.setAttribute('duration_ms', false);
      },
    },
  },
  // ---- metrics ----
  {
    name: 'metrics-exporter-ignored',
    requirement: 'METRICS-EXPORTED',
    bug: 'the metrics exporter is never started',
    scenarios: ['plain-answer'],
    mutation: { settings: (s) => ({ ...s, metricsExporter: { kind: 'none' } }) },
  },
  // ---- blind spots of issue 12, each caught since its check was fixed ----
  {
    name: 'headers-dropped-on-grpc',
    requirement: 'HEADERS-SENT',
    bug: 'the OTLP/gRPC exporter drops a header with a plain value (OTLP/HTTP sends it)',
    scenarios: ['headers-env', 'headers-env-grpc'],
    mutation: {
      settings: (s) =>
        everyExporter(s, (e) =>
          e.kind === 'otlp-grpc'
            ? headersOf(e, (h) => Object.fromEntries(Object.entries(h).filter(([k]) => k !== 'x-otlp-meta')))
            : e,
        ),
    },
  },
  {
    name: 'header-var-literal-on-json',
    requirement: 'HEADERS-ENV-SUBSTITUTION',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} syntax of the config
    bug: 'with protocol = "json", a header value written "${VAR}" is sent literally',
    scenarios: ['headers-env', 'headers-env-http-json'],
    mutation: {
      settings: (s) => {
        const token = process.env.AGENTOTEL_TEST_OTLP_TOKEN;
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} syntax of the config
        const literal = '${AGENTOTEL_TEST_OTLP_TOKEN}';
        return everyExporter(s, (e) =>
          e.kind === 'otlp-http' && e.protocol === 'json'
            ? headersOf(e, (h) =>
                Object.fromEntries(
                  Object.entries(h).map(([k, v]) => [k, token && v === token ? literal : v]),
                ),
              )
            : e,
        );
      },
    },
  },
  {
    name: 'prompt-prefix-in-attribute',
    requirement: 'PROMPT-NOT-LEAKED',
    bug: "codex.api_request carries the prompt's first 16 characters (a preview)",
    scenarios: ['plain-answer'],
    mutation: {
      record: (r, ctx) => {
        if (is(r, 'api_request')) r.setAttribute('input.preview', ctx.prompt.slice(0, 16));
      },
    },
  },
  {
    name: 'prompt-lowercased-in-attribute',
    requirement: 'PROMPT-NOT-LEAKED',
    bug: 'codex.api_request carries the prompt lower-cased (a normalised search key)',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r, ctx) => {
        if (is(r, 'api_request')) r.setAttribute('input.key', ctx.prompt.toLowerCase());
      },
    },
  },
  {
    name: 'prompt-base64-in-attribute',
    requirement: 'PROMPT-NOT-LEAKED',
    bug: 'codex.user_prompt carries the prompt in base64 in an extra attribute',
    scenarios: ['plain-answer'],
    mutation: {
      record: (r, ctx) => {
        if (is(r, 'user_prompt')) r.setAttribute('prompt.b64', Buffer.from(ctx.prompt).toString('base64'));
      },
    },
  },
  {
    name: 'prompt-urlencoded-in-header',
    requirement: 'PROMPT-NOT-LEAKED',
    bug: "the exporter sends the prompt's first 20 characters URL-encoded in a request header",
    scenarios: ['plain-answer'],
    mutation: {
      settings: (s, ctx) =>
        everyExporter(s, (e) =>
          headersOf(e, (h) => ({ ...h, 'x-request-context': encodeURIComponent(ctx.prompt.slice(0, 20)) })),
        ),
    },
  },
  {
    name: 'canary-slice-in-resource',
    requirement: 'PROMPT-NOT-LEAKED',
    bug: "service.version carries the prompt's last 16 characters as build metadata",
    scenarios: ['plain-answer'],
    mutation: { options: (o) => ({ ...o, serviceVersion: `${o.serviceVersion}+${promptArg().slice(-16)}` }) },
  },
  {
    name: 'cached-tokens-left-out',
    requirement: 'TOKEN-COUNTS-MATCH-USAGE',
    bug: 'cached_token_count is left out although the server sent cached_tokens',
    scenarios: ['plain-answer'],
    mutation: {
      session: (t) => ({
        sseEventCompleted: (a: Parameters<SessionTelemetry['sseEventCompleted']>[0]) => {
          const { cachedTokens: _c, ...usage } = a.usage;
          t.sseEventCompleted({ ...a, usage });
        },
      }),
    },
  },
  {
    name: 'conversation-id-from-prompt',
    requirement: 'CONVERSATION-ID-UNIQUE',
    bug: 'conversation.id is derived from the prompt (a hash shaped as a UUID)',
    scenarios: ['plain-answer', 'transport-http-protobuf'],
    mutation: {
      meta: (m, ctx) => {
        const h = createHash('sha256').update(ctx.prompt).digest('hex');
        return {
          ...m,
          conversationId: `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`,
        };
      },
    },
  },
  {
    name: 'malformed-otlp-json',
    requirement: 'OTLP-PAYLOADS-ACCEPTED',
    bug: 'one export is OTLP/JSON with "intValue":"abc" (the collector answers 400)',
    scenarios: ['plain-answer'],
    mutation: {
      exitCode: async (code, ctx) => {
        const e = ctx.settings?.exporter;
        if (e?.kind === 'otlp-http')
          await fetch(e.endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              resourceLogs: [
                {
                  scopeLogs: [
                    { logRecords: [{ attributes: [{ key: 'attempt', value: { intValue: 'abc' } }] }] },
                  ],
                },
              ],
            }),
          }).catch(() => {});
        return code;
      },
    },
  },
  {
    name: 'success-means-ran',
    requirement: 'TOOL-RESULT-SUCCESS-MATCHES-EXIT',
    bug: 'success is "true" for a command that ran and exited 3 (as Codex reports it)',
    scenarios: ['tool-failing'],
    mutation: {
      record: (r) => {
        if (is(r, 'tool_result')) r.setAttribute('success', 'true');
      },
    },
  },
];

/** The prompt: the agent's last command-line argument. */
function promptArg(): string {
  return process.argv[process.argv.length - 1] ?? '';
}

/** Finds a variant by name. */
export function variantNamed(variant: string): Variant | undefined {
  return VARIANTS.find((v) => v.name === variant);
}
