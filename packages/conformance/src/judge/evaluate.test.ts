import { expect, test } from 'vitest';
import { EMPTY_CAPTURE, type ScenarioRun } from '../model/scenario-run.ts';
import { findRequirement, REQUIREMENTS } from '../requirements/requirements.ts';
import { findScenario } from '../scenarios/catalog.ts';
import { builtinSubject } from '../subjects/builtin.ts';
import { evaluate, undecidedMusts } from './evaluate.ts';

/** A run of transport-grpc whose capture could not see requests (as through the collector). */
function blindRun(): ScenarioRun {
  const scenario = findScenario('transport-grpc')!;
  return {
    scenario,
    state: 'ran',
    startedAtMs: 0,
    endedAtMs: 1,
    exit: { code: 0, signal: null, timedOut: false, durationMs: 1 },
    stdout: '',
    stderr: '',
    capture: EMPTY_CAPTURE,
    otlpRequests: [],
    requestsObservable: false,
    captureVia: { path: 'collector', reason: 'records captured by a collector' },
    connections: [],
    model: [],
    telemetry: {
      exporter: 'otlp',
      transport: 'grpc',
      environment: 'test',
      logUserPrompt: false,
      expectedHeaders: {},
      metrics: false,
    },
    command: [],
  };
}

test('a MUST decided by per-request facts is undecided, not silently skipped, when the capture cannot see requests', () => {
  const req = findRequirement('TRANSPORT-GRPC')!;
  expect(req.needsRequestFacts).toBe(true);
  const { results } = evaluate([req], [blindRun()], {
    level: 'core',
    capabilities: builtinSubject().spec.capabilities,
    suppressions: [],
  });
  expect(results[0]).toMatchObject({ id: 'TRANSPORT-GRPC', verdict: 'skip', undecided: true });
  expect(results[0]!.findings[0]!.reason).toMatch(/per-request facts .* not observable .*collector/);
  const lines = undecidedMusts(results);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^TRANSPORT-GRPC on transport-grpc could not be decided/);
});

test('requirements decided by per-request facts are the wire ones', () => {
  expect(REQUIREMENTS.filter((r) => r.needsRequestFacts).map((r) => r.id)).toEqual([
    'TRANSPORT-HTTP-JSON',
    'TRANSPORT-HTTP-PROTOBUF',
    'TRANSPORT-GRPC',
    'HEADERS-SENT',
    'HEADERS-ENV-SUBSTITUTION',
    'TLS-ENDPOINT-DELIVERS',
    'TLS-NO-PLAINTEXT',
    'MTLS-CLIENT-CERTIFICATE',
    'MTLS-PEM-WITHOUT-FINAL-NEWLINE',
  ]);
});
