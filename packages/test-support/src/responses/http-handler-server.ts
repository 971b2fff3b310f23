import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import type { RawRequest } from './recorded-request.ts';

/** Header the server adds to the fetch `Request` handed to msw, so resolvers can find the raw request. */
export const REQUEST_ID_HEADER = 'x-agentotel-request-id';

/** Thrown inside a response body stream to make the server drop the connection mid-body. */
export class CutConnection extends Error {
  constructor() {
    super('stream cut on purpose by the mock');
    this.name = 'CutConnection';
  }
}

/** A node:http server on 127.0.0.1 that answers with msw request handlers. */
export interface HandlerServer {
  readonly origin: string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (p: Buffer) => parts.push(p));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(body: Buffer): boolean {
  try {
    strictUtf8.decode(body);
    return true;
  } catch {
    return false;
  }
}

function rawFrom(req: IncomingMessage, body: Buffer): RawRequest {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    headers,
    body: body.toString('utf8'),
    ...(isUtf8(body) ? {} : { invalidUtf8: true }),
  };
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, response.statusText || undefined, headers);
  res.flushHeaders();
  if (response.body === null) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      // Wait until each piece reached the socket, so frames leave one by one and survive a later cut.
      await new Promise<void>((resolve, reject) =>
        res.write(value, (error) => (error ? reject(error) : resolve())),
      );
    }
    res.end();
  } catch {
    // A cut stream, a failing body or a client that went away: drop the connection mid-body.
    res.destroy();
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * Serves msw request handlers on a real port (an equivalent of `@mswjs/http-middleware` on `node:http`,
 * using msw's `getResponse`). `HttpResponse.error()` resets the connection (TCP RST).
 *
 * @param handlers read on every request, so handlers can be added while serving.
 * @param onRequest called with each request before the handlers run; returns the id given to them.
 */
export async function serveHandlers(
  handlers: () => readonly RequestHandler[],
  onRequest: (raw: RawRequest) => string,
): Promise<HandlerServer> {
  const sockets = new Set<Socket>();
  let origin = '';
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const raw = rawFrom(req, body);
      const id = onRequest(raw);
      const headers = new Headers();
      for (const [name, value] of Object.entries(raw.headers)) headers.set(name, value);
      headers.set(REQUEST_ID_HEADER, id);
      const hasBody = raw.method !== 'GET' && raw.method !== 'HEAD';
      const request = new Request(new URL(req.url ?? '/', origin), {
        method: raw.method,
        headers,
        body: hasBody ? new Uint8Array(body) : undefined,
      });
      const response = await getResponse([...handlers()], request, { baseUrl: origin });
      if (response === undefined) {
        res
          .writeHead(500, { 'content-type': 'text/plain' })
          .end('[@agentotel/test-support] no handler answered');
        return;
      }
      if (response.type === 'error') {
        req.socket.resetAndDestroy();
        return;
      }
      await writeResponse(res, response);
    } catch (error) {
      if (!res.headersSent) {
        res
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`[@agentotel/test-support] ${String(error)}`);
      } else {
        res.destroy();
      }
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
