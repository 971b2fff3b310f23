import { WireMock } from 'wiremock-captain';
import type { Engine, JournalEntry, RequestOutcome, StartedEngine } from './engine.ts';
import { MockServerError } from './errors.ts';
import type { MountDefinition } from './mount-definition.ts';
import type { RawRequest } from './recorded-request.ts';
import {
  baseMappings,
  CATCH_ALL_ID,
  catchAllMapping,
  mountMappings,
  type StubTag,
  type WireMockMapping,
} from './wiremock-mappings.ts';
import { launchWireMock, type WireMockLaunchOptions } from './wiremock-process.ts';

/** One entry of WireMock's request journal, as the admin API returns it. */
export interface JournalServeEvent {
  request: {
    url: string;
    method: string;
    headers?: Record<string, string | string[]>;
    body?: string;
    loggedDate?: number;
  };
  stubMapping?: { metadata?: { agentotel?: StubTag } };
  wasMatched?: boolean;
}

/**
 * wiremock-captain's client plus the admin calls it lacks (bulk import, replace by id, typed journal).
 */
export class CaptainClient extends WireMock {
  /** Creates stubs in one call (`POST /__admin/mappings/import`). */
  async importMappings(mappings: readonly WireMockMapping[]): Promise<void> {
    await this.#send('POST', '__admin/mappings/import', { mappings });
  }

  /** Replaces (or creates) the stub with this id. */
  async putMapping(id: string, mapping: WireMockMapping): Promise<void> {
    await this.#send('PUT', `__admin/mappings/${id}`, mapping);
  }

  /** The request journal, oldest first. */
  async serveEvents(): Promise<JournalServeEvent[]> {
    return ((await this.getAllRequests()) as JournalServeEvent[]).reverse();
  }

  async #send(method: string, endpoint: string, body: unknown): Promise<void> {
    const res = await fetch(this.makeUrl(endpoint), {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      throw new MockServerError(
        'ENGINE_START_FAILED',
        `WireMock rejected ${method} /${endpoint}: ${res.status} ${text}`,
      );
    }
  }
}

/**
 * The request of a WireMock serve event (journal entry) as a {@link RawRequest}: header names
 * lower-cased, repeated values joined with `, `.
 */
export function rawFrom(event: Pick<JournalServeEvent, 'request'>): RawRequest {
  const url = new URL(event.request.url, 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.request.headers ?? {})) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: event.request.method.toUpperCase(),
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    headers,
    body: event.request.body ?? '',
  };
}

function outcomeOf(event: JournalServeEvent): RequestOutcome {
  const t = event.stubMapping?.metadata?.agentotel;
  if (t === undefined || t.kind === 'unmatched') return { kind: 'unmatched' };
  if (t.kind === 'rejected') return { kind: 'rejected', reason: t.reason };
  return t.kind === 'served' ? { kind: 'served', mountId: t.mountId } : { kind: t.kind };
}

/** What a WireMock engine installs and how it reads its journal, for {@link startWireMockEngine}. */
export interface WireMockEnginePlan {
  /** The stubs installed at start and on each reset (the catch-all among them). */
  base(): WireMockMapping[];
  /** The stubs of one mount. */
  mount(definition: MountDefinition): WireMockMapping[];
  /** The id of the catch-all stub, replaced on each mount by `catchAll(mounts)`. */
  catchAllId: string;
  /** The catch-all stub listing every mount so far. */
  catchAll(mounts: readonly MountDefinition[]): WireMockMapping;
  /** A serve event's outcome, from its stub's metadata. */
  outcomeOf(event: JournalServeEvent): RequestOutcome;
}

/**
 * Launches WireMock (`options`), installs `plan.base()` and returns it as a started engine; the
 * process is stopped when the first install fails.
 *
 * @throws the launch's error when WireMock does not start, MockServerError when it refuses the stubs.
 */
export async function startWireMockEngine(
  options: WireMockLaunchOptions,
  plan: WireMockEnginePlan,
): Promise<StartedEngine> {
  const proc = await launchWireMock(options);
  const client = new CaptainClient(proc.origin);
  const install = async () => {
    await client.clearAllMappings();
    await client.clearAllRequests();
    await client.resetAllScenarios();
    await client.importMappings(plan.base());
  };
  try {
    await install();
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return {
    origin: proc.origin,
    async mount(definition, mounts) {
      await client.importMappings(plan.mount(definition));
      await client.putMapping(plan.catchAllId, plan.catchAll(mounts));
    },
    async journal(): Promise<JournalEntry[]> {
      const events = await client.serveEvents();
      return events.map((e) => ({ request: rawFrom(e), outcome: plan.outcomeOf(e) }));
    },
    reset: install,
    close: () => proc.stop(),
  };
}

/** Creates a `wiremock` engine with launch options (Java path, start-up timeout). */
export function createWireMockEngine(options: WireMockLaunchOptions = {}): Engine {
  return {
    name: 'wiremock',
    start: () =>
      startWireMockEngine(options, {
        base: () => baseMappings([]),
        mount: mountMappings,
        catchAllId: CATCH_ALL_ID,
        catchAll: catchAllMapping,
        outcomeOf,
      }),
  };
}

/**
 * The `wiremock` engine: WireMock standalone from the npm `wiremock` jar on Java, driven by
 * wiremock-captain. Starts in about a second or more; streamed frames use WireMock's chunked dribble delay,
 * cuts a short body under a longer `Content-Length`, resets the `CONNECTION_RESET_BY_PEER` fault.
 */
export const wiremockEngine: Engine = createWireMockEngine();
