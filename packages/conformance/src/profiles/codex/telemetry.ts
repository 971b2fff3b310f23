import type { RenderedTelemetry, TelemetryConfig, TelemetryStyle } from '../profile.ts';
import { renderOtelEnv } from '../telemetry/otel-env.ts';
import { otelToml } from './otel-toml.ts';

/**
 * Renders a scenario's telemetry for a Codex-catalog agent: `codex-toml` fills `{{otelToml}}` with the
 * `[otel]` table (header values keep `${VAR}`, which Codex documents as substituted; the variables are
 * set in the environment); `otel-env` sets the standard `OTEL_*` variables.
 *
 * @throws Error for a style the codex profile does not support.
 */
export function renderCodexTelemetry(style: TelemetryStyle, config: TelemetryConfig): RenderedTelemetry {
  if (style === 'otel-env') {
    const r = renderOtelEnv(config);
    return { ...r, placeholders: { otelToml: '' } };
  }
  if (style !== 'codex-toml')
    throw new Error(`[agentotel] the codex profile cannot render telemetry style ${style}`);
  const toml = otelToml({
    exporter:
      config.logs === 'none'
        ? 'none'
        : { transport: config.logs.transport, endpoint: config.logs.endpoint, headers: config.headers },
    metrics:
      config.metrics === 'none'
        ? undefined
        : { transport: config.metrics.transport, endpoint: config.metrics.endpoint },
    tls: config.tls,
    environment: config.environment,
    logUserPrompt: config.logUserPrompt,
  });
  return { env: { ...config.headerEnv }, placeholders: { otelToml: toml }, files: {} };
}
