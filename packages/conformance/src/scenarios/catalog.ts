import type { ModelStep, Scenario, ScenarioTag, TelemetrySetup, TokenUsage } from './model.ts';
import { scaleScenarios } from './scale.ts';

/** The canary every prompt carries; it must appear in no signal unless the subject opted in. */
export const CANARY = 'AGENTOTEL-CANARY-5f1c9e';

/** A prompt with an astral code point, so `prompt_length` in code points differs from UTF-16 length. */
const prompt = (what: string): string => `${what} 🚀 café ${CANARY}`;

/** Usage with every field set; distinct numbers so a swapped field is caught. */
const usage = (input: number, cached: number, output: number, reasoning: number): TokenUsage => ({
  input,
  cached,
  output,
  reasoning,
});

const answer = (id: string, text: string, u = usage(31, 7, 12, 5)): ModelStep => ({
  kind: 'answer',
  responseId: id,
  text,
  usage: u,
});

const toolStep = (id: string): ModelStep => ({
  kind: 'tool-call',
  responseId: id,
  usage: usage(40, 0, 9, 3),
});

const otlp = (
  transport: TelemetrySetup['transport'],
  extra: Partial<TelemetrySetup> = {},
): TelemetrySetup => ({
  exporter: 'otlp',
  transport,
  ...extra,
});

const base = {
  requestMaxRetries: 2,
  streamMaxRetries: 0,
};

/** plain-answer's prompt, sent again by the transport scenarios (the same input in several runs). */
const SAME_INPUT = prompt('plain answer');

const success = (path: string) => ({ outcome: 'success' as const, path });
const failure = (path: string) => ({ outcome: 'failure' as const, path });

function scenario(
  id: string,
  title: string,
  tags: ScenarioTag[],
  s: Omit<
    Scenario,
    'id' | 'title' | 'tags' | 'requestMaxRetries' | 'streamMaxRetries' | 'prompt' | 'requires'
  > &
    Partial<Pick<Scenario, 'requestMaxRetries' | 'streamMaxRetries' | 'prompt' | 'requires'>>,
): Scenario {
  return { id, title, tags, prompt: prompt(title), requires: [], ...base, ...s };
}

const toolScenario = (id: string, title: string, decision: Scenario['decision'] & string, failing = false) =>
  scenario(id, title, ['tool'], {
    steps: [toolStep(`resp_${id}_1`), answer(`resp_${id}_2`, 'The command ran.')],
    telemetry: otlp('http/protobuf'),
    toolCall: {
      callId: `call_${id.replace(/-/g, '_')}`,
      command: failing ? 'echo agentotel-tool-failed >&2; exit 3' : 'echo agentotel-tool-ok',
      failing,
    },
    decision,
    expect: decision === 'abort/user' ? { outcome: 'aborted' as const, path: 'aborted' } : success('success'),
    requires: decision === 'approved/config' ? ['tools'] : ['tools', `decision:${decision}`],
  });

/**
 * Every scenario of the suite, as plain data.
 *
 * @see issue 6 "Scenarios"
 */
