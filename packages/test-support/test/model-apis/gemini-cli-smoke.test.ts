import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  geminiSse,
  geminiTextChunks,
  mountGeminiFunctionCallTurn,
  mountGeminiSseOnce,
  startGeminiMockServer,
} from '../../src/index.ts';
import { runCli } from './cli-process.ts';
import { smokeCli, smokeFixture } from './cli-smoke.ts';

// Gemini CLI 0.61.0, as `.ci/run` installs it (AGENTOTEL_GEMINI_CLI_BIN), driven headless against the
// mock: a fresh HOME with its own settings.json, loopback only, nothing inherited but PATH.
const cli = smokeCli({
  envVar: 'AGENTOTEL_GEMINI_CLI_BIN',
  cachedRelativePath: 'gemini-cli-0.61.0/node_modules/.bin/gemini',
  name: 'Gemini CLI',
  version: '0.61.0',
});
const MODEL = 'gemini-2.5-flash';

/**
 * The settings that make Gemini CLI 0.61.0 run offline: API-key auth (else a custom base URL picks
 * another auth type and `-p` exits 41), no usage statistics (else a vendor host lookup), no auto update,
 * telemetry off (this test is about the model API).
 */
const SETTINGS = {
  security: { auth: { selectedType: 'gemini-api-key' } },
  privacy: { usageStatisticsEnabled: false },
  general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
  telemetry: { enabled: false },
};

describe(`the real Gemini CLI against the Gemini mock${cli.hint}`, () => {
  const fixture = smokeFixture(startGeminiMockServer, 'agentotel-gemini-home-');

  const run = (args: string[]) => {
    const { home, work, tmp } = fixture.freshHome();
    mkdirSync(join(home, '.gemini'));
    writeFileSync(join(home, '.gemini', 'settings.json'), JSON.stringify(SETTINGS));
    // `-m` skips the model-router `:generateContent` call; node runs the bundle (Node >= 20).
    return runCli(process.execPath, [cli.bin, '-m', MODEL, ...args], {
      cwd: work,
      timeoutMs: 90_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        GEMINI_API_KEY: 'agentotel-dummy-key',
        GOOGLE_GEMINI_BASE_URL: fixture.server().url,
        // else an untrusted workspace exits 55
        GEMINI_CLI_TRUST_WORKSPACE: 'true',
        // else error reports (gemini-client-error-*.json) land in /tmp, outside the fresh HOME
        TMPDIR: tmp,
      },
    });
  };

  test.skipIf(cli.skip)(
    'a plain answer: one streamGenerateContent request',
    {
      timeout: 120_000,
    },
    async () => {
      cli.checkPresent();
      const server = fixture.server();
      const mock = await mountGeminiSseOnce(
        server,
        geminiSse(geminiTextChunks('Hello from the mock!', { chunks: 2 })),
      );
      const result = await run(['-p', 'say hello']);
      expect(result.leftovers).toEqual([]);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout.trim()).toBe('Hello from the mock!');
      const request = await mock.singleRequest();
      expect(request.path()).toBe(`/v1beta/models/${MODEL}:streamGenerateContent`);
      expect(request.queryParam('alt')).toBe('sse');
      expect(request.header('x-goog-api-key')).toBe('agentotel-dummy-key');
      expect(request.header('user-agent')).toMatch(/^GeminiCLI[^/]*\/0\.61\.0\//);
      expect(request.userTexts()).toContain('say hello');
      expect(await server.unmatchedRequests()).toEqual([]);
    },
  );

  test.skipIf(cli.skip)(
    'a tool turn: functionCall run_shell_command, then the functionResponse comes back',
    {
      timeout: 120_000,
    },
    async () => {
      cli.checkPresent();
      const server = fixture.server();
      const { functionCall, completion } = await mountGeminiFunctionCallTurn(
        server,
        'run_shell_command',
        { command: 'echo hello-from-tool' },
        'all done',
      );
      // shell commands are offered to the model only with --yolo
      const result = await run(['-p', 'run the echo', '--yolo']);
      expect(result.leftovers).toEqual([]);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout.trim()).toBe('all done');
      expect((await functionCall.singleRequest()).functionDeclarationNames()).toContain('run_shell_command');
      const response = (await completion.singleRequest()).functionResponse('run_shell_command');
      expect(JSON.stringify(response.response)).toContain('hello-from-tool');
      expect(await server.unmatchedRequests()).toEqual([]);
    },
  );
});
