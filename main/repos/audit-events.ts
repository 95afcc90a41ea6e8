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

/**
 * What verification reads per event: its id, its stored hash, and the bytes its HMAC covers
 * (previous hash, newline, the JSON array of its fields) built by SQLite's json_array(), so a
 * million events cost three values each instead of ten plus a JSON.stringify in JavaScript.
 */
export type AuditChainRow = readonly [id: number, hash: string, message: string];

/**
 * A run of events after an id, aggregated by SQLite into a few values, for verification on worker
 * threads: how many, the first and last id, the stored hashes joined by commas, the messages
 * (as in AuditChainRow) back to back as UTF-8, and each message's length in bytes, joined by
 * commas. Nothing per row crosses into JavaScript. The aggregates follow the subquery's id
 * order (an ORDER BY inside them would sort each run three times: more than half the cost); a
 * reader must not rely on that, and verification does not: each message carries its own id.
 */
export type AuditChainBatch = readonly [count: number, firstId: number | null, lastId: number | null, hashes: string | null, messages: Buffer | null, lengths: string | null];

const CHAIN_MESSAGE = 'prev_hash || char(10) || json_array(id, at, actor, tenant_id, connection_id, action, outcome, detail)';

export const AUDIT_SETTING_KEYS = {
  hmacKey: 'audit_hmac_key',
  head: 'audit_head',
  checkpoint: 'audit_checkpoint',
} as const;
type AuditSettingKey = (typeof AUDIT_SETTING_KEYS)[keyof typeof AUDIT_SETTING_KEYS];

type FilterName = Exclude<keyof AuditFilter, 'since' | 'until'>;
const EQUALITY_COLUMNS: ReadonlyArray<readonly [FilterName, string]> = [
  ['connectionId', 'connection_id'],
  ['tenantId', 'tenant_id'],
  ['actor', 'actor'],
  ['action', 'action'],
  ['outcome', 'outcome'],
];
// A time window up to this long is narrower than one actor's, action's or outcome's events.
const NARROW_WINDOW_MS = 7 * 86_400_000;
type Lead = ReadonlyArray<FilterName | 'window'>;

/**
 * Which filters lead, i.e. which index (migration 005) the query walks: a vault has no ANALYZE
 * statistics, and left alone SQLite picks the action or outcome index even when a tenant or a
 * connection narrows far more (44 ms instead of 1 ms at 100,000 events). The order is the
 * domain's selectivity: a connection; a tenant, paired with an actor, an outcome, an action or
 * a window of at most a week when one is given; such a window of at most a week; an actor; an action (with an outcome); an
 * outcome; any window. The other filters are written with a unary `+`, which keeps their
 * indexes out of the plan; they are still applied.
 */
function leadOf(f: AuditFilter): Lead {
  if (f.connectionId !== undefined) return ['connectionId'];
  const narrow = f.since !== undefined && f.until !== undefined && Date.parse(f.until) - Date.parse(f.since) <= NARROW_WINDOW_MS;
  if (f.tenantId !== undefined) {
    const pair = (['actor', 'outcome', 'action'] as const).find((name) => f[name] !== undefined);
    if (pair !== undefined) return ['tenantId', pair];
    // (tenant_id, at): the tenant's events of those days only, sorted; a tenant has thousands.
    return narrow ? ['tenantId', 'window'] : ['tenantId'];
  }
  if (narrow) return ['window'];
  if (f.actor !== undefined) return ['actor'];
  if (f.action !== undefined) return f.outcome !== undefined ? ['action', 'outcome'] : ['action'];
  if (f.outcome !== undefined) return ['outcome'];
  return f.since !== undefined || f.until !== undefined ? ['window'] : [];
}

type Params = Record<string, string | number>;

export class AuditEventsRepo {
  readonly #db: Database;
  readonly #last: Statement<[], { id: number; hash: string }>;
  readonly #hashAt: Statement<[number], { hash: string }>;
  readonly #insert: Statement<[AuditEventRow]>;
  readonly #chain: Statement<[number, number]>;
  readonly #chainBatch: Statement<[number, number]>;
  readonly #byId: Statement<[number], AuditEventRow>;
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
    this.#chain = db.prepare(`SELECT id, hash, ${CHAIN_MESSAGE} FROM audit_events WHERE id > ? ORDER BY id LIMIT ?`).raw(true);
    this.#chainBatch = db
      .prepare(
        `SELECT count(*), min(id), max(id), group_concat(hash, ','), CAST(group_concat(m, '') AS BLOB), group_concat(octet_length(m), ',')
           FROM (SELECT id, hash, ${CHAIN_MESSAGE} AS m FROM audit_events WHERE id > ? ORDER BY id LIMIT ?)`,
      )
      .raw(true);
    this.#byId = db.prepare('SELECT * FROM audit_events WHERE id = ?');
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

  byId(id: number): AuditEventRow | undefined {
    return this.#byId.get(id);
  }

  hashAt(id: number): string | undefined {
    return this.#hashAt.get(id)?.hash;
  }

  insert(row: AuditEventRow): void {
    this.#insert.run(row);
  }

  /**
   * Every event after `afterId` in id order, as arrays: the one full pass verification makes.
   * Read in batches by id (a batch per statement run is several times cheaper than a row per
   * iterator step, and a million rows are never in memory at once). Callers that need one
   * consistent view run this inside a transaction.
   */
  *chainRows(afterId: number, batch = 5000): Generator<AuditChainRow> {
    let after = afterId;
    for (;;) {
      const rows = this.#chain.all(after, batch) as AuditChainRow[];
      yield* rows;
      if (rows.length < batch) return;
      after = rows[rows.length - 1]![0];
    }
  }

  /** The events after `afterId` in id order, at most `limit`, as one AuditChainBatch. */
  chainBatch(afterId: number, limit: number): AuditChainBatch {
    return this.#chainBatch.get(afterId, limit) as AuditChainBatch;
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
    const lead = leadOf(filter);
    for (const [name, column] of EQUALITY_COLUMNS) {
      const value = filter[name];
      if (value === undefined) continue;
      params[name] = value;
      clauses.push(`${lead.includes(name) ? '' : '+'}${column} = @${name}`);
    }
    const at = lead.includes('window') ? 'at' : '+at';
    if (filter.since !== undefined) {
      params.since = filter.since;
      clauses.push(`${at} >= @since`);
    }
    if (filter.until !== undefined) {
      params.until = filter.until;
      clauses.push(`${at} < @until`);
    }
    if (page?.beforeId !== undefined) {
      params.beforeId = page.beforeId;
      clauses.push('id < @beforeId');
    }
    if (page !== undefined) params.limit = page.limit;
    // The lead shows in the clauses (which one lacks its `+`), so it is part of the shape.
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
