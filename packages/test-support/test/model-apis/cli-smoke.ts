import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { locateCli, requireAll } from './cli-process.ts';

/** A pinned agent CLI as a smoke test sees it. */
export interface SmokeCli {
  /** The binary's path (it may not exist). */
  readonly bin: string;
  readonly present: boolean;
  /** Added to the describe title when the CLI is missing, saying how to get it. */
  readonly hint: string;
  /** Skip the tests: the CLI is missing and `AGENTOTEL_REQUIRE_ALL` is not set. */
  readonly skip: boolean;
  /** Fails the test when the CLI is missing (reached only under `AGENTOTEL_REQUIRE_ALL=1`). */
  checkPresent(): void;
}

/**
 * Locates a pinned CLI (`envVar`, else the `.ci/run` cache at `cachedRelativePath`) for a smoke test.
 * `name` and `version` are for messages, e.g. `Claude Code`, `2.1.328`.
 */
export function smokeCli(o: {
  envVar: string;
  cachedRelativePath: string;
  name: string;
  version: string;
}): SmokeCli {
  const { bin, present } = locateCli(o.envVar, o.cachedRelativePath);
  return {
    bin,
    present,
    hint: present ? '' : ` (skipped: no ${o.name} at ${bin}; set ${o.envVar} or run .ci/run)`,
    skip: !present && !requireAll,
    checkPresent: () =>
      expect(
        present,
        `${o.envVar} (${bin}) must point at ${o.name} ${o.version} when AGENTOTEL_REQUIRE_ALL=1`,
      ).toBe(true),
  };
}

/** A run's fresh HOME: `work` (`<home>/project`, the cwd) and `tmp` (`<home>/tmp`, mode 0700, the TMPDIR). */
export interface SmokeHome {
  readonly home: string;
  readonly work: string;
  readonly tmp: string;
}

/**
 * For the enclosing describe block: starts the mock server before all tests, resets it and removes the
 * test's HOME after each, closes it after all. `freshHome()` makes the HOME of the next run.
 */
export function smokeFixture<S extends { reset(): Promise<void>; close(): Promise<void> }>(
  start: () => Promise<S>,
  homePrefix: string,
): { server(): S; freshHome(): SmokeHome } {
  let server: S | undefined;
  let home: string | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterEach(async () => {
    await server?.reset();
    if (home) rmSync(home, { recursive: true, force: true });
    home = undefined;
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    server: () => {
      if (!server) throw new Error('the mock server is not started (call server() inside a test)');
      return server;
    },
    freshHome() {
      home = mkdtempSync(join(tmpdir(), homePrefix));
      const work = join(home, 'project');
      mkdirSync(work);
      const tmp = join(home, 'tmp');
      mkdirSync(tmp, { mode: 0o700 });
      return { home, work, tmp };
    },
  };
}
