import { textValue } from '../capture/any-value.ts';
import { eventNameOf } from '../capture/model.ts';
import { CATALOG } from '../catalog/catalog.ts';
import { checkAttributes } from '../catalog/schemas.ts';
import { TIMESTAMP_CORE, TIMESTAMP_STRICT } from '../catalog/value-schemas.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { type CheckContext, type Evidence, fail, type Judgement, pass, skip } from '../requirements/model.ts';
import { attr, catalogLogs, eventTimeMs, fact, recordEvidence } from './helpers.ts';

const commonWithoutTimestamp = CATALOG.commonAttributes.filter((a) => a.key !== 'event.timestamp');

/** Every catalog event carries the common metadata of catalog.md §2 with the right types. */
export function checkCommonMetadata(run: ScenarioRun, ctx: CheckContext): Judgement {
  const logs = catalogLogs(run);
  const evidence: Evidence[] = [];
  const problems: string[] = [];
  for (const log of logs) {
    const v = checkAttributes(log.attributes, commonWithoutTimestamp, ctx.level);
    if (v.length > 0) {
      problems.push(
        ...v.map((x) => `${eventNameOf(log)} #${log.seq}: ${x.key} expected ${x.expected}, got ${x.actual}`),
      );
      if (evidence.length < 3) evidence.push(recordEvidence(log));
    }
    if (!log.attributes['event.timestamp'])
      problems.push(`${eventNameOf(log)} #${log.seq}: event.timestamp missing`);
  }
  if (problems.length > 0)
    return fail(`${problems.length} metadata problem(s): ${problems.slice(0, 5).join('; ')}`, evidence);
  return pass(`${logs.length} catalog events carry the common metadata`);
}

/** `event.timestamp` has the catalog's format (strict: three fractional digits and Z). */
export function checkTimestampFormat(run: ScenarioRun, ctx: CheckContext): Judgement {
  const re = ctx.level === 'strict' ? TIMESTAMP_STRICT : TIMESTAMP_CORE;
  const logs = catalogLogs(run);
  const bad = logs.filter((l) => !re.test(attr(l, 'event.timestamp') ?? ''));
  if (bad.length > 0)
    return fail(
      `${bad.length}/${logs.length} events have an event.timestamp not matching ${ctx.level === 'strict' ? 'YYYY-MM-DDTHH:MM:SS.mmmZ' : 'RFC 3339'}`,
      bad.slice(0, 3).map((l) => recordEvidence(l)),
    );
  return pass(
    `${logs.length} event.timestamp values well formed`,
    logs[0] ? [fact('example', attr(logs[0], 'event.timestamp'))] : [],
  );
}

/** The LogRecord's `timeUnixNano` agrees with `event.timestamp` (within 1 s). */
export function checkTimestampAgreement(run: ScenarioRun): Judgement {
  const logs = catalogLogs(run);
  const bad = logs.filter((l) => {
    if (!l.timeUnixNano) return true;
    const ms = Number(BigInt(l.timeUnixNano) / 1_000_000n);
    return !(Math.abs(ms - eventTimeMs(l)) <= 1000);
  });
  if (bad.length > 0)
    return fail(
      `${bad.length}/${logs.length} records: timeUnixNano unset or not within 1 s of event.timestamp`,
      bad.slice(0, 2).map((l) => recordEvidence(l)),
    );
  return pass(`${logs.length} records: timeUnixNano agrees with event.timestamp`);
}

/** The LogRecord field `eventName` is filled with the same value as the `event.name` attribute. */
export function checkEventNameField(run: ScenarioRun): Judgement {
  const logs = catalogLogs(run);
  const bad = logs.filter((l) => l.eventName !== attr(l, 'event.name'));
  if (bad.length > 0)
    return fail(
      `${bad.length}/${logs.length} records lack LogRecord.eventName equal to attribute event.name`,
      bad.slice(0, 2).map((l) => recordEvidence(l)),
    );
  return pass(`${logs.length} records carry eventName = event.name`);
}

/** Every event is a LogRecord of severity INFO. */
export function checkSeverityInfo(run: ScenarioRun): Judgement {
  const logs = catalogLogs(run);
  const bad = logs.filter((l) => {
    const n = l.severityNumber;
    return !(
      (n !== undefined && n >= 9 && n <= 12) ||
      (n === undefined && l.severityText?.toUpperCase() === 'INFO')
    );
  });
  if (bad.length > 0)
    return fail(
      `${bad.length}/${logs.length} records are not severity INFO`,
      bad
        .slice(0, 2)
        .map((l) => fact(`#${l.seq}`, { severityNumber: l.severityNumber, severityText: l.severityText })),
    );
  return pass(`${logs.length} records have severity INFO`);
}

/** `conversation.id` is the same on every event of one run. */
export function checkConversationIdConstant(run: ScenarioRun): Judgement {
  const ids = new Set(catalogLogs(run).map((l) => attr(l, 'conversation.id') ?? '(absent)'));
  if (ids.size === 1) return pass(`one conversation.id`, [fact('conversation.id', [...ids][0])]);
  return fail(`${ids.size} different conversation.id values in one run`, [fact('values', [...ids])]);
}

/** The `conversation.id` values of a run's catalog records (empty values left out). */
function conversationIds(run: ScenarioRun): Set<string> {
  const ids = new Set<string>();
  for (const l of catalogLogs(run)) {
    const id = attr(l, 'conversation.id');
    if (id) ids.add(id);
  }
  return ids;
}

