// The change feed (read-only; the desktop's watcher of this vault): what other processes wrote to
// the connections table since a point. Statements prepared once per instance.
import type { Database, Statement } from 'better-sqlite3';
import { toView, VIEW_SELECT, type ConnectionView, type RawView } from './connections';
/** A position in the connections' write order: updated_at, then id for rows written in the same ms. */
export interface ChangeCursor {
  readonly at: string;
  readonly id: string;
}

/**
 * What changed in the connections table since a point, for a process that shows them while others
 * write (the CLI's monitor, another window): SQLite's data_version tells that another connection
 * committed, and updated_at (every write sets it) which rows it touched.
 */
export class ConnectionChangesRepo {
  private readonly s: {
    changed: Statement<{ at: string; id: string; limit: number }, RawView>;
    latest: Statement<[], { at: string | null; id: string | null }>;
  };

  constructor(private readonly db: Database) {
    this.s = {
      changed: db.prepare(`${VIEW_SELECT} WHERE c.updated_at > @at OR (c.updated_at = @at AND c.id > @id) ORDER BY c.updated_at, c.id LIMIT @limit`),
      latest: db.prepare('SELECT updated_at AS at, id FROM connections ORDER BY updated_at DESC, id DESC LIMIT 1'),
    };
  }

  /** Changes committed by other database connections bump this (this connection's own do not). */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** The newest write (the starting point of a feed), or null for an empty table. */
  latestUpdate(): ChangeCursor | null {
    const row = this.s.latest.get();
    return row?.at == null || row.id == null ? null : { at: row.at, id: row.id };
  }

  /** Connections written after `cursor` (by updated_at, then id), deleted ones included (deletedAt set), oldest first. */
  changedSince(cursor: ChangeCursor | null, limit: number): ConnectionView[] {
    return this.s.changed.all({ at: cursor?.at ?? '', id: cursor?.id ?? '', limit }).map(toView);
  }
}
