import type { JournalEntry } from '@agentotel/test-support';
import type { ModelExchange } from '../model/scenario-run.ts';
import type { RenderedStep, StartedModelMock } from './profile.ts';

/** The part of a test-support mock server (any model API) that {@link journalModelMock} reads. */
export interface JournalingMockServer {
  /** The base URL the agent is pointed at. */
  readonly url: string;
  /** Every request since start, in arrival order, with its outcome. */
  journal(): Promise<JournalEntry[]>;
  /** Stops the server; never throws. */
  close(): Promise<void>;
}

/** How one model API's requests read in a mock server's journal. */
export interface ModelRequestReading {
  /** True for a model request's path (other requests, e.g. `GET …/models`, are skipped). */
  isModelRequest(path: string): boolean;
  /** The request body's key holding the conversation (`input`, `messages`, `contents`): the exchange's `input`. */
  inputKey: string;
  /** The tool results the agent sent back in `input`, by call id. */
  toolOutputsOf(input: unknown[]): Record<string, string>;
  /**
   * `full`: every exchange carries `toolOutputs` (`{}` when none) and an unmatched one `completes: false`;
   * `sparse`: `toolOutputs` only when there are some, and an unmatched exchange carries neither.
   */
  shape: 'full' | 'sparse';
  /** Run before the server closes (e.g. to collect what it still holds); its failure is ignored. */
  beforeClose?(): Promise<unknown>;
}

/**
 * Maps a mock server's journal to {@link ModelExchange}s: the model requests in arrival order, each
 * served one of `steps` in order (`stepIndex`), or `unmatched` (404; 500 for a Responses invariant
 * violation) once nothing was left to serve or nothing matched. A body that is not JSON reads as `[]`.
 */
export function exchangesOfJournal(
  journal: readonly JournalEntry[],
  steps: readonly RenderedStep[],
  reading: ModelRequestReading,
): ModelExchange[] {
  const model: ModelExchange[] = [];
  let served = 0;
  for (const e of journal) {
    if (e.request.method !== 'POST' || !reading.isModelRequest(e.request.path)) continue;
    let input: unknown[] = [];
    try {
      input = (JSON.parse(e.request.body) as Record<string, unknown[] | undefined>)[reading.inputKey] ?? [];
    } catch {}
    const toolOutputs = reading.toolOutputsOf(input);
    const full = reading.shape === 'full';
    if (e.outcome.kind === 'served') {
      const r = steps[served++]!;
      model.push({
        index: model.length,
        served: r.step.kind === 'http-error' ? 'http-error' : 'sse',
        status: r.status,
        frames: r.frames,
        input,
        stepIndex: served - 1,
        completes: r.completes,
        ...(full || Object.keys(toolOutputs).length ? { toolOutputs } : {}),
        ...('usage' in r.step ? { usage: r.step.usage } : {}),
      });
    } else {
      model.push({
        index: model.length,
        served: 'unmatched',
        status: e.outcome.kind === 'invariant-violation' ? 500 : 404,
        frames: [],
        input,
        ...(full ? { completes: false, toolOutputs } : {}),
      });
    }
  }
  return model;
}

/**
 * A started model mock over `server` (already serving `steps`): its exchanges read from the journal
 * by {@link exchangesOfJournal}; `close` is idempotent and never throws.
 */
export function journalModelMock(
  server: JournalingMockServer,
  steps: readonly RenderedStep[],
  reading: ModelRequestReading,
): StartedModelMock {
  let closed = false;
  return {
    url: server.url,
    async exchanges() {
      return exchangesOfJournal(await server.journal(), steps, reading);
    },
    async close() {
      if (closed) return;
      closed = true;
      await reading.beforeClose?.().catch(() => undefined);
      await server.close().catch(() => {});
    },
  };
}
