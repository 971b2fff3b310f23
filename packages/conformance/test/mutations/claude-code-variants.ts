/**
 * The mutation suite of the `claude-code` profile: a fake Claude Code (`fixtures/claude-code-like.ts`)
 * as a subject, and its variants, each one telemetry bug (selected by `AGENTOTEL_MUTATION`), the
 * requirement that must catch it and the scenarios it needs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { certify } from '../../src/certify.ts';
import type { VariantOutcome } from './run-variant.ts';

/** One bug of the fake Claude Code (implemented in the fixture under the same name). */
export interface ClaudeCodeVariant {
  name: string;
  requirement: string;
  bug: string;
  scenarios: string[];
  /** Other MUSTs allowed to fail when their evidence contains the text (consequences of the same bug). */
  consequences?: Record<string, RegExp>;
  /** A blind spot certify shows on this variant (the suite expects the miss, see `Variant.gap`). */
  gap?: string;
}

const FAKE = resolve(import.meta.dirname, 'fixtures/claude-code-like.ts');

/** The variants: at least one per MUST of the claude-code profile that the fake can be judged on. */
export const CLAUDE_CODE_VARIANTS: readonly ClaudeCodeVariant[] = [
  {
    name: 'cc-no-flush',
    requirement: 'FLUSH-ON-EXIT-SUCCESS',
    bug: 'the LoggerProvider is never shut down: queued records are lost at exit',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-no-flush-on-failure',
    requirement: 'FLUSH-ON-EXIT-FAILURE',
    bug: 'the LoggerProvider is not shut down when the turn failed',
    scenarios: ['http-5xx-exhausted'],
  },
  {
    name: 'cc-exporter-none-ignored',
    requirement: 'EXPORTER-NONE-SILENT',
    bug: 'OTEL_LOGS_EXPORTER=none still exports logs over OTLP',
    scenarios: ['exporter-none'],
  },
  {
    name: 'cc-tls-ca-ignored',
    requirement: 'TLS-ENDPOINT-DELIVERS',
    bug: 'OTEL_EXPORTER_OTLP_CERTIFICATE is ignored: the https:// endpoint is not trusted, nothing is delivered',
    scenarios: ['tls-http'],
  },
  {
    name: 'cc-plaintext-to-https',
    requirement: 'TLS-NO-PLAINTEXT',
    bug: 'an https:// OTEL_EXPORTER_OTLP_ENDPOINT is contacted in plaintext',
    scenarios: ['tls-grpc'],
  },
  {
    name: 'cc-client-certificate-ignored',
    requirement: 'MTLS-CLIENT-CERTIFICATE',
    bug: 'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE and _CLIENT_KEY are ignored: no client certificate is presented',
    scenarios: ['mtls-http'],
  },
  {
    name: 'cc-pem-needs-final-newline',
    requirement: 'MTLS-PEM-WITHOUT-FINAL-NEWLINE',
    bug: 'a client certificate file without its final line break is not read: no client certificate is presented',
    scenarios: ['mtls-http-pem-no-final-newline'],
  },
  {
    name: 'cc-json-sent-as-protobuf',
    requirement: 'TRANSPORT-HTTP-JSON',
    bug: 'OTEL_EXPORTER_OTLP_PROTOCOL=http/json exports protobuf',
    scenarios: ['transport-http-json'],
  },
  {
    name: 'cc-protobuf-sent-as-json',
    requirement: 'TRANSPORT-HTTP-PROTOBUF',
    bug: 'OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf exports JSON',
    scenarios: ['transport-http-protobuf'],
  },
  {
    name: 'cc-grpc-sent-as-protobuf',
    requirement: 'TRANSPORT-GRPC',
    bug: 'OTEL_EXPORTER_OTLP_PROTOCOL=grpc exports OTLP/HTTP protobuf',
    scenarios: ['transport-grpc'],
  },
  {
    name: 'cc-malformed-otlp-json',
    requirement: 'OTLP-PAYLOADS-ACCEPTED',
    bug: 'one extra OTLP/JSON export carries "intValue":"abc"',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-headers-dropped',
    requirement: 'HEADERS-SENT',
    bug: 'OTEL_EXPORTER_OTLP_HEADERS is ignored',
    scenarios: ['HEADERS-SENT'],
  },
  {
    name: 'cc-receiver-down-exit-1',
    requirement: 'RECEIVER-DOWN-PROMPT-EXIT',
    bug: 'an unreachable receiver turns a completed turn into exit status 1',
    scenarios: ['receiver-down'],
  },
  {
    name: 'cc-exit-1-on-success',
    requirement: 'EXIT-ZERO-ON-SUCCESS',
    bug: 'a completed turn exits with status 1',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-exit-0-on-failure',
    requirement: 'EXIT-NONZERO-ON-FAILURE',
    bug: 'a turn whose retries ran out exits with status 0',
    scenarios: ['http-5xx-exhausted'],
  },
  {
    name: 'cc-user-id-missing',
    requirement: 'COMMON-METADATA',
    bug: 'no event carries user.id',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-timestamp-offset-without-colon',
    requirement: 'EVENT-TIMESTAMP-FORMAT',
    bug: 'event.timestamp ends in +0000 instead of Z',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-os-version-int',
    requirement: 'RESOURCE-ATTRIBUTES',
    bug: 'the resource attribute os.version is an int (the major version), not a string',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-session-id-per-event',
    requirement: 'CONVERSATION-ID-CONSTANT',
    bug: 'each event draws a fresh session.id',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-session-id-from-prompt',
    requirement: 'CONVERSATION-ID-UNIQUE',
    bug: 'session.id is a hash of the command line: the same input gives the same id',
    scenarios: ['CONVERSATION-ID-UNIQUE'],
  },
  {
    name: 'cc-timestamps-an-hour-late',
    requirement: 'TIMESTAMPS-IN-RUN-WINDOW',
    bug: 'every event.timestamp is an hour late',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-result-stamped-before-decision',
    requirement: 'TIMESTAMPS-CAUSAL-ORDER',
    bug: 'tool_result is stamped 5 ms before the tool_decision that allowed it (emitted after it)',
    scenarios: ['tool-approved-by-config'],
    // the profile's event.sequence check sees the same disorder (sequence against timestamp)
    consequences: {
      'CLAUDE-CODE-EVENT-SEQUENCE':
        /tool_result \(sequence \d+\) is timestamped before claude_code\.tool_decision/,
    },
  },
  {
    name: 'cc-user-prompt-twice',
    requirement: 'USER-PROMPT-EMITTED',
    bug: 'user_prompt is emitted twice for one prompt',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-prompt-logged-without-opt-in',
    requirement: 'USER-PROMPT-REDACTED-BY-DEFAULT',
    bug: 'user_prompt.prompt carries the prompt without OTEL_LOG_USER_PROMPTS',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-opt-in-ignored',
    requirement: 'USER-PROMPT-LOGGED-WHEN-OPTED-IN',
    bug: 'OTEL_LOG_USER_PROMPTS=1 still redacts user_prompt.prompt',
    scenarios: ['log-user-prompt'],
  },
  {
    name: 'cc-prompt-prefix-in-attribute',
    requirement: 'PROMPT-NOT-LEAKED',
    bug: 'user_prompt carries the first 16 characters of the prompt in prompt_preview',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-decision-twice',
    requirement: 'TOOL-DECISION-REPORTED',
    bug: 'tool_decision is emitted twice for one tool call',
    scenarios: ['tool-approved-by-config'],
    // the profile's decision-by-config check counts the same records
    consequences: { 'CLAUDE-CODE-TOOL-DECISION-BY-CONFIG': /2 tool_decision record\(s\) with tool_use_id/ },
  },
  {
    name: 'cc-decision-exported-late',
    requirement: 'TOOL-CALL-ID-JOIN',
    bug: 'tool_decision is numbered and stamped before the tool_result but handed to the SDK after it',
    scenarios: ['tool-approved-by-config'],
  },
  {
    name: 'cc-tool-use-id-renamed',
    requirement: 'TOOL-CALL-ID-JOIN',
    bug: "tool_decision and tool_result carry an id of their own, not the model's tool_use id",
    scenarios: ['tool-approved-by-config'],
  },
  {
    name: 'cc-result-id-prefixed',
    requirement: 'TOOL-CALL-ID-JOIN',
    bug: "tool_result.tool_use_id is the model's id with a second toolu_ prefix",
    scenarios: ['tool-approved-by-config'],
  },
  {
    name: 'cc-result-tool-name-lowercased',
    requirement: 'TOOL-RESULT-MATCHES-CALL',
    bug: 'tool_result.tool_name is "bash", the model called "Bash"',
    scenarios: ['tool-approved-by-config'],
  },
  {
    name: 'cc-record-time-an-hour-early',
    requirement: 'EVENT-TIMESTAMP-MATCHES-RECORD-TIME',
    bug: "the LogRecord's timeUnixNano is an hour before event.timestamp",
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-body-without-prefix',
    requirement: 'CLAUDE-CODE-EVENT-NAME-SHAPE',
    bug: 'the LogRecord body is the short name (user_prompt), not claude_code.user_prompt',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-event-name-prefixed',
    requirement: 'CLAUDE-CODE-EVENT-NAME-SHAPE',
    bug: 'the event.name attribute is the full name (claude_code.user_prompt), not user_prompt',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-sequence-repeats',
    requirement: 'CLAUDE-CODE-EVENT-SEQUENCE',
    bug: 'every event carries event.sequence 1',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-prompt-id-per-event',
    requirement: 'CLAUDE-CODE-PROMPT-ID-CORRELATION',
    bug: 'each event after the prompt draws a fresh prompt.id',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-prompt-length-missing',
    requirement: 'CLAUDE-CODE-USER-PROMPT-ATTRIBUTES',
    bug: 'user_prompt lacks prompt_length',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-request-speed-missing',
    requirement: 'CLAUDE-CODE-API-REQUEST-ATTRIBUTES',
    bug: 'api_request lacks speed',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-error-duration-missing',
    requirement: 'CLAUDE-CODE-API-ERROR-ATTRIBUTES',
    bug: 'api_error lacks duration_ms',
    scenarios: ['http-5xx-exhausted'],
  },
  {
    name: 'cc-exhausted-duration-missing',
    requirement: 'CLAUDE-CODE-API-RETRIES-EXHAUSTED-ATTRIBUTES',
    bug: 'api_retries_exhausted lacks total_retry_duration_ms',
    scenarios: ['http-5xx-exhausted'],
  },
  {
    name: 'cc-response-length-missing',
    requirement: 'CLAUDE-CODE-ASSISTANT-RESPONSE-ATTRIBUTES',
    bug: 'assistant_response lacks response_length',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-decision-tool-source-missing',
    requirement: 'CLAUDE-CODE-TOOL-DECISION-ATTRIBUTES',
    bug: 'tool_decision lacks tool_source',
    scenarios: ['tool-approved-by-config'],
  },
  {
    name: 'cc-result-input-size-missing',
    requirement: 'CLAUDE-CODE-TOOL-RESULT-ATTRIBUTES',
    bug: 'tool_result lacks tool_input_size_bytes',
    scenarios: ['tool-approved-by-config'],
  },
  {
    name: 'cc-plugin-loaded-incomplete',
    requirement: 'CLAUDE-CODE-PLUGIN-LOADED-ATTRIBUTES',
    bug: 'a plugin_loaded event carries only plugin.name and plugin.scope',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-cache-read-dropped',
    requirement: 'CLAUDE-CODE-TOKENS-MATCH-USAGE',
    bug: 'api_request reports cache_read_tokens 0 although the stream served cache reads',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-no-api-request',
    requirement: 'CLAUDE-CODE-TOKENS-MATCH-USAGE',
    bug: 'a completed request emits no api_request',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-no-api-error',
    requirement: 'CLAUDE-CODE-API-ERROR-ON-FAILURE',
    bug: 'a request that failed after its retries emits no api_error',
    scenarios: ['http-5xx-exhausted'],
  },
  {
    name: 'cc-api-error-first-attempt',
    requirement: 'CLAUDE-CODE-API-ERROR-ON-FAILURE',
    bug: 'api_error.attempt is 1 after several HTTP attempts',
    scenarios: ['http-5xx-exhausted'],
  },
  {
    name: 'cc-response-unredacted',
    requirement: 'CLAUDE-CODE-RESPONSE-REDACTED-BY-DEFAULT',
    bug: 'assistant_response.response carries the text without OTEL_LOG_USER_PROMPTS',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-decision-source-user',
    requirement: 'CLAUDE-CODE-TOOL-DECISION-BY-CONFIG',
    bug: 'a tool allowed by --allowedTools is reported as decided by the user (source user_temporary)',
    scenarios: ['tool-approved-by-config'],
    // the shared decision check reads the same attribute through the profile's mapping
    consequences: { 'TOOL-DECISION-REPORTED': /accept\/user_temporary; configured accept\/config/ },
  },
  {
    name: 'cc-failure-reported-as-success',
    requirement: 'CLAUDE-CODE-TOOL-RESULT-OUTCOME',
    bug: 'a command that exits non-zero is reported success "true"',
    scenarios: ['tool-failing'],
  },
  {
    name: 'cc-token-usage-cache-read-missing',
    requirement: 'CLAUDE-CODE-METRICS',
    bug: 'claude_code.token.usage counts no cacheRead tokens although the stream served cache reads',
    scenarios: ['plain-answer'],
  },
  {
    name: 'cc-service-version-dev',
    requirement: 'CLAUDE-CODE-SERVICE-INFORMATION',
    bug: 'service.version is "dev", not the Claude Code version',
    scenarios: ['plain-answer'],
  },
];

