import { describe, expect, test } from 'vitest';
import {
  messagesSse,
  messagesTextEvents,
  mountMessagesSseOnce,
  mountMessagesToolUseTurn,
  startMessagesMockServer,
} from '../../src/index.ts';
import { runCli } from './cli-process.ts';
import { smokeCli, smokeFixture } from './cli-smoke.ts';

// Claude Code 2.1.328, as `.ci/run` installs it (AGENTOTEL_CLAUDE_CODE_BIN), driven headless against the
// mock: a fresh HOME, loopback only, nothing inherited from this environment but PATH.
const cli = smokeCli({
  envVar: 'AGENTOTEL_CLAUDE_CODE_BIN',
  cachedRelativePath: 'claude-code-2.1.328/node_modules/.bin/claude',
  name: 'Claude Code',
  version: '2.1.328',
});

describe(`the real Claude Code CLI against the Anthropic Messages mock${cli.hint}`, () => {
  const fixture = smokeFixture(startMessagesMockServer, 'agentotel-claude-home-');

  const run = (args: string[]) => {
    const { home, work, tmp } = fixture.freshHome();
    return runCli(cli.bin, args, {
      cwd: work,
      timeoutMs: 90_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        ANTHROPIC_BASE_URL: fixture.server().url,
        ANTHROPIC_API_KEY: 'sk-ant-agentotel-dummy',
        // without it: HEAD /api/hello to the mock and a DNS lookup of the vendor's API host
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_AUTOUPDATER: '1',
        // else per-project state lands in /tmp/claude-<uid>, outside the fresh HOME
        CLAUDE_CODE_TMPDIR: tmp,
        TMPDIR: tmp,
      },
    });
  };

  test.skipIf(cli.skip)(
    'a plain answer: one streamed Messages request, usage reported back',
    {
      timeout: 120_000,
    },
    async () => {
      cli.checkPresent();
      const server = fixture.server();
      const mock = await mountMessagesSseOnce(
        server,
        messagesSse(
          messagesTextEvents('Hello from the mock!', {
            deltas: 3,
            usage: { input_tokens: 12, output_tokens: 7 },
          }),
        ),
      );
      const result = await run(['-p', 'say hello', '--output-format', 'json']);
      expect(result.leftovers).toEqual([]);
      expect(result.exitCode, result.stderr).toBe(0);
      const out = JSON.parse(result.stdout);
      expect(out.result).toBe('Hello from the mock!');
      expect(out.is_error).toBe(false);
      expect(out.usage.input_tokens).toBe(12);
      expect(out.usage.output_tokens).toBe(7);
      const request = await mock.singleRequest();
      expect(request.path()).toBe('/v1/messages');
      expect(request.queryParam('beta')).toBe('true');
      expect(request.isStreaming()).toBe(true);
      expect(request.header('x-api-key')).toBe('sk-ant-agentotel-dummy');
      expect(request.header('anthropic-version')).toBe('2023-06-01');
      expect(request.header('user-agent')).toMatch(/^claude-cli\/2\.1\.328 /);
      expect(request.userTexts()).toContain('say hello');
      expect(await server.unmatchedRequests()).toEqual([]);
    },
  );

  test.skipIf(cli.skip)(
    'a tool turn: tool_use for Bash, then the tool_result comes back',
    {
      timeout: 120_000,
    },
    async () => {
      cli.checkPresent();
      const server = fixture.server();
      const { toolUse, completion } = await mountMessagesToolUseTurn(
        server,
        'toolu_agentotel_1',
        'Bash',
        { command: 'echo hello-from-tool', description: 'Print a greeting' },
        'all done',
      );
      const result = await run(['-p', 'run the echo', '--output-format', 'json', '--allowedTools', 'Bash']);
      expect(result.leftovers).toEqual([]);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).result).toBe('all done');
      expect((await toolUse.singleRequest()).toolNames()).toContain('Bash');
      const followUp = await completion.singleRequest();
      const toolResult = followUp.toolResult('toolu_agentotel_1');
      expect(toolResult.is_error ?? false).toBe(false);
      expect(followUp.toolResultText('toolu_agentotel_1')).toContain('hello-from-tool');
      expect(await server.unmatchedRequests()).toEqual([]);
    },
  );
});
