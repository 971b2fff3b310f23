import type { ScenarioRun } from '../model/scenario-run.ts';
import { deliveryRequirementId } from '../requirements/applies.ts';
import { type CheckContext, fail, type Judgement, pass, skip } from '../requirements/model.ts';
import { deliveryOf, deliverySummary, lossExplanation, notEmittedElsewhere } from './delivery.ts';
import { catalogLogs, fact } from './helpers.ts';

const logRequests = (run: ScenarioRun) => run.otlpRequests.filter((r) => r.signal === 'logs');

/**
 * Telemetry emitted before exit is delivered: every record the run must have delivered (see
 * {@link deliveryOf}) arrived, up to the last one, although the process ended. A scenario on which
 * nothing at all arrived at an `https://` endpoint or over a transport under test is judged by that
 * requirement instead (`TLS-ENDPOINT-DELIVERS`, `TRANSPORT-*`).
 */
export function checkFlushOnExit(run: ScenarioRun, ctx?: CheckContext): Judgement {
  const d = deliveryOf(run);
  const path = run.scenario.expect.path;
  const ev = [
    fact('delivery', deliverySummary(d)),
    fact('exit', run.exit),
    fact('OTLP log requests', logRequests(run).length),
  ];
  if (d.notEmitted.length)
    ev.push(
      fact(
        'missing but not lost (a later record arrived; judged by their own requirements)',
        d.notEmitted.map((e) => e.label).join(', '),
      ),
    );
  if (catalogLogs(run).length === 0) {
    const other = nothingArrivedJudgedBy(run);
    const elsewhere = other && ctx ? flushFaultElsewhere(run, ctx.runs) : undefined;
    if (other && elsewhere)
      return fail(
        `no catalog event arrived before the process exited (${path} path), and on ${elsewhere.scenario.id} records were lost at exit too: the batch worker was not flushed (${other} is not judged here: nothing arriving follows from this fault)`,
        [...ev, fact(`lost at exit on ${elsewhere.scenario.id}`, deliverySummary(deliveryOf(elsewhere)))],
      );
    if (other) return skip(`nothing arrived; judged by ${other}`, ev);
    return fail(
      `no catalog event arrived before the process exited (${path} path): the batch worker was not flushed`,
      ev,
    );
  }
  if (d.queueDrops) ev.push(fact("agent's stderr", d.queueDrops.line));
  const elsewhere = !d.complete && ctx ? notEmittedElsewhere(run, ctx.runs) : [];
  for (const { record, on } of elsewhere)
    ev.push(
      fact(
        'missing, and never emitted rather than lost',
        `${record.label}: on ${on.scenario.id} a record of this kind was missing while a later record arrived (judged there by its own requirement)`,
      ),
    );
  if (d.lost.length > elsewhere.length) {
    const lost = d.lost.length - elsewhere.length;
    return fail(
      `${lost} record(s) emitted before exit never arrived (${path} path): ${lossExplanation(d)}`,
      ev,
    );
  }
  if (elsewhere.length)
    return pass(
      `every record emitted arrived by exit (${path} path); ${elsewhere.length} missing at the end of the run the agent does not emit (see ${elsewhere[0]!.on.scenario.id})`,
      ev,
    );
  return pass(`all ${d.expected.length} expected records arrived by exit (${path} path)`, ev);
}

/**
 * Another run of the certification on the same exit path, on a scenario that tests neither a transport
 * nor TLS, whose records were lost at exit (not dropped by the agent's queue), while this run's stderr
 * names no exporter error: evidence that the agent does not flush, so that
 * nothing arriving on a transport or TLS scenario follows from that fault, and is judged by the flush
 * requirement rather than read as a broken transport or TLS.
 */
export function flushFaultElsewhere(run: ScenarioRun, runs: readonly ScenarioRun[]): ScenarioRun | undefined {
  // the same exit path (a completed turn, or a failed one), and no exporter error on this run's stderr
  const path = run.scenario.expect.outcome === 'success' ? 'FLUSH-ON-EXIT-SUCCESS' : 'FLUSH-ON-EXIT-FAILURE';
  if (exporterStderr(run).length > 0) return undefined;
  return runs.find((r) => {
    if (
      r === run ||
      r.state !== 'ran' ||
      deliveryRequirementId(r.scenario) !== path ||
      nothingArrivedJudgedBy(r)
    )
      return false;
    const d = deliveryOf(r);
    return !d.complete && !d.queueDrops;
  });
}

/** A skip of a transport/TLS requirement on a scenario where nothing arrived because the agent does not flush. */
function followsFromFlushFault(run: ScenarioRun, ctx: CheckContext | undefined): Judgement | undefined {
  const elsewhere = ctx ? flushFaultElsewhere(run, ctx.runs) : undefined;
  if (!elsewhere) return undefined;
  return skip(
    `nothing arrived; judged by ${deliveryRequirementId(run.scenario) ?? 'FLUSH-ON-EXIT-*'}: the agent loses records at exit (on ${elsewhere.scenario.id}), so nothing arriving here follows from that fault`,
    [fact(`lost at exit on ${elsewhere.scenario.id}`, deliverySummary(deliveryOf(elsewhere)))],
  );
}

