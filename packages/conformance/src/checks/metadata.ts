import { textValue } from '../capture/any-value.ts';
import { eventNameOf } from '../capture/model.ts';
import { checkAttributes } from '../catalog/schemas.ts';
import { TIMESTAMP_CORE, TIMESTAMP_STRICT } from '../catalog/value-schemas.ts';
import type { ScenarioRun } from '../model/scenario-run.ts';
import { catalogFor } from '../profiles/catalogs.ts';
import { type CheckContext, type Evidence, fail, type Judgement, pass, skip } from '../requirements/model.ts';
import { attr, catalogLogs, catalogNameOf, fact, recordEvidence } from './helpers.ts';
import { mappingOf, recordTimeMs, recordTimeText } from './mapping.ts';

/** Every catalog event carries the common metadata of its catalog (Codex: docs/catalog/codex.md §2) with the right types. */
export function checkCommonMetadata(run: ScenarioRun, ctx: CheckContext): Judgement {
  const logs = catalogLogs(run);
  const tsKey = mappingOf(run).timestamp?.attribute;
  const common = catalogFor(run.profile).commonAttributes.filter((a) => a.key !== tsKey);
  const evidence: Evidence[] = [];
  const problems: string[] = [];
  for (const log of logs) {
    const v = checkAttributes(log.attributes, common, ctx.level);
    if (v.length > 0) {
      problems.push(
        ...v.map((x) => `${eventNameOf(log)} #${log.seq}: ${x.key} expected ${x.expected}, got ${x.actual}`),
      );
      if (evidence.length < 3) evidence.push(recordEvidence(log));
    }
    if (tsKey && !log.attributes[tsKey]) problems.push(`${eventNameOf(log)} #${log.seq}: ${tsKey} missing`);
  }
  if (problems.length > 0)
    return fail(`${problems.length} metadata problem(s): ${problems.slice(0, 5).join('; ')}`, evidence);
  return pass(`${logs.length} catalog events carry the common metadata`);
}

/**
 * The timestamp attribute (e.g. `event.timestamp`) has the catalog's format (strict: three fractional
 * digits and Z); a catalog without one is judged on `LogRecord.timeUnixNano` (set, not 0).
 */
export function checkTimestampFormat(run: ScenarioRun, ctx: CheckContext): Judgement {
  const logs = catalogLogs(run);
  const key = mappingOf(run).timestamp?.attribute;
  if (!key) {
    const unset = logs.filter((l) => Number.isNaN(recordTimeMs(run, l)));
    if (unset.length > 0)
      return fail(
        `${unset.length}/${logs.length} records have no timeUnixNano`,
        unset.slice(0, 3).map((l) => recordEvidence(l)),
      );
    return pass(
      `${logs.length} records carry timeUnixNano`,
      logs[0] ? [fact('example', recordTimeText(run, logs[0]))] : [],
    );
  }
  const re = ctx.level === 'strict' ? TIMESTAMP_STRICT : TIMESTAMP_CORE;
  const bad = logs.filter((l) => !re.test(attr(l, key) ?? ''));
  if (bad.length > 0)
    return fail(
      `${bad.length}/${logs.length} events have an ${key} not matching ${ctx.level === 'strict' ? 'YYYY-MM-DDTHH:MM:SS.mmmZ' : 'RFC 3339'}`,
      bad.slice(0, 3).map((l) => recordEvidence(l)),
    );
  return pass(
    `${logs.length} ${key} values well formed`,
    logs[0] ? [fact('example', attr(logs[0], key))] : [],
  );
}

