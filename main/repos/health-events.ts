// Repository of health history: one row per state/reason change of a connection, for charts.
import type { Database, Statement } from 'better-sqlite3';
import type { ConnectionState } from './connections';

export interface HealthEventRow {
  readonly id: number;
  readonly connectionId: string;
  readonly at: string;
  readonly state: ConnectionState;
  readonly reason: string | null;
  readonly detail: string | null;
}

interface RawEvent {
  id: number;
  connection_id: string;
  at: string;
  state: ConnectionState;
  reason: string | null;
  detail: string | null;
}

export class HealthEventsRepo {
  private readonly s: {
    insert: Statement;
    list: Statement<{ connectionId: string; since: string | null; limit: number }, RawEvent>;
  };

  constructor(db: Database) {
    this.s = {
      insert: db.prepare('INSERT INTO health_events (connection_id, at, state, reason, detail) VALUES (@connectionId, @at, @state, @reason, @detail)'),
      list: db.prepare(`
        SELECT * FROM health_events WHERE connection_id = @connectionId AND (@since IS NULL OR at >= @since)
        ORDER BY at, id LIMIT @limit`),
    };
  }

  insert(e: Omit<HealthEventRow, 'id'>): void {
    this.s.insert.run(e);
  }

  /** Oldest first, for a chart of one connection's health over time. */
  list(connectionId: string, opts: { readonly since?: string; readonly limit?: number } = {}): HealthEventRow[] {
    return this.s.list.all({ connectionId, since: opts.since ?? null, limit: opts.limit ?? 10_000 }).map((r) => ({
      id: r.id,
      connectionId: r.connection_id,
      at: r.at,
      state: r.state,
      reason: r.reason,
      detail: r.detail,
    }));
  }
}