/** The subject spec of the fake Claude Code (as the claude-code profile runs the real one). */
export function claudeCodeLikeSpec(mutation: string, dir: string): Record<string, unknown> {
  return {
    name: mutation ? `claude-code-like:${mutation}` : 'claude-code-like',
    version: '2.1.328 (fake)',
    profile: 'claude-code',
    telemetry: { style: 'otel-env' },
    command: ['node', '--no-warnings', FAKE, '-p', '{{prompt}}', '--output-format', 'json'],
    env: {
      ANTHROPIC_BASE_URL: '{{modelBaseUrl}}',
      ANTHROPIC_API_KEY: '{{apiKey}}',
      CLAUDE_CODE_MAX_RETRIES: '{{requestMaxRetries}}',
      AGENTOTEL_MUTATION: mutation,
      NODE_COMPILE_CACHE: join(dir, 'compile-cache'),
    },
    capabilities: {
      transports: ['http/protobuf', 'http/json', 'grpc'],
      // the fake honours the SDK's standard TLS variables (the real CLI's subject claims no TLS)
      tls: true,
      mtls: true,
      headerEnvSubstitution: false,
      metrics: true,
      shellTool: { name: 'Bash', arguments: '{"command":{{commandJson}}}' },
      decisions: { 'approved/config': { args: ['--allowedTools', 'Bash'] } },
      originator: 'claude-code',
    },
    timeoutMs: 30_000,
  };
}

