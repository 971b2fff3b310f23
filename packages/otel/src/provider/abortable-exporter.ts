/** Minimal shape shared by the SDK's log, metric and span exporters. */
interface ExporterLike {
  export(items: unknown, resultCallback: (result: { code: number; error?: Error }) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/** Shared switch: once `aborted`, wrapped exporters fail every export at once. */
export interface AbortSwitch {
  aborted: boolean;
  /** Called once when the switch is thrown (destroys sockets of HTTP agents). */
  onAbort: Array<() => void>;
}

/** `ExportResultCode.FAILED` of `@opentelemetry/core`. */
const FAILED = 1;

/**
 * Wraps an exporter so that after the shutdown deadline every further export fails immediately
 * instead of waiting for a dead receiver; everything else (temporality selectors) passes through.
 */
export function abortable<T extends ExporterLike>(inner: T, sw: AbortSwitch): T {
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'export') {
        return (items: unknown, cb: (result: { code: number; error?: Error }) => void) => {
          if (sw.aborted) {
            cb({
              code: FAILED,
              error: new Error('[@agentotel/otel] export abandoned: shutdown timeout reached'),
            });
            return;
          }
          target.export(items, cb);
        };
      }
      if (prop === 'forceFlush') {
        return () => (sw.aborted ? Promise.resolve() : (target.forceFlush?.() ?? Promise.resolve()));
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
