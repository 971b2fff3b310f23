import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { startTelemetry as defaultStartTelemetry } from '@agentotel/otel';
import { ConfigError } from '../config/errors.ts';
import type { ResolvedConfig } from '../config/load.ts';
import { ModelError } from '../model/errors.ts';
import { OriginatorRegistry } from '../originator.ts';
import type { ThreadEvent } from '../session/events.ts';
import { Session } from '../session/session.ts';
import {
  createModelClient,
  resolveAgentConfig,
  sessionMetadata,
  shutdownTimeout,
  VERSION,
} from '../setup.ts';
import { TelemetryRuntime } from '../telemetry/telemetry-runtime.ts';
import { ApprovalsFileApprover, type Approver, TtyApprover } from '../tools/approval.ts';
import { toolEnvironmentOf } from '../tools/env-policy.ts';
import type { McpConnections } from '../tools/mcp.ts';
import type { CliDeps, CliIo } from './io.ts';
import { EXIT, type ExecOptions } from './options.ts';
import { UsageError } from './parse-args.ts';

/** Runs `agentotel-exec [OPTIONS] [PROMPT]`; returns the exit status. Telemetry is flushed before it returns. */
export async function runExec(
  options: ExecOptions,
  promptArg: string | undefined,
  io: CliIo,
  deps: CliDeps,
): Promise<number> {
  const err = (line: string) => io.stderr.write(`${line}\n`);
  const cwd = resolve(io.cwd, options.cd ?? '.');
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
    err(`[agentotel-exec] --cd ${options.cd}: not a directory`);
    return EXIT.failure;
  }
  if (!options.skipGitRepoCheck && !insideGitRepo(cwd)) {
    err('[agentotel-exec] not inside a Git repository: run in one, or pass --skip-git-repo-check');
    return EXIT.failure;
  }
  const config = await resolveAgentConfig(options, io);
  for (const w of config.warnings) err(w);

  const prompt = await readPrompt(promptArg, io);
  if (prompt.trim() === '') throw new UsageError('empty prompt: pass PROMPT, or "-" to read it from stdin');

  const originator = deps.originator ?? new OriginatorRegistry(io.env);
  const timeoutMs = shutdownTimeout(io, deps);
  const runtime = await TelemetryRuntime.start({
    settings: config.otel,
    serviceName: originator.get(),
    serviceVersion: VERSION,
    ...(timeoutMs !== undefined ? { shutdownTimeoutMs: timeoutMs } : {}),
    ...(deps.logRecordProcessors ? { logRecordProcessors: deps.logRecordProcessors } : {}),
    start: deps.startTelemetry ?? defaultStartTelemetry,
    env: io.env,
    onDiagnostic: (m) => io.stderr.write(`${m}\n`),
  });
  let mcp: McpConnections | undefined;
  try {
    const emit = eventWriter(options.json, io);
    if (config.mcpServers.length > 0) {
      // The MCP SDK (~80 ms of module loading) is only loaded when a server is configured.
      const { McpConnections } = await import('../tools/mcp.ts');
      mcp = await McpConnections.start(config.mcpServers, {
        version: VERSION,
        cwd,
        env: toolEnvironmentOf(config, io.env),
      });
    }
    const client = createModelClient(config, originator, io, deps);
    client.headers(); // fail early on a missing API key
    const approvalsFile = options.approvalsFile ?? io.env.AGENTOTEL_APPROVALS_FILE;
    const approver: Approver | undefined = approvalsFile
      ? new ApprovalsFileApprover(resolve(io.cwd, approvalsFile))
      : io.stdin.isTTY && promptArg !== undefined && promptArg !== '-'
        ? new TtyApprover(io.stdin, io.stderr)
        : undefined;
    const conversationId = randomUUID();
    const session = new Session({
      conversationId,
      config,
      client,
      telemetry: runtime.telemetry.session(sessionMetadata(config, io, originator, conversationId, 'exec')),
      mcp,
      approver,
      cwd,
      env: io.env,
      emit,
      ...(deps.maxSteps !== undefined ? { maxSteps: deps.maxSteps } : {}),
    });
    return await runSessionTurn(session, prompt, options, io, config, mcp);
  } finally {
    // Flush telemetry while the MCP servers close: the time from the final answer to exit is
    // bounded by the telemetry shutdown timeout, not by the sum of both.
    await Promise.all([mcp?.close(), runtime.shutdown()]);
  }
}

