import type { EngineName, JournalEntry, StartedEngine } from './engine.ts';
import { engines } from './engines.ts';
import { MockServerError, ResponsesInvariantError } from './errors.ts';
import { checkRequestInvariants, type InvariantViolation } from './invariants.ts';
import type { MountDefinition, MountSpec } from './mount-definition.ts';
import { RecordedRequest } from './recorded-request.ts';
import type { BodyRejectionReason } from './request-body.ts';

/** Options of {@link startMockServer}. */
export interface MockServerOptions {
  /** Which engine plays the mounts. @defaultValue `'msw'` */
  engine?: EngineName;
}

/**
 * The handle a mount returns: the requests that mount answered, as Codex's `ResponseMock`.
 * Accessors are async (the `wiremock` engine reads WireMock's request journal) and throw
 * {@link ResponsesInvariantError} when any request to the server broke docs/responses-sse.md §1.
 */
export interface ResponseMock {
  /** The mount's definition (its id, responses and matcher). */
  readonly definition: MountDefinition;
  /** Requests this mount answered, in arrival order. @throws {ResponsesInvariantError} */
  requests(): Promise<RecordedRequest[]>;
  /** The only request this mount answered. @throws {MockServerError} `REQUEST_COUNT` unless exactly one. */
  singleRequest(): Promise<RecordedRequest>;
  /** The last request this mount answered. @throws {MockServerError} `REQUEST_COUNT` when none. */
  lastRequest(): Promise<RecordedRequest>;
}

/**
 * A running mock Responses API server (as Codex's `start_mock_server()`), on a free 127.0.0.1 port.
 *
 * @see docs/responses-sse.md §3
 */
export interface MockServer {
  /** Base URL ending `/v1`, e.g. `http://127.0.0.1:41234/v1`; the agent posts to `${url}/responses`. */
  readonly url: string;
  /** The engine playing the mounts. */
  readonly engine: EngineName;
  /** Adds a mount (a plain value from {@link responsesMount}); earlier mounts win when several match. */
  mount(spec: MountSpec): Promise<ResponseMock>;
  /**
   * Requests no mount answered (not `GET …/models`, not invariant violations), in arrival order.
   * @throws {ResponsesInvariantError} when a request broke the invariants and was not reported yet.
   */
  unmatchedRequests(): Promise<RecordedRequest[]>;
  /**
   * `POST …/responses` requests refused with HTTP 400 before any mount saw them, because the body was not
   * valid UTF-8, empty, or not a JSON object; with the reason, in arrival order. They use up no mount and
   * are not in {@link unmatchedRequests}.
   * @throws {ResponsesInvariantError} when a request broke the invariants and was not reported yet.
   */
  rejectedRequests(): Promise<RejectedRequest[]>;
  /** Every request, with what happened to it, in arrival order (never throws for violations). */
  journal(): Promise<JournalEntry[]>;
  /**
   * The invariant violations of docs/responses-sse.md §1 seen so far; calling this marks them reported, so
   * accessors, `reset()` and `close()` no longer throw for them.
   */
  invariantViolations(): Promise<InvariantViolation[]>;
  /**
   * Drops all mounts and recorded requests (WireMock stays up: use between tests).
   * @throws {ResponsesInvariantError} after resetting, when unreported violations were dropped.
   */
  reset(): Promise<void>;
  /**
   * Stops the server (and the Java process of the `wiremock` engine); idempotent.
   * @throws {ResponsesInvariantError} after closing, when violations were never reported.
   */
  close(): Promise<void>;
  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** A request the server refused before any mount saw it, with the reason (see {@link MockServer.rejectedRequests}). */
export interface RejectedRequest {
  readonly request: RecordedRequest;
  /** Why: `request body is not valid UTF-8`, `request body is empty` or `request body is not a JSON object`. */
  readonly reason: BodyRejectionReason;
}

function violationsOf(entries: readonly JournalEntry[]): InvariantViolation[] {
  return entries
    .filter(
      (e) =>
        e.outcome.kind !== 'rejected' && e.request.method === 'POST' && /\/responses$/.test(e.request.path),
    )
    .flatMap((e) => checkRequestInvariants(e.request.body, e.request.path));
}

class StartedMockServer implements MockServer {
  readonly url: string;
  readonly engine: EngineName;
  readonly #engine: StartedEngine;
  #mounts: MountDefinition[] = [];
  #nextId = 1;
  #reported = 0;
  #closed = false;

