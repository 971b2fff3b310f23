import type { MockResponse } from './mock-response.ts';
import { type MountDefinition, unmatchedMessage } from './mount-definition.ts';
import { BODY_REJECTIONS, type BodyRejectionReason, bodyRejectionJson } from './request-body.ts';
import type { RequestMatcher, StringMatch } from './request-matcher.ts';

/** A WireMock stub mapping as JSON (see WireMock's admin API `POST /__admin/mappings`). */
export type WireMockMapping = Record<string, unknown>;

/** Metadata tagging our stubs, read back from the request journal. */
export type StubTag =
  | { kind: 'served'; mountId: number }
  | { kind: 'models' }
  | { kind: 'invariant-violation' }
  | { kind: 'unmatched' }
  | { kind: 'rejected'; reason: BodyRejectionReason };

/** Fixed id of the catch-all stub, replaced on every mount to list what is mounted. */
export const CATCH_ALL_ID = '00000000-a9e0-4a7e-8000-000000000404';
const CATCH_ALL_PRIORITY = 1_000_000;
const MOUNT_PRIORITY_BASE = 100;
const encoder = new TextEncoder();

const tag = (t: StubTag) => ({ agentotel: t });

function stringPattern(match: StringMatch): Record<string, string> {
  if ('equals' in match) return { equalTo: match.equals };
  if ('contains' in match) return { contains: match.contains };
  return { matches: `(?s)${match.matches}` };
}

const quoteRegex = (text: string) => `\\Q${text.replaceAll('\\E', '\\E\\\\E\\Q')}\\E`;

function flatten(matcher: RequestMatcher | undefined): RequestMatcher[] {
  if (matcher === undefined) return [];
  return matcher.kind === 'all' ? matcher.of.flatMap(flatten) : [matcher];
}

/**
 * Translates the request side of a mount: `POST` to a path ending `/responses`, plus the matcher.
 * `endpoint` replaces that method and whole-path regex, for other model APIs (a regex without a
 * top-level `|`: group alternatives).
 */
export function requestPattern(
  matcher: RequestMatcher | undefined,
  endpoint: { method: string; pathPattern: string } = { method: 'POST', pathPattern: '.*/responses' },
): Record<string, unknown> {
  const pattern: Record<string, unknown> = { method: endpoint.method };
  const headers: Record<string, Record<string, unknown>[]> = {};
  const bodyPatterns: Record<string, string>[] = [];
  const pathRegexes: string[] = [];
  for (const m of flatten(matcher)) {
    if (m.kind === 'header') {
      const list = headers[m.name] ?? [];
      list.push(stringPattern(m.value));
      headers[m.name] = list;
    } else if (m.kind === 'body') bodyPatterns.push(stringPattern(m.value));
    else if (m.kind === 'path') {
      const v = m.value;
      pathRegexes.push(
        'equals' in v ? quoteRegex(v.equals) : 'contains' in v ? `.*${quoteRegex(v.contains)}.*` : v.matches,
      );
    }
  }
  pattern.urlPathPattern = `${pathRegexes.map((r) => `(?=(?:${r})$)`).join('')}${endpoint.pathPattern}`;
  const headerEntries = Object.entries(headers);
  if (headerEntries.length > 0) {
    pattern.headers = Object.fromEntries(
      headerEntries.map(([name, list]) => [name, list.length === 1 ? list[0] : { and: list }]),
    );
  }
  if (bodyPatterns.length > 0) pattern.bodyPatterns = bodyPatterns;
  return pattern;
}

/** Translates a {@link MockResponse} into a WireMock response definition (dribble delay, faults). */
export function responseDefinition(response: MockResponse): Record<string, unknown> {
  if (response.fault === 'reset') {
    return {
      fault: 'CONNECTION_RESET_BY_PEER',
      ...(response.delayMs ? { fixedDelayMilliseconds: response.delayMs } : {}),
    };
  }
  const headers: Record<string, string> = { ...response.headers };
  if (response.fault === 'cut') {
    // Declaring one byte more than is sent makes Jetty drop the connection after the partial frame.
    headers['Content-Length'] = String(encoder.encode(response.body).byteLength + 1);
  }
  const def: Record<string, unknown> = { status: response.status, headers, body: response.body };
  if (response.delayMs) def.fixedDelayMilliseconds = response.delayMs;
  const chunks = response.chunks?.length ?? 0;
  if (chunks > 1 && response.chunkDelayMs) {
    def.chunkedDribbleDelay = { numberOfChunks: chunks, totalDuration: response.chunkDelayMs * chunks };
  }
  return def;
}

/** The stubs of one mount: a WireMock scenario walking through its responses, each served once. */
export function mountMappings(mount: MountDefinition): WireMockMapping[] {
  const scenarioName = `agentotel-mount-${mount.id}`;
  const last = mount.responses.length - 1;
  return mount.responses.map((response, i) => {
    const base = {
      priority: MOUNT_PRIORITY_BASE + mount.id,
      request: requestPattern(mount.matcher),
      response: responseDefinition(response),
      metadata: tag({ kind: 'served', mountId: mount.id }),
    };
    if (mount.repeatLast && last === 0) return base; // always served: no scenario needed
    const state = i === 0 ? 'Started' : `served-${i}`;
    return mount.repeatLast && i === last
      ? { ...base, scenarioName, requiredScenarioState: state }
      : { ...base, scenarioName, requiredScenarioState: state, newScenarioState: `served-${i + 1}` };
  });
}

