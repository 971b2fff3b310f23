import { textValue } from '../../capture/any-value.ts';
import { fact, recordEvidence } from '../../checks/helpers.ts';
import type { ModelExchange, ScenarioRun } from '../../model/scenario-run.ts';
import { fail, type Judgement, pass, type Requirement, skip } from '../../requirements/model.ts';
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
} from '../vendor-checks.ts';
import { GEM_EVENT, GEMINI_CLI_CATALOG, GEMINI_CLI_SOURCE, geminiCliEventName } from './catalog.ts';
import { GEMINI_ERROR } from './model-api.ts';

/** The Gemini CLI catalog with its naming rule, for the vendor-check helpers. */
export const GEMINI_CLI: VendorCatalog = {
  catalog: GEMINI_CLI_CATALOG,
  source: GEMINI_CLI_SOURCE,
  nameOf: geminiCliEventName,
  family: 'Gemini CLI',
};

/** The `usageMetadata` a served stream ended with (its last chunk carrying one). */
export function servedUsageMetadata(x: ModelExchange): Record<string, number> | undefined {
  for (const f of [...x.frames].reverse()) {
    const u = (f as { usageMetadata?: Record<string, number> }).usageMetadata;
    if (u) return u;
  }
  return undefined;
}

const finished = (x: ModelExchange) =>
  x.served === 'sse' &&
  x.frames.some((f) => (f as { candidates?: { finishReason?: string }[] }).candidates?.[0]?.finishReason);

/**
 * Gemini CLI's loop detection (a `loop_detected` record, not in the page) ends the turn while requests
 * are in flight: the requests it abandons have no response event, which the page does not cover.
 */
function loopDetected(run: ScenarioRun): Judgement | undefined {
  const hit = run.capture.logs.find((l) => textValue(l.attributes['event.name']) === 'loop_detected');
  return hit
    ? skip(
        'Gemini CLI stopped the turn on its loop detection (loop_detected); abandoned requests are not judged',
        [recordEvidence(hit)],
      )
    : undefined;
}

const SECTION = {
  api: 'Logs > API: gemini_cli.api_request, api_response, api_error (telemetry.md:500-557)',
  apiResponse: 'Logs > API > gemini_cli.api_response (telemetry.md:518-539)',
  userPrompt:
    'Logs > Sessions > gemini_cli.user_prompt (telemetry.md:325-337); Configuration, logPrompts (telemetry.md:46)',
  config: 'Logs > Sessions > gemini_cli.config, log_user_prompts_enabled (telemetry.md:289-323)',
  toolCall: 'Logs > Tools > gemini_cli.tool_call (telemetry.md:386-415)',
  metrics: 'Metrics > Custom metrics; GenAI semantic convention (telemetry.md:929-1237)',
};

