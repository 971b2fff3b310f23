import { expect, test } from 'vitest';
import { scenarioRunOf } from '../../test/support/scenario-runs.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import type { Requirement } from '../requirements/model.ts';
import { findRequirement, REQUIREMENTS } from '../requirements/requirements.ts';
import { findScenario } from '../scenarios/catalog.ts';
import { builtinSubject } from '../subjects/builtin.ts';
import { type EvaluateOptions, evaluate, startJudging, undecidedMusts } from './evaluate.ts';

/** A run of transport-grpc whose capture could not see requests (as through the collector). */
const blindRun = (): ScenarioRun =>
  scenarioRunOf('transport-grpc', {
    requestsObservable: false,
    captureVia: { path: 'collector', reason: 'records captured by a collector' },
  });

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

test('judging each run as it is collected gives the verdicts of judging all runs at the end', () => {
  const runOf = (id: string): ScenarioRun => ({
    ...blindRun(),
    scenario: { ...findScenario('transport-grpc')!, id },
    requestsObservable: true,
  });
  const runs = ['s0', 's1', 's2'].map(runOf);
  const base = { strength: 'MUST', text: 't', source: 's', area: 'a', needsTelemetry: false } as const;
  let perRunChecks = 0;
  const perRun: Requirement = {
    ...base,
    id: 'PER-RUN',
    appliesTo: () => true,
    check: (run) => {
      perRunChecks++;
      return { verdict: run.scenario.id === 's1' ? 'fail' : 'pass', reason: run.scenario.id };
    },
  };
  // a cross-run check: its verdict depends on how many runs it sees
  const crossRun: Requirement = {
    ...base,
    id: 'CROSS-RUN',
    appliesTo: () => true,
    check: (run, ctx) => ({
      verdict: ctx.runs.length === 3 ? 'pass' : 'fail',
      reason: `${run.scenario.id} of ${ctx.runs.length}`,
    }),
  };
  const opts: EvaluateOptions = {
    level: 'core',
    capabilities: builtinSubject().spec.capabilities,
    suppressions: [],
  };
  const judging = startJudging([perRun, crossRun], opts);
  for (const i of [2, 0, 1]) judging.add(runs[i]!, i); // collected in another order than the runs
  expect(perRunChecks).toBe(3);
  const incremental = judging.finish(runs);
  expect(perRunChecks).toBe(3); // per-run judgements are kept, not judged again
  expect(incremental).toEqual(evaluate([perRun, crossRun], runs, opts));
  expect(incremental.results.map((r) => [r.id, r.verdict, r.findings.map((f) => f.reason)])).toEqual([
    ['PER-RUN', 'fail', ['s0', 's1', 's2']],
    ['CROSS-RUN', 'pass', ['s0 of 3', 's1 of 3', 's2 of 3']],
  ]);
});
