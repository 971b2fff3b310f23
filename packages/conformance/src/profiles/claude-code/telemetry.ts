import type { RenderedTelemetry, TelemetryConfig, TelemetryStyle } from '../profile.ts';
import { renderOtelEnv } from '../telemetry/otel-env.ts';

/**
 * Renders a scenario's telemetry the way Claude Code's "Monitoring" page configures it: the standard
 * OpenTelemetry variables (`OTEL_LOGS_EXPORTER`, `OTEL_METRICS_EXPORTER`,
 * `OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_HEADERS`, the
 * certificate variables of the OpenTelemetry specification the page refers to) plus
 * `CLAUDE_CODE_ENABLE_TELEMETRY=1` ("required") and, for the prompt opt-in, `OTEL_LOG_USER_PROMPTS=1`.
 * Exporter off is `OTEL_LOGS_EXPORTER=none` and `OTEL_METRICS_EXPORTER=none` ("Use `none` to
 * disable") with telemetry still enabled. The export intervals are left at their defaults (5 s logs,
 * 60 s metrics): every record must still arrive because the agent flushes on exit.
 *
 * @throws Error for a style other than `otel-env`.
 */
export function renderClaudeCodeTelemetry(style: TelemetryStyle, config: TelemetryConfig): RenderedTelemetry {
  if (style !== 'otel-env')
    throw new Error(`[agentotel] the claude-code profile cannot render telemetry style ${style}`);
  const r = renderOtelEnv(config);
  const env: Record<string, string> = { ...r.env, CLAUDE_CODE_ENABLE_TELEMETRY: '1' };
  if (config.logUserPrompt) env.OTEL_LOG_USER_PROMPTS = '1';
  return { env, placeholders: {}, files: r.files };
}
