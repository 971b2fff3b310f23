/**
 * zod, as this package uses it (`z`), under one module both bundles of the published build share: the
 * package exports it as `@agentotel/otel/zod`, and `@agentotel/exec`'s bundle takes its `zod` from here,
 * so an agent built on both loads, compiles and warms up one copy of zod instead of two (each bundle
 * carrying its own cost ~30 ms of CPU per start with telemetry on). In the published build
 * `dist/vendor/zod.js` is zod bundled into one file (scripts/bundle.mjs); from sources it is zod itself.
 * Not an API of its own: it is zod 4, with zod's documentation.
 */
export { z } from 'zod';
