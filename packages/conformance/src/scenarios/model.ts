/** Token usage a model answer reports (the ground truth the token-count requirements compare against). */
export interface TokenUsage {
  /** Input tokens, cached ones included. */
  input: number;
  /** Of `input`, served from the prompt cache. */
  cached: number;
  /** Output tokens, reasoning ones included. */
  output: number;
  /** Of `output`, spent on reasoning. */
  reasoning: number;
}

/**
 * One thing the mock model server serves, in order, in neutral terms; each profile's model API renders
 * it in its own protocol (`Profile.modelApi.render`). A step with `times > 1` is served that many times
 * in a row (for agents that retry a failure the same way).
 *
 * - `answer`: a streamed text answer with usage; the request completes.
 * - `tool-call`: the model calls the subject's shell tool (the scenario's `toolCall`); completes.
 * - `http-error`: an HTTP error status with a JSON error body carrying `message`.
 * - `failed`: the stream starts, then the API's own failure event (`response.failed`, an SSE `error`).
 * - `stream-cut`: the stream starts and ends before the API's terminal event.
 */
export type ModelStep =
  | {
      kind: 'answer';
      responseId: string;
      text: string;
      usage: TokenUsage;
      times?: number;
      /** Stream the text in this many delta events, cut in pieces as even as can be (a long stream). @defaultValue one delta of its first characters */
      deltas?: number;
    }
  | {
      kind: 'tool-call';
      responseId: string;
      usage: TokenUsage;
      times?: number;
      /** This call's id instead of the scenario's `toolCall.callId` (a conversation of many calls). */
      callId?: string;
    }
  | { kind: 'http-error'; status: number; message: string; times?: number }
  | { kind: 'failed'; responseId: string; code: string; message: string; times?: number }
  | { kind: 'stream-cut'; responseId: string; partialText: string; times?: number };

/** One SSE frame: the JSON event object; its `type` is the `event:` line. */
export type SseFrame = { type: string } & Record<string, unknown>;

/** An abstract tool call the mock asks for; each subject maps it to its own tool name and arguments. */
export interface ToolCallSpec {
  callId: string;
  /** The shell command to run (`sh -c` semantics); the subject formats it into its tool's arguments. */
  command: string;
  /** Whether the command is expected to fail (non-zero exit). */
  failing: boolean;
}

/** A `(decision, source)` pair of `codex.tool_decision`. */
export type DecisionKey =
  | 'approved/config'
  | 'approved/user'
  | 'approved_for_session/user'
  | 'denied/user'
  | 'denied/config'
  | 'abort/user';

/** How the scenario's telemetry is exported. */
export interface TelemetrySetup {
  /** `none` turns export off; a connection-counting listener stands in for every endpoint. */
  exporter: 'otlp' | 'none';
  transport: 'http/json' | 'http/protobuf' | 'grpc';
  /** Encrypt the endpoint (`https://`): server TLS, or mutual TLS with a client certificate. */
  tls?: 'tls' | 'mtls';
  /**
   * Whether the client certificate file (`mtls`) ends with a line break, as OpenSSL writes PEM files.
   * `false` strips the final line break, which RFC 7468's grammar allows.
   *
   * @defaultValue true
   */
  clientPemFinalNewline?: boolean;
  /** Header values may use `${VAR}`; `env` supplies the variables. */
  headers?: Record<string, string>;
  env?: Record<string, string>;
  /** `down`: the endpoint points at a closed loopback port. */
  receiver?: 'up' | 'down';
  logUserPrompt?: boolean;
  /** Also export metrics to the receiver, when the subject claims metrics. */
  metrics?: boolean;
}

/** Capabilities a scenario needs; a subject that does not claim one skips the scenario with a reason. */
export type Capability =
  | 'transport:http/json'
  | 'transport:http/protobuf'
  | 'transport:grpc'
  | 'tls'
  | 'mtls'
  | 'headers'
  | 'header-env-substitution'
  | 'metrics'
  | 'stream-retry'
  | 'tools'
  | `decision:${DecisionKey}`;

/** What a scenario expects of the run. */
export interface ScenarioExpectation {
  /**
   * `success`: the turn completes (exit 0); `failure`: it fails (non-zero exit); `aborted`: the user
   * aborted it (exit status not judged).
   */
  outcome: 'success' | 'failure' | 'aborted';
  /** The path whose flush is checked. */
  path: string;
}

/**
 * A scenario: plain data the engine plays. It says what the model serves, how telemetry is exported,
 * and what must happen; checks then judge the capture against this ground truth.
 */
export interface Scenario {
  id: string;
  title: string;
  /** The user's prompt; it carries a canary token that must not leak. */
  prompt: string;
  steps: ModelStep[];
  telemetry: TelemetrySetup;
  toolCall?: ToolCallSpec;
  /** The decision the subject is configured to take for `toolCall`. */
  decision?: DecisionKey;
  /** Provider retry settings to configure (keeps failure paths fast). */
  requestMaxRetries: number;
  streamMaxRetries: number;
  expect: ScenarioExpectation;
  requires: Capability[];
  tags: ScenarioTag[];
}

/** Tags that route requirements to scenarios. */
export type ScenarioTag =
  | 'baseline'
  | 'tool'
  | 'failure'
  | 'retry'
  | 'opt-in'
  | 'exporter-none'
  | 'transport'
  | 'headers'
  | 'tls'
  | 'mtls'
  | 'pem-format'
  | 'receiver-down'
  | 'metrics';