/** The requirement that judges a scenario on which nothing arrived, when it is not the flush one. */
function nothingArrivedJudgedBy(run: ScenarioRun): string | undefined {
  const s = run.scenario;
  if (s.tags.includes('transport'))
    return `TRANSPORT-${s.telemetry.transport === 'grpc' ? 'GRPC' : s.telemetry.transport === 'http/json' ? 'HTTP-JSON' : 'HTTP-PROTOBUF'}`;
  if (s.telemetry.tls === 'mtls') return 'MTLS-CLIENT-CERTIFICATE';
  if (s.telemetry.tls) return 'TLS-ENDPOINT-DELIVERS';
  return undefined;
}

/** Logs arrive over the configured transport (content type / gRPC service). */
export function checkTransport(run: ScenarioRun, ctx?: CheckContext): Judgement {
  const want = run.telemetry.transport;
  const reqs = logRequests(run);
  const ev = reqs
    .slice(0, 3)
    .map((r) =>
      fact(`${r.transport} ${r.path}`, { status: r.status, 'content-type': r.headers['content-type'] }),
    );
  if (reqs.length === 0)
    return (
      followsFromFlushFault(run, ctx) ??
      fail(`no OTLP logs request arrived (expected ${want})`, [
        fact('endpoint', run.telemetry.endpoint),
        ...exporterStderr(run),
      ])
    );
  const other = reqs.filter((r) => r.transport !== want);
  if (other.length)
    return fail(
      `${other.length}/${reqs.length} requests used ${[...new Set(other.map((r) => r.transport))].join(', ')} instead of ${want}`,
      ev,
    );
  const rejected = reqs.filter((r) => r.status !== 200);
  if (rejected.length) return fail(`${rejected.length} request(s) were rejected by the receiver`, ev);
  return pass(`${reqs.length} request(s) over ${want}`, ev);
}

/** With exporter `none`, nothing is sent and no connection is opened. */
export function checkExporterNone(run: ScenarioRun): Judgement {
  const ev = [
    fact('connections to the stand-in listener', run.connections),
    fact('OTLP requests', run.otlpRequests.length),
  ];
  if (run.connections.length > 0 || run.otlpRequests.length > 0)
    return fail(
      `${run.connections.length} connection(s) opened, ${run.otlpRequests.length} OTLP request(s) received with exporter = "none"`,
      ev,
    );
  return pass('no connection opened, nothing received', ev);
}

/** Configured headers arrive verbatim (static values). */
export function checkStaticHeaders(run: ScenarioRun): Judgement {
  const reqs = logRequests(run);
  if (reqs.length === 0) return fail('no OTLP logs request arrived', []);
  const statics = Object.entries(run.scenario.telemetry.headers ?? {}).filter(([, v]) => !v.includes('${'));
  const bad = statics.filter(([k, v]) => reqs.some((r) => r.headers[k.toLowerCase()] !== v));
  const ev = reqs.slice(0, 1).map((r) => fact('headers received', r.headers));
  if (bad.length) return fail(`header(s) ${bad.map(([k]) => k).join(', ')} missing or altered`, ev);
  return pass(`header(s) ${statics.map(([k]) => k).join(', ')} sent`, ev);
}

/** Header values written `${VAR}` are substituted from the environment. */
export function checkHeaderSubstitution(run: ScenarioRun): Judgement {
  const reqs = logRequests(run);
  if (reqs.length === 0) return fail('no OTLP logs request arrived', []);
  const templated = Object.entries(run.scenario.telemetry.headers ?? {}).filter(([, v]) => v.includes('${'));
  const problems: string[] = [];
  for (const [k, template] of templated) {
    const want = run.telemetry.expectedHeaders[k];
    const got = reqs.map((r) => r.headers[k.toLowerCase()]);
    if (got.some((g) => g !== want))
      problems.push(
        got.some((g) => g === template)
          ? `${k} was sent literally as ${template}`
          : `${k} was not the value of ${template}`,
      );
  }
  const ev = reqs.slice(0, 1).map((r) => fact('headers received', r.headers));
  if (problems.length) return fail(problems.join('; '), ev);
  return pass(`${templated.map(([k, v]) => `${k} = ${v}`).join(', ')} substituted`, ev);
}

/** Lines of the subject's stderr that speak about its exporter, as evidence. */
function exporterStderr(run: ScenarioRun) {
  // paths are left out of the match: a temporary folder named after an mTLS scenario is no evidence
  const lines = run.stderr
    .split('\n')
    .filter((l) => /otel|otlp|export|tls|certificat|identity/i.test(l.replace(/\S*\/\S*/g, '')));
  return lines.length ? [fact('subject stderr', lines.slice(0, 3).join(' | '))] : [];
}

