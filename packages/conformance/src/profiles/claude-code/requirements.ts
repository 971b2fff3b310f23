import { textValue } from '../../capture/any-value.ts';
import { fact, recordEvidence } from '../../checks/helpers.ts';
import { joinJudgedElsewhere } from '../../checks/tool-events.ts';
import type { ModelExchange, ScenarioRun } from '../../model/scenario-run.ts';
import { type Evidence, fail, pass, type Requirement, skip } from '../../requirements/model.ts';
import type { Scenario } from '../../scenarios/model.ts';
import {
  textAttribute as a,
  attributesRequirement,
  completes,
  documentEvidence,
  exporting,
  failing,
  numericAttribute as n,
  nothingOfCatalog,
  recordsOf,
  sourceOf,
  unreportedUsages,
  type VendorCatalog,
  vendorLogs,
} from '../vendor-checks.ts';
import {
  CC_EVENT,
  CC_EVENT_PREFIX,
  CC_REDACTED,
  CLAUDE_CODE_CATALOG,
  CLAUDE_CODE_SOURCE,
  claudeCodeEventName,
} from './catalog.ts';

/** The Claude Code catalog with its naming rule, for the vendor-check helpers. */
export const CLAUDE_CODE: VendorCatalog = {
  catalog: CLAUDE_CODE_CATALOG,
  source: CLAUDE_CODE_SOURCE,
  nameOf: claudeCodeEventName,
  family: 'Claude Code',
};

const ids =
  (...list: string[]) =>
  (s: Scenario) =>
    list.includes(s.id);

/** The usage a served Messages stream reported: `message_start` input counts, `message_delta` output. */
export function servedMessagesUsage(
  x: ModelExchange,
): { input: number; output: number; cacheRead: number; cacheCreation: number } | undefined {
  const start = x.frames.find((f) => f.type === 'message_start') as
    | { message?: { usage?: Record<string, number> } }
    | undefined;
  const delta = x.frames.find((f) => f.type === 'message_delta') as
    | { usage?: { output_tokens?: number } }
    | undefined;
  const u = start?.message?.usage;
  if (!u || delta?.usage?.output_tokens === undefined) return undefined;
  return {
    input: u.input_tokens ?? 0,
    output: delta.usage.output_tokens,
    cacheRead: u.cache_read_input_tokens ?? 0,
    cacheCreation: u.cache_creation_input_tokens ?? 0,
  };
}

const completedExchanges = (run: ScenarioRun) =>
  run.model.filter((x) => x.served === 'sse' && x.frames.some((f) => f.type === 'message_stop'));

/** The `tool_use` block id the mock sent, if any. */
function servedToolUseId(run: ScenarioRun): string | undefined {
  for (const x of run.model)
    for (const f of x.frames) {
      const b = (f as { content_block?: { type?: string; id?: string } }).content_block;
      if (f.type === 'content_block_start' && b?.type === 'tool_use') return b.id;
    }
  return undefined;
}

const SECTION = {
  events: 'Events (Event Name / event.name of each event)',
  standard: 'Standard attributes; Events (event.name, event.timestamp, event.sequence)',
  correlation: 'Events > Event correlation attributes (prompt.id)',
  apiRequest: 'Events > API request event',
  apiError: 'Events > API error event; API retries exhausted event',
  assistant: 'Events > Assistant response event (response)',
  toolResult: 'Events > Tool result event',
  toolDecision: 'Events > Tool decision event (source "config": --allowedTools)',
  metrics: 'Metrics; Metric details (Session counter, Token counter, Cost counter)',
  service: 'Service information',
};

const eventNameShape: Requirement = {
  id: 'CLAUDE-CODE-EVENT-NAME-SHAPE',
  strength: 'MUST',
  text: 'Each event is named claude_code.<name> (its LogRecord body) with the event.name attribute "<name>", as each event\'s "Event Name" and event.name lines say.',
  source: sourceOf(CLAUDE_CODE, SECTION.events),
  area: 'metadata',
  needsTelemetry: false,
  appliesTo: exporting,
  check(run) {
    const none = nothingOfCatalog(run, CLAUDE_CODE);
    if (none) return none;
    const bad: Evidence[] = [];
    let count = 0;
    for (const { log, name } of vendorLogs(run, CLAUDE_CODE)) {
      count++;
      const body = (log.body as { stringValue?: string } | undefined)?.stringValue;
      const attr = a(log, 'event.name');
      if (body !== name || attr !== name.slice(CC_EVENT_PREFIX.length))
        bad.push(recordEvidence(log, `${name} #${log.seq} (body ${JSON.stringify(body)})`));
    }
    if (bad.length)
      return fail(`${bad.length} of ${count} record(s) named otherwise`, [
        documentEvidence(CLAUDE_CODE, SECTION.events),
        ...bad.slice(0, 3),
      ]);
    return pass(`${count} record(s) named claude_code.<name> with event.name <name>`);
  },
};

