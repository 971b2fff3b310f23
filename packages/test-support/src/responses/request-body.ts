/**
 * What a `POST …/responses` body must be before any mount sees it: valid UTF-8, not empty, and a JSON
 * object. The OpenAI Responses API refuses anything else with HTTP 400 `invalid_request_error`; the mock
 * does the same, records why, and leaves every mount unused. Both engines give the same answer and reason.
 *
 * @see docs/responses-sse.md §1
 * @module
 */

/** Why a body was refused; the texts are stable and shared by both engines. */
export const BODY_REJECTIONS = {
  invalidUtf8: 'request body is not valid UTF-8',
  empty: 'request body is empty',
  notJsonObject: 'request body is not a JSON object',
} as const;

/** One of {@link BODY_REJECTIONS}. */
export type BodyRejectionReason = (typeof BODY_REJECTIONS)[keyof typeof BODY_REJECTIONS];

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks a request body as received on the wire.
 *
 * @param bytes the raw body bytes.
 * @returns the reason it is refused, or undefined when it is a JSON object in valid UTF-8.
 */
export function checkRequestBody(bytes: Uint8Array): BodyRejectionReason | undefined {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return BODY_REJECTIONS.invalidUtf8;
  }
  if (text.trim() === '') return BODY_REJECTIONS.empty;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return BODY_REJECTIONS.notJsonObject;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return BODY_REJECTIONS.notJsonObject;
  }
  return undefined;
}

/** The JSON error body of a refused request, as both engines send it with HTTP 400. */
export function bodyRejectionJson(reason: BodyRejectionReason): string {
  return JSON.stringify({
    error: {
      type: 'invalid_request_error',
      code: 'invalid_request_body',
      message: `[@agentotel/test-support] ${reason}; the request was refused and no mount was used`,
    },
  });
}
