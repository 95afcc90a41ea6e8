// Consent sessions: one row per consent attempt. Owns the consent_sessions table's SQL, including
// the atomic one-time consume that makes a state usable exactly once.
import type { Database, Statement } from 'better-sqlite3';

/** Exactly how an attempt ended; `abandoned` = its caller stopped waiting (cancel, offline, stdin closed). */
export type ConsentOutcome = 'connected' | 'declined' | 'expired' | 'abandoned' | 'failed';

export interface ConsentSessionRecord {
  readonly id: string;
  readonly stateHash: string;
  readonly tenantId: string;
  readonly connectorId: string;
  readonly connectionId: string | null;
  readonly operator: string;
  readonly redirectStrategy: string;
  readonly redirectUri: string;
  /** Where the marketplace lands when redirectUri is not an address (eBay RuName); else null. */
  readonly callbackUri: string | null;
  readonly region: string | null;
  readonly account: string | null;
  readonly pkce: 'S256' | 'none';
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly consumedAt: string | null;
  readonly outcome: ConsentOutcome | null;
}

interface Row {
  id: string;
  state_hash: string;
  tenant_id: string;
  connector_id: string;
  connection_id: string | null;
  operator: string;
  redirect_strategy: string;
  redirect_uri: string;
  callback_uri: string | null;
  region: string | null;
  account: string | null;
  pkce: 'S256' | 'none';
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
  outcome: ConsentOutcome | null;
}

const COLUMNS = `id, state_hash, tenant_id, connector_id, connection_id, operator, redirect_strategy,
  redirect_uri, callback_uri, region, account, pkce, created_at, expires_at, consumed_at, outcome`;

function toRecord(row: Row): ConsentSessionRecord {
  return {
    id: row.id,
    stateHash: row.state_hash,
    tenantId: row.tenant_id,
    connectorId: row.connector_id,
    connectionId: row.connection_id,
    operator: row.operator,
    redirectStrategy: row.redirect_strategy,
    redirectUri: row.redirect_uri,
    callbackUri: row.callback_uri,
    region: row.region,
    account: row.account,
    pkce: row.pkce,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    consumedAt: row.consumed_at,
    outcome: row.outcome,
  };
}

export type NewConsentSession = Omit<ConsentSessionRecord, 'consumedAt' | 'outcome'>;

export class ConsentSessionsRepo {
  readonly #insert: Statement<[NewConsentSession]>;
  readonly #byId: Statement<[string], Row>;
  readonly #byStateHash: Statement<[string], Row>;
  readonly #consume: Statement<[{ id: string; redirectUri: string; now: string }], Row>;
  readonly #recordOutcome: Statement<[ConsentOutcome, string]>;
  readonly #close: Statement<[string, ConsentOutcome, string]>;
  readonly #expireStale: Statement<[string, string]>;

  constructor(db: Database) {
    this.#insert = db.prepare<[NewConsentSession]>(
      `INSERT INTO consent_sessions (${COLUMNS})
       VALUES (@id, @stateHash, @tenantId, @connectorId, @connectionId, @operator, @redirectStrategy,
               @redirectUri, @callbackUri, @region, @account, @pkce, @createdAt, @expiresAt, NULL, NULL)`,
    );
    this.#byId = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM consent_sessions WHERE id = ?`);
    this.#byStateHash = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM consent_sessions WHERE state_hash = ?`);
    this.#consume = db.prepare<[{ id: string; redirectUri: string; now: string }], Row>(
      `UPDATE consent_sessions SET consumed_at = @now
       WHERE id = @id AND redirect_uri = @redirectUri AND consumed_at IS NULL AND expires_at > @now
       RETURNING ${COLUMNS}`,
    );
    this.#recordOutcome = db.prepare<[ConsentOutcome, string]>('UPDATE consent_sessions SET outcome = ? WHERE id = ? AND outcome IS NULL');
    this.#close = db.prepare<[string, ConsentOutcome, string]>('UPDATE consent_sessions SET consumed_at = ?, outcome = ? WHERE id = ? AND consumed_at IS NULL');
    this.#expireStale = db.prepare<[string, string]>(
      `UPDATE consent_sessions SET consumed_at = ?, outcome = 'expired'
       WHERE consumed_at IS NULL AND expires_at <= ?`,
    );
  }

  insert(session: NewConsentSession): void {
    this.#insert.run(session);
  }

  findById(id: string): ConsentSessionRecord | undefined {
    const row = this.#byId.get(id);
    return row ? toRecord(row) : undefined;
  }

  findByStateHash(stateHash: string): ConsentSessionRecord | undefined {
    const row = this.#byStateHash.get(stateHash);
    return row ? toRecord(row) : undefined;
  }

  /**
   * The one-time gate: marks the session consumed only if nobody did before and it has not
   * expired, in a single UPDATE so two processes racing on the same state cannot both win.
   * `redirectUri` must equal the stored value, so a caller that checked the redirect binding on a
   * stale read still cannot consume a row whose binding differs.
   */
  consume(id: string, redirectUri: string, nowIso: string): ConsentSessionRecord | undefined {
    const row = this.#consume.get({ id, redirectUri, now: nowIso });
    return row ? toRecord(row) : undefined;
  }

  /** Sets the outcome once; a later call does not overwrite what was recorded first. */
  recordOutcome(id: string, outcome: ConsentOutcome): boolean {
    return this.#recordOutcome.run(outcome, id).changes === 1;
  }

  /** Closes a session that was never consumed (timeout, cancel): it can no longer be used. */
  close(id: string, outcome: ConsentOutcome, nowIso: string): boolean {
    return this.#close.run(nowIso, outcome, id).changes === 1;
  }

  /** Marks every unconsumed session past its expiry as expired; returns how many. */
  expireStale(nowIso: string): number {
    return this.#expireStale.run(nowIso, nowIso).changes;
  }
}
