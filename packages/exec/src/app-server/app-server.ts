import { randomUUID } from 'node:crypto';
import type { ToolDecision } from '@agentotel/otel';
import { startTelemetry as defaultStartTelemetry } from '@agentotel/otel';
import type { CliDeps, CliIo } from '../cli/io.ts';
import { EXIT, type ExecOptions } from '../cli/options.ts';
import { AlreadyInitializedError, OriginatorRegistry } from '../originator.ts';
import { Session } from '../session/session.ts';
import {
  createModelClient,
  resolveAgentConfig,
  sessionMetadata,
  shutdownTimeout,
  VERSION,
} from '../setup.ts';
import { TelemetryRuntime } from '../telemetry/telemetry-runtime.ts';
import { type Approver, TOOL_DECISIONS } from '../tools/approval.ts';
import { toolEnvironmentOf } from '../tools/env-policy.ts';
import type { McpConnections } from '../tools/mcp.ts';
import { JsonRpcError, JsonRpcPeer, RPC_ERRORS } from './json-rpc.ts';

/** `service.name` of the app server unless the client's name sets the originator. */
export const APP_SERVER_SERVICE_NAME = 'agentotel_app_server';

/**
 * `agentotel-exec app-server`: JSON-RPC 2.0 over stdio (one JSON object per line).
 *
 * Methods: `initialize {clientInfo:{name,title?,version?}}` -> `{originator, serviceName, userAgent}`;
 * `thread/start` -> `{threadId}`; `turn/start {threadId?, prompt}` -> `{threadId, status, lastMessage?, usage?, error?}`
 * after streaming `thread/event` notifications (`{threadId, event}` with the `--json` event shapes);
 * `shutdown` -> null. Approvals are requests to the client: `execCommandApproval {threadId, callId,
 * command, cwd, reason?}` for a shell command and `mcpToolCallApproval {threadId, callId, server, tool,
 * arguments}` for an MCP tool call, each -> `{decision}`.
 *
 * Telemetry starts before `initialize` with `service.name` = {@link APP_SERVER_SERVICE_NAME} (or the
 * env override). When `initialize` sets the originator, telemetry is flushed and restarted with the
 * originator as `service.name`, so the header and `service.name` agree.
 */