/** Per list of runs: each `conversation.id` to the indices of the runs (that ran) carrying it. */
const conversationIndex = new WeakMap<
  readonly ScenarioRun[],
  { length: number; byId: Map<string, number[]> }
>();

function runsByConversationId(runs: readonly ScenarioRun[]): Map<string, number[]> {
  const hit = conversationIndex.get(runs);
  if (hit && hit.length === runs.length) return hit.byId;
  const byId = new Map<string, number[]>();
  runs.forEach((r, i) => {
    if (r.state !== 'ran') return;
    for (const id of conversationIds(r)) {
      const list = byId.get(id);
      if (list) list.push(i);
      else byId.set(id, [i]);
    }
  });
  conversationIndex.set(runs, { length: runs.length, byId });
  return byId;
}

/**
 * `conversation.id` differs from every other run's. Linear in runs: an index from id to runs is built
 * once per list of runs and shared by every run's judgement.
 */
export function checkConversationIdUnique(run: ScenarioRun, ctx: CheckContext): Judgement {
  const mine = conversationIds(run);
  if (mine.size === 0) return skip('no conversation.id captured');
  const byId = runsByConversationId(ctx.runs);
  const others = new Set<number>();
  for (const id of mine) for (const i of byId.get(id) ?? []) if (ctx.runs[i] !== run) others.add(i);
  const clashes = [...others].sort((a, b) => a - b).map((i) => ctx.runs[i]!.scenario.id);
  if (clashes.length > 0)
    return fail(`conversation.id reused by other runs: ${clashes.join(', ')}`, [
      fact('conversation.id', [...mine]),
    ]);
  return pass('conversation.id not used by any other run', [fact('conversation.id', [...mine][0])]);
}

/** Every `event.timestamp` lies inside the run's wall-clock window. */
export function checkTimestampsInWindow(run: ScenarioRun): Judgement {
  const slackMs = 5;
  const logs = catalogLogs(run);
  const out = logs.filter((l) => {
    const t = eventTimeMs(l);
    return !(t >= run.startedAtMs - slackMs && t <= run.endedAtMs + slackMs);
  });
  const window = fact(
    'run window',
    `${new Date(run.startedAtMs).toISOString()} .. ${new Date(run.endedAtMs).toISOString()}`,
  );
  if (out.length > 0)
    return fail(`${out.length}/${logs.length} events are timestamped outside the run`, [
      window,
      ...out.slice(0, 3).map((l) => recordEvidence(l)),
    ]);
  return pass(`${logs.length} timestamps inside the run`, [window]);
}

/** Causal order holds on timestamps: a prompt before the requests it causes, attempts in order, a decision before its result. */
export function checkTimestampsOrdered(run: ScenarioRun): Judgement {
  const logs = catalogLogs(run);
  const problems: Evidence[] = [];
  const named = (n: string) => logs.filter((l) => eventNameOf(l) === n);
  const prompt = named('codex.user_prompt')[0];
  const requests = named('codex.api_request');
  if (prompt) {
    for (const r of requests)
      if (eventTimeMs(r) < eventTimeMs(prompt))
        problems.push(
          fact('api_request before user_prompt', [
            attr(r, 'event.timestamp'),
            attr(prompt, 'event.timestamp'),
          ]),
        );
  }
  for (let i = 1; i < requests.length; i++) {
    if (eventTimeMs(requests[i]!) < eventTimeMs(requests[i - 1]!))
      problems.push(
        fact('api_request out of order', [
          attr(requests[i - 1]!, 'event.timestamp'),
          attr(requests[i]!, 'event.timestamp'),
        ]),
      );
  }
  for (const d of named('codex.tool_decision')) {
    const r = named('codex.tool_result').find((x) => attr(x, 'call_id') === attr(d, 'call_id'));
    if (r && eventTimeMs(r) < eventTimeMs(d))
      problems.push(
        fact('tool_result before its tool_decision', [
          attr(d, 'event.timestamp'),
          attr(r, 'event.timestamp'),
        ]),
      );
  }
  if (problems.length > 0) return fail(`${problems.length} causal order violation(s)`, problems.slice(0, 4));
  return pass('prompt, attempts, decisions and results ordered in time');
}

/** Resource attributes `service.name`, `service.version`, `env` on every export. */
export function checkResourceAttributes(run: ScenarioRun, ctx: CheckContext): Judgement {
  const logs = catalogLogs(run);
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  for (const l of logs) {
    const key = JSON.stringify(l.resource);
    if (seen.has(key)) continue;
    seen.add(key);
    const v = checkAttributes(l.resource, CATALOG.resourceAttributes, ctx.level);
    problems.push(...v.map((x) => `${x.key}: expected ${x.expected}, got ${x.actual}`));
    const env = textValue(l.resource.env);
    if (env !== undefined && env !== run.telemetry.environment)
      problems.push(`env: expected "${run.telemetry.environment}" ([otel].environment), got "${env}"`);
    const svc = textValue(l.resource['service.name']);
    if (ctx.capabilities.originator && svc !== undefined && svc !== ctx.capabilities.originator)
      problems.push(`service.name: expected the originator "${ctx.capabilities.originator}", got "${svc}"`);
    evidence.push(
      fact('resource', Object.fromEntries(Object.entries(l.resource).map(([k, v]) => [k, textValue(v)]))),
    );
  }
  if (problems.length > 0) return fail(problems.join('; '), evidence.slice(0, 2));
  return pass('service.name, service.version and env set as configured', evidence.slice(0, 1));
}
