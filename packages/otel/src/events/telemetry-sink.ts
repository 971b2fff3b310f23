import type { MetricName } from '../metrics/metric-names.ts';

/** An attribute value as the catalog uses them: string, int (a JS integer) or boolean. */
export type AttributeValue = string | number | boolean;

/** Attribute map of one LogRecord or metric point. */
export type Attributes = Record<string, AttributeValue>;

/**
 * Where {@link SessionTelemetry} writes: one LogRecord per event and metric points. The SDK-backed
 * sink lives behind the `#sdk` import; {@link NOOP_SINK} is used when telemetry is off.
 */
export interface TelemetrySink {
  /** False when log records go nowhere; the events then skip building attributes. */
  readonly logsEnabled: boolean;
  /** False when metrics go nowhere. */
  readonly metricsEnabled: boolean;
  /** Emits one LogRecord, severity INFO, with `eventName` set and `time` as its timestamp. */
  emitEvent(eventName: string, attributes: Attributes, time: Date): void;
  /** Adds `value` to a counter of docs/catalog/codex.md §4. */
  addCounter(name: MetricName, value: number, tags: Record<string, string>): void;
  /** Records `value` (ms or tokens, see the name) in a histogram of docs/catalog/codex.md §4. */
  recordHistogram(name: MetricName, value: number, tags: Record<string, string>): void;
}

/** The sink of disabled telemetry: every call does nothing. */
export const NOOP_SINK: TelemetrySink = Object.freeze({
  logsEnabled: false,
  metricsEnabled: false,
  emitEvent() {},
  addCounter() {},
  recordHistogram() {},
});
