import { OTEL_FEATURE_BUILT_IN } from '#feature';

/** The environment variable that switches the feature off at start: `AGENTOTEL_OTEL=off`. */
export const OTEL_FEATURE_ENV = 'AGENTOTEL_OTEL';

/** The package.json `imports` condition that builds the feature out: `node --conditions=agentotel-otel-off`. */
export const OTEL_FEATURE_OFF_CONDITION = 'agentotel-otel-off';

const OFF_VALUES = new Set(['off', '0', 'false', 'no', 'disabled']);

/**
 * Whether the telemetry feature (the equivalent of Codex's `otel` cargo feature) is on, and why not
 * when it is off. Order: build-time condition, then the `feature` option, then `AGENTOTEL_OTEL`.
 *
 * @param opts.feature - start-time switch; wins over the environment
 * @param opts.env - where to read `AGENTOTEL_OTEL` (`off`, `0`, `false`, `no`, `disabled` mean off). @defaultValue `process.env`
 * @returns `{ enabled: true }` or `{ enabled: false, reason }` with reason `'build'`, `'option'` or `'env'`
 * @example `if (!otelFeature().enabled) console.log('telemetry compiled out')`
 */
export function otelFeature(
  opts: { feature?: 'on' | 'off'; env?: Record<string, string | undefined> } = {},
): { enabled: true } | { enabled: false; reason: 'build' | 'option' | 'env' } {
  if (!OTEL_FEATURE_BUILT_IN) return { enabled: false, reason: 'build' };
  if (opts.feature === 'off') return { enabled: false, reason: 'option' };
  if (opts.feature === 'on') return { enabled: true };
  const value = (opts.env ?? process.env)[OTEL_FEATURE_ENV];
  if (value !== undefined && OFF_VALUES.has(value.trim().toLowerCase()))
    return { enabled: false, reason: 'env' };
  return { enabled: true };
}
