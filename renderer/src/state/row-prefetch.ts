// Grid rows loaded before they are asked for, in idle time, so opening a client shows its rows at
// once: the clients visible in the sidebar (a search or a scroll brought them into view), and after
// the first screen every small client, 40 per request (workspace:connectionsOf). A reply read
// before the cache was dropped (a change arrived meanwhile) is not kept.
import type { GridConnection, TenantHealth } from '../../../preload/workspace-channels';
import type { Loadable } from './workspace-model';
import type { FivexApi } from '../bridge/fivex-api';

/** Rows prefetched in one idle pass at most (the 1,000-row client fits; a scroll through 500 clients does not). */
const PREFETCH_ROWS = 2_000;
/** In the background after loading: every client up to this size, up to this many rows in all. */
const BACKGROUND_CLIENT_ROWS = 50;
const BACKGROUND_ROWS = 10_000;
/** Clients per background request (~400 rows: a reply the page parses in a few milliseconds). */
const BACKGROUND_CHUNK = 40;

export const whenIdle = (run: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 500 });
  else setTimeout(run, 50);
};

interface Cached {
  readonly rows: ReadonlyMap<string, ReadonlyArray<GridConnection>>;
  readonly tenants: Loadable<ReadonlyArray<TenantHealth>>;
}

export function createRowPrefetcher(api: Pick<FivexApi, 'workspace'>, get: () => Cached, setRows: (rows: ReadonlyMap<string, ReadonlyArray<GridConnection>>) => void) {
  // Incremented whenever cached rows are dropped, so a reply read before the drop is not cached.
  let generation = 0;
  const inFlight = new Map<string, Promise<void>>();

  /** Several clients' rows in one request, cached unless dropped (or loaded) meanwhile. */
  const loadMany = (tenantIds: ReadonlyArray<string>): Promise<void> => {
    const loading: Promise<void> = fetchMany(tenantIds).finally(() => {
      for (const id of tenantIds) if (inFlight.get(id) === loading) inFlight.delete(id);
    });
    for (const id of tenantIds) inFlight.set(id, loading);
    return loading;
  };
  const fetchMany = async (tenantIds: ReadonlyArray<string>): Promise<void> => {
    const mine = generation;
    const reply = await api.workspace.connectionsOf({ tenantIds: [...tenantIds] });
    if (!reply.ok || mine !== generation) return;
    const byTenant = new Map<string, GridConnection[]>(tenantIds.map((id) => [id, []]));
    for (const row of reply.value) byTenant.get(row.tenantId)?.push(row);
    const rows = new Map(get().rows);
    for (const [id, list] of byTenant) if (!rows.has(id)) rows.set(id, list);
    setRows(rows);
  };

  /** Uncached clients among these, in order, up to a number of rows (their sizes from the sidebar's counts). */
  const uncached = (ids: ReadonlyArray<string>, maxClientRows: number, maxRows: number): string[] => {
    const { rows, tenants } = get();
    const sizes = new Map(tenants.kind === 'ready' ? tenants.value.map((t) => [t.id, t.connections]) : []);
    let budget = maxRows;
    return ids.filter((id) => {
      const size = sizes.get(id);
      if (size === undefined || size === 0 || size > maxClientRows || size > budget || rows.has(id) || inFlight.has(id)) return false;
      budget -= size;
      return true;
    });
  };

  return {
    /** The client the page is about to open (the last one), before the client list says its size. */
    now(tenantId: string): void {
      if (!get().rows.has(tenantId) && !inFlight.has(tenantId)) void loadMany([tenantId]);
    },
    /** A prefetch of this client still on its way, if any. */
    pending(tenantId: string): Promise<void> | undefined {
      return inFlight.get(tenantId);
    },
    /** The clients now in the sidebar's view. */
    visible(tenantIds: ReadonlyArray<string>): void {
      whenIdle(() => {
        const ids = uncached(tenantIds, PREFETCH_ROWS, PREFETCH_ROWS);
        if (ids.length > 0) void loadMany(ids);
      });
    },
    /** Small clients' rows, a chunk per request, one request at a time, each when the page is idle. */
    background(): void {
      const tenants = get().tenants;
      if (tenants.kind !== 'ready') return;
      const pending = uncached(tenants.value.map((t) => t.id), BACKGROUND_CLIENT_ROWS, BACKGROUND_ROWS);
      const next = (): void => {
        const chunk = uncached(pending.splice(0, BACKGROUND_CHUNK), BACKGROUND_CLIENT_ROWS, BACKGROUND_ROWS);
        if (chunk.length > 0) void loadMany(chunk).finally(() => whenIdle(next));
        else if (pending.length > 0) whenIdle(next);
      };
      whenIdle(next);
    },
    /** Cached rows were dropped: replies already on their way are not kept. */
    dropped(): void {
      generation += 1;
    },
  };
}