export const SCENARIOS: readonly Scenario[] = [
  scenario('plain-answer', 'plain answer', ['baseline', 'metrics'], {
    steps: [answer('resp_plain', 'Hello from the mock.')],
    telemetry: otlp('http/protobuf', { metrics: true }),
    expect: success('success'),
  }),
  toolScenario('tool-approved-by-config', 'tool call approved by configuration', 'approved/config'),
  toolScenario('tool-approved-by-user', 'tool call approved by the user', 'approved/user'),
  toolScenario(
    'tool-approved-for-session',
    'tool call approved for the session',
    'approved_for_session/user',
  ),
  toolScenario('tool-denied-by-user', 'tool call denied by the user', 'denied/user'),
  toolScenario('tool-aborted-by-user', 'tool call aborted by the user', 'abort/user'),
  toolScenario('tool-failing', 'a failing tool', 'approved/config', true),
  scenario('http-5xx-then-success', 'HTTP 5xx then success', ['retry'], {
    steps: [
      { kind: 'http-error', status: 503, message: 'synthetic overload' },
      answer('resp_retry', 'Recovered.'),
    ],
    telemetry: otlp('http/protobuf'),
    expect: success('success'),
  }),
  scenario('http-5xx-exhausted', 'HTTP 5xx until retries run out', ['failure'], {
    steps: [{ kind: 'http-error', status: 500, message: 'synthetic failure', times: 3 }],
    telemetry: otlp('http/protobuf'),
    requestMaxRetries: 1,
    expect: failure('retries exhausted'),
  }),
  scenario('response-failed', 'response.failed ends the turn', ['failure'], {
    steps: [
      {
        kind: 'failed',
        responseId: 'resp_failed',
        code: 'insufficient_quota',
        message: 'synthetic server error',
        times: 3,
      },
    ],
    telemetry: otlp('http/protobuf'),
    expect: failure('response.failed'),
  }),
  scenario('stream-cut', 'stream cut before response.completed', ['failure'], {
    steps: [{ kind: 'stream-cut', responseId: 'resp_cut', partialText: 'Hel', times: 3 }],
    telemetry: otlp('http/protobuf'),
    expect: failure('stream closed'),
  }),
  // a record must follow the cut stream's error record (the retry's), so that a missing error record
  // reads as never emitted, judged by its own requirement, not as lost at exit
  scenario('stream-cut-then-success', 'stream cut, retried, then completed', ['retry'], {
    steps: [
      { kind: 'stream-cut', responseId: 'resp_cut_retried', partialText: 'Hel' },
      answer('resp_after_cut', 'Recovered after the cut.'),
    ],
    telemetry: otlp('http/protobuf'),
    streamMaxRetries: 1,
    requires: ['stream-retry'],
    expect: success('success'),
  }),
  scenario('log-user-prompt', 'log_user_prompt = true', ['opt-in'], {
    steps: [answer('resp_optin', 'Logged.')],
    telemetry: otlp('http/protobuf', { logUserPrompt: true }),
    expect: success('success'),
  }),
  scenario('exporter-none', 'exporter none', ['exporter-none'], {
    steps: [answer('resp_none', 'Quiet.')],
    telemetry: { exporter: 'none', transport: 'http/protobuf' },
    expect: success('success'),
  }),
  // The transport scenarios send plain-answer's prompt again: the same input twice, so a session id
  // derived from the input is caught by CONVERSATION-ID-UNIQUE.
  scenario('transport-http-json', 'OTLP/HTTP JSON', ['transport'], {
    prompt: SAME_INPUT,
    steps: [answer('resp_json', 'JSON.')],
    telemetry: otlp('http/json'),
    expect: success('success'),
    requires: ['transport:http/json'],
  }),
  scenario('transport-http-protobuf', 'OTLP/HTTP protobuf', ['transport'], {
    prompt: SAME_INPUT,
    steps: [answer('resp_proto', 'Protobuf.')],
    telemetry: otlp('http/protobuf'),
    expect: success('success'),
    requires: ['transport:http/protobuf'],
  }),
  scenario('transport-grpc', 'OTLP/gRPC', ['transport'], {
    prompt: SAME_INPUT,
    steps: [answer('resp_grpc', 'gRPC.')],
    telemetry: otlp('grpc'),
    expect: success('success'),
    requires: ['transport:grpc'],
  }),
  // headers-env on each transport: headers and ${VAR} are judged on every transport the subject claims
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} syntax under test
  scenario('headers-env', 'header values with ${VAR}', ['headers'], {
    steps: [answer('resp_headers', 'Headers.')],
    telemetry: otlp('http/protobuf', {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} syntax under test
      headers: { 'x-otlp-api-key': '${AGENTOTEL_TEST_OTLP_TOKEN}', 'x-otlp-meta': 'abc123' },
      env: { AGENTOTEL_TEST_OTLP_TOKEN: 'otlp-secret-3b8e1d' },
    }),
    expect: success('success'),
    requires: ['header-env-substitution'],
  }),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} syntax under test
  scenario('headers-env-http-json', 'header values with ${VAR}, OTLP/HTTP JSON', ['headers'], {
    steps: [answer('resp_headers_json', 'Headers JSON.')],
    telemetry: otlp('http/json', {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} syntax under test
      headers: { 'x-otlp-api-key': '${AGENTOTEL_TEST_OTLP_TOKEN}', 'x-otlp-meta': 'abc123' },
      env: { AGENTOTEL_TEST_OTLP_TOKEN: 'otlp-secret-3b8e1d' },
    }),
    expect: success('success'),
    requires: ['header-env-substitution', 'transport:http/json'],
  }),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} syntax under test
  scenario('headers-env-grpc', 'header values with ${VAR}, OTLP/gRPC', ['headers'], {
    steps: [answer('resp_headers_grpc', 'Headers gRPC.')],
    telemetry: otlp('grpc', {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} syntax under test
      headers: { 'x-otlp-api-key': '${AGENTOTEL_TEST_OTLP_TOKEN}', 'x-otlp-meta': 'abc123' },
      env: { AGENTOTEL_TEST_OTLP_TOKEN: 'otlp-secret-3b8e1d' },
    }),
    expect: success('success'),
    requires: ['header-env-substitution', 'transport:grpc'],
  }),
  scenario('tls-http', 'TLS endpoint, OTLP/HTTP', ['tls'], {
    steps: [answer('resp_tls_http', 'TLS.')],
    telemetry: otlp('http/protobuf', { tls: 'tls' }),
    expect: success('success'),
    requires: ['tls'],
  }),
  scenario('tls-grpc', 'TLS endpoint, OTLP/gRPC', ['tls'], {
    steps: [answer('resp_tls_grpc', 'TLS gRPC.')],
    telemetry: otlp('grpc', { tls: 'tls' }),
    expect: success('success'),
    requires: ['tls', 'transport:grpc'],
  }),
  scenario('mtls-http', 'mTLS endpoint, OTLP/HTTP', ['tls', 'mtls'], {
    steps: [answer('resp_mtls', 'mTLS.')],
    telemetry: otlp('http/protobuf', { tls: 'mtls' }),
    expect: success('success'),
    requires: ['mtls'],
  }),
  scenario('mtls-grpc', 'mTLS endpoint, OTLP/gRPC', ['tls', 'mtls'], {
    steps: [answer('resp_mtls_grpc', 'mTLS gRPC.')],
    telemetry: otlp('grpc', { tls: 'mtls' }),
    expect: success('success'),
    requires: ['mtls', 'transport:grpc'],
  }),
  // Not tagged tls/mtls: a failure here is a PEM-format finding (a SHOULD), not a TLS one.
  scenario(
    'mtls-http-pem-no-final-newline',
    'mTLS, OTLP/HTTP, certificate file without final newline',
    ['pem-format'],
    {
      steps: [answer('resp_mtls_pem', 'mTLS PEM.')],
      telemetry: otlp('http/protobuf', { tls: 'mtls', clientPemFinalNewline: false }),
      expect: success('success'),
      requires: ['mtls'],
    },
  ),
  scenario('receiver-down', 'receiver down', ['receiver-down'], {
    steps: [answer('resp_down', 'Still answering.')],
    telemetry: otlp('http/protobuf', { receiver: 'down' }),
    expect: success('success'),
  }),
  ...scaleScenarios(prompt), // a long stream, a long conversation
];

/** Finds a scenario by id. */
export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
