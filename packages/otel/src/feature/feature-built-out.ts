/**
 * False in a build made with `--conditions=agentotel-otel-off`: the SDK is never loaded. The
 * package's `#feature` import maps here under that condition.
 */
export const OTEL_FEATURE_BUILT_IN: boolean = false;
