// The audit log's SQL: the audit_events table and the audit's own keys in settings (its sealed
// HMAC key, its head, its retention checkpoint). Every statement is prepared once per repository;
// filtered queries are built from a fixed set of clauses and cached per combination, so the
// planner sees plain equalities it can serve from an index (migration 005).
import type { Database, Statement } from 'better-sqlite3';
import type { AuditFilter, AuditPage } from '../audit/types';

export interface AuditEventRow {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly tenant_id: string | null;
  readonly connection_id: string | null;
  readonly action: string;
  readonly outcome: string;
  readonly detail: string;
  readonly prev_hash: string;
  readonly hash: string;
}

/** Column order of `chainRows()`: what verification reads, as arrays (no object per row). */
export type AuditChainRow = readonly [
  id: number,
  at: string,
  actor: string,
  tenantId: string | null,
  connectionId: string | null,
  action: string,
  outcome: string,
  detail: string,
  prevHash: string,
  hash: string,
];

export const AUDIT_SETTING_KEYS = {
  hmacKey: 'audit_hmac_key',
  head: 'audit_head',
  checkpoint: 'audit_checkpoint',
} as const;
type AuditSettingKey = (typeof AUDIT_SETTING_KEYS)[keyof typeof AUDIT_SETTING_KEYS];

const FILTER_CLAUSES: ReadonlyArray<readonly [keyof AuditFilter, string]> = [
  ['tenantId', 'tenant_id = @tenantId'],
  ['connectionId', 'connection_id = @connectionId'],
  ['actor', 'actor = @actor'],
  ['action', 'action = @action'],
  ['outcome', 'outcome = @outcome'],
  ['since', 'at >= @since'],
  ['until', 'at < @until'],
];

type Params = Record<string, string | number>;

export class AuditEventsRepo {
  readonly #db: Database;
  readonly #last: Statement<[], { id: number; hash: string }>;
  readonly #hashAt: Statement<[number], { hash: string }>;
  readonly #insert: Statement<[AuditEventRow]>;
  readonly #chain: Statement<[number]>;
  readonly #count: Statement<[], { n: number }>;
  readonly #lastBefore: Statement<[string], { id: number; hash: string }>;
  readonly #countThrough: Statement<[number], { n: number }>;
  readonly #deleteThrough: Statement<[number]>;
  readonly #getSetting: Statement<[string], { value: string }>;
  readonly #putSetting: Statement<[string, string]>;
  readonly #queries = new Map<string, Statement<[Params], AuditEventRow>>();

  constructor(db: Database) {
    this.#db = db;
    this.#last = db.prepare('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1');
    this.#hashAt = db.prepare('SELECT hash FROM audit_events WHERE id = ?');
    this.#insert = db.prepare(
      `INSERT INTO audit_events (id, at, actor, tenant_id, connection_id, action, outcome, detail, prev_hash, hash)
       VALUES (@id, @at, @actor, @tenant_id, @connection_id, @action, @outcome, @detail, @prev_hash, @hash)`,
    );
    this.#chain = db
      .prepare('SELECT id, at, actor, tenant_id, connection_id, action, outcome, detail, prev_hash, hash FROM audit_events WHERE id > ? ORDER BY id')
      .raw(true);
    this.#count = db.prepare('SELECT COUNT(*) AS n FROM audit_events');
    this.#lastBefore = db.prepare('SELECT id, hash FROM audit_events WHERE at < ? ORDER BY id DESC LIMIT 1');
    this.#countThrough = db.prepare('SELECT COUNT(*) AS n FROM audit_events WHERE id <= ?');
    this.#deleteThrough = db.prepare('DELETE FROM audit_events WHERE id <= ?');
    this.#getSetting = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.#putSetting = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  last(): { readonly id: number; readonly hash: string } | undefined {
    return this.#last.get();
  }

  hashAt(id: number): string | undefined {
    return this.#hashAt.get(id)?.hash;
  }

  insert(row: AuditEventRow): void {
    this.#insert.run(row);
  }

  /** Every event after `afterId` in id order, as arrays: the one full pass verification makes. */
  chainRows(afterId: number): IterableIterator<AuditChainRow> {
    return this.#chain.iterate(afterId) as IterableIterator<AuditChainRow>;
  }

  count(): number {
    return this.#count.get()?.n ?? 0;
  }

  /** The last event written before `at`: where a prune cuts. */
  lastBefore(at: string): { readonly id: number; readonly hash: string } | undefined {
    return this.#lastBefore.get(at);
  }

  /** Deletes the events up to and including `id`; returns how many. */
  deleteThrough(id: number): number {
    const n = this.#countThrough.get(id)?.n ?? 0;
    this.#deleteThrough.run(id);
    return n;
  }

  /** Events matching every given filter, oldest first; with a page, newest first from `beforeId`. */
  query(filter: AuditFilter = {}, page?: AuditPage): AuditEventRow[] {
    const [statement, params] = this.#statementFor(filter, page);
    return statement.all(params);
  }

  /** Like query() without a page, one row at a time: exports of a million events. */
  each(filter: AuditFilter = {}): IterableIterator<AuditEventRow> {
    const [statement, params] = this.#statementFor(filter, undefined);
    return statement.iterate(params);
  }

  #statementFor(filter: AuditFilter, page: AuditPage | undefined): [Statement<[Params], AuditEventRow>, Params] {
    const params: Params = {};
    const clauses: string[] = [];
    for (const [name, clause] of FILTER_CLAUSES) {
      const value = filter[name];
      if (value === undefined) continue;
      params[name] = value;
      clauses.push(clause);
    }
    if (page?.beforeId !== undefined) {
      params.beforeId = page.beforeId;
      clauses.push('id < @beforeId');
    }
    if (page !== undefined) params.limit = page.limit;
    const shape = `${clauses.join(' AND ')}|${page === undefined ? 'all' : 'page'}`;
    let statement = this.#queries.get(shape);
    if (statement === undefined) {
      const where = clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`;
      const order = page === undefined ? 'ORDER BY id' : 'ORDER BY id DESC LIMIT @limit';
      statement = this.#db.prepare<[Params], AuditEventRow>(`SELECT * FROM audit_events ${where} ${order}`);
      this.#queries.set(shape, statement);
    }
    return [statement, params];
  }

  setting(key: AuditSettingKey): string | undefined {
    return this.#getSetting.get(key)?.value;
  }

  putSetting(key: AuditSettingKey, value: string): void {
    this.#putSetting.run(key, value);
  }
}
