#!/usr/bin/env node
/**
 * The `agentotel-exec` binary. Turns on Node's module compile cache (Node >= 22.1: V8 code cache,
 * and the type-stripped output of .ts sources, kept in `$NODE_COMPILE_CACHE` or the OS temp folder)
 * before anything else is loaded, so later starts compile the CLI and, when telemetry is on, the
 * OpenTelemetry SDK from cache; then runs process-main.ts. `NODE_DISABLE_COMPILE_CACHE=1` turns it off.
 */
import module from 'node:module';

try {
  module.enableCompileCache?.();
} catch {
  // a read-only or missing cache folder only costs speed
}
await import('./process-main.ts');
