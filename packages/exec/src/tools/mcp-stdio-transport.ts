import { type ChildProcess, spawn } from 'node:child_process';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { signalProcessGroup } from './process-group.ts';

/** Options of {@link ProcessGroupStdioTransport}. */
export interface ProcessGroupStdioOptions {
  command: string;
  args: string[];
  /** The server's whole environment (nothing else is inherited). */
  env: Record<string, string>;
  cwd: string;
  /** How long `close()` waits for the server to exit after its stdin ends. @defaultValue 500 */
  stdinGraceMs?: number;
  /** Time between SIGTERM and SIGKILL to the server's group on close. @defaultValue 1000 */
  killGraceMs?: number;
}

/**
 * The MCP stdio client transport (newline-delimited JSON-RPC over the server's stdin/stdout, the
 * SDK's `ReadBuffer`/`serializeMessage`), with the server in its own process group: `close()` ends
 * stdin, then signals the whole group (SIGTERM, then SIGKILL), so a server started
 * through a wrapper (`sh -c`, `npx`) leaves no orphan, also when its start-up timed out. stderr is
 * ignored, as with the SDK transport's `stderr: 'ignore'`.
 */
export class ProcessGroupStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly #opts: ProcessGroupStdioOptions;
  readonly #buffer = new ReadBuffer();
  #child: ChildProcess | undefined;

  constructor(opts: ProcessGroupStdioOptions) {
    this.#opts = opts;
  }

  /** The server's pid, which is also its process group id; undefined before start. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  start(): Promise<void> {
    if (this.#child) throw new Error('ProcessGroupStdioTransport already started');
    return new Promise((resolve, reject) => {
      const child = spawn(this.#opts.command, this.#opts.args, {
        env: this.#opts.env,
        cwd: this.#opts.cwd,
        detached: true,
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      this.#child = child;
      child.once('error', (err) => {
        reject(err);
        this.onerror?.(err);
      });
      child.once('spawn', () => resolve());
      child.once('exit', () => {
        // The server is gone: anything it left in its group goes too.
        signalProcessGroup(child.pid, 'SIGKILL');
      });
      child.once('close', () => {
        if (this.#child === child) this.#child = undefined;
        this.onclose?.();
      });
      child.stdin!.on('error', (err) => this.onerror?.(err));
      child.stdout!.on('error', (err) => this.onerror?.(err));
      child.stdout!.on('data', (chunk: Buffer) => {
        this.#buffer.append(chunk);
        for (;;) {
          let message: JSONRPCMessage | null;
          try {
            message = this.#buffer.readMessage();
          } catch (err) {
            this.onerror?.(err as Error);
            continue;
          }
          if (message === null) break;
          this.onmessage?.(message);
        }
      });
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.#child?.stdin;
    if (!stdin) return Promise.reject(new Error('Not connected'));
    return new Promise((resolve) => {
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /**
   * Stops the server as the MCP stdio transport describes it: ends stdin, waits up to `stdinGraceMs`
   * for it to exit, then SIGTERM to its whole group, SIGKILL after `killGraceMs`. Whatever is left in
   * the group is killed even when the server itself exited. Resolves once the server exited (bounded).
   */
  async close(): Promise<void> {
    const child = this.#child;
    this.#buffer.clear();
    if (!child) return;
    const pgid = child.pid;
    const exited =
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve(true)
        : new Promise<boolean>((r) => child.once('exit', () => r(true)));
    const within = (ms: number) =>
      Promise.race([exited, new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
    try {
      child.stdin?.end();
    } catch {
      // already closed
    }
    if (!(await within(this.#opts.stdinGraceMs ?? 500))) {
      signalProcessGroup(pgid, 'SIGTERM');
      await within(this.#opts.killGraceMs ?? 1000);
    }
    // Whatever is left in the group (a wrapper's child, a process ignoring SIGTERM) is killed now.
    signalProcessGroup(pgid, 'SIGKILL');
    await within(500);
  }
}
