import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** A JSON-RPC 2.0 error. */
export class JsonRpcError extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = 'JsonRpcError';
    this.code = code;
    this.data = data;
  }
}

/** Standard and app-server error codes. */
export const RPC_ERRORS = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  notInitialized: -32002,
  alreadyInitialized: -32003,
} as const;

type Handler = (params: unknown) => Promise<unknown>;

/**
 * A JSON-RPC 2.0 peer over newline-delimited JSON: serves requests, sends notifications, and sends
 * its own requests (approvals) to the client.
 */
export class JsonRpcPeer {
  readonly #out: Writable;
  readonly #handlers = new Map<string, Handler>();
  readonly #pending = new Map<
    number | string,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  #nextId = 1;

  constructor(out: Writable) {
    this.#out = out;
  }

  /** Registers the handler of a method. */
  on(method: string, handler: Handler): void {
    this.#handlers.set(method, handler);
  }

  /** Sends a notification. */
  notify(method: string, params: unknown): void {
    this.#send({ jsonrpc: '2.0', method, params });
  }

  /** Sends a request to the client and waits for its result. */
  request(method: string, params: unknown, signal?: AbortSignal): Promise<unknown> {
    const id = `srv-${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      signal?.addEventListener(
        'abort',
        () => {
          this.#pending.delete(id);
          reject(new Error('aborted'));
        },
        { once: true },
      );
      this.#send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Reads messages until `input` ends; resolves then. Requests run concurrently. */
  async serve(input: Readable): Promise<void> {
    const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    const running = new Set<Promise<void>>();
    for await (const line of rl) {
      if (line.trim() === '') continue;
      const p = this.#handleLine(line);
      running.add(p);
      p.finally(() => running.delete(p));
    }
    for (const { reject } of this.#pending.values()) reject(new Error('client closed the connection'));
    this.#pending.clear();
    await Promise.all(running);
  }

  async #handleLine(line: string): Promise<void> {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.#send({
        jsonrpc: '2.0',
        id: null,
        error: { code: RPC_ERRORS.parse, message: 'parse error: not JSON' },
      });
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const id = msg.id as number | string | undefined;
    if (typeof msg.method !== 'string') {
      // A response to one of our requests.
      const pending = id !== undefined ? this.#pending.get(id) : undefined;
      if (!pending || id === undefined) return;
      this.#pending.delete(id);
      if (msg.error) {
        const e = msg.error as { code?: number; message?: string };
        pending.reject(new JsonRpcError(e.code ?? RPC_ERRORS.internal, e.message ?? 'error'));
      } else pending.resolve(msg.result);
      return;
    }
    const handler = this.#handlers.get(msg.method);
    if (!handler) {
      if (id !== undefined) {
        this.#send({
          jsonrpc: '2.0',
          id,
          error: { code: RPC_ERRORS.methodNotFound, message: `method not found: ${msg.method}` },
        });
      }
      return;
    }
    try {
      const result = await handler(msg.params);
      if (id !== undefined) this.#send({ jsonrpc: '2.0', id, result: result ?? null });
    } catch (err) {
      if (id === undefined) return;
      const e =
        err instanceof JsonRpcError ? err : new JsonRpcError(RPC_ERRORS.internal, (err as Error).message);
      this.#send({
        jsonrpc: '2.0',
        id,
        error: { code: e.code, message: e.message, ...(e.data !== undefined ? { data: e.data } : {}) },
      });
    }
  }

  #send(msg: unknown): void {
    this.#out.write(`${JSON.stringify(msg)}\n`);
  }
}