  constructor(engine: EngineName, started: StartedEngine) {
    this.engine = engine;
    this.#engine = started;
    this.url = `${started.origin}/v1`;
  }

  async mount(spec: MountSpec): Promise<ResponseMock> {
    this.#assertOpen();
    const definition: MountDefinition = { ...spec, id: this.#nextId++ };
    this.#mounts.push(definition);
    await this.#engine.mount(definition, this.#mounts);
    const requests = async () => {
      const entries = await this.#checkedJournal();
      return entries
        .filter((e) => e.outcome.kind === 'served' && e.outcome.mountId === definition.id)
        .map((e) => new RecordedRequest(e.request));
    };
    return {
      definition,
      requests,
      async singleRequest() {
        const all = await requests();
        if (all.length !== 1) {
          throw new MockServerError(
            'REQUEST_COUNT',
            `expected 1 request for mount #${definition.id} (${definition.label}), got ${all.length}: ${all.join(', ') || 'none'}`,
          );
        }
        return all[0]!;
      },
      async lastRequest() {
        const all = await requests();
        const last = all.at(-1);
        if (last === undefined) {
          throw new MockServerError(
            'REQUEST_COUNT',
            `expected at least 1 request for mount #${definition.id} (${definition.label}), got none`,
          );
        }
        return last;
      },
    };
  }

  async unmatchedRequests(): Promise<RecordedRequest[]> {
    const entries = await this.#checkedJournal();
    return entries.filter((e) => e.outcome.kind === 'unmatched').map((e) => new RecordedRequest(e.request));
  }

  async rejectedRequests(): Promise<RejectedRequest[]> {
    const entries = await this.#checkedJournal();
    return entries.flatMap((e) =>
      e.outcome.kind === 'rejected'
        ? [{ request: new RecordedRequest(e.request), reason: e.outcome.reason }]
        : [],
    );
  }

  journal(): Promise<JournalEntry[]> {
    this.#assertOpen();
    return this.#engine.journal();
  }

  async invariantViolations(): Promise<InvariantViolation[]> {
    const all = violationsOf(await this.journal());
    this.#reported = all.length;
    return all;
  }

  async reset(): Promise<void> {
    this.#assertOpen();
    const unreported = violationsOf(await this.#engine.journal()).slice(this.#reported);
    await this.#engine.reset();
    this.#mounts = [];
    this.#reported = 0;
    if (unreported.length > 0) throw new ResponsesInvariantError(unreported);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    let unreported: InvariantViolation[] = [];
    try {
      unreported = violationsOf(await this.#engine.journal()).slice(this.#reported);
    } catch {
      // the engine may already be gone; closing must still work
    }
    this.#closed = true;
    await this.#engine.close();
    if (unreported.length > 0) throw new ResponsesInvariantError(unreported);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #checkedJournal(): Promise<JournalEntry[]> {
    const entries = await this.journal();
    const all = violationsOf(entries);
    if (all.length > this.#reported) {
      const unreported = all.slice(this.#reported);
      this.#reported = all.length;
      throw new ResponsesInvariantError(unreported);
    }
    return entries;
  }

  #assertOpen(): void {
    if (this.#closed) throw new MockServerError('SERVER_CLOSED', `the ${this.engine} mock server is closed`);
  }
}

/**
 * Starts a mock Responses API server on a free 127.0.0.1 port (as Codex's `start_mock_server()`).
 *
 * @throws {MockServerError} `UNKNOWN_ENGINE` for an unknown engine name; `ENGINE_START_FAILED` when
 *   WireMock (Java) does not come up.
 * @example await using server = await startMockServer({ engine: 'wiremock' });
 * @see docs/responses-sse.md §3
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const name = options.engine ?? 'msw';
  const engine = Object.hasOwn(engines, name) ? engines[name] : undefined;
  if (engine === undefined) {
    throw new MockServerError(
      'UNKNOWN_ENGINE',
      `unknown mock server engine ${JSON.stringify(name)}; use one of: ${Object.keys(engines).join(', ')}`,
    );
  }
  return new StartedMockServer(name, await engine.start());
}
