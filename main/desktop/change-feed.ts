// The desktop's one change stream while the vault is unlocked: connections and tenants that
// changed, as they are now, whoever changed them. In this process the engine says when (its
// events: state changes, refresh results, scheduler ticks) and the handlers after each action;
// for other processes (the CLI's monitor, another window) SQLite's data_version, checked every
// ~300 ms on this process's connection, says that someone else committed. Either way the feed
// then reads the rows written since the newest updated_at it has seen (every write sets it), so
// a refresh elsewhere shows on the page within a second and nothing is polled when nothing changed.
import type { ChangeCursor, ConnectionChangesRepo } from '../repos/connection-changes';
import type { ConnectionView } from '../repos/connections';
import type { TenantSummary } from '../repos/tenants';
import type { EngineEvent } from '../refresh';
import type { ConnectionDto, SchedulerTicked } from '../../preload/contract';
import { toTenantDto } from './dto';
import type { DesktopEvent } from './events';

/** Rows read per query; a burst larger than this is read in several (keyset) queries. */
const PAGE = 500;

export interface ChangeFeedDeps {
  readonly changes: Pick<ConnectionChangesRepo, 'dataVersion' | 'latestUpdate' | 'changedSince'>;
  readonly tenants: { list(): ReadonlyArray<TenantSummary> };
  readonly engineEvents: { on(listener: (event: EngineEvent) => void): () => void };
  readonly toDto: (view: ConnectionView) => ConnectionDto;
  readonly emit: (event: DesktopEvent) => void;
  readonly intervalMs: number;
  readonly log: (line: string) => void;
  readonly timers?: { setInterval: typeof setInterval; clearInterval: typeof clearInterval };
}

export class ChangeFeed {
  /** The newest write already told (updated_at, then id). */
  #cursor: ChangeCursor | null = null;
  #dataVersion = 0;
  #tenants = new Map<string, string>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #unsubscribe: (() => void) | null = null;
  #scheduled = false;

  constructor(private readonly deps: ChangeFeedDeps) {}

  /** From now on: what exists at start is what the page reads on its own. */
  start(): void {
    if (this.#timer !== null) return;
    this.#cursor = this.deps.changes.latestUpdate();
    this.#dataVersion = this.deps.changes.dataVersion();
    this.#tenants = new Map(this.deps.tenants.list().map((t) => [t.id, tenantKey(t)]));
    this.#unsubscribe = this.deps.engineEvents.on((event) => this.#onEngine(event));
    const timers = this.deps.timers ?? { setInterval, clearInterval };
    this.#timer = timers.setInterval(() => this.#poll(), this.deps.intervalMs);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    if (this.#timer !== null) (this.deps.timers ?? { setInterval, clearInterval }).clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Soon (coalesced): after an action here, or an engine event. */
  schedule(): void {
    if (this.#scheduled || this.#timer === null) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#timer !== null) this.flush();
    });
  }

  /** Reads and tells what changed since the last look. */
  flush(): void {
    try {
      this.#flushConnections();
      this.#flushTenants();
    } catch (err) {
      // The vault closing under a late tick, say: the next look catches up.
      this.deps.log(`[desktop] change feed: ${err instanceof Error ? err.name : 'error'}`);
    }
  }

  #onEngine(event: EngineEvent): void {
    if (event.kind === 'tick') {
      const { due, refreshed, failed, probed } = event.result;
      const tick: SchedulerTicked = { at: event.at, due, refreshed, failed, probed };
      this.deps.emit({ channel: 'scheduler:ticked', payload: tick });
    }
    this.schedule();
  }

  #poll(): void {
    let version: number;
    try {
      version = this.deps.changes.dataVersion();
    } catch {
      return;
    }
    if (version === this.#dataVersion) return;
    this.#dataVersion = version;
    this.flush();
  }

  #flushConnections(): void {
    const changed: ConnectionDto[] = [];
    const removed: string[] = [];
    // Two writes to one row within the same millisecond, read in between, show the first; the
    // row's next write shows it again (updated_at has millisecond precision).
    for (;;) {
      const rows = this.deps.changes.changedSince(this.#cursor, PAGE);
      for (const row of rows) {
        if (row.deletedAt !== null) removed.push(row.id);
        else changed.push(this.deps.toDto(row));
      }
      const last = rows.at(-1);
      if (last !== undefined) this.#cursor = { at: last.updatedAt, id: last.id };
      if (rows.length < PAGE) break;
    }
    if (changed.length > 0 || removed.length > 0) this.deps.emit({ channel: 'connections:changed', payload: { connections: changed, removed } });
  }

  #flushTenants(): void {
    const next = this.deps.tenants.list();
    const changed = next.filter((t) => this.#tenants.get(t.id) !== tenantKey(t));
    this.#tenants = new Map(next.map((t) => [t.id, tenantKey(t)]));
    if (changed.length > 0) this.deps.emit({ channel: 'tenants:changed', payload: { tenants: changed.map(toTenantDto) } });
  }
}

function tenantKey(t: TenantSummary): string {
  return `${t.name}\u0000${t.connections}`;
}
