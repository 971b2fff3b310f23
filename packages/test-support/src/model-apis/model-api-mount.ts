import { randomBytes } from 'node:crypto';
import type { MountDefinition } from '../responses/mount-definition.ts';
import type { BodyRejectionReason } from '../responses/request-body.ts';
import { describeMatcher } from '../responses/request-matcher.ts';
import type { ModelApi } from './model-api.ts';

/** Describes a mount for messages, e.g. `#2 mountMessagesSseOnce: POST /v1/messages once`. */
export function describeModelApiMount(api: ModelApi, mount: MountDefinition): string {
  const times = mount.repeatLast
    ? `×${mount.responses.length} then repeating`
    : mount.responses.length === 1
      ? 'once'
      : `×${mount.responses.length}`;
  const where = mount.matcher === undefined ? '' : ` where ${describeMatcher(mount.matcher)}`;
  return `#${mount.id} ${mount.label}: ${api.endpoint.description} ${times}${where}`;
}

/** The message of an unmatched request's error answer (same text on every engine). */
export function modelApiUnmatchedMessage(
  api: ModelApi,
  method: string,
  requestPath: string,
  mounts: readonly MountDefinition[],
): string {
  const list =
    mounts.length === 0
      ? 'nothing is mounted'
      : `mounted: ${mounts.map((m) => describeModelApiMount(api, m)).join('; ')}`;
  return `[@agentotel/test-support] ${api.name} mock: no mount matched ${method} ${requestPath} (${list}; used-up mounts no longer match). Mount an answer before the agent sends the request, or fix the matcher.`;
}

/** The message of a refused body's 400 answer (same text on every engine). */
export function modelApiBodyRejectionMessage(api: ModelApi, reason: BodyRejectionReason): string {
  return `[@agentotel/test-support] ${api.name} mock: ${reason}; the request was refused and no mount was used`;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A fresh request id like `req_` and 24 lower-case letters or digits (the shape both engines produce).
 *
 * @example newRequestId() // 'req_3k9x…'
 */
export function newRequestId(): string {
  const bytes = randomBytes(24);
  let id = 'req_';
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}

/** WireMock response-template form of {@link newRequestId}. */
export const REQUEST_ID_TEMPLATE = "req_{{randomValue length=24 type='ALPHANUMERIC'}}";
