/**
 * The longest delay a Node.js timer takes: 2^31-1 ms (about 24.8 days). A longer `setTimeout` delay is
 * not an error in Node: it is replaced by 1 ms and the timeout fires at once (Node.js docs, `setTimeout`).
 * Every millisecond setting is therefore checked against this bound where it enters the agent.
 */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The message of a millisecond value over {@link MAX_TIMEOUT_MS}. */
export const MAX_TIMEOUT_MESSAGE = `must be at most ${MAX_TIMEOUT_MS} ms (2^31-1, the longest Node.js timer)`;
