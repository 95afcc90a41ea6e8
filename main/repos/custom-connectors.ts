// Custom (generic OAuth 2.0) connectors registered from files. Owns custom_connectors' SQL, each
// statement prepared once per repository.
import type { Database, Statement } from 'better-sqlite3';
import { nowIso } from '../vault/ids';

export interface StoredCustomConnector {
  readonly id: string;
  readonly name: string;
  readonly definition: string;
  readonly sourceFile: string | null;
}

export class CustomConnectorsRepo {
  // The connector catalog looks a custom connector up on every refresh.
  readonly #byId: Statement<[string], StoredCustomConnector>;
  readonly #all: Statement<[], StoredCustomConnector>;
  readonly #upsert: Statement<[string, string, string, string | null, string, string]>;

  constructor(db: Database) {
    this.#byId = db.prepare<[string], StoredCustomConnector>('SELECT id, name, definition, source_file AS sourceFile FROM custom_connectors WHERE id = ?');
    this.#all = db.prepare<[], StoredCustomConnector>('SELECT id, name, definition, source_file AS sourceFile FROM custom_connectors ORDER BY id');
    this.#upsert = db.prepare<[string, string, string, string | null, string, string]>(
      `INSERT INTO custom_connectors (id, name, definition, source_file, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, definition = excluded.definition,
         source_file = excluded.source_file, updated_at = excluded.updated_at`,
    );
  }

  /** Adds or replaces a custom connector (re-adding a file updates it). */
  upsert(c: StoredCustomConnector): void {
    const now = nowIso();
    this.#upsert.run(c.id, c.name, c.definition, c.sourceFile, now, now);
  }

  get(id: string): StoredCustomConnector | undefined {
    return this.#byId.get(id);
  }

  list(): StoredCustomConnector[] {
    return this.#all.all();
  }
}
