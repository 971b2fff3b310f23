import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { runCli } from '../../src/run.ts';
import type { Json } from '../helpers/app-server-client.ts';
import { homeWithConfig } from '../helpers/harness.ts';
import { recordingTelemetry } from '../helpers/recording-telemetry.ts';

test('app-server starts telemetry before initialize; initialize renames service.name to the originator', async () => {
  const rec = recordingTelemetry();
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: Json[] = [];
  stdout.on('data', (b: Buffer) => {
    for (const l of b.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
  });
  const home = homeWithConfig('');
  const done = runCli(
    ['app-server'],
    { env: { AGENTOTEL_HOME: home }, cwd: home, stdin, stdout, stderr: new PassThrough() },
    { startTelemetry: rec.start },
  );
  // Telemetry is up before the client says anything.
  await expect.poll(() => rec.serviceNames).toEqual(['agentotel_app_server']);
  stdin.write(
    `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { clientInfo: { name: 'codex_vscode' } } })}\n`,
  );
  await expect.poll(() => lines.find((l) => l.id === 1)).toBeDefined();
  expect(lines.find((l) => l.id === 1).result).toMatchObject({
    originator: 'codex_vscode',
    serviceName: 'codex_vscode',
  });
  expect(rec.serviceNames).toEqual(['agentotel_app_server', 'codex_vscode']);
  expect(rec.shutdowns).toBe(1); // the first providers were flushed and shut down
  stdin.write(
    `${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'initialize', params: { clientInfo: { name: 'again' } } })}\n`,
  );
  await expect.poll(() => lines.find((l) => l.id === 2)).toBeDefined();
  expect(lines.find((l) => l.id === 2).error.code).toBe(-32003);
  stdin.end();
  expect(await done).toBe(0);
  expect(rec.shutdowns).toBe(2);
});

test('runCli: --help, --version and usage errors', async () => {
  const out = new PassThrough();
  const err = new PassThrough();
  let text = '';
  out.on('data', (b: Buffer) => (text += b.toString()));
  const io = { env: {}, cwd: '/', stdin: new PassThrough(), stdout: out, stderr: err };
  expect(await runCli(['--help'], io)).toBe(0);
  expect(text).toMatch(/--approval-policy/);
  expect(await runCli(['--version'], io)).toBe(0);
  expect(text).toMatch(/agentotel-exec 0\.1\.0/);
  expect(await runCli(['--bogus'], io)).toBe(2);
  expect(await runCli(['a', 'b'], io)).toBe(2);
});
