import type { Scenario } from '../scenarios/model.ts';

/** Options of {@link mapLimit}. */
export interface MapLimitOptions<T> {
  /**
   * The expected cost of an item (any unit, e.g. ms). Items start in decreasing cost (ties in input
   * order): with the longest first, the last item to finish is a short one, so the wall time stays near
   * the critical-path floor `max(longest item, sum of items / concurrency)` (longest-processing-time
   * scheduling). Without it, items start in input order.
   */
  cost?: (item: T) => number;
}

/**
 * Maps `items` through `fn` with at most `concurrency` calls in flight. Results keep the order of
 * `items`, whatever the order the calls started in.
 *
 * @example await mapLimit(scenarios, 4, (s) => runScenario(s, subject, res), { cost: expectedScenarioMs })
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
  options: MapLimitOptions<T> = {},
): Promise<R[]> {
  const out = new Array<R>(items.length);
  const order = items.map((_, i) => i);
  const { cost } = options;
  if (cost) {
    const costs = items.map((item) => cost(item));
    order.sort((a, b) => costs[b]! - costs[a]! || a - b);
  }
  let next = 0;
  const worker = async () => {
    while (next < order.length) {
      const i = order[next++]!;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return out;
}

/**
 * The harness's flush budget: how long an agent may take to give up exporting to a receiver that is
 * down before it exits (the batch exporter's shutdown timeout of the reference agent, 2,000 ms).
 */
export const RECEIVER_DOWN_WAIT_MS = 2_000;

/**
 * A rough expected wall time of a scenario, in ms, to start the longest first ({@link mapLimit}'s
 * `cost`): a process start, each model response, each tool call (a shell
 * runs and the conversation goes on), each delta of a long stream, TLS handshakes, and the wait of an agent whose receiver is down
 * (it waits out its flush timeout before exiting). Only the order matters; the figures are the builtin
 * agent's on 2 cores.
 */
export function expectedScenarioMs(scenario: Scenario): number {
  let ms = 400;
  for (const step of scenario.steps) {
    const times = step.times ?? 1;
    ms += times * 40;
    if (step.kind === 'tool-call') ms += times * 80;
    if (step.kind === 'answer') ms += times * (step.deltas ?? 1) * 0.3;
  }
  if (scenario.telemetry.tls) ms += 100;
  if (scenario.telemetry.exporter === 'otlp' && scenario.telemetry.receiver === 'down')
    ms += RECEIVER_DOWN_WAIT_MS;
  return ms;
}
