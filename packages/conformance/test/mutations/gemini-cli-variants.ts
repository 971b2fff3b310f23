/**
 * The gemini-cli profile's mutation variants: each one a single plausible telemetry bug in the fake
 * Gemini CLI (`fixtures/gemini-cli-like.ts`), the requirement that must catch it, and the scenarios it
 * needs. The fake loads this module and applies the mutation named by `AGENTOTEL_MUTATION` (`none`: the
 * control, which must certify); the suite (`gemini-cli.test.ts`) certifies each variant.
 *
 * A mutation acts at one of the fake's seams: `record` (the attributes of each event as emitted;
 * `undefined` drops the event), `timeMs` (a record's time), `resource`, `protocol` (the exporter
 * picked for the configured `otlpProtocol`), `exporterTimeoutMs`, `flush` and `exitCode`.
 */
import type { Variant } from './variants.ts';

/** One bug, at one seam of the fake Gemini CLI. */
export interface GeminiMutation {
  /** The attributes of a `gemini_cli.*` event as emitted, or `undefined` to drop it. */
  record?(event: string, attrs: Record<string, unknown>, prompt: string): Record<string, unknown> | undefined;
  /** The record time (ms since the epoch) for an event emitted at `nowMs`. */
  timeMs?(event: string, nowMs: number): number;
  resource?(attrs: Record<string, string>): Record<string, string>;
  /** The exporter used for the configured `otlpProtocol` (`http` = OTLP/HTTP JSON, `grpc`). */
  protocol?(configured: string): 'http' | 'grpc' | 'http/protobuf';
  /** The exporter's request timeout (the control uses 2000 ms). */
  exporterTimeoutMs?: number;
  /** `never`: the logger provider is not shut down; `on-failure`: not when the run failed. */
  skipFlush?: 'always' | 'on-failure';
  exitCode?(code: number): number;
  /** The body of one extra OTLP/HTTP JSON export to `/v1/logs` before the provider shuts down. */
  extraExportBody?(sessionId: string): string;
  /** The value added to `gemini_cli.token.usage` of `type` (input/output) for a response's usage. */
  tokenMetric?(type: string, value: number, usage: { thoughtsTokenCount?: number }): number;
  /** Every request counts as one attempt: the retry loop emits `api_request` only on the first. */
  requestOncePerRequest?: boolean;
  /**
   * `telemetry.enabled: false` is ignored when `OTEL_EXPORTER_OTLP_ENDPOINT` is set: the SDK's
   * environment default exports anyway (OTLP/HTTP JSON).
   */
  exportWhenDisabled?: boolean;
}

/** A gemini-cli variant: the shared variant fields with a mutation of the fake. */
export type GeminiVariant = Omit<Variant, 'mutation'> & { mutation: GeminiMutation };

const only =
  (event: string, f: (a: Record<string, unknown>, prompt: string) => Record<string, unknown> | undefined) =>
  (e: string, a: Record<string, unknown>, prompt: string) =>
    e === event ? f(a, prompt) : a;
const without = (a: Record<string, unknown>, key: string) => {
  const { [key]: _, ...rest } = a;
  return rest;
};

/**
 * The shared MUSTs no gemini-cli subject is judged on, and why: the Gemini CLI's settings (telemetry.md
 * of 0.61.0, "Configuration") document `otlpProtocol` "grpc" or "http" (OTLP/HTTP JSON) only, and no
 * exporter headers and no TLS material, so the gemini-settings telemetry style cannot configure them
 * and the subject does not claim them (its certification lists them as not covered).
 */
