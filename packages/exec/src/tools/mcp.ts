import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { McpServerConfig } from '../config/load.ts';
import type { FunctionToolSpec } from '../model/types.ts';
import { ProcessGroupStdioTransport } from './mcp-stdio-transport.ts';

/** One MCP tool as offered to the model. */
export interface McpToolEntry {
  /** Name offered to the model: `mcp__<server>__<tool>`. */
  qualifiedName: string;
  server: string;
  tool: string;
  /** The server annotates the tool `readOnlyHint: true` (MCP tool annotations); `untrusted` then calls it without asking. */
  readOnly: boolean;
  spec: FunctionToolSpec;
}

/** The result of an MCP tool call as returned to the model. */
export interface McpCallOutcome {
  output: string;
  success: boolean;
}

/** Thrown when an MCP server cannot be started or listed; names the server. `code` is `MCP_STARTUP`. */
export class McpStartupError extends Error {
  readonly code = 'MCP_STARTUP';
  constructor(server: string, message: string) {
    super(`[agentotel-exec] MCP server "${server}" failed to start: ${message}`);
    this.name = 'McpStartupError';
  }
}

/** Options of {@link McpConnections.start}. */
export interface McpStartOptions {
  /** The agent version, sent as the client version. */
  version: string;
  /** The working directory of stdio servers without their own `cwd`. */
  cwd: string;
  /** The environment of stdio servers, before their `env` table (the filtered tool environment). */
  env: Record<string, string>;
}

/** Connected MCP servers and their tools, through `@modelcontextprotocol/sdk`. */
export class McpConnections {
  readonly #clients = new Map<string, { client: Client; toolTimeoutMs: number }>();
  readonly #tools = new Map<string, McpToolEntry>();
  #order: string[] = [];

  /**
   * Connects every server and lists its tools. A stdio server runs in its own process group with
   * `opts.env` (the tool environment, see `toolEnvironmentOf`) plus its `env` table; when its start-up
   * fails or times out, its whole group is killed.
   *
   * @throws McpStartupError
   */
  static async start(servers: McpServerConfig[], opts: McpStartOptions): Promise<McpConnections> {
    const conns = new McpConnections();
    conns.#order = servers.map((s) => s.name);
    try {
      await Promise.all(servers.map((s) => conns.#connect(s, opts)));
    } catch (err) {
      await conns.close();
      throw err;
    }
    return conns;
  }

  async #connect(s: McpServerConfig, opts: McpStartOptions): Promise<void> {
    const client = new Client({ name: 'agentotel-exec', version: opts.version });
    const transport =
      s.kind === 'stdio'
        ? new ProcessGroupStdioTransport({
            command: s.command,
            args: s.args,
            env: { ...opts.env, ...s.env },
            cwd: s.cwd ?? opts.cwd,
          })
        : new StreamableHTTPClientTransport(new URL(s.url), {
            requestInit: s.bearerToken ? { headers: { authorization: `Bearer ${s.bearerToken}` } } : {},
          });
    const timeout = s.startupTimeoutMs;
    try {
      await client.connect(transport, { timeout });
      const listed = await client.listTools(undefined, { timeout });
      this.#clients.set(s.name, { client, toolTimeoutMs: s.toolTimeoutMs });
      for (const tool of listed.tools) {
        const qualifiedName = `mcp__${s.name}__${tool.name}`.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
        this.#tools.set(qualifiedName, {
          qualifiedName,
          server: s.name,
          tool: tool.name,
          readOnly: tool.annotations?.readOnlyHint === true,
          spec: {
            type: 'function',
            name: qualifiedName,
            description: tool.description ?? `${tool.name} from MCP server ${s.name}`,
            parameters: (tool.inputSchema as Record<string, unknown>) ?? { type: 'object', properties: {} },
            strict: false,
          },
        });
      }
    } catch (err) {
      await Promise.all([client.close().catch(() => {}), transport.close().catch(() => {})]);
      throw new McpStartupError(s.name, (err as Error).message);
    }
  }

  /** The server names, in configuration order. */
  serverNames(): string[] {
    return this.#order.filter((n) => this.#clients.has(n));
  }

  /** Every tool, for the request's `tools`. */
  tools(): McpToolEntry[] {
    const rank = (t: McpToolEntry) => this.#order.indexOf(t.server);
    return [...this.#tools.values()].sort((a, b) => rank(a) - rank(b) || a.tool.localeCompare(b.tool));
  }

  /** The tool offered under `name`, if any. */
  lookup(name: string): McpToolEntry | undefined {
    return this.#tools.get(name);
  }

  /** Calls a tool; protocol errors and `isError` results are `success: false`. */
  async call(entry: McpToolEntry, args: string, signal?: AbortSignal): Promise<McpCallOutcome> {
    const conn = this.#clients.get(entry.server);
    if (!conn) return { output: `MCP server ${entry.server} is not connected`, success: false };
    let parsed: Record<string, unknown> = {};
    try {
      const v: unknown = args.trim() === '' ? {} : JSON.parse(args);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('expected a JSON object');
      parsed = v as Record<string, unknown>;
    } catch (err) {
      return { output: `failed to parse function arguments: ${(err as Error).message}`, success: false };
    }
    try {
      const result = await conn.client.callTool({ name: entry.tool, arguments: parsed }, undefined, {
        timeout: conn.toolTimeoutMs,
        ...(signal ? { signal } : {}),
      });
      const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
      const text = content.every((c) => c.type === 'text')
        ? content.map((c) => c.text ?? '').join('\n')
        : JSON.stringify(content);
      return { output: text, success: result.isError !== true };
    } catch (err) {
      return { output: `MCP tool call failed: ${(err as Error).message}`, success: false };
    }
  }

  /** Closes every connection (stdio servers are stopped). */
  async close(): Promise<void> {
    const clients = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(clients.map((c) => c.client.close().catch(() => {})));
  }
}
