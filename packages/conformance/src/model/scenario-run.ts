import type { ProbedConnection } from '../capture/connection-probe.ts';
import type { Capture, Transport } from '../capture/model.ts';
import type { ProfileName } from '../profiles/names.ts';
import type { Scenario, SseFrame, TokenUsage } from '../scenarios/model.ts';

/** One request the mock model server saw (POST .../responses), with what it answered. */
export interface ModelExchange {
  /** 0-based order among model requests. */
  index: number;
  receivedAtMs?: number;
  /** Index into the scenario's expanded steps, or undefined when nothing matched. */
  stepIndex?: number;
  served: 'sse' | 'http-error' | 'unmatched';
  status: number;
  /** The frames served (sse only). */
  frames: SseFrame[];
  /** The request's `input` array, for `function_call_output` ground truth. */
  input: unknown[];
  /** The usage the served answer reported (answers and tool calls), in neutral terms. */
  usage?: TokenUsage;
  /** The served answer ended the model request (a completed stream): the next request is attempt 1. */
  completes?: boolean;
  /** Tool results the agent sent back in this request, by call id (ground truth for tool results). */
  toolOutputs?: Record<string, string>;
}

/** One OTLP request the receiver(s) accepted or rejected. */
export interface OtlpRequestSummary {
  signal: 'logs' | 'metrics' | 'traces';
  transport: Transport | 'file';
  path: string;
  headers: Record<string, string>;
  encrypted: boolean;
  clientCertificateSubject?: string;
  status: number;
  receivedAtMs: number;
  /**
   * Why the receiver refused the request (`malformed`: it would not decode strictly, as the collector
   * refuses it); absent when accepted. From `@agentotel/test-support`'s request log.
   */
  rejection?: { kind: string; reason: string };
}

/** The tool call the mock asked for, as the subject's own tool. */
export interface ResolvedToolCall {
  callId: string;
  name: string;
  arguments: string;
}

/** The exporter configuration the subject was given for this run. */
export interface RunTelemetryConfig {
  exporter: 'otlp' | 'none';
  transport: Transport;
  endpoint?: string;
  environment: string;
  logUserPrompt: boolean;
  /** Header values after `${VAR}` substitution: what the receiver should see. */
  expectedHeaders: Record<string, string>;
  metrics: boolean;
  /** What the client certificate and key files given for mTLS are (key type, encodings, final newline). */
  clientIdentity?: string;
}

/**
 * The capture path a scenario's telemetry took: the real collector (records read back from its file
 * exporter), the embedded receiver (records plus per-request facts), a connection probe only (exporter
 * `none`), or nothing (receiver down).
 */
export interface CaptureVia {
  path: 'collector' | 'embedded-receiver' | 'connection-probe' | 'none';
  /** Why this path, in one sentence. */
  reason: string;
}

/** Everything one scenario run produced: the ground truth and the capture the checks judge. */
export interface ScenarioRun {
  scenario: Scenario;
  /** The profile (agent family) whose catalog and mapping judge this run. @defaultValue `codex` */
  profile?: ProfileName;
  /** `skipped`: the subject does not claim a needed capability; `error`: the harness failed. */
  state: 'ran' | 'skipped' | 'error';
  reason?: string;
  startedAtMs: number;
  endedAtMs: number;
  exit: { code: number | null; signal: string | null; timedOut: boolean; durationMs: number };
  stdout: string;
  stderr: string;
  capture: Capture;
  otlpRequests: OtlpRequestSummary[];
  /** False when the capture cannot see per-request facts (through the real collector). */
  requestsObservable: boolean;
  /** Which capture path this run used and why. */
  captureVia: CaptureVia;
  /** Connections the stand-in listener saw (exporter none, TLS endpoints). */
  connections: ProbedConnection[];
  model: ModelExchange[];
  toolCall?: ResolvedToolCall;
  telemetry: RunTelemetryConfig;
  /** The command line, secrets masked. */
  command: string[];
}

/** An empty capture. */
export const EMPTY_CAPTURE: Capture = { exports: [], logs: [], metrics: [], spans: 0 };
