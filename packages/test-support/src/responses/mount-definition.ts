import type { MockResponse } from './mock-response.ts';
import { describeMatcher, type RequestMatcher } from './request-matcher.ts';

/**
 * A scripted answer for `POST .../responses` as a plain value: the engines only play it.
 * The i-th request it accepts gets `responses[i]`; after the last one it no longer matches.
 * When several mounts accept a request, the one mounted first wins.
 *
 * @see docs/responses-sse.md §3
 */
export interface MountDefinition {
  /** Server-unique id, assigned by `MockServer.mount()` (1, 2, ...). */
  readonly id: number;
  /** The answers, served once each, in order. */
  readonly responses: readonly MockResponse[];
  /** Extra condition on the request; without it every `POST .../responses` is accepted. */
  readonly matcher?: RequestMatcher;
  /** Human label used in messages, e.g. `mountSseOnce`. */
  readonly label: string;
  /** When true, the last response keeps being served after the others were used up. @defaultValue false */
  readonly repeatLast?: boolean;
}

/** The input of `MockServer.mount()`: a definition before the server numbered it. */
export type MountSpec = Omit<MountDefinition, 'id'>;

/**
 * A mount spec serving `responses` once each, in order, optionally only to requests `matcher` accepts.
 *
 * @example server.mount(responsesMount([sseResponse(body)], { label: 'first turn' }))
 */
export function responsesMount(
  responses: readonly MockResponse[],
  options: { matcher?: RequestMatcher; label?: string; repeatLast?: boolean } = {},
): MountSpec {
  return {
    responses,
    label: options.label ?? 'mount',
    ...(options.matcher === undefined ? {} : { matcher: options.matcher }),
    ...(options.repeatLast ? { repeatLast: true } : {}),
  };
}

/** Describes a mount for messages, e.g. `#2 mountSseSequence: POST …/responses ×3 where header originator = "x"`. */
export function describeMount(mount: MountDefinition): string {
  const times = mount.repeatLast
    ? `×${mount.responses.length} then repeating`
    : mount.responses.length === 1
      ? 'once'
      : `×${mount.responses.length}`;
  const where = mount.matcher === undefined ? '' : ` where ${describeMatcher(mount.matcher)}`;
  return `#${mount.id} ${mount.label}: POST */responses ${times}${where}`;
}

/** Builds the message of an unmatched request's error answer (same text on every engine). */
export function unmatchedMessage(
  method: string,
  requestPath: string,
  mounts: readonly MountDefinition[],
): string {
  const list =
    mounts.length === 0 ? 'nothing is mounted' : `mounted: ${mounts.map(describeMount).join('; ')}`;
  return `[@agentotel/test-support] no mount matched ${method} ${requestPath} (${list}; used-up mounts no longer match). Mount a response (mountSseOnce, mountSseSequence, ...) before the agent sends the request, or fix the matcher.`;
}
