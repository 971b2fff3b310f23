import { spawn } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  type MockResponse,
  type OtlpLogRecord,
  type OtlpMetricPoint,
  responsesMount,
  type StartedOtlpReceiver,
  sse,
  sseResponse,
  startMockServer,
  startOtlpReceiver,
  type TestCertificateFiles,
  type TestCertificates,
} from '@agentotel/test-support';
import {
  type ProbedConnection,
  reserveClosedPort,
  startConnectionProbe,
} from '../capture/connection-probe.ts';
import type { Transport } from '../capture/model.ts';
import {
  type CaptureVia,
  EMPTY_CAPTURE,
  type ModelExchange,
  type ResolvedToolCall,
  type ScenarioRun,
} from '../model/scenario-run.ts';
import { TOOL_CALL_FRAME } from '../scenarios/catalog.ts';
import { functionCall } from '../scenarios/frames.ts';
import type { Capability, ModelStep, Scenario, SseFrame } from '../scenarios/model.ts';
import type { SubjectCapabilities, SubjectSpec } from '../subjects/subject-spec.ts';
import { type CaptureBackend, embeddedBackend, type StartedCaptureBackend } from './capture-backend.ts';
import { otelToml } from './otel-toml.ts';
import { toCapturedLogs, toCapturedMetrics, toRequestSummaries } from './otlp-capture.ts';
import { render } from './template.ts';

/** A subject ready to run: its spec and the folder relative paths resolve against. */
export interface ResolvedSubject {
  spec: SubjectSpec;
  baseDir: string;
}

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

/** The capability a subject lacks for a scenario, or undefined. */
export function missingCapability(scenario: Scenario, caps: SubjectCapabilities): Capability | undefined {
  for (const need of scenario.requires) {
    if (need.startsWith('transport:') && !caps.transports.includes(need.slice(10) as Transport)) return need;
    if (need === 'tls' && !caps.tls) return need;
    if (need === 'mtls' && !caps.mtls) return need;
    if (need === 'header-env-substitution' && !caps.headerEnvSubstitution) {
      // still run: a subject that does not claim substitution is judged on what it sends
    }
    if (need === 'tools' && !caps.shellTool) return need;
    if (
      need.startsWith('decision:') &&
      !caps.decisions[need.slice(9) as keyof SubjectCapabilities['decisions']]
    )
      return need;
  }
  if (!caps.transports.includes(scenario.telemetry.transport))
    return `transport:${scenario.telemetry.transport}`;
  return undefined;
}

/** Expands `times` and resolves the tool-call marker into the subject's own function call. */
export function expandSteps(
  scenario: Scenario,
  caps: SubjectCapabilities,
): { responses: { step: ModelStep; frames: SseFrame[] }[]; toolCall?: ResolvedToolCall } {
  let toolCall: ResolvedToolCall | undefined;
  if (scenario.toolCall && caps.shellTool) {
    toolCall = {
      callId: scenario.toolCall.callId,
      name: caps.shellTool.name,
      arguments: render(caps.shellTool.arguments, {
        commandJson: JSON.stringify(scenario.toolCall.command),
        command: scenario.toolCall.command,
      }),
    };
  }
  const responses: { step: ModelStep; frames: SseFrame[] }[] = [];
  for (const step of scenario.steps) {
    const frames =
      step.kind === 'sse'
        ? step.frames.map((f) =>
            f === TOOL_CALL_FRAME && toolCall
              ? functionCall(toolCall.callId, toolCall.name, toolCall.arguments)
              : f,
          )
        : [];
    for (let i = 0; i < (step.times ?? 1); i++) responses.push({ step, frames });
  }
  return toolCall ? { responses, toolCall } : { responses };
}

function toMockResponse(step: ModelStep, frames: SseFrame[]): MockResponse {
  if (step.kind === 'http-error')
    return { status: step.status, headers: { 'content-type': 'application/json' }, body: step.body };
  return sseResponse(sse(frames));
}

