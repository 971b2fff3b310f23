import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestCertificateFiles, TestCertificates } from '@agentotel/test-support';
import { EMPTY_CAPTURE, type ScenarioRun } from '../model/scenario-run.ts';
import type { Profile, TelemetryConfig } from '../profiles/profile.ts';
import { profileNamed } from '../profiles/registry.ts';
import type { Scenario } from '../scenarios/model.ts';
import { endpointFor, startCapture } from './capture.ts';
import type { CaptureBackend } from './capture-backend.ts';
import { trackTempDir } from './cleanup.ts';
import { collectRun } from './collect.ts';
import { makeFolders, prepareCommand } from './home.ts';
import { runProcess } from './process.ts';
import { expandSteps, missingCapability, withSubjectTransport } from './steps.ts';
import type { ResolvedSubject } from './subject.ts';

export { describeClientIdentity } from './client-identity.ts';
export { expandSteps, missingCapability } from './steps.ts';
export type { ResolvedSubject } from './subject.ts';

/** Shared per-certification resources. */
export interface RunResources {
  backend: CaptureBackend;
  certificates: { pem: TestCertificates; files: TestCertificateFiles };
  /** `[otel].environment` used for every run. */
  environment: string;
  /**
   * Ids of the requirements applying to a scenario that are decided by per-request facts
   * (`needsRequestFacts`). When the backend cannot observe those (the collector), such a scenario is
   * captured through the embedded receiver instead. @defaultValue none
   */
  requestFactRequirements?: (scenario: Scenario) => string[];
}

const emptyRun = (
  scenario: Scenario,
  profile: Profile,
  state: ScenarioRun['state'],
  reason: string,
  environment: string,
): ScenarioRun => ({
  scenario,
  profile: profile.name,
  state,
  reason,
  startedAtMs: Date.now(),
  endedAtMs: Date.now(),
  exit: { code: null, signal: null, timedOut: false, durationMs: 0 },
  stdout: '',
  stderr: '',
  capture: EMPTY_CAPTURE,
  otlpRequests: [],
  requestsObservable: true,
  captureVia: {
    path: 'none',
    reason: `nothing captured: the scenario ${state === 'skipped' ? 'was skipped' : 'could not run'}`,
  },
  connections: [],
  model: [],
  telemetry: {
    exporter: scenario.telemetry.exporter,
    transport: scenario.telemetry.transport,
    environment,
    logUserPrompt: !!scenario.telemetry.logUserPrompt,
    expectedHeaders: {},
    metrics: false,
  },
  command: [],
});

const substituteEnv = (v: string, env: Record<string, string>) =>
  v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, n: string) => env[n] ?? '');

/**
 * Runs one scenario against a subject, in steps: a fresh temporary home, the model mock of the
 * subject's profile serving the scenario's steps in that API, the capture (receiver/collector, probe,
 * TLS), the subject's configuration rendered in its telemetry style, the process (own process group,
 * killed at its timeout), then the collection into a {@link ScenarioRun}.
 */
export async function runScenario(
  asWritten: Scenario,
  subject: ResolvedSubject,
  res: RunResources,
): Promise<ScenarioRun> {
  const profile = profileNamed(subject.spec.profile);
  const caps = subject.spec.capabilities;
  const scenario = withSubjectTransport(asWritten, caps);
  const missing = missingCapability(scenario, caps);
  if (missing)
    return emptyRun(
      scenario,
      profile,
      'skipped',
      `the subject does not claim capability ${missing}`,
      res.environment,
    );

  const stops: (() => Promise<unknown>)[] = [];
  const root = await mkdtemp(join(tmpdir(), `agentotel-${scenario.id}-`));
  const untrackRoot = trackTempDir(root);
  stops.push(async () => {
    await rm(root, { recursive: true, force: true });
    untrackRoot();
  });
  try {
    const folders = await makeFolders(root);

    // 1. the model side, in the profile's API
    const { responses, toolCall } = expandSteps(scenario, caps, profile.modelApi);
    const mock = await profile.modelApi.start(responses, { label: scenario.id });
    stops.push(() => mock.close());

    // 2. the telemetry side
    const capture = await startCapture(scenario, res, root);
    stops.push(() => capture.stop());
    const t = scenario.telemetry;
    const headerEnv = t.env ?? {};
    const expectedHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(t.headers ?? {})) expectedHeaders[k] = substituteEnv(v, headerEnv);
    const wantMetrics = !!t.metrics && caps.metrics && t.exporter === 'otlp';
    const exporter = (signal: 'logs' | 'metrics') =>
      capture.base
        ? {
            transport: t.transport,
            endpoint: endpointFor(capture.base, t.transport, signal),
            baseEndpoint: t.transport === 'grpc' ? capture.base.grpc : capture.base.http,
          }
        : undefined;
    const logsExporter = t.exporter === 'none' ? undefined : exporter('logs');
    const config: TelemetryConfig = {
      logs: logsExporter ?? 'none',
      metrics: wantMetrics ? (exporter('metrics') ?? 'none') : 'none',
      headers: t.headers ?? {},
      expandedHeaders: expectedHeaders,
      headerEnv,
      ...(capture.tls ? { tls: capture.tls } : {}),
      environment: res.environment,
      logUserPrompt: !!t.logUserPrompt,
      configDir: folders.configDir,
    };
    const style = subject.spec.telemetry?.style ?? profile.telemetryStyles[0];
    const telemetry = profile.renderTelemetry(style, config);

    // 3. the subject's home and command
    const cmd = await prepareCommand({
      scenario,
      subject,
      folders,
      modelBaseUrl: mock.url,
      modelPlaceholders: profile.modelApi.placeholders?.(mock.url) ?? {},
      otlpEndpoint: logsExporter?.endpoint ?? '',
      telemetry,
      captureEnv: capture.env,
      environment: res.environment,
    });

    // 4. the process
    const proc = await runProcess(cmd.argv, {
      cwd: cmd.cwd,
      env: cmd.env,
      timeoutMs: subject.spec.timeoutMs,
      ...(cmd.stdin !== undefined ? { stdin: cmd.stdin } : {}),
    });

    // 5. collect
    return await collectRun({
      scenario,
      profile: profile.name,
      capture,
      proc,
      model: await mock.exchanges(),
      telemetry: {
        exporter: t.exporter,
        transport: t.transport,
        ...(logsExporter ? { endpoint: logsExporter.endpoint } : {}),
        environment: res.environment,
        logUserPrompt: !!t.logUserPrompt,
        expectedHeaders,
        metrics: wantMetrics,
        ...(capture.clientIdentity ? { clientIdentity: capture.clientIdentity } : {}),
      },
      argv: cmd.argv,
      ...(toolCall ? { toolCall } : {}),
    });
  } catch (err) {
    return emptyRun(
      scenario,
      profile,
      'error',
      `harness error: ${(err as Error).stack ?? String(err)}`,
      res.environment,
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
}
