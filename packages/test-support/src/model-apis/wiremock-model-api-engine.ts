import type { Engine } from '../responses/engine.ts';
import type { MockResponse } from '../responses/mock-response.ts';
import type { MountDefinition } from '../responses/mount-definition.ts';
import { BODY_REJECTIONS, type BodyRejectionReason } from '../responses/request-body.ts';
import { startWireMockEngine } from '../responses/wiremock-engine.ts';
import { requestPattern, responseDefinition, type WireMockMapping } from '../responses/wiremock-mappings.ts';
import type { WireMockLaunchOptions } from '../responses/wiremock-process.ts';
import type { ModelApi } from './model-api.ts';
import {
  modelApiBodyRejectionMessage,
  modelApiUnmatchedMessage,
  REQUEST_ID_TEMPLATE,
} from './model-api-mount.ts';

/** Fixed id of the catch-all stub, replaced on every mount to list what is mounted. */
const CATCH_ALL_ID = '00000000-a9e0-4a7e-8000-000000000405';
const CATCH_ALL_PRIORITY = 1_000_000;
const MOUNT_PRIORITY_BASE = 100;

type Tag =
  | { kind: 'served'; mountId: number }
  | { kind: 'unmatched' }
  | { kind: 'rejected'; reason: BodyRejectionReason };
const tag = (t: Tag) => ({ agentotel: t });

/**
 * A WireMock response definition for a model API answer. With a request-id header, the header is a
 * response template (a fresh id per answer) and the body goes out as `base64Body`, which WireMock's
 * `response-template` transformer leaves untouched, so bodies are sent byte for byte.
 */
export function modelApiResponseDefinition(api: ModelApi, response: MockResponse): Record<string, unknown> {
  const def = responseDefinition(response);
  const name = api.requestIdHeader;
  if (name === undefined || response.fault === 'reset') return def;
  const headers = { ...(def.headers as Record<string, string>) };
  if (Object.keys(headers).some((h) => h.toLowerCase() === name)) return def;
  const { body, ...rest } = def;
  return {
    ...rest,
    headers: { ...headers, [name]: REQUEST_ID_TEMPLATE },
    base64Body: Buffer.from(String(body ?? ''), 'utf8').toString('base64'),
    transformers: ['response-template'],
  };
}

/** The stubs of one mount on a model API: a WireMock scenario walking through its responses. */
export function modelApiMountMappings(api: ModelApi, mount: MountDefinition): WireMockMapping[] {
  const scenarioName = `agentotel-api-mount-${mount.id}`;
  const last = mount.responses.length - 1;
  return mount.responses.map((response, i) => {
    const base = {
      priority: MOUNT_PRIORITY_BASE + mount.id,
      request: requestPattern(mount.matcher, api.endpoint),
      response: modelApiResponseDefinition(api, response),
      metadata: tag({ kind: 'served', mountId: mount.id }),
    };
    if (mount.repeatLast && last === 0) return base;
    const state = i === 0 ? 'Started' : `served-${i}`;
    return mount.repeatLast && i === last
      ? { ...base, scenarioName, requiredScenarioState: state }
      : { ...base, scenarioName, requiredScenarioState: state, newScenarioState: `served-${i + 1}` };
  });
}

/**
 * The body checks as stubs above the mounts: a body on the API's endpoint that is not valid UTF-8 (WireMock
 * sees invalid bytes as U+FFFD), empty, or not a JSON object gets a 400 in the API's error shape and
 * advances no scenario (the checks of the Responses mock, on this API's endpoint).
 */
export function modelApiBodyCheckMappings(api: ModelApi): WireMockMapping[] {
  const checks: [BodyRejectionReason, Record<string, unknown>][] = [
    [BODY_REJECTIONS.invalidUtf8, { contains: '\uFFFD' }],
    [BODY_REJECTIONS.empty, { matches: '(?s)\\s*' }],
    [BODY_REJECTIONS.empty, { absent: true }],
    [BODY_REJECTIONS.notJsonObject, { not: { matchesJsonSchema: '{"type":"object"}' } }],
  ];
  return checks.map(([reason, pattern], i) => {
    const body = JSON.stringify(api.errorBody(400, modelApiBodyRejectionMessage(api, reason)));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const response: Record<string, unknown> = { status: 400, headers };
    if (api.requestIdHeader === undefined) response.body = body;
    else {
      headers[api.requestIdHeader] = REQUEST_ID_TEMPLATE;
      response.base64Body = Buffer.from(body, 'utf8').toString('base64');
      response.transformers = ['response-template'];
    }
    return {
      priority: 1 + i,
      request: { ...requestPattern(undefined, api.endpoint), bodyPatterns: [pattern] },
      response,
      metadata: tag({ kind: 'rejected', reason }),
    };
  });
}

/** The catch-all stub: a 404 in the API's error shape naming the request and everything mounted. */
export function modelApiCatchAllMapping(api: ModelApi, mounts: readonly MountDefinition[]): WireMockMapping {
  const safe = mounts.map((m) => ({ ...m, label: m.label.replaceAll('{{', '{ {') }));
  const message = modelApiUnmatchedMessage(api, '@@METHOD@@', '@@PATH@@', safe).replaceAll('{{', '{ {');
  const body = JSON.stringify(api.errorBody(404, message))
    .replace('@@METHOD@@', '{{{request.method}}}')
    .replace('@@PATH@@', '{{{request.path}}}');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (api.requestIdHeader !== undefined) headers[api.requestIdHeader] = REQUEST_ID_TEMPLATE;
  return {
    id: CATCH_ALL_ID,
    priority: CATCH_ALL_PRIORITY,
    request: { method: 'ANY', urlPattern: '.*' },
    response: {
      status: 404,
      headers,
      body: body.endsWith('}}') ? `${body.slice(0, -2)}} }` : body,
      transformers: ['response-template'],
    },
    metadata: tag({ kind: 'unmatched' }),
  };
}

/**
 * The `wiremock` engine for a model API: WireMock standalone (npm `wiremock` jar on Java) driven by
 * wiremock-captain, as the Responses `wiremock` engine.
 */
export function wiremockModelApiEngine(api: ModelApi, options: WireMockLaunchOptions = {}): Engine {
  return {
    name: 'wiremock',
    start: () =>
      startWireMockEngine(options, {
        base: () => [...modelApiBodyCheckMappings(api), modelApiCatchAllMapping(api, [])],
        mount: (definition) => modelApiMountMappings(api, definition),
        catchAllId: CATCH_ALL_ID,
        catchAll: (mounts) => modelApiCatchAllMapping(api, mounts),
        outcomeOf(e) {
          const t = e.stubMapping?.metadata?.agentotel as Tag | undefined;
          return t?.kind === 'served'
            ? { kind: 'served', mountId: t.mountId }
            : t?.kind === 'rejected'
              ? { kind: 'rejected', reason: t.reason }
              : { kind: 'unmatched' };
        },
      }),
  };
}