const eventSequence: Requirement = {
  id: 'CLAUDE-CODE-EVENT-SEQUENCE',
  strength: 'MUST',
  text: 'event.sequence is a counter that increases with every event of a session (distinct values, in the order of event.timestamp).',
  source: sourceOf(CLAUDE_CODE, SECTION.standard),
  area: 'metadata',
  needsTelemetry: false,
  appliesTo: exporting,
  check(run) {
    const none = nothingOfCatalog(run, CLAUDE_CODE);
    if (none) return none;
    const recs = vendorLogs(run, CLAUDE_CODE)
      .map(({ log, name }) => ({
        log,
        name,
        seq: n(log, 'event.sequence'),
        t: Date.parse(a(log, 'event.timestamp') ?? ''),
      }))
      .filter((r) => r.seq !== undefined);
    if (recs.length < 2) return skip('fewer than two records carry event.sequence');
    const seen = new Map<number, string>();
    const problems: string[] = [];
    for (const r of recs) {
      const dup = seen.get(r.seq!);
      if (dup) problems.push(`event.sequence ${r.seq} on both ${dup} and ${r.name}`);
      seen.set(r.seq!, r.name);
    }
    const bySeq = [...recs].sort((x, y) => x.seq! - y.seq!);
    for (let i = 1; i < bySeq.length; i++) {
      const p = bySeq[i - 1]!;
      const c = bySeq[i]!;
      if (c.t < p.t)
        problems.push(`${c.name} (sequence ${c.seq}) is timestamped before ${p.name} (sequence ${p.seq})`);
    }
    if (problems.length)
      return fail(problems.slice(0, 4).join('; '), [
        documentEvidence(CLAUDE_CODE, SECTION.standard),
        fact(
          'sequence',
          bySeq.map((r) => `${r.seq}:${r.name}@${a(r.log, 'event.timestamp')}`),
        ),
      ]);
    return pass(
      `${recs.length} records, event.sequence ${bySeq[0]!.seq}..${bySeq.at(-1)!.seq} in timestamp order`,
    );
  },
};

/** Events the page says carry the prompt's `prompt.id` (everything "subsequent" to the prompt). */
const PROMPT_EVENTS = [
  CC_EVENT.apiRequest,
  CC_EVENT.apiError,
  CC_EVENT.assistantResponse,
  CC_EVENT.toolDecision,
  CC_EVENT.toolResult,
];

const promptIdCorrelation: Requirement = {
  id: 'CLAUDE-CODE-PROMPT-ID-CORRELATION',
  strength: 'MUST',
  text: 'The prompt.id of claude_code.user_prompt is a UUID and every API, response and tool event of that prompt carries the same prompt.id.',
  source: sourceOf(CLAUDE_CODE, SECTION.correlation),
  area: 'metadata',
  needsTelemetry: false,
  appliesTo: exporting,
  judgesPresenceOf: [CC_EVENT.userPrompt],
  check(run) {
    const none = nothingOfCatalog(run, CLAUDE_CODE);
    if (none) return none;
    const prompts = recordsOf(run, CLAUDE_CODE, CC_EVENT.userPrompt);
    if (prompts.length !== 1)
      return skip(`${prompts.length} claude_code.user_prompt record(s); judged where there is one`);
    const id = a(prompts[0]!, 'prompt.id');
    if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(id))
      return fail(`user_prompt prompt.id is ${JSON.stringify(id)}, not a UUID v4`, [
        documentEvidence(CLAUDE_CODE, SECTION.correlation),
        recordEvidence(prompts[0]!),
      ]);
    const others = vendorLogs(run, CLAUDE_CODE).filter((r) =>
      (PROMPT_EVENTS as readonly string[]).includes(r.name),
    );
    const bad = others.filter((r) => a(r.log, 'prompt.id') !== id);
    if (bad.length)
      return fail(`${bad.length} of ${others.length} event(s) of the prompt carry another prompt.id`, [
        documentEvidence(CLAUDE_CODE, SECTION.correlation),
        fact('user_prompt prompt.id', id),
        ...bad.slice(0, 3).map((r) => recordEvidence(r.log)),
      ]);
    return pass(`${others.length} event(s) carry the prompt's prompt.id`);
  },
};

