import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { MAIN } from './harness.ts';

/**
 * A JSON-RPC message or value as the tests read it: any property path, checked by the assertions that
 * read it rather than by the compiler (the protocol's shapes are exec's, in src/app-server/).
 */
// biome-ignore lint/suspicious/noExplicitAny: JSON read by path in assertions; its shape is what the tests check
export type Json = any;

/** A JSON-RPC client driving `agentotel-exec app-server` as a child process. */
export class AppServerClient {
  readonly child: ResultPromise;
  readonly notifications: Array<{ method: string; params: Json }> = [];
  readonly #pending = new Map<number, (msg: Json) => void>();
  #nextId = 1;
  /** Answers server-to-client requests (approvals). */
  onRequest: (method: string, params: Json) => unknown = () => null;

  constructor(home: string, env: Record<string, string> = {}, args: string[] = []) {
    this.child = execa(process.execPath, ['--conditions=@agentotel/source', MAIN, 'app-server', ...args], {
      cwd: home,
      env: {
        AGENTOTEL_HOME: home,
        MOCK_API_KEY: 'dummy',
        AGENTOTEL_OTEL_SHUTDOWN_TIMEOUT_MS: '10000',
        ...env,
      },
      reject: false,
      timeout: 30_000,
    });
    const rl = createInterface({ input: this.child.stdout! });
    rl.on('line', (line) => {
      const msg = JSON.parse(line);
      if (msg.method && msg.id !== undefined) {
        const result = this.onRequest(msg.method, msg.params);
        this.child.stdin!.write(`${JSON.stringify({ jsonrpc: '2.0', id: msg.id, result })}\n`);
      } else if (msg.method) this.notifications.push(msg);
      else this.#pending.get(msg.id)?.(msg);
    });
  }

  /** Sends a request; resolves with the whole response (`result` or `error`). */
  request(
    method: string,
    params?: unknown,
  ): Promise<{ result?: Json; error?: { code: number; message: string } }> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.child.stdin!.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  /** Asks the server to shut down, closes stdin, and waits for the exit. */
  async close(): Promise<{ exitCode: number | undefined; stderr: string }> {
    await this.request('shutdown');
    this.child.stdin!.end();
    const r = await this.child;
    return { exitCode: r.exitCode, stderr: String(r.stderr) };
  }
}