const emptyRun = (
  scenario: Scenario,
  state: ScenarioRun['state'],
  reason: string,
  environment: string,
): ScenarioRun => ({
  scenario,
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

/** The process outcome. */
interface ProcessResult {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  startedAtMs: number;
  endedAtMs: number;
}

function runProcess(
  argv: string[],
  opts: { cwd: string; env: Record<string, string>; stdin?: string; timeoutMs: number },
): Promise<ProcessResult> {
  return new Promise((done) => {
    const startedAtMs = Date.now();
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const cap = (s: string, d: Buffer) => (s.length < 200_000 ? s + d.toString('utf8') : s);
    child.stdout.on('data', (d: Buffer) => {
      stdout = cap(stdout, d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr = cap(stderr, d);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      done({
        code: null,
        signal: null,
        timedOut,
        stdout,
        stderr: `${stderr}\n[agentotel] could not start ${argv[0]}: ${err.message}`,
        startedAtMs,
        endedAtMs: Date.now(),
      });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, timedOut, stdout, stderr, startedAtMs, endedAtMs: Date.now() });
    });
  });
}

/** Environment variables passed through from the harness to every subject. */
/**
 * Describes the client certificate and key files for evidence, e.g.
 * `client.crt: PEM X.509, EC P-256 (prime256v1), ends with a newline; client.key: PEM PKCS#8`.
 */
export function describeClientIdentity(
  client: { cert: string; key: string },
  certFinalNewline: boolean,
): string {
  const key = createPrivateKey(client.key);
  const details = key.asymmetricKeyDetails ?? {};
  const alg =
    key.asymmetricKeyType === 'ec'
      ? `EC ${details.namedCurve === 'prime256v1' ? 'P-256' : (details.namedCurve ?? '?')}`
      : key.asymmetricKeyType === 'rsa'
        ? `RSA ${details.modulusLength ?? '?'}`
        : String(key.asymmetricKeyType);
  const label = /-----BEGIN ([A-Z ]+)-----/.exec(client.key)?.[1] ?? '?';
  const encoding =
    label === 'PRIVATE KEY'
      ? 'PKCS#8'
      : label === 'EC PRIVATE KEY'
        ? 'SEC1'
        : label === 'RSA PRIVATE KEY'
          ? 'PKCS#1'
          : label;
  return `client certificate: PEM X.509, ${alg}, file ${certFinalNewline ? 'ends with a newline' : 'has no final newline'}; client key: PEM ${encoding} ("${label}")`;
}

const PASS_ENV = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'SYSTEMROOT', 'TMPDIR', 'NODE_OPTIONS'];

/**
 * Runs one scenario against a subject: a fresh mock model server, fresh receivers, a fresh temporary
 * home; returns the ground truth and the capture.
 */