const tokensMatchUsage: Requirement = {
  id: 'CLAUDE-CODE-TOKENS-MATCH-USAGE',
  strength: 'MUST',
  text: 'Each completed Messages response has a claude_code.api_request whose input_tokens, output_tokens, cache_read_tokens and cache_creation_tokens equal the usage the API streamed.',
  source: sourceOf(CLAUDE_CODE, SECTION.apiRequest),
  area: CC_EVENT.apiRequest,
  needsTelemetry: false,
  appliesTo: completes,
  judgesPresenceOf: [CC_EVENT.apiRequest],
  check(run) {
    const none = nothingOfCatalog(run, CLAUDE_CODE);
    if (none) return none;
    const served = completedExchanges(run)
      .map((x) => ({ x, u: servedMessagesUsage(x) }))
      .filter((e) => e.u);
    if (served.length === 0) return skip('no completed Messages response was served');
    const records = recordsOf(run, CLAUDE_CODE, CC_EVENT.apiRequest);
    const missing = unreportedUsages(
      served,
      records,
      (r, { u }) =>
        n(r, 'input_tokens') === u!.input &&
        n(r, 'output_tokens') === u!.output &&
        n(r, 'cache_read_tokens') === u!.cacheRead &&
        n(r, 'cache_creation_tokens') === u!.cacheCreation,
    ).map(({ x, u }) => `request ${x.index + 1}: served ${JSON.stringify(u)}`);
    if (missing.length)
      return fail(`no api_request with the served usage for ${missing.join('; ')}`, [
        documentEvidence(CLAUDE_CODE, SECTION.apiRequest),
        ...records.slice(0, 3).map((r) => recordEvidence(r)),
      ]);
    return pass(`${served.length} api_request record(s) carry the served usage`);
  },
};

const apiErrorOnFailure: Requirement = {
  id: 'CLAUDE-CODE-API-ERROR-ON-FAILURE',
  strength: 'MUST',
  text: 'A request that fails emits claude_code.api_error; after HTTP errors its status_code is the status served and its attempt the number of HTTP attempts made, with claude_code.api_retries_exhausted (total_attempts) when there was more than one.',
  source: sourceOf(CLAUDE_CODE, SECTION.apiError),
  area: CC_EVENT.apiError,
  needsTelemetry: false,
  appliesTo: failing,
  judgesPresenceOf: [CC_EVENT.apiError, CC_EVENT.apiRetriesExhausted],
  check(run) {
    const none = nothingOfCatalog(run, CLAUDE_CODE);
    if (none) return none;
    const errors = recordsOf(run, CLAUDE_CODE, CC_EVENT.apiError);
    const doc = documentEvidence(CLAUDE_CODE, SECTION.apiError);
    const attempts = run.model.filter((x) => x.served !== 'unmatched');
    const seen = fact(
      'model requests',
      attempts.map((x) => `${x.index + 1}: ${x.served} ${x.status}`),
    );
    if (errors.length === 0) return fail('no claude_code.api_error for the failed request', [doc, seen]);
    if (!attempts.every((x) => x.served === 'http-error'))
      return pass(
        `${errors.length} api_error record(s)`,
        errors.slice(0, 2).map((r) => recordEvidence(r)),
      );
    const last = errors.at(-1)!;
    const problems: string[] = [];
    const status = attempts.at(-1)!.status;
    if (n(last, 'status_code') !== status)
      problems.push(`api_error status_code ${a(last, 'status_code')}, served ${status}`);
    if (n(last, 'attempt') !== attempts.length)
      problems.push(`api_error attempt ${a(last, 'attempt')}, the server saw ${attempts.length} attempt(s)`);
    if (attempts.length > 1) {
      const ex = recordsOf(run, CLAUDE_CODE, CC_EVENT.apiRetriesExhausted);
      if (ex.length !== 1)
        problems.push(`${ex.length} api_retries_exhausted record(s) after ${attempts.length} attempts`);
      else if (n(ex[0]!, 'total_attempts') !== attempts.length)
        problems.push(
          `api_retries_exhausted total_attempts ${a(ex[0]!, 'total_attempts')}, the server saw ${attempts.length}`,
        );
    }
    if (problems.length) return fail(problems.join('; '), [doc, seen, recordEvidence(last)]);
    return pass(`api_error status ${status} after ${attempts.length} attempt(s)`);
  },
};