const apiEventsPerAttempt: Requirement = {
  id: 'GEMINI-CLI-API-EVENTS-PER-ATTEMPT',
  strength: 'MUST',
  text: 'Each request to the Gemini API is followed by gemini_cli.api_response (status_code 200) or gemini_cli.api_error (status_code the HTTP status served, when there was one); one gemini_cli.api_request per request is judged by API-REQUEST-PER-ATTEMPT.',
  source: sourceOf(GEMINI_CLI, SECTION.api),
  area: GEM_EVENT.apiRequest,
  needsTelemetry: false,
  appliesTo: exporting,
  judgesPresenceOf: [GEM_EVENT.apiResponse, GEM_EVENT.apiError],
  check(run) {
    const none = nothingOfCatalog(run, GEMINI_CLI);
    if (none) return none;
    const loop = loopDetected(run);
    if (loop) return loop;
    const attempts = run.model.filter((x) => x.served !== 'unmatched');
    if (attempts.length === 0) return skip('the mock saw no model request');
    const requests = recordsOf(run, GEMINI_CLI, GEM_EVENT.apiRequest);
    const responses = recordsOf(run, GEMINI_CLI, GEM_EVENT.apiResponse);
    const errors = recordsOf(run, GEMINI_CLI, GEM_EVENT.apiError);
    const seen = fact(
      'model requests',
      attempts.map((x) => `${x.index + 1}: ${x.served} ${x.status}`),
    );
    const doc = documentEvidence(GEMINI_CLI, SECTION.api);
    const problems: string[] = [];
    // one gemini_cli.api_request per attempt is API-REQUEST-PER-ATTEMPT's (the shared mapping): not here
    // a completed stream is a response; an HTTP error or a cut stream is a failed request; a 200 stream
    // that carried an error object may be logged either way (the page does not say which)
    const ok = attempts.filter(finished).length;
    const either = attempts.filter(
      (x) => !finished(x) && x.frames.some((f) => f.type === GEMINI_ERROR),
    ).length;
    const failed = attempts.length - ok - either;
    if (responses.length < ok || responses.length > ok + either)
      problems.push(`${responses.length} api_response for ${ok} completed stream(s)`);
    if (errors.length < failed || errors.length > failed + either)
      problems.push(`${errors.length} api_error for ${failed} failed request(s)`);
    if (responses.length + errors.length !== attempts.length)
      problems.push(
        `${responses.length + errors.length} api_response/api_error for ${attempts.length} request(s)`,
      );
    for (const r of responses)
      if (n(r, 'status_code') !== 200 && a(r, 'status_code') !== '200')
        problems.push(`api_response status_code ${a(r, 'status_code')}`);
    const httpStatuses = attempts.filter((x) => x.served === 'http-error').map((x) => x.status);
    const errorStatuses = errors.map((r) => n(r, 'status_code')).filter((s) => s !== undefined);
    for (const s of httpStatuses)
      if (!errorStatuses.includes(s)) problems.push(`no api_error with status_code ${s} (served)`);
    if (problems.length)
      return fail(problems.join('; '), [
        doc,
        seen,
        ...[...errors, ...responses].slice(0, 2).map((r) => recordEvidence(r)),
      ]);
    return pass(
      `${requests.length} api_request, ${responses.length} api_response, ${errors.length} api_error`,
      [seen],
    );
  },
};

const tokensMatchUsage: Requirement = {
  id: 'GEMINI-CLI-TOKENS-MATCH-USAGE',
  strength: 'MUST',
  text: "gemini_cli.api_response's input/output/cached_content/thoughts/total token counts equal the usageMetadata the API streamed (promptTokenCount, candidatesTokenCount, cachedContentTokenCount, thoughtsTokenCount, totalTokenCount).",
  source: sourceOf(GEMINI_CLI, SECTION.apiResponse),
  area: GEM_EVENT.apiResponse,
  needsTelemetry: false,
  appliesTo: completes,
  judgesPresenceOf: [GEM_EVENT.apiResponse],
  check(run) {
    const none = nothingOfCatalog(run, GEMINI_CLI);
    if (none) return none;
    const loop = loopDetected(run);
    if (loop) return loop;
    const served = run.model
      .filter(finished)
      .map(servedUsageMetadata)
      .filter((u) => u !== undefined);
    if (served.length === 0) return skip('no completed stream with usageMetadata was served');
    const all = recordsOf(run, GEMINI_CLI, GEM_EVENT.apiResponse);
    const missing = unreportedUsages(
      served,
      all,
      (r, u) =>
        n(r, 'input_token_count') === (u.promptTokenCount ?? 0) &&
        n(r, 'output_token_count') === (u.candidatesTokenCount ?? 0) &&
        n(r, 'cached_content_token_count') === (u.cachedContentTokenCount ?? 0) &&
        n(r, 'thoughts_token_count') === (u.thoughtsTokenCount ?? 0) &&
        n(r, 'total_token_count') === (u.totalTokenCount ?? 0),
    ).map((u) => JSON.stringify(u));
    if (missing.length)
      return fail(`no api_response with the served usage ${missing.join('; ')}`, [
        documentEvidence(GEMINI_CLI, SECTION.apiResponse),
        ...all.slice(0, 3).map((r) => recordEvidence(r)),
      ]);
    return pass(`${served.length} api_response record(s) carry the served usage`);
  },
};

