import { delay, HttpResponse, http, type RequestHandler } from 'msw';
import type { Engine, JournalEntry, RequestOutcome, StartedEngine } from './engine.ts';
import { CutConnection, REQUEST_ID_HEADER, serveHandlers } from './http-handler-server.ts';
import { checkRequestInvariants, formatViolations } from './invariants.ts';
import type { MockResponse } from './mock-response.ts';
import { type MountDefinition, unmatchedMessage } from './mount-definition.ts';
import type { RawRequest } from './recorded-request.ts';
import { BODY_REJECTIONS, bodyRejectionJson, checkRequestBody } from './request-body.ts';
import { matchRequest } from './request-matcher.ts';

const RESPONSES_PATH = /\/responses$/;
const MODELS_PATH = /\/models$/;
const encoder = new TextEncoder();

/** A journaled request and its outcome, which the handlers fill in as they answer it. */
export interface Pending {
  raw: RawRequest;
  outcome: RequestOutcome;
}

/** Plays a {@link MockResponse} as a fetch `Response` (streamed pieces, delays, cut, reset). */
export async function toFetchResponse(response: MockResponse): Promise<Response> {
  if (response.delayMs) await delay(response.delayMs);
  if (response.fault === 'reset') return HttpResponse.error();
  const pieces = response.chunks ?? [response.body];
  const headers = new Headers(response.headers);
  if (response.fault === 'cut') {
    // Declare more bytes than are sent, as the WireMock engine does, then drop the connection.
    headers.set('content-length', String(encoder.encode(response.body).byteLength + 1));
  }
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (next > 0 && next < pieces.length && response.chunkDelayMs) await delay(response.chunkDelayMs);
      if (next < pieces.length) {
        controller.enqueue(encoder.encode(pieces[next++]!));
      } else if (response.fault === 'cut') {
        controller.error(new CutConnection());
      } else {
        controller.close();
      }
    },
  });
  return new HttpResponse(body, { status: response.status, headers });
}

/**
 * Builds the msw request handlers that play `mounts`, in this order: the body check (400 for a body that
 * is not a JSON object in valid UTF-8), the invariant check of docs/responses-sse.md §1 (500 on violation),
 * `GET …/models`, each mount (first mounted wins), and a catch-all answering 404 with what was mounted.
 *
 * @param mounts every mount so far, in mount order.
 * @param served how many responses each mount has served, by mount id; updated in place.
 * @param lookup finds the recorded request (and its outcome slot) by the request id header.
 */
export function buildMswHandlers(
  mounts: readonly MountDefinition[],
  served: Map<number, number>,
  lookup: (id: string) => Pending | undefined,
): RequestHandler[] {
  const pendingOf = (request: Request) => lookup(request.headers.get(REQUEST_ID_HEADER) ?? '');
  const bodyCheck = http.post(RESPONSES_PATH, ({ request }) => {
    const pending = pendingOf(request);
    if (pending === undefined) return undefined;
    const reason = pending.raw.invalidUtf8
      ? BODY_REJECTIONS.invalidUtf8
      : checkRequestBody(encoder.encode(pending.raw.body));
    if (reason === undefined) return undefined;
    pending.outcome = { kind: 'rejected', reason };
    return new HttpResponse(bodyRejectionJson(reason), {
      status: 400,
      headers: { 'content-type': 'application/json' },
    });
  });
  const invariants = http.post(RESPONSES_PATH, ({ request }) => {
    const pending = pendingOf(request);
    if (pending === undefined) return undefined;
    const violations = checkRequestInvariants(pending.raw.body, pending.raw.path);
    if (violations.length === 0) return undefined;
    pending.outcome = { kind: 'invariant-violation' };
    return HttpResponse.json(
      {
        error: {
          type: 'invariant_violation',
          code: 'invariant_violation',
          message: `[@agentotel/test-support] request violates the Responses request invariants (docs/responses-sse.md §1):\n${formatViolations(violations)}`,
          violations,
        },
      },
      { status: 500 },
    );
  });
  const models = http.get(MODELS_PATH, ({ request }) => {
    const pending = pendingOf(request);
    if (pending !== undefined) pending.outcome = { kind: 'models' };
    return HttpResponse.json({ models: [] });
  });
  const mountHandlers = mounts.map((mount) =>
    http.post(RESPONSES_PATH, ({ request }) => {
      const pending = pendingOf(request);
      const count = served.get(mount.id) ?? 0;
      const last = mount.responses.length - 1;
      if (pending === undefined || (count > last && !mount.repeatLast)) return undefined;
      if (mount.matcher !== undefined && !matchRequest(mount.matcher, pending.raw)) return undefined;
      served.set(mount.id, count + 1);
      pending.outcome = { kind: 'served', mountId: mount.id };
      return toFetchResponse(mount.responses[Math.min(count, last)]!);
    }),
  );
  const fallback = http.all('*', ({ request }) => {
    const pending = pendingOf(request);
    const url = new URL(request.url);
    return HttpResponse.json(
      {
        error: {
          type: 'unmatched_request',
          code: 'unmatched_request',
          message: unmatchedMessage(pending?.raw.method ?? request.method, url.pathname, mounts),
        },
      },
      { status: 404 },
    );
  });
  return [bodyCheck, invariants, models, ...mountHandlers, fallback];
}

/**
 * The `msw` engine: msw request handlers served by `node:http` on a free 127.0.0.1 port. Starts in a few
 * milliseconds; timing of streamed frames is exact.
 */
export const mswEngine: Engine = {
  name: 'msw',
  start: () => startJournaledMswEngine(buildMswHandlers),
};

/**
 * Serves msw handlers on a free 127.0.0.1 port with a journal: every request is journaled as `unmatched`
 * under a fresh id the handlers look up (`lookup`) to record their outcome; `build` makes the handlers
 * for the mounts so far (`served` counts each mount's answers) and runs again on each mount and reset.
 */
export async function startJournaledMswEngine(
  build: (
    mounts: readonly MountDefinition[],
    served: Map<number, number>,
    lookup: (id: string) => Pending | undefined,
  ) => RequestHandler[],
): Promise<StartedEngine> {
  let mounts: MountDefinition[] = [];
  const served = new Map<number, number>();
  let journal: Pending[] = [];
  const byId = new Map<string, Pending>();
  let nextId = 0;
  const rebuild = () => build(mounts, served, (id) => byId.get(id));
  let handlers = rebuild();
  const server = await serveHandlers(
    () => handlers,
    (raw) => {
      const id = String(++nextId);
      const pending: Pending = { raw, outcome: { kind: 'unmatched' } };
      journal.push(pending);
      byId.set(id, pending);
      return id;
    },
  );
  return {
    origin: server.origin,
    async mount(definition) {
      mounts = [...mounts, definition];
      handlers = rebuild();
    },
    async journal(): Promise<JournalEntry[]> {
      return journal.map((p) => ({ request: p.raw, outcome: p.outcome }));
    },
    async reset() {
      mounts = [];
      served.clear();
      journal = [];
      byId.clear();
      handlers = rebuild();
    },
    close: () => server.close(),
  };
}