const responseRedaction: Requirement = {
  id: 'CLAUDE-CODE-RESPONSE-REDACTED-BY-DEFAULT',
  strength: 'MUST',
  text: 'claude_code.assistant_response.response is "<REDACTED>" unless OTEL_LOG_USER_PROMPTS=1 (or OTEL_LOG_ASSISTANT_RESPONSES=1), which includes the response text.',
  source: sourceOf(CLAUDE_CODE, SECTION.assistant),
  area: CC_EVENT.assistantResponse,
  needsTelemetry: false,
  appliesTo: completes,
  check(run) {
    const none = nothingOfCatalog(run, CLAUDE_CODE);
    if (none) return none;
    const records = recordsOf(run, CLAUDE_CODE, CC_EVENT.assistantResponse);
    if (records.length === 0) return skip('no claude_code.assistant_response record');
    const optedIn = run.telemetry.logUserPrompt;
    const texts = run.scenario.steps.flatMap((s) => (s.kind === 'answer' ? [s.text] : []));
    const bad = records.filter((r) => {
      const v = a(r, 'response');
      return optedIn ? !texts.includes(v ?? '') : v !== CC_REDACTED;
    });
    if (bad.length)
      return fail(
        optedIn
          ? `with OTEL_LOG_USER_PROMPTS=1, ${bad.length} response(s) do not carry the served text`
          : `${bad.length} response(s) not "${CC_REDACTED}" without the opt-in`,
        [documentEvidence(CLAUDE_CODE, SECTION.assistant), ...bad.slice(0, 2).map((r) => recordEvidence(r))],
      );
    return pass(optedIn ? 'responses carry the served text' : `responses are "${CC_REDACTED}"`);
  },
};

const toolDecisionByConfig: Requirement = {
  id: 'CLAUDE-CODE-TOOL-DECISION-BY-CONFIG',
  strength: 'MUST',
  text: 'A tool call allowed by --allowedTools emits claude_code.tool_decision (decision "accept", source "config", the model\'s tool_use id) before its claude_code.tool_result with the same tool_use_id.',
  source: sourceOf(CLAUDE_CODE, `${SECTION.toolDecision}; ${SECTION.toolResult}`),
  area: CC_EVENT.toolDecision,
  needsTelemetry: false,
  appliesTo: (s) => exporting(s) && s.tags.includes('tool') && s.decision === 'approved/config',
  judgesPresenceOf: [CC_EVENT.toolDecision, CC_EVENT.toolResult],
  check(run) {
    const none = nothingOfCatalog(run, CLAUDE_CODE);
    if (none) return none;
    const id = servedToolUseId(run);
    if (!id) return skip('the mock served no tool_use block');
    const doc = documentEvidence(CLAUDE_CODE, SECTION.toolDecision);
    const decisions = recordsOf(run, CLAUDE_CODE, CC_EVENT.toolDecision).filter(
      (r) => a(r, 'tool_use_id') === id,
    );
    const results = recordsOf(run, CLAUDE_CODE, CC_EVENT.toolResult).filter(
      (r) => a(r, 'tool_use_id') === id,
    );
    const ev = [doc, fact('tool_use id served', id)];
    for (const [event, found] of [
      [CC_EVENT.toolDecision, decisions],
      [CC_EVENT.toolResult, results],
    ] as const)
      if (found.length === 0) {
        const elsewhere = joinJudgedElsewhere(run, event, 'tool_use_id', id);
        if (elsewhere) return elsewhere;
      }
    if (decisions.length !== 1)
      return fail(`${decisions.length} tool_decision record(s) with tool_use_id ${id}`, ev);
    if (results.length !== 1)
      return fail(`${results.length} tool_result record(s) with tool_use_id ${id}`, ev);
    const d = decisions[0]!;
    const r = results[0]!;
    const problems: string[] = [];
    if (a(d, 'decision') !== 'accept') problems.push(`decision ${JSON.stringify(a(d, 'decision'))}`);
    if (a(d, 'source') !== 'config') problems.push(`source ${JSON.stringify(a(d, 'source'))}`);
    const ds = n(d, 'event.sequence');
    const rs = n(r, 'event.sequence');
    if (ds !== undefined && rs !== undefined && ds > rs)
      problems.push('tool_decision comes after tool_result');
    if (problems.length) return fail(problems.join('; '), [...ev, recordEvidence(d), recordEvidence(r)]);
    return pass(`tool_decision accept/config then tool_result, joined by ${id}`);
  },
};

