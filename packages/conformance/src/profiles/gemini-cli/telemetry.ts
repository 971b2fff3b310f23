import type { RenderedTelemetry, TelemetryConfig, TelemetryStyle } from '../profile.ts';

/** Where Gemini CLI reads its user settings, relative to `$HOME` ("Configuration"). */
export const GEMINI_SETTINGS_FILE = '.gemini/settings.json';

/**
 * The `telemetry` object of Gemini CLI's `settings.json` for a scenario (telemetry.md "Configuration"):
 * `enabled`, `target: "local"`, `otlpEndpoint` (the base URL; the exporters add `/v1/<signal>`),
 * `otlpProtocol` (`"http"` or `"grpc"`, the only two the page documents) and `logPrompts`, which is
 * written out in both directions because its default is `true`.
 *
 * @throws Error for `http/protobuf`, which the page does not document.
 */
export function geminiTelemetrySettings(config: TelemetryConfig): Record<string, unknown> {
  if (config.logs === 'none') return { enabled: false, logPrompts: config.logUserPrompt };
  const t = config.logs.transport;
  if (t === 'http/protobuf')
    throw new Error('[agentotel] Gemini CLI documents otlpProtocol "http" (OTLP/HTTP JSON) and "grpc" only');
  return {
    enabled: true,
    target: 'local',
    otlpEndpoint: config.logs.baseEndpoint,
    otlpProtocol: t === 'grpc' ? 'grpc' : 'http',
    logPrompts: config.logUserPrompt,
  };
}

/**
 * Renders a scenario's telemetry in the `gemini-settings` style: `{{geminiTelemetry}}` is the JSON of
 * the `telemetry` object (for a subject whose own `.gemini/settings.json` embeds it), and a
 * `.gemini/settings.json` holding only that object is written under the config folder for subjects
 * that bring none (a subject's own file of that name replaces it). Headers and TLS are not rendered:
 * the page documents neither.
 *
 * @throws Error for a style other than `gemini-settings`.
 */
export function renderGeminiCliTelemetry(style: TelemetryStyle, config: TelemetryConfig): RenderedTelemetry {
  if (style !== 'gemini-settings')
    throw new Error(`[agentotel] the gemini-cli profile cannot render telemetry style ${style}`);
  const telemetry = geminiTelemetrySettings(config);
  return {
    env: {},
    placeholders: { geminiTelemetry: JSON.stringify(telemetry) },
    files: { [GEMINI_SETTINGS_FILE]: `${JSON.stringify({ telemetry }, null, 2)}\n` },
  };
}
