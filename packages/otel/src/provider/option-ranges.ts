/**
 * The longest delay a Node.js timer can take, in ms (2^31 − 1, about 24.8 days). A longer one is
 * not an error for `setTimeout`: it prints a warning and fires after 1 ms, so a timeout of 2^31 ms
 * would end every flush at once.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The numeric options of `startTelemetry`, as given. */
export interface NumericStartOptions {
  shutdownTimeoutMs?: number | undefined;
  maxQueueSize?: number | undefined;
  maxExportBatchSize?: number | undefined;
  scheduledDelayMs?: number | undefined;
  metricsExportIntervalMs?: number | undefined;
}

/** The numeric options with defaults applied, every one within range. */
export type ResolvedNumericOptions = Required<{ [K in keyof NumericStartOptions]: number }>;

/** Defaults of the numeric options. */
export const NUMERIC_DEFAULTS: Readonly<ResolvedNumericOptions> = Object.freeze({
  shutdownTimeoutMs: 2000,
  maxQueueSize: 100_000,
  maxExportBatchSize: 512,
  scheduledDelayMs: 1000,
  metricsExportIntervalMs: 60_000,
});

const DURATIONS = ['shutdownTimeoutMs', 'scheduledDelayMs', 'metricsExportIntervalMs'] as const;
const COUNTS = ['maxQueueSize', 'maxExportBatchSize'] as const;

/**
 * Applies defaults and checks ranges at the edge, before any timer is set:
 *
 * - durations (`shutdownTimeoutMs`, `scheduledDelayMs`, `metricsExportIntervalMs`): a number
 *   greater than 0. Above {@link MAX_TIMER_MS} (`Infinity` included) the value is **clamped** to it
 *   with one `warn` line: harmless, since 24.8 days is "never" for an agent run, whereas passed on it
 *   would fire after 1 ms.
 * - counts (`maxQueueSize`, `maxExportBatchSize`): a safe integer of at least 1.
 *
 * @throws RangeError naming the option, the allowed range and the value given, for a duration that
 *   is not a number, NaN or ≤ 0, and for a count that is not an integer ≥ 1
 */
export function resolveNumericOptions(
  given: NumericStartOptions,
  warn: (message: string) => void,
): ResolvedNumericOptions {
  const out = { ...NUMERIC_DEFAULTS };
  for (const name of DURATIONS) {
    const v = given[name];
    if (v === undefined) continue;
    if (typeof v !== 'number' || Number.isNaN(v) || v <= 0) {
      throw new RangeError(
        `[@agentotel/otel] startTelemetry option ${name}: expected milliseconds greater than 0 (at most ${MAX_TIMER_MS}); got ${show(v)}`,
      );
    }
    if (v > MAX_TIMER_MS) {
      warn(
        `[@agentotel/otel] startTelemetry option ${name} = ${show(v)} is above ${MAX_TIMER_MS} ms (about 24.8 days, the longest timer Node.js can set; beyond it a timer fires after 1 ms); using ${MAX_TIMER_MS}`,
      );
      out[name] = MAX_TIMER_MS;
    } else {
      out[name] = v;
    }
  }
  for (const name of COUNTS) {
    const v = given[name];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw new RangeError(
        `[@agentotel/otel] startTelemetry option ${name}: expected a whole number of log records, at least 1; got ${show(v)}`,
      );
    }
    out[name] = v;
  }
  return out;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