/** Logs arrive at an `https://` endpoint (server TLS with the configured CA). */
export function checkTlsDelivers(run: ScenarioRun, ctx?: CheckContext): Judgement {
  const reqs = logRequests(run);
  const ev = [fact('endpoint', run.telemetry.endpoint), fact('connections', run.connections)];
  if (reqs.length === 0 && run.scenario.telemetry.tls === 'mtls')
    return skip(
      'nothing arrived at the mTLS endpoint: judged by MTLS-CLIENT-CERTIFICATE (the server certificate is judged on the tls-* scenarios)',
      [...ev, ...exporterStderr(run)],
    );
  if (reqs.length === 0)
    return (
      followsFromFlushFault(run, ctx) ??
      fail('nothing arrived at the https:// endpoint', [...ev, ...exporterStderr(run)])
    );
  return pass(`${reqs.length} request(s) arrived at the https:// endpoint`, ev);
}

/** Nothing is sent in plaintext to an `https://` endpoint. */
export function checkNoPlaintext(run: ScenarioRun): Judgement {
  const plain = run.connections.filter((c) => c.kind === 'plaintext');
  const ev = [
    fact('endpoint', run.telemetry.endpoint),
    ...plain.slice(0, 3).map((c) => fact('plaintext connection', c)),
  ];
  if (plain.length)
    return fail(
      `${plain.length}/${run.connections.length} connection(s) to the https:// endpoint began in plaintext`,
      ev,
    );
  if (run.connections.length === 0) return pass('no connection made (nothing sent in plaintext)', ev);
  return pass(`all ${run.connections.length} connection(s) began with a TLS ClientHello`, [
    fact('endpoint', run.telemetry.endpoint),
  ]);
}

/** With mutual TLS, every encrypted request carries a client certificate the receiver verified. */
export function checkMtlsClientCertificate(run: ScenarioRun, ctx?: CheckContext): Judgement {
  const reqs = logRequests(run).filter((r) => r.encrypted);
  const ev = [
    fact('client identity', run.telemetry.clientIdentity ?? 'unknown'),
    ...reqs.slice(0, 2).map((r) =>
      fact('request', {
        transport: r.transport,
        encrypted: r.encrypted,
        client: r.clientCertificateSubject,
      }),
    ),
  ];
  const consequence = logRequests(run).length === 0 ? followsFromFlushFault(run, ctx) : undefined;
  if (consequence) return consequence;
  if (logRequests(run).length === 0)
    return fail(
      `nothing arrived at the mTLS endpoint${run.connections.length ? '' : ' (the exporter never opened a connection)'}`,
      [
        fact('connections', run.connections),
        fact('client identity', run.telemetry.clientIdentity ?? 'unknown'),
        ...exporterStderr(run),
      ],
    );
  if (reqs.length === 0)
    return pass('no encrypted request to judge (plaintext is judged by TLS-NO-PLAINTEXT)');
  const without = reqs.filter((r) => !r.clientCertificateSubject);
  if (without.length) return fail(`${without.length} request(s) without a verified client certificate`, ev);
  return pass(`client certificate ${reqs[0]!.clientCertificateSubject} verified`, ev);
}

/**
 * With the receiver down, the agent still answers, exits with its normal status, and promptly: its run
 * takes at most `extraMs` longer than the same plain answer with the receiver up in the same
 * certification (`plain-answer`), so the machine's load, which slows both, does not decide the verdict;
 * without that run, at most `limitMs` in all.
 *
 * @param extraMs - the most the receiver being down may add to the run, in ms
 * @param limitMs - the run's limit when no receiver-up run is there to compare with, in ms
 */
export function checkReceiverDown(
  run: ScenarioRun,
  ctx?: CheckContext,
  { extraMs = 5000, limitMs = 8000 } = {},
): Judgement {
  const ev = [fact('exit', run.exit), fact('endpoint', run.telemetry.endpoint)];
  if (run.exit.timedOut) return fail('the agent hung and was killed', ev);
  if (run.exit.code !== 0)
    return fail(`exit status ${run.exit.code} although only the telemetry receiver was down`, ev);
  const up = ctx?.runs.find(
    (r) => r.scenario.id === 'plain-answer' && r.state === 'ran' && r.exit.code === 0 && !r.exit.timedOut,
  );
  const took = run.exit.durationMs;
  if (up) {
    const base = up.exit.durationMs;
    ev.push(fact('receiver up (plain-answer)', `exited 0 in ${base} ms`));
    if (took - base > extraMs)
      return fail(
        `took ${took} ms to exit with the receiver down, ${took - base} ms more than the same plain answer with the receiver up (${base} ms; at most ${extraMs} ms more)`,
        ev,
      );
    return pass(`exited 0 in ${took} ms with the receiver down (${base} ms with it up)`, ev);
  }
  if (took > limitMs) return fail(`took ${took} ms to exit (limit ${limitMs} ms)`, ev);
  return pass(`exited 0 in ${took} ms with the receiver down`, ev);
}