export async function runScenario(
  scenario: Scenario,
  subject: ResolvedSubject,
  res: RunResources,
): Promise<ScenarioRun> {
  const caps = subject.spec.capabilities;
  const missing = missingCapability(scenario, caps);
  if (missing)
    return emptyRun(scenario, 'skipped', `the subject does not claim capability ${missing}`, res.environment);

  const stops: (() => Promise<unknown>)[] = [];
  const root = await mkdtemp(join(tmpdir(), `agentotel-${scenario.id}-`));
  stops.push(() => rm(root, { recursive: true, force: true }));
  try {
    const configDir = join(root, 'home');
    const workDir = join(root, 'work');
    await mkdir(configDir, { recursive: true });
    await mkdir(workDir, { recursive: true });

    // 1. the model side
    const mock = await startMockServer();
    stops.push(async () => {
      await mock.invariantViolations().catch(() => []);
      await mock.close().catch(() => {});
    });
    const { responses, toolCall } = expandSteps(scenario, caps);
    await mock.mount(
      responsesMount(
        responses.map((r) => toMockResponse(r.step, r.frames)),
        { label: scenario.id },
      ),
    );

    // 2. the telemetry side
    const t = scenario.telemetry;
    const headerEnv = t.env ?? {};
    const receivers: { source: StartedCaptureBackend | StartedOtlpReceiver; kind: 'backend' | 'receiver' }[] =
      [];
    let connections: () => ProbedConnection[] = () => [];
    let base: { http: string; grpc: string } | undefined;
    const extraEnv: Record<string, string> = {};
    let tls: Parameters<typeof otelToml>[0]['tls'];
    let clientIdentity: string | undefined;
    let captureVia: CaptureVia;
    if (t.exporter === 'none') {
      captureVia = {
        path: 'connection-probe',
        reason: 'exporter "none": a listener that counts connections stands in for every endpoint',
      };
      const probe = await startConnectionProbe();
      stops.push(() => probe.stop());
      connections = () => probe.connections();
      const url = `http://127.0.0.1:${probe.port}`;
      for (const k of [
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT',
        'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
        'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      ])
        extraEnv[k] = url;
    } else if (t.receiver === 'down') {
      const port = await reserveClosedPort();
      captureVia = { path: 'none', reason: 'receiver down: the endpoint is a closed loopback port' };
      base = { http: `http://127.0.0.1:${port}`, grpc: `http://127.0.0.1:${port}` };
    } else if (t.tls) {
      const { pem, files } = res.certificates;
      const secure = await startOtlpReceiver({
        tls: {
          cert: pem.server.cert,
          key: pem.server.key,
          ...(t.tls === 'mtls' ? { clientCa: pem.ca.cert } : {}),
        },
      });
      const plain = await startOtlpReceiver();
      stops.push(
        () => secure.stop(),
        () => plain.stop(),
      );
      receivers.push({ source: secure, kind: 'receiver' }, { source: plain, kind: 'receiver' });
      const port = (u: string) => Number(new URL(u).port);
      const grpc = t.transport === 'grpc';
      const probe = await startConnectionProbe({
        tlsTarget: { host: '127.0.0.1', port: port(grpc ? secure.grpcUrl : secure.httpUrl) },
        plaintextTarget: { host: '127.0.0.1', port: port(grpc ? plain.grpcUrl : plain.httpUrl) },
      });
      stops.push(() => probe.stop());
      connections = () => probe.connections();
      base = { http: `https://127.0.0.1:${probe.port}`, grpc: `https://127.0.0.1:${probe.port}` };
      tls = { caCertificate: files.caCert };
      captureVia = {
        path: 'embedded-receiver',
        reason:
          'https:// endpoint: embedded receivers (TLS and plaintext) behind the probe that tells a TLS ClientHello from plaintext; TLS, client certificate and plaintext are per-connection facts',
      };
      if (t.tls === 'mtls') {
        let clientCertificate = files.clientCert;
        if (t.clientPemFinalNewline === false) {
          // the same certificate, its file without the final line break (valid PEM per RFC 7468)
          clientCertificate = join(root, 'client-no-final-newline.crt');
          await writeFile(clientCertificate, pem.client.cert.replace(/\s+$/, ''));
        }
        Object.assign(tls, { clientCertificate, clientPrivateKey: files.clientKey });
        clientIdentity = describeClientIdentity(pem.client, t.clientPemFinalNewline !== false);
      }
    } else {
      const wire = res.backend.observesRequests ? [] : (res.requestFactRequirements?.(scenario) ?? []);
      const backend = await (wire.length ? embeddedBackend : res.backend).start({});
      stops.push(() => backend.stop());
      captureVia = {
        path: backend.observesRequests ? 'embedded-receiver' : 'collector',
        reason: wire.length
          ? `${wire.join(', ')} ${wire.length > 1 ? 'are' : 'is'} decided by per-request facts (transport, content type, headers) that the collector does not pass on, so this scenario is captured by the ${backend.label} even under --collector`
          : `records captured by the ${backend.label}`,
      };
      receivers.push({ source: backend, kind: 'backend' });
      base = { http: backend.httpUrl, grpc: backend.grpcUrl };
    }
    const endpointFor = (transport: Transport, signal: 'logs' | 'metrics') =>
      transport === 'grpc' ? base!.grpc : `${base!.http}/v1/${signal}`;
    const wantMetrics = !!t.metrics && caps.metrics && t.exporter === 'otlp';
    const endpoint = base ? endpointFor(t.transport, 'logs') : undefined;
    const toml = otelToml({
      exporter:
        t.exporter === 'none'
          ? 'none'
          : { transport: t.transport, endpoint: endpoint!, headers: t.headers ?? {} },
      metrics: wantMetrics
        ? { transport: t.transport, endpoint: endpointFor(t.transport, 'metrics') }
        : undefined,
      tls,
      environment: res.environment,
      logUserPrompt: !!t.logUserPrompt,
    });

    // 3. the subject
    const decision = scenario.decision ? caps.decisions[scenario.decision] : undefined;
    const values: Record<string, string> = {
      prompt: scenario.prompt,
      modelBaseUrl: mock.url,
      otlpEndpoint: endpoint ?? '',
      otlpProtocol: t.transport === 'http/json' ? 'json' : t.transport === 'grpc' ? 'grpc' : 'binary',
      configDir,
      workDir,
      otelToml: toml,
      approvalPolicy: decision?.approvalPolicy ?? 'never',
      requestMaxRetries: String(scenario.requestMaxRetries),
      streamMaxRetries: String(scenario.streamMaxRetries),
      environment: res.environment,
      logUserPrompt: String(!!t.logUserPrompt),
      apiKey: 'agentotel-test-api-key',
      subjectDir: subject.baseDir,
    };
    for (const [rel, content] of Object.entries({ ...subject.spec.files, ...(decision?.files ?? {}) })) {
      const file = join(configDir, rel);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, render(content, values));
    }
    const env: Record<string, string> = {};
    for (const k of PASS_ENV) if (process.env[k] !== undefined) env[k] = process.env[k]!;
    env.HOME = workDir;
    for (const [k, v] of Object.entries(subject.spec.env)) env[k] = render(v, values);
    Object.assign(env, headerEnv, extraEnv);
    for (const [k, v] of Object.entries(decision?.env ?? {})) env[k] = render(v, values);
    const argv = [...subject.spec.command, ...(decision?.args ?? [])].map((a) => render(a, values));
    if (argv[0] && (argv[0].startsWith('./') || argv[0].startsWith('../')))
      argv[0] = resolve(subject.baseDir, argv[0]);
    const cwd = subject.spec.cwd ? resolve(subject.baseDir, render(subject.spec.cwd, values)) : workDir;

    const proc = await runProcess(argv, {
      cwd: isAbsolute(cwd) ? cwd : resolve(cwd),
      env,
      timeoutMs: subject.spec.timeoutMs,
      ...(decision?.stdin !== undefined ? { stdin: decision.stdin } : {}),
    });

    // 4. collect
    for (const r of receivers) if (r.kind === 'backend') await (r.source as StartedCaptureBackend).settle();
    await new Promise((r) => setTimeout(r, 30));
    const records = receivers.flatMap((r) => r.source.records());
    const logsRaw = records
      .filter((r): r is OtlpLogRecord => r.signal === 'logs')
      .sort((a, b) => a.request.receivedAtMs - b.request.receivedAtMs || a.request.id - b.request.id);
    const metricsRaw = records.filter((r): r is OtlpMetricPoint => r.signal === 'metrics');
    const journal = await mock.journal();
    const model: ModelExchange[] = [];
    let served = 0;
    for (const e of journal) {
      if (e.request.method !== 'POST' || !/\/responses$/.test(e.request.path)) continue;
      let input: unknown[] = [];
      try {
        input = (JSON.parse(e.request.body) as { input?: unknown[] }).input ?? [];
      } catch {}
      if (e.outcome.kind === 'served') {
        const r = responses[served++]!;
        model.push({
          index: model.length,
          served: r.step.kind,
          status: r.step.kind === 'http-error' ? r.step.status : 200,
          frames: r.frames,
          input,
          stepIndex: served - 1,
        });
      } else {
        model.push({
          index: model.length,
          served: 'unmatched',
          status: e.outcome.kind === 'invariant-violation' ? 500 : 404,
          frames: [],
          input,
        });
      }
    }
    const expectedHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(t.headers ?? {})) expectedHeaders[k] = substituteEnv(v, headerEnv);
    const run: ScenarioRun = {
      scenario,
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
      otlpRequests: toRequestSummaries(receivers.flatMap((r) => r.source.requests())),
      requestsObservable: receivers.every(
        (r) => r.kind === 'receiver' || (r.source as StartedCaptureBackend).observesRequests,
      ),
      captureVia,
      connections: connections(),
      model,
      telemetry: {
        exporter: t.exporter,
        transport: t.transport,
        ...(endpoint ? { endpoint } : {}),
        environment: res.environment,
        logUserPrompt: !!t.logUserPrompt,
        expectedHeaders,
        metrics: wantMetrics,
        ...(clientIdentity ? { clientIdentity } : {}),
      },
      command: argv,
    };
    if (toolCall) run.toolCall = toolCall;
    return run;
  } catch (err) {
    return emptyRun(
      scenario,
      'error',
      `harness error: ${(err as Error).stack ?? String(err)}`,
      res.environment,
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
}
