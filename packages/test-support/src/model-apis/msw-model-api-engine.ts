import { HttpResponse, http, type RequestHandler } from 'msw';
import type { Engine } from '../responses/engine.ts';
import { REQUEST_ID_HEADER } from '../responses/http-handler-server.ts';
import type { MockResponse } from '../responses/mock-response.ts';
import type { MountDefinition } from '../responses/mount-definition.ts';
import { type Pending, startJournaledMswEngine, toFetchResponse } from '../responses/msw-engine.ts';
import { checkRequestBody } from '../responses/request-body.ts';
import { matchRequest } from '../responses/request-matcher.ts';
import type { ModelApi } from './model-api.ts';
import { modelApiBodyRejectionMessage, modelApiUnmatchedMessage, newRequestId } from './model-api-mount.ts';

/** The answer with the API's request-id header added, unless the answer sets it itself. */
export function withRequestId(api: ModelApi, response: MockResponse): MockResponse {
  const name = api.requestIdHeader;
  if (name === undefined || response.fault === 'reset') return response;
  const has = Object.keys(response.headers).some((h) => h.toLowerCase() === name);
  return has ? response : { ...response, headers: { ...response.headers, [name]: newRequestId() } };
}

/**
 * Builds the msw request handlers that play `mounts` for `api`: the body check (a body on the API's
 * endpoint that is empty, not valid UTF-8 or not a JSON object gets a 400 in the API's error shape and
 * uses no mount), each mount (first mounted wins) on the API's endpoint, then a catch-all answering 404
 * in the API's error shape with what was mounted.
 *
 * @param served how many responses each mount has served, by mount id; updated in place.
 * @param lookup finds the recorded request (and its outcome slot) by the request id header.
 */
export function buildModelApiHandlers(
  api: ModelApi,
  mounts: readonly MountDefinition[],
  served: Map<number, number>,
  lookup: (id: string) => Pending | undefined,
): RequestHandler[] {
  const endpoint = new RegExp(`^(?:${api.endpoint.pathPattern})$`, 's');
  const pendingOf = (request: Request) => lookup(request.headers.get(REQUEST_ID_HEADER) ?? '');
  const requestIdHeaders = (): Record<string, string> =>
    api.requestIdHeader === undefined ? {} : { [api.requestIdHeader]: newRequestId() };
  const bodyCheck = http.all('*', async ({ request }) => {
    const pending = pendingOf(request);
    if (pending === undefined) return undefined;
    if (pending.raw.method !== api.endpoint.method || !endpoint.test(pending.raw.path)) return undefined;
    const reason = checkRequestBody(new Uint8Array(await request.clone().arrayBuffer()));
    if (reason === undefined) return undefined;
    pending.outcome = { kind: 'rejected', reason };
    const body = api.errorBody(400, modelApiBodyRejectionMessage(api, reason)) as Record<string, unknown>;
    return HttpResponse.json(body, { status: 400, headers: requestIdHeaders() });
  });
  const mountHandlers = mounts.map((mount) =>
    http.all('*', ({ request }) => {
      const pending = pendingOf(request);
      if (pending === undefined) return undefined;
      if (pending.raw.method !== api.endpoint.method || !endpoint.test(pending.raw.path)) return undefined;
      const count = served.get(mount.id) ?? 0;
      const last = mount.responses.length - 1;
      if (count > last && !mount.repeatLast) return undefined;
      if (mount.matcher !== undefined && !matchRequest(mount.matcher, pending.raw)) return undefined;
      served.set(mount.id, count + 1);
      pending.outcome = { kind: 'served', mountId: mount.id };
      return toFetchResponse(withRequestId(api, mount.responses[Math.min(count, last)]!));
    }),
  );
  const fallback = http.all('*', ({ request }) => {
    const pending = pendingOf(request);
    const url = new URL(request.url);
    const message = modelApiUnmatchedMessage(
      api,
      pending?.raw.method ?? request.method,
      url.pathname,
      mounts,
    );
    return HttpResponse.json(api.errorBody(404, message) as Record<string, unknown>, {
      status: 404,
      headers: requestIdHeaders(),
    });
  });
  return [bodyCheck, ...mountHandlers, fallback];
}

/**
 * The `msw` engine for a model API: msw request handlers served by `node:http` on a free 127.0.0.1 port.
 */
export function mswModelApiEngine(api: ModelApi): Engine {
  return {
    name: 'msw',
    start: () =>
      startJournaledMswEngine((mounts, served, lookup) => buildModelApiHandlers(api, mounts, served, lookup)),
  };
}
