import type { Engine, EngineName } from './engine.ts';
import { mswEngine } from './msw-engine.ts';
import { wiremockEngine } from './wiremock-engine.ts';

/**
 * The built-in engines by name: `msw` (default; msw handlers on node:http) and `wiremock` (WireMock on
 * Java, driven by wiremock-captain).
 */
export const engines: Readonly<Record<EngineName, Engine>> = {
  msw: mswEngine,
  wiremock: wiremockEngine,
};