/** The LogRecord's `timeUnixNano` agrees with `event.timestamp` (within 1 s). */
export function checkTimestampAgreement(run: ScenarioRun): Judgement {
  if (!mappingOf(run).timestamp) return skip('the catalog has no timestamp attribute besides timeUnixNano');
  const logs = catalogLogs(run);
  const bad = logs.filter((l) => {
    if (!l.timeUnixNano) return true;
    const ms = Number(BigInt(l.timeUnixNano) / 1_000_000n);
    return !(Math.abs(ms - recordTimeMs(run, l)) <= 1000);
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

/** The session id attribute of the run's catalog (Codex `conversation.id`). */
const sessionKey = (run: ScenarioRun) => mappingOf(run).session?.attribute ?? 'conversation.id';

/** The session id (e.g. `conversation.id`) is the same on every event of one run. */
export function checkConversationIdConstant(run: ScenarioRun): Judgement {
  const key = sessionKey(run);
  const ids = new Set(catalogLogs(run).map((l) => attr(l, key) ?? '(absent)'));
  if (ids.size === 1) return pass(`one ${key}`, [fact(key, [...ids][0])]);
  return fail(`${ids.size} different ${key} values in one run`, [fact('values', [...ids])]);
}

/** The session id values of a run's catalog records (empty values left out). */
function conversationIds(run: ScenarioRun): Set<string> {
  const ids = new Set<string>();
  const key = sessionKey(run);
  for (const l of catalogLogs(run)) {
    const id = attr(l, key);
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
  const key = sessionKey(run);
  if (mine.size === 0) return skip(`no ${key} captured`);
  const byId = runsByConversationId(ctx.runs);
  const others = new Set<number>();
  for (const id of mine) for (const i of byId.get(id) ?? []) if (ctx.runs[i] !== run) others.add(i);
  const clashes = [...others].sort((a, b) => a - b).map((i) => ctx.runs[i]!.scenario.id);
  if (clashes.length > 0)
    return fail(`${key} reused by other runs: ${clashes.join(', ')}`, [fact(key, [...mine])]);
  return pass(`${key} not used by any other run`, [fact(key, [...mine][0])]);
}

/** Every record's time (the timestamp attribute, else `timeUnixNano`) lies inside the run's wall-clock window. */
export function checkTimestampsInWindow(run: ScenarioRun): Judgement {
  const slackMs = 5;
  // a time that is unset or does not parse is EVENT-TIMESTAMP-FORMAT's fault: not judged here
  const all = catalogLogs(run);
  const logs = all.filter((l) => !Number.isNaN(recordTimeMs(run, l)));
  const out = logs.filter((l) => {
    const t = recordTimeMs(run, l);
    return !(t >= run.startedAtMs - slackMs && t <= run.endedAtMs + slackMs);
  });
  const window = fact(
    'run window',
    `${new Date(run.startedAtMs).toISOString()} .. ${new Date(run.endedAtMs).toISOString()}`,
  );
  if (logs.length === 0 && all.length > 0)
    return skip(`no record has a usable time (judged by EVENT-TIMESTAMP-FORMAT)`, [window]);
  if (out.length > 0)
    return fail(`${out.length}/${logs.length} events are timestamped outside the run`, [
      window,
      ...out.slice(0, 3).map((l) => recordEvidence(l)),
    ]);
  return pass(`${logs.length} timestamps inside the run`, [window]);
}

/**
 * Causal order holds on timestamps: a prompt before the requests it causes, attempts in order, a
 * decision before its result (events and attributes from the run's requirement mapping).
 */
export function checkTimestampsOrdered(run: ScenarioRun): Judgement {
  const m = mappingOf(run);
  const logs = catalogLogs(run);
  const problems: Evidence[] = [];
  const named = (...n: (string | undefined)[]) => logs.filter((l) => n.includes(catalogNameOf(run, l)));
  const time = (l: (typeof logs)[number]) => recordTimeMs(run, l);
  const text = (l: (typeof logs)[number]) => recordTimeText(run, l);
  const short = (n: string | undefined) => n?.replace(/^[a-z_]+\./, '') ?? '';
  const prompt = m.userPrompt ? named(m.userPrompt.event)[0] : undefined;
  const requests = m.apiRequest ? named(m.apiRequest.event, m.apiRequest.errorEvent) : [];
  const req = short(m.apiRequest?.event);
  if (prompt) {
    for (const r of requests)
      if (time(r) < time(prompt))
        problems.push(fact(`${req} before ${short(m.userPrompt?.event)}`, [text(r), text(prompt)]));
  }
  for (let i = 1; i < requests.length; i++) {
    if (time(requests[i]!) < time(requests[i - 1]!))
      problems.push(fact(`${req} out of order`, [text(requests[i - 1]!), text(requests[i]!)]));
  }
  const tool = m.tool;
  if (tool?.decisionEvent)
    for (const d of named(tool.decisionEvent)) {
      const id = attr(d, tool.callIdAttribute);
      const r = named(tool.resultEvent).find((x) => attr(x, tool.callIdAttribute) === id);
      if (r && time(r) < time(d))
        problems.push(
          fact(`${short(tool.resultEvent)} before its ${short(tool.decisionEvent)}`, [text(d), text(r)]),
        );
    }
  if (problems.length > 0) return fail(`${problems.length} causal order violation(s)`, problems.slice(0, 4));
  return pass('prompt, attempts, decisions and results ordered in time');
}

/**
 * Every export carries the catalog's resource attributes with the right types: the agent's name
 * (`service.name`: the subject's originator, or the name the family fixes) and its own version
 * (`service.version`), and for catalogs with `env` the configured environment.
 */
export function checkResourceAttributes(run: ScenarioRun, ctx: CheckContext): Judgement {
  const logs = catalogLogs(run);
  const catalog = catalogFor(run.profile);
  const { resource: r } = mappingOf(run);
  const wantName = ctx.capabilities.originator ?? r.expectedName;
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  for (const l of logs) {
    const key = JSON.stringify(l.resource);
    if (seen.has(key)) continue;
    seen.add(key);
    const v = checkAttributes(l.resource, catalog.resourceAttributes, ctx.level);
    problems.push(...v.map((x) => `${x.key}: expected ${x.expected}, got ${x.actual}`));
    if (catalog.resourceAttributes.some((a) => a.key === 'env')) {
      const env = textValue(l.resource.env);
      if (env !== undefined && env !== run.telemetry.environment)
        problems.push(`env: expected "${run.telemetry.environment}" ([otel].environment), got "${env}"`);
    }
    const svc = textValue(l.resource[r.nameAttribute]);
    if (wantName && svc !== undefined && svc !== wantName)
      problems.push(
        `${r.nameAttribute}: expected ${ctx.capabilities.originator ? 'the originator ' : ''}"${wantName}", got "${svc}"`,
      );
    const listed = catalog.resourceAttributes.some((a) => a.key === r.versionAttribute);
    if (!listed && textValue(l.resource[r.versionAttribute]) === undefined)
      problems.push(`${r.versionAttribute}: absent (the agent's own version)`);
    evidence.push(
      fact('resource', Object.fromEntries(Object.entries(l.resource).map(([k, v]) => [k, textValue(v)]))),
    );
  }
  if (problems.length > 0) return fail([...new Set(problems)].join('; '), evidence.slice(0, 2));
  return pass(
    `${catalog.resourceAttributes.map((a) => a.key).join(', ')} set as configured`,
    evidence.slice(0, 1),
  );
}