const promptLogging: Requirement = {
  id: 'GEMINI-CLI-PROMPT-LOGGING',
  strength: 'MUST',
  text: 'With telemetry.logPrompts false, gemini_cli.user_prompt has no prompt attribute and gemini_cli.config says log_user_prompts_enabled false; with true, prompt is the prompt text and the config says true.',
  source: sourceOf(GEMINI_CLI, `${SECTION.userPrompt}; ${SECTION.config}`),
  area: GEM_EVENT.userPrompt,
  needsTelemetry: false,
  appliesTo: completes,
  judgesPresenceOf: [GEM_EVENT.userPrompt],
  check(run) {
    const none = nothingOfCatalog(run, GEMINI_CLI);
    if (none) return none;
    const prompts = recordsOf(run, GEMINI_CLI, GEM_EVENT.userPrompt);
    if (prompts.length === 0) return skip('no gemini_cli.user_prompt record');
    const on = run.telemetry.logUserPrompt;
    const problems: string[] = [];
    for (const p of prompts) {
      const v = a(p, 'prompt');
      if (on && v !== run.scenario.prompt) problems.push(`logPrompts true, prompt ${JSON.stringify(v)}`);
      if (!on && p.attributes.prompt !== undefined)
        problems.push('logPrompts false, yet the prompt attribute is present');
    }
    for (const c of recordsOf(run, GEMINI_CLI, GEM_EVENT.config)) {
      const flag = c.attributes.log_user_prompts_enabled;
      const v = flag && 'boolValue' in flag ? flag.boolValue : textValue(flag);
      if (v !== on && v !== String(on))
        problems.push(`config log_user_prompts_enabled ${JSON.stringify(v)} with logPrompts ${on}`);
    }
    if (problems.length)
      return fail(problems.join('; '), [
        documentEvidence(GEMINI_CLI, SECTION.userPrompt),
        fact('telemetry.logPrompts', on),
        ...prompts.slice(0, 1).map((r) => recordEvidence(r)),
      ]);
    return pass(on ? 'prompt logged when logPrompts is true' : 'prompt left out when logPrompts is false');
  },
};

const toolCallByConfig: Requirement = {
  id: 'GEMINI-CLI-TOOL-CALL',
  strength: 'MUST',
  text: 'A function call the model makes emits one gemini_cli.tool_call with its function_name, a decision of the documented set and, for a command that succeeds, success true.',
  source: sourceOf(GEMINI_CLI, SECTION.toolCall),
  area: GEM_EVENT.toolCall,
  needsTelemetry: false,
  appliesTo: (s) =>
    exporting(s) && s.tags.includes('tool') && s.decision === 'approved/config' && !!s.toolCall,
  judgesPresenceOf: [GEM_EVENT.toolCall],
  check(run) {
    const none = nothingOfCatalog(run, GEMINI_CLI);
    if (none) return none;
    if (!run.toolCall) return skip('no tool call in this scenario');
    const calls = recordsOf(run, GEMINI_CLI, GEM_EVENT.toolCall).filter(
      (r) => a(r, 'function_name') === run.toolCall!.name,
    );
    const doc = documentEvidence(GEMINI_CLI, SECTION.toolCall);
    if (calls.length !== 1)
      return fail(`${calls.length} gemini_cli.tool_call record(s) for ${run.toolCall.name}`, [
        doc,
        fact('tool call served', run.toolCall),
      ]);
    const c = calls[0]!;
    const problems: string[] = [];
    if (!['accept', 'reject', 'auto_accept', 'modify'].includes(a(c, 'decision') ?? ''))
      problems.push(`decision ${a(c, 'decision')}`);
    const s = c.attributes.success;
    const success = s && 'boolValue' in s ? s.boolValue : undefined;
    if (!run.scenario.toolCall!.failing && success !== true)
      problems.push(`the command succeeds, yet success is ${JSON.stringify(s)}`);
    if (problems.length) return fail(problems.join('; '), [doc, recordEvidence(c)]);
    return pass(`tool_call ${a(c, 'function_name')} decision ${a(c, 'decision')} success ${String(success)}`);
  },
};

