export { APP_SERVER_SERVICE_NAME, runAppServer } from './app-server/app-server.ts';
export { JsonRpcError, JsonRpcPeer, RPC_ERRORS } from './app-server/json-rpc.ts';
export type { CliDeps, CliIo } from './cli/io.ts';
export { EXEC_OPTIONS, EXIT, type ExecOptions, helpText, type OptionSpec } from './cli/options.ts';
export { type ParsedCommand, parseArgs, UsageError } from './cli/parse-args.ts';
export { ConfigError } from './config/errors.ts';
export {
  agentHome,
  type LoadConfigOptions,
  loadConfig,
  type McpServerConfig,
  PROVIDER_DEFAULTS,
  type ProviderConfig,
  type ResolvedConfig,
} from './config/load.ts';
export { applyOverrides, type ConfigOverride, parseOverride } from './config/overrides.ts';
export {
  APPROVAL_POLICIES,
  type ApprovalPolicy,
  configSchema,
  SANDBOX_MODES,
  type SandboxMode,
} from './config/schema.ts';
export { ModelError, type ModelErrorCode } from './model/errors.ts';
export {
  FINAL_FAILED_CODES,
  type ModelRequest,
  type ModelTelemetry,
  ResponsesClient,
  type ResponsesClientOptions,
  readUsage,
  retryAfterMs,
  type StreamHandlers,
} from './model/responses-client.ts';
export { SseFrameReader } from './model/sse-frames.ts';
export type {
  FunctionToolSpec,
  InputItem,
  ModelTurnResult,
  OutputItem,
  ResponseUsage,
} from './model/types.ts';
export {
  AlreadyInitializedError,
  DEFAULT_ORIGINATOR,
  globalOriginator,
  InvalidOriginatorError,
  ORIGINATOR_OVERRIDE_ENV,
  OriginatorRegistry,
  originator,
  setDefaultOriginator,
} from './originator.ts';
export { runCli } from './run.ts';
export type { ThreadEvent, ThreadItem, TurnUsage } from './session/events.ts';
export {
  BASE_INSTRUCTIONS,
  DEFAULT_MAX_STEPS,
  Session,
  type SessionOptions,
  TurnAbortedError,
  type TurnOutcome,
} from './session/session.ts';
export { VERSION } from './setup.ts';
export {
  type StartTelemetry,
  shutdownAllTelemetry,
  TelemetryRuntime,
} from './telemetry/telemetry-runtime.ts';
export {
  type ApprovalRequest,
  ApprovalsFileApprover,
  type ApprovalsFileEntry,
  type Approver,
  type ExecApprovalRequest,
  isKnownSafeCommand,
  type McpApprovalRequest,
  mcpPolicyDecision,
  NoAnswerError,
  policyDecision,
  TOOL_DECISIONS,
  TtyApprover,
} from './tools/approval.ts';
export { McpConnections, McpStartupError, type McpToolEntry } from './tools/mcp.ts';
export {
  capOutput,
  parseShellArgs,
  runShell,
  SHELL_TOOL_NAME,
  SHELL_TOOL_SPEC,
  type ShellArgs,
} from './tools/shell.ts';