const toolResultOutcome: Requirement = {
  id: 'CLAUDE-CODE-TOOL-RESULT-OUTCOME',
  strength: 'MUST',
  text: 'claude_code.tool_result.success is "true" when the command succeeds and "false" with an error_type when it fails.',
  source: sourceOf(CLAUDE_CODE, SECTION.toolResult),
  area: CC_EVENT.toolResult,
  needsTelemetry: false,
  appliesTo: (s) =>
    exporting(s) && s.tags.includes('tool') && s.decision === 'approved/config' && !!s.toolCall,
  judgesPresenceOf: [CC_EVENT.toolResult],
  check(run) {
    const none = nothingOfCatalog(run, CLAUDE_CODE);
    if (none) return none;
    const id = servedToolUseId(run);
    const r = recordsOf(run, CLAUDE_CODE, CC_EVENT.toolResult).find((x) => a(x, 'tool_use_id') === id);
    if (!r)
      return skip('no tool_result for the served tool_use (judged by CLAUDE-CODE-TOOL-DECISION-BY-CONFIG)');
    const failingCmd = run.scenario.toolCall!.failing;
    const success = a(r, 'success');
    const ok = failingCmd ? success === 'false' && !!a(r, 'error_type') : success === 'true';
    if (!ok)
      return fail(
        failingCmd
          ? `the command exits non-zero, yet success=${JSON.stringify(success)}, error_type=${JSON.stringify(a(r, 'error_type'))}`
          : `the command succeeds, yet success=${JSON.stringify(success)}`,
        [
          documentEvidence(CLAUDE_CODE, SECTION.toolResult),
          fact('command', run.scenario.toolCall!.command),
          recordEvidence(r),
        ],
      );
    return pass(`success=${success}${failingCmd ? `, error_type=${a(r, 'error_type')}` : ''}`);
  },
};

const metricsExported: Requirement = {
  id: 'CLAUDE-CODE-METRICS',
  strength: 'SHOULD',
  text: 'With a metrics exporter, claude_code.session.count (start_type "fresh"), claude_code.cost.usage (USD) and claude_code.token.usage (tokens) are exported, the token counter\'s input/output/cacheRead/cacheCreation points equal the usage served.',
  source: sourceOf(CLAUDE_CODE, SECTION.metrics),
  area: 'metrics',
  needsTelemetry: false,
  appliesTo: (s) => completes(s) && !!s.telemetry.metrics,
  check(run) {
    if (!run.telemetry.metrics) return skip('the subject does not claim metrics');
    const m = run.capture.metrics;
    const doc = documentEvidence(CLAUDE_CODE, SECTION.metrics);
    const names = fact(
      'metric points',
      m.map(
        (p) =>
          `${p.name} ${JSON.stringify(p.attributes.type ?? p.attributes.start_type ?? {})} ${p.value} ${p.unit ?? ''}`,
      ),
    );
    const problems: string[] = [];
    const session = m.filter((p) => p.name === 'claude_code.session.count');
    if (!session.some((p) => textValue(p.attributes.start_type) === 'fresh'))
      problems.push('no claude_code.session.count with start_type "fresh"');
    const cost = m.filter((p) => p.name === 'claude_code.cost.usage');
    if (cost.length === 0) problems.push('no claude_code.cost.usage');
    else if (cost.some((p) => p.unit !== 'USD'))
      problems.push(`claude_code.cost.usage unit ${cost[0]!.unit}`);
    const tokens = m.filter((p) => p.name === 'claude_code.token.usage');
    if (tokens.some((p) => p.unit !== 'tokens'))
      problems.push(`claude_code.token.usage unit ${tokens[0]!.unit}`);
    const sum = (type: string) =>
      tokens.filter((p) => textValue(p.attributes.type) === type).reduce((t, p) => t + (p.value ?? 0), 0);
    const served = completedExchanges(run)
      .map(servedMessagesUsage)
      .filter((u) => u !== undefined);
    const want = {
      input: served.reduce((t, u) => t + u.input, 0),
      output: served.reduce((t, u) => t + u.output, 0),
      cacheRead: served.reduce((t, u) => t + u.cacheRead, 0),
      cacheCreation: served.reduce((t, u) => t + u.cacheCreation, 0),
    };
    for (const [type, v] of Object.entries(want))
      if (sum(type) !== v)
        problems.push(`claude_code.token.usage type=${type} sums to ${sum(type)}, served ${v}`);
    if (problems.length) return fail(problems.join('; '), [doc, names]);
    return pass('session, cost and token counters exported; token points equal the served usage', [names]);
  },
};

