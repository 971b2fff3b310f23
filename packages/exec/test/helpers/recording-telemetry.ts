import { type Attributes, SessionTelemetry, type Telemetry, type TelemetrySink } from '@agentotel/otel';
import type { StartTelemetry } from '../../src/telemetry/telemetry-runtime.ts';

/** One recorded event. */
export interface RecordedEvent {
  name: string;
  attributes: Attributes;
}

/** An in-memory telemetry sink and a `startTelemetry` that uses it; records service names too. */
export function recordingTelemetry(): {
  events: RecordedEvent[];
  serviceNames: string[];
  shutdowns: number;
  sink: TelemetrySink;
  start: StartTelemetry;
  named(name: string): RecordedEvent[];
} {
  const events: RecordedEvent[] = [];
  const serviceNames: string[] = [];
  const state = {
    events,
    serviceNames,
    shutdowns: 0,
    sink: {
      logsEnabled: true,
      metricsEnabled: false,
      emitEvent(name: string, attributes: Attributes) {
        events.push({ name, attributes });
      },
      addCounter() {},
      recordHistogram() {},
    } satisfies TelemetrySink,
    start: (async (_settings, options) => {
      serviceNames.push(options.serviceName);
      const t: Telemetry = {
        enabled: true,
        session: (meta) => new SessionTelemetry(state.sink, meta),
        shutdown: async () => {
          state.shutdowns++;
        },
        [Symbol.asyncDispose]: async () => {
          state.shutdowns++;
        },
      };
      return t;
    }) as StartTelemetry,
    named: (name: string) => events.filter((e) => e.name === name),
  };
  return state;
}

/** A SessionTelemetry over a recording sink. */
export function recordingSession(): { telemetry: SessionTelemetry; events: RecordedEvent[] } {
  const r = recordingTelemetry();
  return {
    events: r.events,
    telemetry: new SessionTelemetry(r.sink, {
      conversationId: '00000000-0000-4000-8000-000000000000',
      appVersion: '0.1.0',
      model: 'gpt-5',
      slug: 'gpt-5',
      terminalType: 'test',
      originator: 'agentotel_exec',
      logUserPrompt: false,
    }),
  };
}
