import type { MountDefinition } from './mount-definition.ts';
import type { RawRequest } from './recorded-request.ts';
import type { BodyRejectionReason } from './request-body.ts';

/** Names of the built-in engines. */
export type EngineName = 'msw' | 'wiremock';

/** What happened to one request, as an engine reports it. */
export type RequestOutcome =
  | { readonly kind: 'served'; readonly mountId: number }
  | { readonly kind: 'models' }
  | { readonly kind: 'invariant-violation' }
  | { readonly kind: 'unmatched' }
  /** A `POST …/responses` body that is not valid UTF-8, empty, or not a JSON object: 400, no mount used. */
  | { readonly kind: 'rejected'; readonly reason: BodyRejectionReason };

/** One request in arrival order with its outcome. */
export interface JournalEntry {
  readonly request: RawRequest;
  readonly outcome: RequestOutcome;
}

/**
 * A running engine: plays mount definitions on a real loopback port.
 * Engines answer `GET …/models` with `{"models":[]}`, a `POST …/responses` body that is not a JSON object
 * in valid UTF-8 with a 400 (outcome `rejected`, no mount used), invariant violations (docs/responses-sse.md §1)
 * with a 500 naming them, and unmatched requests with a 404 naming what was mounted.
 */
export interface StartedEngine {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly origin: string;
  /** Adds a mount; `mounts` is every mount so far (for unmatched-request messages). */
  mount(definition: MountDefinition, mounts: readonly MountDefinition[]): Promise<void>;
  /** Every request since start or the last reset, in arrival order. */
  journal(): Promise<JournalEntry[]>;
  /** Drops all mounts and the journal. */
  reset(): Promise<void>;
  /** Stops serving and frees the port (and any child process). Never throws. */
  close(): Promise<void>;
}

/**
 * A way to serve mount definitions; engines are picked by name from the `engines` map.
 *
 * @see engines
 */
export interface Engine {
  readonly name: EngineName;
  /** Starts on a free 127.0.0.1 port chosen by the OS. */
  start(): Promise<StartedEngine>;
}