/** Certifies the fake with `mutation` (empty: the control) on `scenarios` (all when empty). */
export async function certifyClaudeCodeLike(
  mutation: string,
  dir: string,
  scenarios: string[] = [],
  concurrency = 2,
) {
  await mkdir(dir, { recursive: true });
  const subject = join(dir, `${mutation || 'control'}.yaml`);
  await writeFile(subject, stringify(claudeCodeLikeSpec(mutation, dir)));
  return certify({ subject, level: 'core', ...(scenarios.length ? { only: scenarios } : {}), concurrency });
}

/** Certifies one variant and reduces the report as the codex suite does. */
export async function runClaudeCodeVariant(v: ClaudeCodeVariant, dir: string): Promise<VariantOutcome> {
  const { report, exitCode } = await certifyClaudeCodeLike(v.name, dir, v.scenarios);
  const firstFail = (id: string) =>
    report.requirements.find((r) => r.id === id)?.findings.find((f) => f.verdict === 'fail');
  const failed = report.requirements.filter((r) => r.verdict === 'fail' && r.id !== v.requirement);
  const otherMusts = failed
    .filter((r) => r.strength === 'MUST')
    .map((r) => {
      const f = firstFail(r.id);
      const text = f ? `${f.reason} ${JSON.stringify(f.evidence)}` : '';
      const pattern = v.consequences?.[r.id];
      return { id: r.id, reason: f?.reason ?? '', consequence: !!pattern && pattern.test(text) };
    });
  const target = report.requirements.find((r) => r.id === v.requirement)?.verdict ?? 'absent';
  const errors = [...report.errors, ...report.subjectErrors.map((e) => `${e.scenario}: ${e.kind}`)];
  return {
    variant: v.name,
    requirement: v.requirement,
    bug: v.bug,
    level: 'core',
    scenarios: v.scenarios,
    target,
    targetReason: firstFail(v.requirement)?.reason ?? '',
    otherMusts,
    otherShoulds: failed.filter((r) => r.strength === 'SHOULD').map((r) => r.id),
    exitCode,
    errors,
    caught: target === 'fail' && errors.length === 0 && otherMusts.every((o) => o.consequence),
    ...(v.gap ? { gap: v.gap } : {}),
  };
}
