import type { Attributes, TelemetrySink } from '../events/telemetry-sink.ts';
import type { MetricName } from '../metrics/metric-names.ts';

/** One call made before the SDK was loaded, kept as it was made (the event's own timestamp included). */
type BufferedCall =
  | { op: 'event'; name: string; attributes: Attributes; time: Date }
  | { op: 'counter' | 'histogram'; name: MetricName; value: number; tags: Record<string, string> };

/**
 * The sink a started {@link Telemetry} hands its sessions while the OpenTelemetry SDK is still being
 * loaded in the background. It holds calls in memory, in order, up to a bound (`maxQueueSize` log
 * records and as many metric points; further calls are dropped, as the SDK's batch worker drops
 * records when its queue is full), replays them into the SDK sink once that exists, and from then
 * on forwards every call directly.
 *
 * `logsEnabled` / `metricsEnabled` are known from the settings, before the SDK is loaded; after
 * {@link BufferedSink.discard} (the SDK could not be loaded, or shutdown gave up on it) they turn
 * false and calls cost nothing.
 */
export class BufferedSink implements TelemetrySink {
  #target: TelemetrySink | undefined;
  #calls: BufferedCall[] = [];
  #events = 0;
  #points = 0;
  #logs: boolean;
  #metrics: boolean;
  readonly #cap: number;
  #dropped = 0;
  #droppedEvents = 0;

  constructor(o: { logs: boolean; metrics: boolean; maxBuffered: number }) {
    this.#logs = o.logs;
    this.#metrics = o.metrics;
    this.#cap = Math.max(0, o.maxBuffered);
  }

  get logsEnabled(): boolean {
    return this.#target ? this.#target.logsEnabled : this.#logs;
  }

  get metricsEnabled(): boolean {
    return this.#target ? this.#target.metricsEnabled : this.#metrics;
  }

  /** Calls held so far (before {@link BufferedSink.attach}). */
  get buffered(): number {
    return this.#calls.length;
  }

  /** Calls dropped because the buffer was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Log records (events) among {@link BufferedSink.dropped}. */
  get droppedEvents(): number {
    return this.#droppedEvents;
  }

  emitEvent(eventName: string, attributes: Attributes, time: Date): void {
    const t = this.#target;
    if (t) {
      t.emitEvent(eventName, attributes, time);
      return;
    }
    if (!this.#logs) return;
    if (this.#events >= this.#cap) {
      this.#dropped++;
      this.#droppedEvents++;
      return;
    }
    this.#events++;
    this.#calls.push({ op: 'event', name: eventName, attributes, time });
  }

  addCounter(name: MetricName, value: number, tags: Record<string, string>): void {
    const t = this.#target;
    if (t) {
      t.addCounter(name, value, tags);
      return;
    }
    this.#point('counter', name, value, tags);
  }

  recordHistogram(name: MetricName, value: number, tags: Record<string, string>): void {
    const t = this.#target;
    if (t) {
      t.recordHistogram(name, value, tags);
      return;
    }
    this.#point('histogram', name, value, tags);
  }

  #point(op: 'counter' | 'histogram', name: MetricName, value: number, tags: Record<string, string>) {
    if (!this.#metrics) return;
    if (this.#points >= this.#cap) {
      this.#dropped++;
      return;
    }
    this.#points++;
    this.#calls.push({ op, name, value, tags });
  }

  /**
   * Replays every held call into `target`, in the order they were made and with their own
   * timestamps, then forwards all later calls to it. Synchronous, so no call can slip in between.
   */
  attach(target: TelemetrySink): void {
    if (this.#target) return;
    const calls = this.#calls;
    this.#calls = [];
    for (const c of calls) {
      try {
        if (c.op === 'event') target.emitEvent(c.name, c.attributes, c.time);
        else if (c.op === 'counter') target.addCounter(c.name, c.value, c.tags);
        else target.recordHistogram(c.name, c.value, c.tags);
      } catch {
        // telemetry never throws into the agent
      }
    }
    this.#target = target;
  }

  /** Drops what is held and ignores every later call (the SDK will never come). */
  discard(): void {
    if (this.#target) return;
    this.#calls = [];
    this.#logs = false;
    this.#metrics = false;
  }
}
