/**
 * True in a normal build: the OpenTelemetry SDK may be loaded. The package's `#feature` import maps
 * here unless the `agentotel-otel-off` condition is set.
 */
export const OTEL_FEATURE_BUILT_IN: boolean = true;