export const GEMINI_CLI_NOT_JUDGED: Readonly<Record<string, string>> = {
  'TRANSPORT-HTTP-PROTOBUF': 'the settings document no OTLP/HTTP protobuf (otlpProtocol "http" is JSON)',
  'HEADERS-SENT': 'the settings document no exporter headers',
  'TLS-ENDPOINT-DELIVERS': 'the settings document no TLS material (CA certificate)',
  'TLS-NO-PLAINTEXT': 'the settings document no TLS material (CA certificate)',
  'MTLS-CLIENT-CERTIFICATE': 'the settings document no client certificate',
  'MTLS-PEM-WITHOUT-FINAL-NEWLINE': 'the settings document no client certificate',
};

export const GEMINI_VARIANTS: GeminiVariant[] = [
  // shared MUSTs the gemini-cli subject is judged on and no other variant covers
  {
    name: 'gem-disabled-still-exports',
    requirement: 'EXPORTER-NONE-SILENT',
    bug: 'telemetry.enabled false, yet logs go to OTEL_EXPORTER_OTLP_ENDPOINT (the SDK environment default)',
    scenarios: ['exporter-none'],
    mutation: { exportWhenDisabled: true },
  },
  {
    name: 'gem-record-time-unset',
    requirement: 'EVENT-TIMESTAMP-FORMAT',
    bug: 'every LogRecord is stamped 0 (timeUnixNano unset): the record time is never filled',
    scenarios: ['plain-answer'],
    mutation: { timeMs: () => 0 },
  },
  // the profile's own MUSTs
  {
    name: 'gem-config-says-prompts-logged',
    requirement: 'GEMINI-CLI-PROMPT-LOGGING',
    bug: 'gemini_cli.config reports log_user_prompts_enabled true while logPrompts is false',
    scenarios: ['plain-answer'],
    mutation: { record: only('gemini_cli.config', (a) => ({ ...a, log_user_prompts_enabled: true })) },
  },
  {
    name: 'gem-tokens-in-out-swapped',
    requirement: 'GEMINI-CLI-TOKENS-MATCH-USAGE',
    bug: 'api_response input_token_count and output_token_count swapped',
    scenarios: ['plain-answer'],
    mutation: {
      record: only('gemini_cli.api_response', (a) => ({
        ...a,
        input_token_count: a.output_token_count,
        output_token_count: a.input_token_count,
      })),
    },
  },
  {
    name: 'gem-api-error-not-emitted',
    requirement: 'GEMINI-CLI-API-EVENTS-PER-ATTEMPT',
    bug: 'a failed attempt (HTTP 5xx, retried) emits no gemini_cli.api_error',
    scenarios: ['http-5xx-then-success'],
    mutation: { record: only('gemini_cli.api_error', () => undefined) },
  },
  {
    name: 'gem-tool-success-false',
    requirement: 'GEMINI-CLI-TOOL-CALL',
    bug: 'gemini_cli.tool_call success false for a command that exited 0',
    scenarios: ['tool-approved-by-config'],
    mutation: { record: only('gemini_cli.tool_call', (a) => ({ ...a, success: false })) },
  },
  {
    name: 'gem-config-model-missing',
    requirement: 'GEMINI-CLI-CONFIG-ATTRIBUTES',
    bug: 'gemini_cli.config without its model attribute',
    scenarios: ['plain-answer'],
    mutation: { record: only('gemini_cli.config', (a) => without(a, 'model')) },
  },
  {
    name: 'gem-user-prompt-id-missing',
    requirement: 'GEMINI-CLI-USER-PROMPT-ATTRIBUTES',
    bug: 'gemini_cli.user_prompt without prompt_id',
    scenarios: ['plain-answer'],
    mutation: { record: only('gemini_cli.user_prompt', (a) => without(a, 'prompt_id')) },
  },
  {
    name: 'gem-api-request-role-main',
    requirement: 'GEMINI-CLI-API-REQUEST-ATTRIBUTES',
    bug: 'gemini_cli.api_request role "main", outside the documented set',
    scenarios: ['plain-answer'],
    mutation: { record: only('gemini_cli.api_request', (a) => ({ ...a, role: 'main' })) },
  },
  {
    name: 'gem-finish-reasons-joined',
    requirement: 'GEMINI-CLI-API-RESPONSE-ATTRIBUTES',
    bug: 'api_response finish_reasons a comma-joined string, not an array of strings',
    scenarios: ['plain-answer'],
    mutation: {
      record: only('gemini_cli.api_response', (a) => ({
        ...a,
        finish_reasons: (a.finish_reasons as string[]).join(','),
      })),
    },
  },
  {
    name: 'gem-api-error-duration-text',
    requirement: 'GEMINI-CLI-API-ERROR-ATTRIBUTES',
    bug: 'api_error duration sent as a string ("12ms")',
    scenarios: ['http-5xx-then-success'],
    mutation: { record: only('gemini_cli.api_error', (a) => ({ ...a, duration: `${a.duration}ms` })) },
  },
  {
    name: 'gem-tool-type-missing',
    requirement: 'GEMINI-CLI-TOOL-CALL-ATTRIBUTES',
    bug: 'gemini_cli.tool_call without tool_type',
    scenarios: ['tool-approved-by-config'],
    mutation: { record: only('gemini_cli.tool_call', (a) => without(a, 'tool_type')) },
  },
  {
    name: 'gem-inference-provider-missing',
    requirement: 'GEMINI-CLI-INFERENCE-DETAILS-ATTRIBUTES',
    bug: 'gen_ai.client.inference.operation.details without gen_ai.provider.name',
    scenarios: ['plain-answer'],
    mutation: {
      record: only('gen_ai.client.inference.operation.details', (a) => without(a, 'gen_ai.provider.name')),
    },
  },
  {
    name: 'gem-routing-source-missing',
    requirement: 'GEMINI-CLI-MODEL-ROUTING-ATTRIBUTES',
    bug: 'gemini_cli.model_routing without decision_source',
    scenarios: ['plain-answer'],
    mutation: { record: only('gemini_cli.model_routing', (a) => without(a, 'decision_source')) },
  },
  {
    // level core reads an int as "int, double or numeric string"; level strict does not
    name: 'gem-routing-latency-text-strict',
    requirement: 'GEMINI-CLI-MODEL-ROUTING-ATTRIBUTES',
    bug: 'gemini_cli.model_routing routing_latency_ms sent as a numeric string ("0")',
    scenarios: ['plain-answer'],
    level: 'strict',
    mutation: {
      record: only('gemini_cli.model_routing', (a) => ({
        ...a,
        routing_latency_ms: String(a.routing_latency_ms),
      })),
    },
  },
  {
    name: 'gem-startup-is-docker-text',
    requirement: 'GEMINI-CLI-STARTUP-STATS-ATTRIBUTES',
    bug: 'gemini_cli.startup_stats is_docker the string "false", not a boolean',
    scenarios: ['plain-answer'],
    mutation: { record: only('gemini_cli.startup_stats', (a) => ({ ...a, is_docker: String(a.is_docker) })) },
  },
  {
    name: 'gem-retry-failure-attempts-missing',
    requirement: 'GEMINI-CLI-CONTENT-RETRY-FAILURE-ATTRIBUTES',
    bug: 'gemini_cli.chat.content_retry_failure without total_attempts',
    scenarios: ['stream-cut'],
    mutation: {
      record: only('gemini_cli.chat.content_retry_failure', (a) => without(a, 'total_attempts')),
    },
  },
  // shared MUSTs, judged on the gemini-cli profile
  {
    name: 'gem-exit-1-on-success',
    requirement: 'EXIT-ZERO-ON-SUCCESS',
    bug: 'exits 1 after a turn that completed',
    scenarios: ['plain-answer'],
    mutation: { exitCode: (c) => (c === 0 ? 1 : c) },
  },
  {
    name: 'gem-exit-0-on-failure',
    requirement: 'EXIT-NONZERO-ON-FAILURE',
    bug: 'exits 0 when the API failed after its retries',
    scenarios: ['http-5xx-exhausted'],
    mutation: { exitCode: () => 0 },
  },
  {
    name: 'gem-no-flush',
    requirement: 'FLUSH-ON-EXIT-SUCCESS',
    bug: 'exits without shutting the logger provider down (batched records lost)',
    scenarios: ['plain-answer'],
    mutation: { skipFlush: 'always' },
  },
  {
    name: 'gem-no-flush-on-failure',
    requirement: 'FLUSH-ON-EXIT-FAILURE',
    bug: 'the error path exits without shutting the logger provider down',
    scenarios: ['http-5xx-exhausted'],
    mutation: { skipFlush: 'on-failure' },
  },
  {
    name: 'gem-service-name-wrong',
    requirement: 'RESOURCE-ATTRIBUTES',
    bug: 'service.name "gemini" instead of "gemini-cli"',
    scenarios: ['plain-answer'],
    mutation: { resource: (r) => ({ ...r, 'service.name': 'gemini' }) },
  },
  {
    name: 'gem-installation-id-missing',
    requirement: 'COMMON-METADATA',
    bug: 'records without the installation.id common attribute',
    scenarios: ['plain-answer'],
    mutation: { record: (_, a) => without(a, 'installation.id') },
  },
  {
    name: 'gem-session-id-per-record',
    requirement: 'CONVERSATION-ID-CONSTANT',
    bug: 'a fresh session.id on every record',
    scenarios: ['plain-answer'],
    mutation: { record: (_, a) => ({ ...a, 'session.id': crypto.randomUUID() }) },
  },
  {
    name: 'gem-session-id-fixed',
    requirement: 'CONVERSATION-ID-UNIQUE',
    bug: 'session.id a constant, the same on every run',
    scenarios: ['plain-answer', 'tool-approved-by-config'],
    mutation: { record: (_, a) => ({ ...a, 'session.id': '00000000-0000-4000-8000-000000000000' }) },
  },
  {
    name: 'gem-prompt-prefix-leaked',
    requirement: 'PROMPT-NOT-LEAKED',
    bug: 'the first 16 characters of the prompt in api_request request_text while logPrompts is false',
    scenarios: ['plain-answer'],
    mutation: {
      record: only('gemini_cli.api_request', (a, prompt) => ({ ...a, request_text: prompt.slice(0, 16) })),
    },
  },
  {
    name: 'gem-user-prompt-not-emitted',
    requirement: 'USER-PROMPT-EMITTED',
    bug: 'no gemini_cli.user_prompt event',
    scenarios: ['plain-answer'],
    mutation: { record: only('gemini_cli.user_prompt', () => undefined) },
  },
  {
    // the pairing with api_response/api_error is the profile's own requirement; the count is shared
    name: 'gem-request-once-per-request',
    requirement: 'API-REQUEST-PER-ATTEMPT',
    bug: 'a retried request emits one gemini_cli.api_request, not one per attempt',
    scenarios: ['http-5xx-then-success'],
    mutation: { requestOncePerRequest: true },
  },
  {
    name: 'gem-grpc-sends-http',
    requirement: 'TRANSPORT-GRPC',
    bug: 'otlpProtocol "grpc" ignored: OTLP/HTTP JSON is sent to the gRPC endpoint',
    scenarios: ['transport-grpc'],
    mutation: { protocol: () => 'http' },
  },
  {
    name: 'gem-http-sends-protobuf',
    requirement: 'TRANSPORT-HTTP-JSON',
    bug: 'otlpProtocol "http" sends OTLP/HTTP protobuf instead of the documented JSON',
    scenarios: ['transport-http-json'],
    mutation: { protocol: (p) => (p === 'http' ? 'http/protobuf' : 'grpc') },
  },
  {
    name: 'gem-receiver-down-waits',
    requirement: 'RECEIVER-DOWN-PROMPT-EXIT',
    bug: 'the exporter waits 15 s per export when the receiver is down',
    scenarios: ['receiver-down'],
    mutation: { exporterTimeoutMs: 15_000 },
  },
  {
    name: 'gem-time-an-hour-ahead',
    requirement: 'TIMESTAMPS-IN-RUN-WINDOW',
    bug: 'record time an hour in the future (a time-zone offset added twice)',
    scenarios: ['plain-answer'],
    mutation: { timeMs: (_, now) => now + 3_600_000 },
  },
  {
    name: 'gem-malformed-otlp-json',
    requirement: 'OTLP-PAYLOADS-ACCEPTED',
    bug: 'one extra OTLP/JSON export carries "intValue":"abc" (a collector answers 400)',
    scenarios: ['plain-answer'],
    mutation: {
      extraExportBody: (sessionId) =>
        JSON.stringify({
          resourceLogs: [
            {
              resource: { attributes: [{ key: 'service.name', value: { stringValue: 'gemini-cli' } }] },
              scopeLogs: [
                {
                  scope: { name: 'gemini-cli' },
                  logRecords: [
                    {
                      timeUnixNano: `${Date.now()}000000`,
                      body: { stringValue: 'gemini_cli.session_stats.' },
                      attributes: [
                        { key: 'session.id', value: { stringValue: sessionId } },
                        { key: 'turn_count', value: { intValue: 'abc' } },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        }),
    },
  },
  {
    name: 'gem-request-before-prompt',
    requirement: 'TIMESTAMPS-CAUSAL-ORDER',
    bug: 'api_request stamped 5 ms before the user_prompt that caused it (a clock read too early)',
    scenarios: ['plain-answer'],
    mutation: (() => {
      let promptMs = 0;
      return {
        timeMs: (event: string, nowMs: number) => {
          if (event === 'gemini_cli.user_prompt') promptMs = nowMs;
          return event === 'gemini_cli.api_request' ? promptMs - 5 : nowMs;
        },
      };
    })(),
  },
  {
    name: 'gem-prompt-logged-always',
    requirement: 'USER-PROMPT-REDACTED-BY-DEFAULT',
    bug: 'gemini_cli.user_prompt carries prompt although logPrompts is false',
    scenarios: ['plain-answer'],
    // the profile's own GEMINI-CLI-PROMPT-LOGGING judges the same logPrompts switch in the vendor's terms
    consequences: { 'GEMINI-CLI-PROMPT-LOGGING': /logPrompts false, yet the prompt attribute is present/ },
    mutation: { record: only('gemini_cli.user_prompt', (a, prompt) => ({ ...a, prompt })) },
  },
  {
    name: 'gem-opt-in-ignored',
    requirement: 'USER-PROMPT-LOGGED-WHEN-OPTED-IN',
    bug: 'logPrompts true, yet gemini_cli.user_prompt leaves prompt out',
    scenarios: ['log-user-prompt'],
    consequences: { 'GEMINI-CLI-PROMPT-LOGGING': /logPrompts true, prompt undefined/ },
    mutation: { record: only('gemini_cli.user_prompt', (a) => without(a, 'prompt')) },
  },
  {
    name: 'gem-token-metric-output-with-thoughts',
    requirement: 'GEMINI-CLI-METRICS',
    bug: 'gemini_cli.token.usage type=output adds the thoughts tokens to candidatesTokenCount',
    scenarios: ['plain-answer'],
    mutation: { tokenMetric: (type, v, u) => (type === 'output' ? v + (u.thoughtsTokenCount ?? 0) + 1 : v) },
  },
];

/** The gemini-cli variant named `name` (`none`: the control, no mutation). */
export function geminiVariantNamed(name: string): GeminiVariant | undefined {
  if (name === 'none')
    return { name: 'none', requirement: '', bug: '', scenarios: [], mutation: {} } as GeminiVariant;
  return GEMINI_VARIANTS.find((v) => v.name === name);
}
