import type { OtlpLogRecord, OtlpMetricPoint } from '@agentotel/test-support';
import type {
  ModelExchange,
  ResolvedToolCall,
  RunTelemetryConfig,
  ScenarioRun,
} from '../model/scenario-run.ts';
import type { ProfileName } from '../profiles/names.ts';
import type { Scenario } from '../scenarios/model.ts';
import type { StartedCapture } from './capture.ts';
import type { StartedCaptureBackend } from './capture-backend.ts';
import { waitForConnectionsAnswered } from './connections-answered.ts';
import { toCapturedLogs, toCapturedMetrics, toRequestSummaries } from './otlp-capture.ts';
import type { ProcessResult } from './process.ts';

/** Inputs of {@link collectRun}. */
export interface CollectInput {
  scenario: Scenario;
  profile: ProfileName;
  capture: StartedCapture;
  proc: ProcessResult;
  model: ModelExchange[];
  telemetry: RunTelemetryConfig;
  argv: string[];
  toolCall?: ResolvedToolCall;
}

/**
 * Reads the capture back (after the backends settled) and assembles the {@link ScenarioRun}: log records
 * in arrival order, metric points, per-request facts, probe connections, the model exchanges and the
 * process outcome.
 */
export async function collectRun(input: CollectInput): Promise<ScenarioRun> {
  const { capture, proc } = input;
  for (const s of capture.sources)
    if (s.kind === 'backend') await (s.source as StartedCaptureBackend).settle();
  // every subject process is gone by now; what it sent may still be in a receiver's socket or decoder:
  // wait until the receivers closed every connection it opened (was a fixed 30 ms sleep)
  await waitForConnectionsAnswered(capture.ports);
  const records = capture.sources.flatMap((r) => r.source.records());
  const logsRaw = records
    .filter((r): r is OtlpLogRecord => r.signal === 'logs')
    .sort((a, b) => a.request.receivedAtMs - b.request.receivedAtMs || a.request.id - b.request.id);
  const metricsRaw = records.filter((r): r is OtlpMetricPoint => r.signal === 'metrics');
  const run: ScenarioRun = {
    scenario: input.scenario,
    profile: input.profile,
    state: 'ran',
    startedAtMs: proc.startedAtMs,
    endedAtMs: proc.endedAtMs,
    exit: {
      code: proc.code,
      signal: proc.signal,
      timedOut: proc.timedOut,
      durationMs: proc.endedAtMs - proc.startedAtMs,
    },
    stdout: proc.stdout,
    stderr: proc.stderr,
    capture: {
      exports: [],
      logs: toCapturedLogs(logsRaw),
      metrics: toCapturedMetrics(metricsRaw),
      spans: records.filter((r) => r.signal === 'traces').length,
    },
    otlpRequests: toRequestSummaries(capture.sources.flatMap((r) => r.source.requests())),
    requestsObservable: capture.sources.every(
      (r) => r.kind === 'receiver' || (r.source as StartedCaptureBackend).observesRequests,
    ),
    captureVia: capture.captureVia,
    connections: capture.connections(),
    model: input.model,
    telemetry: input.telemetry,
    command: input.argv,
  };
  if (input.toolCall) run.toolCall = input.toolCall;
  return run;
}
