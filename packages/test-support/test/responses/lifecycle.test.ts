import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  evCompleted,
  launchWireMock,
  MockServerError,
  mountSseOnce,
  ResponsesInvariantError,
  sse,
  startMockServer,
} from '../../src/index.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return condition();
}

/** Process ids whose parent is `ppid` (Linux /proc). */
async function childrenOf(ppid: number): Promise<number[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === ppid) pids.push(Number(entry));
  }
  return pids;
}

describe('mock server lifecycle', () => {
  test('an unknown engine is rejected with the allowed names', async () => {
    await expect(startMockServer({ engine: 'nope' as 'msw' })).rejects.toThrow(
      /unknown mock server engine "nope"; use one of: msw, wiremock/,
    );
  });

  test('close() is idempotent, async dispose closes, a closed server refuses mounts', async () => {
    const server = await startMockServer();
    await server.close();
    await server.close();
    await expect(mountSseOnce(server, sse([evCompleted('r')]))).rejects.toBeInstanceOf(MockServerError);
    {
      await using disposable = await startMockServer();
      expect(disposable.url).toMatch(/\/v1$/);
    }
  });

  test('close() reports invariant violations nobody looked at', async () => {
    const server = await startMockServer();
    await fetch(`${server.url}/responses`, { method: 'POST', body: '{"model":"m"}' });
    await expect(server.close()).rejects.toBeInstanceOf(ResponsesInvariantError);
    await expect(fetch(`${server.url}/models`)).rejects.toThrow();
  });

  test('WireMock: stop() kills the java process and frees the port', async () => {
    const wm = await launchWireMock();
    const [javaPid] = await childrenOf(wm.pid);
    expect(javaPid).toBeDefined();
    await wm.stop();
    expect(await waitUntil(() => !alive(javaPid!), 5_000)).toBe(true);
    await expect(fetch(`${wm.origin}/__admin/health`)).rejects.toThrow();
  });

  test('WireMock: java dies with the Node process that started it, even on SIGKILL', async () => {
    const script = `
      import { launchWireMock } from ${JSON.stringify(fileURLToPath(new URL('../../src/responses/wiremock-process.ts', import.meta.url)))};
      const wm = await launchWireMock();
      console.log(String(wm.pid));
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const groupPid = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    const [javaPid] = await childrenOf(groupPid);
    expect(javaPid).toBeDefined();
    child.kill('SIGKILL');
    expect(await waitUntil(() => !alive(javaPid!), 10_000)).toBe(true);
  });
});