const serviceInformation: Requirement = {
  id: 'CLAUDE-CODE-SERVICE-INFORMATION',
  strength: 'MUST',
  text: 'Every export carries the resource attributes service.name "claude-code", service.version (the Claude Code version, one value), os.type, os.version and host.arch.',
  source: sourceOf(CLAUDE_CODE, SECTION.service),
  area: 'resource',
  needsTelemetry: false,
  appliesTo: exporting,
  check(run) {
    const none = nothingOfCatalog(run, CLAUDE_CODE);
    if (none) return none;
    const resources = [
      ...run.capture.logs.map((l) => l.resource),
      ...run.capture.metrics.map((p) => p.resource),
    ];
    const problems = new Set<string>();
    const versions = new Set<string>();
    for (const r of resources) {
      if (textValue(r['service.name']) !== 'claude-code')
        problems.add(`service.name ${JSON.stringify(textValue(r['service.name']))}`);
      const v = textValue(r['service.version']);
      if (!v || !/^\d+\.\d+\.\d+/.test(v)) problems.add(`service.version ${JSON.stringify(v)}`);
      else versions.add(v);
      for (const k of ['os.type', 'os.version', 'host.arch'])
        if (!textValue(r[k])) problems.add(`${k} missing`);
    }
    if (versions.size > 1)
      problems.add(`service.version differs between exports: ${[...versions].join(', ')}`);
    if (problems.size)
      return fail([...problems].join('; '), [
        documentEvidence(CLAUDE_CODE, SECTION.service),
        fact('resource', resources[0]),
      ]);
    return pass(`service claude-code ${[...versions][0]} on ${resources.length} record(s)`, [
      fact('resource', resources[0]),
    ]);
  },
};

const attrs = (id: string, event: string, appliesTo?: (s: Scenario) => boolean): Requirement =>
  attributesRequirement(CLAUDE_CODE, { id, event, judgeLevel: 'core', ...(appliesTo ? { appliesTo } : {}) });

/**
 * Requirements only Claude Code's catalog has, each sourced from its "Monitoring" page: the event naming
 * and standard attributes, each event's documented attributes, `event.sequence`, `prompt.id`
 * correlation, token counts as Anthropic reports them, `api_error`/`api_retries_exhausted` on failures,
 * response redaction, decision by configuration and tool outcome, metrics and service information.
 */
export const CLAUDE_CODE_REQUIREMENTS: readonly Requirement[] = [
  eventNameShape,
  eventSequence,
  promptIdCorrelation,
  attrs('CLAUDE-CODE-USER-PROMPT-ATTRIBUTES', CC_EVENT.userPrompt),
  attrs('CLAUDE-CODE-API-REQUEST-ATTRIBUTES', CC_EVENT.apiRequest),
  attrs('CLAUDE-CODE-API-ERROR-ATTRIBUTES', CC_EVENT.apiError, failing),
  attrs('CLAUDE-CODE-API-RETRIES-EXHAUSTED-ATTRIBUTES', CC_EVENT.apiRetriesExhausted, failing),
  attrs('CLAUDE-CODE-ASSISTANT-RESPONSE-ATTRIBUTES', CC_EVENT.assistantResponse),
  attrs(
    'CLAUDE-CODE-TOOL-DECISION-ATTRIBUTES',
    CC_EVENT.toolDecision,
    ids('tool-approved-by-config', 'tool-failing'),
  ),
  attrs(
    'CLAUDE-CODE-TOOL-RESULT-ATTRIBUTES',
    CC_EVENT.toolResult,
    ids('tool-approved-by-config', 'tool-failing'),
  ),
  attrs('CLAUDE-CODE-PLUGIN-LOADED-ATTRIBUTES', CC_EVENT.pluginLoaded),
  tokensMatchUsage,
  apiErrorOnFailure,
  responseRedaction,
  toolDecisionByConfig,
  toolResultOutcome,
  metricsExported,
  serviceInformation,
];
