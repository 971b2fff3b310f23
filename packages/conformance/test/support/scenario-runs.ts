import { EMPTY_CAPTURE, type ScenarioRun } from '../../src/model/scenario-run.ts';
import { findScenario } from '../../src/scenarios/catalog.ts';

/**
 * A `ScenarioRun` of catalog scenario `scenarioId` for unit tests of checks and the judge: it ran and
 * exited 0 (non-zero when the scenario expects a failure) in 1 ms, nothing captured, no model exchange,
 * telemetry over the scenario's transport to the embedded receiver; `overrides` replace any field.
 *
 * @throws Error when `scenarioId` is not in the catalog
 */
export function scenarioRunOf(scenarioId: string, overrides: Partial<ScenarioRun> = {}): ScenarioRun {
  const scenario = findScenario(scenarioId);
  if (!scenario) throw new Error(`scenarioRunOf: no scenario ${scenarioId}`);
  return {
    scenario,
    state: 'ran',
    startedAtMs: 0,
    endedAtMs: 1,
    exit: {
      code: scenario.expect.outcome === 'success' ? 0 : 1,
      signal: null,
      timedOut: false,
      durationMs: 1,
    },
    stdout: '',
    stderr: '',
    capture: EMPTY_CAPTURE,
    otlpRequests: [],
    requestsObservable: true,
    captureVia: { path: 'embedded-receiver', reason: 'test' },
    connections: [],
    model: [],
    telemetry: {
      exporter: 'otlp',
      transport: scenario.telemetry.transport,
      environment: 'test',
      logUserPrompt: false,
      expectedHeaders: {},
      metrics: false,
    },
    command: [],
    ...overrides,
  };
}