// JSONPath (Jayway) forms of the invariants of docs/responses-sse.md §1; kept in step with invariants.ts.
const ids = (types: string[]) => `$.input[?(${types.map((t) => `@.type == '${t}'`).join(' || ')})].call_id`;
const INVARIANT_RULES: { message: string; expression: string }[] = [
  { message: 'input array not found in request', expression: '$[?(!(@.input))]' },
  ...['function_call_output', 'custom_tool_call_output'].map((t) => ({
    message: `orphan ${t} with empty call_id should be dropped`,
    expression: `$.input[?(@.type == '${t}' && (!(@.call_id) || @.call_id == ''))]`,
  })),
  {
    message: 'function_call_output without matching call in input',
    expression: `$.input[?(@.type == 'function_call_output' && @.call_id != '' && @.call_id nin ${ids(['function_call', 'local_shell_call'])})]`,
  },
  {
    message: 'custom_tool_call_output without matching call in input',
    expression: `$.input[?(@.type == 'custom_tool_call_output' && @.call_id != '' && @.call_id nin ${ids(['custom_tool_call'])})]`,
  },
  {
    message: 'Function call output is missing for call id',
    expression: `$.input[?(@.type == 'function_call' && @.call_id nin ${ids(['function_call_output'])})]`,
  },
  {
    message: 'Custom tool call output is missing for call id',
    expression: `$.input[?(@.type == 'custom_tool_call' && @.call_id nin ${ids(['custom_tool_call_output'])})]`,
  },
];

/**
 * The body checks of request-body.ts as stubs above everything else (400, no scenario advanced). WireMock
 * matches on the body decoded as UTF-8, where invalid bytes have become U+FFFD, so a body holding U+FFFD
 * is refused as not valid UTF-8 (the one place the engines can differ: a literal U+FFFD in valid UTF-8).
 * Then an empty (or blank) body, then anything that is not a JSON object.
 */
function bodyCheckMappings(): WireMockMapping[] {
  const checks: [BodyRejectionReason, Record<string, unknown>][] = [
    [BODY_REJECTIONS.invalidUtf8, { contains: '\uFFFD' }],
    [BODY_REJECTIONS.empty, { matches: '(?s)\\s*' }],
    [BODY_REJECTIONS.empty, { absent: true }],
    [BODY_REJECTIONS.notJsonObject, { not: { matchesJsonSchema: '{"type":"object"}' } }],
  ];
  return checks.map(([reason, pattern], i) => ({
    priority: 1 + i,
    request: { method: 'POST', urlPathPattern: '.*/responses', bodyPatterns: [pattern] },
    response: {
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: bodyRejectionJson(reason),
    },
    metadata: tag({ kind: 'rejected', reason }),
  }));
}

/**
 * Stubs every server has: body checks (400), invariant checks (500), `GET …/models`, and the catch-all
 * (404).
 */
export function baseMappings(mounts: readonly MountDefinition[]): WireMockMapping[] {
  const invariants = INVARIANT_RULES.map((rule) => {
    const items = rule.expression.startsWith('$.input')
      ? `{{{jsonPath request.body "${rule.expression}"}}}`
      : '[]';
    const message = `[@agentotel/test-support] request violates the Responses request invariants (docs/responses-sse.md §1): ${rule.message}`;
    return {
      priority: 10,
      request: {
        method: 'POST',
        urlPathPattern: '.*/responses',
        bodyPatterns: [{ matchesJsonPath: rule.expression }],
      },
      response: {
        status: 500,
        headers: { 'content-type': 'application/json' },
        body: `{"error":{"offending_items":${items} ,"type":"invariant_violation","code":"invariant_violation","message":${JSON.stringify(message)} } }`,
        transformers: ['response-template'],
      },
      metadata: tag({ kind: 'invariant-violation' }),
    };
  });
  return [
    ...bodyCheckMappings(),
    ...invariants,
    {
      priority: 11,
      request: { method: 'GET', urlPathPattern: '.*/models' },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"models":[]}' },
      metadata: tag({ kind: 'models' }),
    },
    catchAllMapping(mounts),
  ];
}

/** The catch-all stub: a 404 naming the request and everything mounted. */
export function catchAllMapping(mounts: readonly MountDefinition[]): WireMockMapping {
  const safe = mounts.map((m) => ({ ...m, label: m.label.replaceAll('{{', '{ {') }));
  const message = unmatchedMessage('@@METHOD@@', '@@PATH@@', safe).replaceAll('{{', '{ {');
  const body = JSON.stringify({ error: { type: 'unmatched_request', code: 'unmatched_request', message } })
    .replace('@@METHOD@@', '{{{request.method}}}')
    .replace('@@PATH@@', '{{{request.path}}}');
  return {
    id: CATCH_ALL_ID,
    priority: CATCH_ALL_PRIORITY,
    request: { method: 'ANY', urlPattern: '.*' },
    response: {
      status: 404,
      headers: { 'content-type': 'application/json' },
      body: body.endsWith('}}') ? `${body.slice(0, -2)}} }` : body,
      transformers: ['response-template'],
    },
    metadata: tag({ kind: 'unmatched' }),
  };
}
