import { describe, expect, test } from 'vitest';
import { homeWithConfig, runExecProcess } from '../helpers/harness.ts';

describe('configuration errors exit 1 with one clear line naming file and key', () => {
  test('broken TOML', async () => {
    const home = homeWithConfig('model = "gpt-5"\n[model_providers.mock\n');
    const r = await runExecProcess(['--skip-git-repo-check', 'hi'], { home });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${home}/config.toml`);
    expect(r.stderr).toMatch(/invalid TOML \(line 2/);
  });
  test('a mistyped value', async () => {
    const home = homeWithConfig(
      '[model_providers.mock]\nbase_url = "http://127.0.0.1:9/v1"\nstream_max_retries = "many"\n',
    );
    const r = await runExecProcess(['--skip-git-repo-check', 'hi'], { home });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${home}/config.toml: model_providers.mock.stream_max_retries`);
  });
  test('mixed MCP fields name the server', async () => {
    const home = homeWithConfig('[mcp_servers.docs]\ncommand = "node"\nurl = "http://127.0.0.1:9/mcp"\n');
    const r = await runExecProcess(['--skip-git-repo-check', 'hi'], { home });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /mcp_servers\.docs: MCP server "docs" mixes stdio fields \(command\) with streamable HTTP fields \(url\)/,
    );
  });
  test('a bad -c override exits 1 naming it', async () => {
    const r = await runExecProcess(['--skip-git-repo-check', '-c', 'approval_policy=sometimes', 'hi'], {
      home: homeWithConfig(''),
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/-c approval_policy=sometimes: approval_policy/);
  });
  test('usage errors exit 2', async () => {
    const r = await runExecProcess(['--no-such-flag', 'hi'], { home: homeWithConfig('') });
    expect(r.exitCode).toBe(2);
    const r2 = await runExecProcess(['--skip-git-repo-check', '--sandbox', 'jail', 'hi'], {
      home: homeWithConfig(''),
    });
    expect(r2.exitCode).toBe(2);
    expect(r2.stderr).toMatch(/read-only, workspace-write, danger-full-access/);
  });
});