async function runSessionTurn(
  session: Session,
  prompt: string,
  options: ExecOptions,
  io: CliIo,
  config: ResolvedConfig,
  mcp: McpConnections | undefined,
): Promise<number> {
  session.telemetry.conversationStarts({
    providerName: config.provider.name,
    ...(config.reasoningEffort ? { reasoningEffort: config.reasoningEffort } : {}),
    reasoningSummary: config.reasoningSummary,
    ...(config.contextWindow !== undefined ? { contextWindow: config.contextWindow } : {}),
    ...(config.maxOutputTokens !== undefined ? { maxOutputTokens: config.maxOutputTokens } : {}),
    ...(config.autoCompactTokenLimit !== undefined
      ? { autoCompactTokenLimit: config.autoCompactTokenLimit }
      : {}),
    approvalPolicy: config.approvalPolicy,
    sandboxPolicy: config.sandboxMode,
    mcpServers: mcp?.serverNames() ?? [],
  });
  session.emit({ type: 'thread.started', thread_id: session.conversationId });
  const outcome = await session.runTurn(prompt, io.signal);
  if (outcome.status === 'completed') {
    if (!options.json && outcome.lastMessage !== undefined) io.stdout.write(`${outcome.lastMessage}\n`);
    if (options.outputLastMessage) {
      await writeFile(resolve(io.cwd, options.outputLastMessage), outcome.lastMessage ?? '');
    }
    return EXIT.ok;
  }
  if (options.outputLastMessage)
    await writeFile(resolve(io.cwd, options.outputLastMessage), '').catch(() => {});
  const reason = io.signal?.aborted ? io.signal.reason : undefined;
  if (reason === 'SIGINT') return EXIT.sigint;
  if (reason === 'SIGTERM') return EXIT.sigterm;
  io.stderr.write(`[agentotel-exec] turn failed: ${outcome.message}\n`);
  return EXIT.failure;
}

/** The sink of thread events: JSON Lines on stdout with `--json`, short progress lines on stderr otherwise. */
function eventWriter(json: boolean, io: CliIo): (e: ThreadEvent) => void {
  if (json) return (e) => io.stdout.write(`${JSON.stringify(e)}\n`);
  return (e) => {
    if (e.type === 'item.started' && e.item.type === 'command_execution')
      io.stderr.write(`exec ${e.item.command}\n`);
    if (e.type === 'item.completed' && e.item.type === 'command_execution') {
      io.stderr.write(
        `  ${e.item.status}${e.item.exit_code !== null ? ` (exit ${e.item.exit_code})` : ''}\n`,
      );
    }
    if (e.type === 'item.started' && e.item.type === 'mcp_tool_call')
      io.stderr.write(`mcp ${e.item.server}/${e.item.tool}\n`);
  };
}

async function readPrompt(arg: string | undefined, io: CliIo): Promise<string> {
  if (arg !== undefined && arg !== '-') return arg;
  if (arg === undefined && io.stdin.isTTY) {
    throw new UsageError('no prompt: pass PROMPT, or pipe it on stdin');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function insideGitRepo(dir: string): boolean {
  let d = dir;
  for (;;) {
    if (existsSync(join(d, '.git'))) return true;
    const parent = dirname(d);
    if (parent === d) return false;
    d = parent;
  }
}

/** Maps an error thrown while running to a status and one stderr line. */
export function errorExit(e: unknown, io: CliIo): number {
  if (e instanceof UsageError) {
    io.stderr.write(`[agentotel-exec] ${e.message}\nTry 'agentotel-exec --help'.\n`);
    return EXIT.usage;
  }
  if (e instanceof ConfigError) {
    io.stderr.write(`${e.message}\n`);
    return EXIT.failure;
  }
  if (e instanceof ModelError) {
    io.stderr.write(`[agentotel-exec] ${e.message}\n`);
    return EXIT.failure;
  }
  const msg = e instanceof Error ? e.message : String(e);
  io.stderr.write(`${msg.startsWith('[') ? msg : `[agentotel-exec] error: ${msg}`}\n`);
  return EXIT.failure;
}
