/**
 * The catalog's metric names (meter `codex`), the unit in the name for durations.
 *
 * Counters have no unit; `*.duration_ms` histograms are in milliseconds; `codex.turn.token_usage`
 * counts tokens.
 *
 * @see docs/catalog/codex.md §4
 */
export const MetricNames = Object.freeze({
  apiRequest: 'codex.api_request',
  apiRequestDurationMs: 'codex.api_request.duration_ms',
  sseEvent: 'codex.sse_event',
  sseEventDurationMs: 'codex.sse_event.duration_ms',
  toolCall: 'codex.tool.call',
  toolCallDurationMs: 'codex.tool.call.duration_ms',
  turnE2eDurationMs: 'codex.turn.e2e_duration_ms',
  turnTokenUsage: 'codex.turn.token_usage',
} as const);

/** One of the catalog's metric names. @see docs/catalog/codex.md §4 */
export type MetricName = (typeof MetricNames)[keyof typeof MetricNames];

/** The meter's name. @see docs/catalog/codex.md §4 */
export const METER_NAME = 'codex';

/** How each metric is recorded: monotonic counter or histogram, and its unit. @see docs/catalog/codex.md §4 */
export const METRIC_INSTRUMENTS: Readonly<
  Record<MetricName, { kind: 'counter' | 'histogram'; unit?: string }>
> = Object.freeze({
  [MetricNames.apiRequest]: { kind: 'counter' },
  [MetricNames.apiRequestDurationMs]: { kind: 'histogram', unit: 'ms' },
  [MetricNames.sseEvent]: { kind: 'counter' },
  [MetricNames.sseEventDurationMs]: { kind: 'histogram', unit: 'ms' },
  [MetricNames.toolCall]: { kind: 'counter' },
  [MetricNames.toolCallDurationMs]: { kind: 'histogram', unit: 'ms' },
  [MetricNames.turnE2eDurationMs]: { kind: 'histogram', unit: 'ms' },
  [MetricNames.turnTokenUsage]: { kind: 'histogram' },
});

/** Values of the `token_type` tag on `codex.turn.token_usage`. @see docs/catalog/codex.md §4 */
export type TokenType = 'total' | 'input' | 'cached_input' | 'output' | 'reasoning_output';