const metricsExported: Requirement = {
  id: 'GEMINI-CLI-METRICS',
  strength: 'SHOULD',
  text: 'gemini_cli.session.count, gemini_cli.api.request.count (status_code), gemini_cli.token.usage (input/output equal the usage served) and the GenAI gen_ai.client.token.usage and gen_ai.client.operation.duration (s) are exported.',
  source: sourceOf(GEMINI_CLI, SECTION.metrics),
  area: 'metrics',
  needsTelemetry: false,
  appliesTo: (s) => completes(s) && !!s.telemetry.metrics,
  check(run) {
    if (!run.telemetry.metrics) return skip('the subject does not claim metrics');
    const m = run.capture.metrics;
    const names = new Set(m.map((p) => p.name));
    const problems: string[] = [];
    for (const want of [
      'gemini_cli.session.count',
      'gemini_cli.api.request.count',
      'gemini_cli.token.usage',
      'gen_ai.client.token.usage',
      'gen_ai.client.operation.duration',
    ])
      if (!names.has(want)) problems.push(`${want} not exported`);
    const duration = m.find((p) => p.name === 'gen_ai.client.operation.duration');
    if (duration && duration.unit !== 's')
      problems.push(`gen_ai.client.operation.duration unit ${duration.unit}`);
    const served = run.model
      .filter(finished)
      .map(servedUsageMetadata)
      .filter((u) => u !== undefined);
    const sum = (type: string) =>
      m
        .filter((p) => p.name === 'gemini_cli.token.usage' && textValue(p.attributes.type) === type)
        .reduce((t, p) => t + (p.value ?? 0), 0);
    const want = {
      input: served.reduce((t, u) => t + (u.promptTokenCount ?? 0), 0),
      output: served.reduce((t, u) => t + (u.candidatesTokenCount ?? 0), 0),
    };
    for (const [type, v] of Object.entries(want))
      if (names.has('gemini_cli.token.usage') && sum(type) !== v)
        problems.push(`gemini_cli.token.usage type=${type} sums to ${sum(type)}, served ${v}`);
    const ev = fact('metric names', [...names]);
    if (problems.length)
      return fail(problems.join('; '), [documentEvidence(GEMINI_CLI, SECTION.metrics), ev]);
    return pass(`${names.size} metric(s) exported`, [ev]);
  },
};

const attrs = (id: string, event: string, appliesTo?: (s: Scenario) => boolean): Requirement =>
  attributesRequirement(GEMINI_CLI, { id, event, ...(appliesTo ? { appliesTo } : {}) });

/**
 * Requirements only Gemini CLI's catalog has, each sourced from the telemetry page shipped with the
 * pinned package: the common attributes, each event's documented attributes and types, the
 * request/response/error events per request, token counts as Gemini reports them, prompt logging by
 * `logPrompts`, the tool call, metrics.
 */
export const GEMINI_CLI_REQUIREMENTS: readonly Requirement[] = [
  attrs('GEMINI-CLI-CONFIG-ATTRIBUTES', GEM_EVENT.config),
  attrs('GEMINI-CLI-USER-PROMPT-ATTRIBUTES', GEM_EVENT.userPrompt),
  attrs('GEMINI-CLI-API-REQUEST-ATTRIBUTES', GEM_EVENT.apiRequest),
  attrs('GEMINI-CLI-API-RESPONSE-ATTRIBUTES', GEM_EVENT.apiResponse),
  attrs(
    'GEMINI-CLI-API-ERROR-ATTRIBUTES',
    GEM_EVENT.apiError,
    (s) => exporting(s) && (failing(s) || s.tags.includes('retry')),
  ),
  attrs('GEMINI-CLI-TOOL-CALL-ATTRIBUTES', GEM_EVENT.toolCall),
  attrs('GEMINI-CLI-INFERENCE-DETAILS-ATTRIBUTES', GEM_EVENT.inferenceDetails),
  attrs('GEMINI-CLI-MODEL-ROUTING-ATTRIBUTES', GEM_EVENT.modelRouting),
  attrs('GEMINI-CLI-STARTUP-STATS-ATTRIBUTES', GEM_EVENT.startupStats),
  attrs('GEMINI-CLI-CONTENT-RETRY-FAILURE-ATTRIBUTES', GEM_EVENT.contentRetryFailure, failing),
  apiEventsPerAttempt,
  tokensMatchUsage,
  promptLogging,
  toolCallByConfig,
  metricsExported,
];
