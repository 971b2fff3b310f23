/**
 * What `#sdk` resolves to under the `agentotel-otel-off` condition: no SDK at all. Imports nothing.
 */
export const createSdkBackend: undefined = undefined;