export async function runAppServer(options: ExecOptions, io: CliIo, deps: CliDeps): Promise<number> {
  const config = await resolveAgentConfig(options, io);
  for (const w of config.warnings) io.stderr.write(`${w}\n`);
  const originator = deps.originator ?? new OriginatorRegistry(io.env);
  const timeoutMs = shutdownTimeout(io, deps);
  const runtime = await TelemetryRuntime.start({
    settings: config.otel,
    serviceName: originator.isOverridden() ? originator.get() : APP_SERVER_SERVICE_NAME,
    serviceVersion: VERSION,
    ...(timeoutMs !== undefined ? { shutdownTimeoutMs: timeoutMs } : {}),
    ...(deps.logRecordProcessors ? { logRecordProcessors: deps.logRecordProcessors } : {}),
    start: deps.startTelemetry ?? defaultStartTelemetry,
    env: io.env,
    onDiagnostic: (m) => io.stderr.write(`${m}\n`),
  });
  const peer = new JsonRpcPeer(io.stdout);
  const threads = new Map<string, Session>();
  const turnAbort = new AbortController();
  const onOuterAbort = () => turnAbort.abort(io.signal?.reason);
  io.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let mcp: McpConnections | undefined;
  let mcpStarting: Promise<McpConnections | undefined> | undefined;
  let initialized = false;
  const client = createModelClient(config, originator, io, deps);

  const ensureMcp = () => {
    mcpStarting ??= config.mcpServers.length
      ? import('../tools/mcp.ts')
          .then(({ McpConnections }) =>
            McpConnections.start(config.mcpServers, {
              version: VERSION,
              cwd: io.cwd,
              env: toolEnvironmentOf(config, io.env),
            }),
          )
          .then((m) => (mcp = m))
      : Promise.resolve(undefined);
    return mcpStarting;
  };

  const newThread = async (): Promise<Session> => {
    const conns = await ensureMcp();
    const threadId = randomUUID();
    const approver: Approver = {
      kind: 'app-server',
      async ask(req) {
        const [method, params] =
          req.kind === 'exec'
            ? ['execCommandApproval', { command: req.command, cwd: req.cwd }]
            : ['mcpToolCallApproval', { server: req.server, tool: req.tool, arguments: req.arguments }];
        const result = (await peer.request(
          method,
          { threadId, callId: req.callId, ...params, ...(req.reason ? { reason: req.reason } : {}) },
          turnAbort.signal,
        )) as { decision?: unknown } | null;
        const decision = result?.decision;
        if (!TOOL_DECISIONS.includes(decision as ToolDecision)) {
          throw new JsonRpcError(
            RPC_ERRORS.invalidParams,
            `${method}: expected decision in ${TOOL_DECISIONS.join(', ')}`,
          );
        }
        return decision as ToolDecision;
      },
    };
    const session = new Session({
      conversationId: threadId,
      config,
      client,
      telemetry: runtime.telemetry.session(sessionMetadata(config, io, originator, threadId, 'app-server')),
      mcp: conns,
      approver,
      cwd: io.cwd,
      env: io.env,
      emit: (event) => peer.notify('thread/event', { threadId, event }),
      ...(deps.maxSteps !== undefined ? { maxSteps: deps.maxSteps } : {}),
    });
    session.telemetry.conversationStarts({
      providerName: config.provider.name,
      ...(config.reasoningEffort ? { reasoningEffort: config.reasoningEffort } : {}),
      reasoningSummary: config.reasoningSummary,
      approvalPolicy: config.approvalPolicy,
      sandboxPolicy: config.sandboxMode,
      mcpServers: conns?.serverNames() ?? [],
    });
    threads.set(threadId, session);
    session.emit({ type: 'thread.started', thread_id: threadId });
    return session;
  };

  peer.on('initialize', async (params) => {
    const name = (params as { clientInfo?: { name?: unknown } } | undefined)?.clientInfo?.name;
    if (initialized) throw new JsonRpcError(RPC_ERRORS.alreadyInitialized, 'already initialized');
    if (typeof name !== 'string' || name === '') {
      throw new JsonRpcError(
        RPC_ERRORS.invalidParams,
        'initialize: params.clientInfo.name must be a non-empty string',
      );
    }
    try {
      originator.setDefault(name);
    } catch (err) {
      if (err instanceof AlreadyInitializedError)
        throw new JsonRpcError(RPC_ERRORS.alreadyInitialized, err.message);
      throw new JsonRpcError(RPC_ERRORS.invalidParams, (err as Error).message);
    }
    initialized = true;
    await runtime.rename(originator.get());
    return {
      originator: originator.get(),
      serviceName: runtime.serviceName,
      userAgent: client.userAgent(),
    };
  });
  peer.on('thread/start', async () => ({ threadId: (await newThread()).conversationId }));
  peer.on('turn/start', async (params) => {
    const p = (params ?? {}) as { threadId?: unknown; prompt?: unknown; input?: unknown };
    const prompt = typeof p.prompt === 'string' ? p.prompt : textOfInput(p.input);
    if (!prompt?.trim())
      throw new JsonRpcError(
        RPC_ERRORS.invalidParams,
        'turn/start: params.prompt must be a non-empty string',
      );
    let session: Session | undefined;
    if (typeof p.threadId === 'string') {
      session = threads.get(p.threadId);
      if (!session)
        throw new JsonRpcError(RPC_ERRORS.invalidParams, `turn/start: unknown threadId ${p.threadId}`);
    } else session = await newThread();
    const outcome = await session.runTurn(prompt, turnAbort.signal);
    return outcome.status === 'completed'
      ? {
          threadId: session.conversationId,
          status: 'completed',
          lastMessage: outcome.lastMessage ?? null,
          usage: outcome.usage,
        }
      : {
          threadId: session.conversationId,
          status: outcome.aborted ? 'aborted' : 'failed',
          error: { message: outcome.message },
        };
  });
  let closeInput: (() => void) | undefined;
  peer.on('shutdown', async () => {
    setImmediate(() => closeInput?.());
    return null;
  });

  try {
    await Promise.race([
      peer.serve(io.stdin),
      new Promise<void>((resolve) => {
        closeInput = resolve;
        io.signal?.addEventListener('abort', () => resolve(), { once: true });
      }),
    ]);
  } finally {
    io.signal?.removeEventListener('abort', onOuterAbort);
    turnAbort.abort('shutdown');
    await Promise.all([mcp?.close(), runtime.shutdown()]);
  }
  const reason = io.signal?.aborted ? io.signal.reason : undefined;
  if (reason === 'SIGINT') return EXIT.sigint;
  if (reason === 'SIGTERM') return EXIT.sigterm;
  return EXIT.ok;
}

function textOfInput(input: unknown): string | undefined {
  if (!Array.isArray(input)) return undefined;
  const texts = input
    .filter(
      (i): i is { type: string; text: string } =>
        typeof i === 'object' && i !== null && typeof i.text === 'string',
    )
    .map((i) => i.text);
  return texts.length ? texts.join('\n') : undefined;
}
