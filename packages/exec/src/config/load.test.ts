import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError } from './errors.ts';
import { loadConfig } from './load.ts';
import { parseOverride } from './overrides.ts';

function home(toml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentotel-exec-cfg-'));
  if (toml !== undefined) writeFileSync(join(dir, 'config.toml'), toml);
  return dir;
}

async function fails(toml: string, overrides: string[] = []): Promise<ConfigError> {
  const h = home(toml);
  try {
    await loadConfig({ env: { AGENTOTEL_HOME: h }, overrides: overrides.map(parseOverride) });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test('a missing file is the defaults', async () => {
    const c = await loadConfig({ env: { AGENTOTEL_HOME: home() } });
    expect(c.model).toBe('gpt-5');
    expect(c.provider).toMatchObject({
      id: 'openai',
      envKey: 'OPENAI_API_KEY',
      requestMaxRetries: 4,
      streamMaxRetries: 5,
    });
    expect(c.approvalPolicy).toBe('never');
    expect(c.otel.exporter).toEqual({ kind: 'none' });
  });
  test('a custom provider in Codex schema', async () => {
    const c = await loadConfig({
      env: {
        AGENTOTEL_HOME: home(
          `model_provider = "mock"\nmodel = "m"\n[model_providers.mock]\nname = "Mock"\nbase_url = "http://127.0.0.1:1/v1/"\nenv_key = "K"\nwire_api = "responses"\nrequest_max_retries = 1\nstream_idle_timeout_ms = 50\n`,
        ),
      },
    });
    expect(c.provider).toMatchObject({
      id: 'mock',
      name: 'Mock',
      baseUrl: 'http://127.0.0.1:1/v1',
      envKey: 'K',
      requestMaxRetries: 1,
      streamIdleTimeoutMs: 50,
    });
  });
  test('an unknown key warns and is ignored', async () => {
    const c = await loadConfig({
      env: {
        AGENTOTEL_HOME: home(
          'model = "m"\nfancy = 1\n[model_providers.x]\nbase_url = "http://a/v1"\ncolour = "red"\n',
        ),
      },
    });
    expect(c.warnings.join('\n')).toMatch(/unknown key "fancy"/);
    expect(c.warnings.join('\n')).toMatch(/unknown key "model_providers.x.colour"/);
  });
  test('broken TOML names the file and the line', async () => {
    const e = await fails('model = \n');
    expect(e.code).toBe('CONFIG_SYNTAX');
    expect(e.message).toMatch(/config\.toml/);
    expect(e.message).toMatch(/line 1/);
  });
  test('a wrong type names the file and the key', async () => {
    const e = await fails('[model_providers.mock]\nbase_url = "http://a/v1"\nrequest_max_retries = "four"\n');
    expect(e.message).toMatch(/config\.toml: model_providers\.mock\.request_max_retries/);
    expect(e.message).toMatch(/got string "four"/);
  });
  test('a wrong value names the key', async () => {
    const e = await fails('approval_policy = "sometimes"\n');
    expect(e.key).toBe('approval_policy');
  });
  test('a bad -c names the override', async () => {
    const e = await fails('', ['sandbox_mode="everything"']);
    expect(e.message).toMatch(/-c sandbox_mode="everything"/);
  });
  test('[otel] is validated by @agentotel/otel', async () => {
    const e = await fails(
      '[otel]\nexporter = { otlp-http = { endpoint = "http://x/v1/logs", protocol = "xml" } }\n',
    );
    expect(e.message).toMatch(/otel\.exporter/);
  });
  test('mixed MCP fields fail naming the server', async () => {
    const e = await fails('[mcp_servers.docs]\ncommand = "node"\nurl = "http://127.0.0.1:1/mcp"\n');
    expect(e.code).toBe('CONFIG_MCP_MIXED');
    expect(e.message).toMatch(/"docs"/);
  });
  test('MCP servers of both kinds', async () => {
    const c = await loadConfig({
      env: {
        AGENTOTEL_HOME: home(
          '[mcp_servers.a]\ncommand = "node"\nargs = ["x.js"]\n[mcp_servers.b]\nurl = "http://127.0.0.1:1/mcp"\nbearer_token = "t"\n',
        ),
      },
    });
    expect(c.mcpServers.map((s) => [s.name, s.kind])).toEqual([
      ['a', 'stdio'],
      ['b', 'http'],
    ]);
  });
});

describe('millisecond settings above 2^31-1 (Node would fire the timer at once)', () => {
  test.each([
    [
      'model_provider = "m"\n[model_providers.m]\nbase_url = "http://a/v1"\nstream_idle_timeout_ms = 2147483648\n',
      'model_providers.m.stream_idle_timeout_ms',
    ],
    ['turn_timeout_ms = 9999999999\n', 'turn_timeout_ms'],
    ['[mcp_servers.s]\ncommand = "x"\nstartup_timeout_ms = 2147483648\n', 'mcp_servers.s.startup_timeout_ms'],
    ['[mcp_servers.s]\ncommand = "x"\nstartup_timeout_sec = 3000000\n', 'mcp_servers.s.startup_timeout_sec'],
    ['[mcp_servers.s]\ncommand = "x"\ntool_timeout_sec = 1e12\n', 'mcp_servers.s.tool_timeout_sec'],
  ])('%j is rejected naming the key and the limit', async (toml, key) => {
    const e = await fails(toml);
    expect(e.key).toBe(key);
    expect(e.message).toMatch(/2147483647|2147483\.647/);
  });
  test('the limit itself is accepted; turn_timeout_ms and [shell_environment_policy] resolve', async () => {
    const c = await loadConfig({
      env: {
        AGENTOTEL_HOME: home(
          'turn_timeout_ms = 2147483647\n[shell_environment_policy]\ninherit = "core"\nexclude = ["AWS_*"]\nset = { CI = "1" }\n',
        ),
      },
    });
    expect(c.turnTimeoutMs).toBe(2147483647);
    expect(c.shellEnvironmentPolicy).toEqual({
      inherit: 'core',
      ignoreDefaultExcludes: false,
      exclude: ['AWS_*'],
      includeOnly: [],
      set: { CI: '1' },
    });
  });
});
