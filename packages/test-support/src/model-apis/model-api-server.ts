import type { EngineName, JournalEntry, StartedEngine } from '../responses/engine.ts';
import { MockServerError } from '../responses/errors.ts';
import type { MockServerOptions } from '../responses/mock-server.ts';
import type { MountDefinition, MountSpec } from '../responses/mount-definition.ts';
import type { RecordedRequest } from '../responses/recorded-request.ts';
import type { BodyRejectionReason } from '../responses/request-body.ts';
import type { ModelApi } from './model-api.ts';
import { mswModelApiEngine } from './msw-model-api-engine.ts';
import { wiremockModelApiEngine } from './wiremock-model-api-engine.ts';

/**
 * The handle a mount returns: the requests that mount answered, with the API's accessors. Accessors are
 * async (the `wiremock` engine reads WireMock's request journal).
 *
 * @typeParam R the API's recorded-request class, e.g. {@link MessagesRequest}.
 */
export interface ModelApiMock<R extends RecordedRequest> {
  /** The mount's definition (its id, responses and matcher). */
  readonly definition: MountDefinition;
  /** Requests this mount answered, in arrival order. */
  requests(): Promise<R[]>;
  /** The only request this mount answered. @throws {MockServerError} `REQUEST_COUNT` unless exactly one. */
  singleRequest(): Promise<R>;
  /** The last request this mount answered. @throws {MockServerError} `REQUEST_COUNT` when none. */
  lastRequest(): Promise<R>;
}

/**
 * A running mock model API server on a free 127.0.0.1 port, for one API (Anthropic Messages, Gemini).
 * Mounts are the plain values of the Responses mock (`MountSpec`, `MockResponse`, `RequestMatcher`); the
 * engine serves them on the API's endpoint and answers anything else with a 404 in the API's error shape.
 *
 * @typeParam R the API's recorded-request class.
 */
export interface ModelApiServer<R extends RecordedRequest> {
  /**
   * The base URL to give the agent: `http://127.0.0.1:<port>` (no path, no trailing slash), e.g. as
   * `ANTHROPIC_BASE_URL` or `GOOGLE_GEMINI_BASE_URL`.
   */
  readonly url: string;
  /** The engine playing the mounts. */
  readonly engine: EngineName;
  /** The API served. */
  readonly api: ModelApi<R>;
  /** Adds a mount; earlier mounts win when several match. @throws {MockServerError} `SERVER_CLOSED`. */
  mount(spec: MountSpec): Promise<ModelApiMock<R>>;
  /** Every request, whatever answered it, in arrival order (one per HTTP attempt). */
  requests(): Promise<R[]>;
  /** Requests no mount answered (they got a 404 in the API's error shape), in arrival order. */
  unmatchedRequests(): Promise<R[]>;
  /**
   * Requests to the API's endpoint whose body was empty, not valid UTF-8 or not a JSON object: each got a
   * 400 in the API's error shape (Anthropic `invalid_request_error`, Google `INVALID_ARGUMENT`) and used
   * no mount. In arrival order, with the reason.
   */
  rejectedRequests(): Promise<{ request: R; reason: BodyRejectionReason }[]>;
  /** Every request with what happened to it, in arrival order. */
  journal(): Promise<JournalEntry[]>;
  /** Drops all mounts and recorded requests (WireMock stays up: use between tests). */
  reset(): Promise<void>;
  /** Stops the server (and the Java process of the `wiremock` engine); idempotent. */
  close(): Promise<void>;
  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

class StartedModelApiServer<R extends RecordedRequest> implements ModelApiServer<R> {
  readonly url: string;
  readonly engine: EngineName;
  readonly api: ModelApi<R>;
  readonly #engine: StartedEngine;
  #mounts: MountDefinition[] = [];
  #nextId = 1;
  #closed = false;

  constructor(api: ModelApi<R>, engine: EngineName, started: StartedEngine) {
    this.api = api;
    this.engine = engine;
    this.#engine = started;
    this.url = started.origin;
  }

  async mount(spec: MountSpec): Promise<ModelApiMock<R>> {
    this.#assertOpen();
    const definition: MountDefinition = { ...spec, id: this.#nextId++ };
    this.#mounts.push(definition);
    await this.#engine.mount(definition, this.#mounts);
    const requests = async () =>
      (await this.journal())
        .filter((e) => e.outcome.kind === 'served' && e.outcome.mountId === definition.id)
        .map((e) => this.api.recorded(e.request));
    const label = `mount #${definition.id} (${definition.label})`;
    return {
      definition,
      requests,
      async singleRequest() {
        const all = await requests();
        if (all.length !== 1) {
          throw new MockServerError(
            'REQUEST_COUNT',
            `expected 1 request for ${label}, got ${all.length}: ${all.join(', ') || 'none'}`,
          );
        }
        return all[0]!;
      },
      async lastRequest() {
        const last = (await requests()).at(-1);
        if (last === undefined) {
          throw new MockServerError('REQUEST_COUNT', `expected at least 1 request for ${label}, got none`);
        }
        return last;
      },
    };
  }

  async requests(): Promise<R[]> {
    return (await this.journal()).map((e) => this.api.recorded(e.request));
  }

  async unmatchedRequests(): Promise<R[]> {
    return (await this.journal())
      .filter((e) => e.outcome.kind === 'unmatched')
      .map((e) => this.api.recorded(e.request));
  }

  async rejectedRequests(): Promise<{ request: R; reason: BodyRejectionReason }[]> {
    return (await this.journal()).flatMap((e) =>
      e.outcome.kind === 'rejected'
        ? [{ request: this.api.recorded(e.request), reason: e.outcome.reason }]
        : [],
    );
  }

  async journal(): Promise<JournalEntry[]> {
    this.#assertOpen();
    return this.#engine.journal();
  }

  async reset(): Promise<void> {
    this.#assertOpen();
    await this.#engine.reset();
    this.#mounts = [];
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#engine.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new MockServerError('SERVER_CLOSED', `the ${this.engine} ${this.api.name} mock server is closed`);
    }
  }
}

/**
 * Starts a mock server for `api` on a free 127.0.0.1 port. Prefer the API's own starter
 * ({@link startMessagesMockServer}, {@link startGeminiMockServer}).
 *
 * @throws {MockServerError} `UNKNOWN_ENGINE` for an unknown engine name; `ENGINE_START_FAILED` when
 *   WireMock (Java) does not come up.
 * @example await using server = await startModelApiServer(anthropicMessagesApi, { engine: 'wiremock' });
 */
export async function startModelApiServer<R extends RecordedRequest>(
  api: ModelApi<R>,
  options: MockServerOptions = {},
): Promise<ModelApiServer<R>> {
  const name = options.engine ?? 'msw';
  const engine =
    name === 'msw' ? mswModelApiEngine(api) : name === 'wiremock' ? wiremockModelApiEngine(api) : undefined;
  if (engine === undefined) {
    throw new MockServerError(
      'UNKNOWN_ENGINE',
      `unknown mock server engine ${JSON.stringify(name)}; use one of: msw, wiremock`,
    );
  }
  return new StartedModelApiServer(api, name, await engine.start());
}
