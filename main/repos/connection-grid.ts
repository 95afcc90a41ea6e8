// Read-only queries for the desktop workspace's grid (main/desktop/workspace): every connection of
// a tenant (or all, or one) with what the renew-by forecast needs, in one query. Kept apart from
// connections.ts (the engine's repository) so that file stays about the engine's writes.
import type { Database, Statement } from 'better-sqlite3';
import { toView } from './connections';
import type { ConnectionView, RawView } from './connections';

/** What the workspace grid shows of a connection, with the grant and credential dates its renew-by forecast needs, in one query. */
export interface GridConnectionRow {
  readonly view: ConnectionView;
  readonly consentGrantedAt: string | null;
  readonly refreshExpiresAt: string | null;
  readonly issuedAt: string | null;
  readonly hasRefreshToken: boolean;
  readonly hasCredentials: boolean;
}

/** Just what decides whether a connection needs attention (its state and renew-by forecast inputs). */
export interface AttentionCandidate {
  readonly id: string;
  readonly connectorId: string;
  readonly state: ConnectionView['state'];
  readonly grantId: string | null;
  readonly pausedAt: string | null;
  readonly consentExpiresAt: string | null;
  readonly accessExpiresAt: string | null;
  readonly consentGrantedAt: string | null;
  readonly refreshExpiresAt: string | null;
  readonly issuedAt: string | null;
  readonly hasRefreshToken: boolean;
  readonly hasCredentials: boolean;
}

interface RawCandidate {
  id: string;
  connector_id: string;
  state: ConnectionView['state'];
  grant_id: string | null;
  paused_at: string | null;
  consent_expires_at: string | null;
  access_expires_at: string | null;
  consent_granted_at: string | null;
  refresh_expires_at: string | null;
  issued_at: string | null;
  has_refresh: number;
  has_credentials: number;
}

// Disconnected connections never need attention; reading only these columns (no tenant, owner or
// settings) is what lets "needs attention" look at every connection and build rows for few.
const CANDIDATES_SELECT = `
  SELECT c.id, c.connector_id, c.state, c.grant_id, c.paused_at, g.consent_expires_at, cr.access_expires_at,
         g.consent_granted_at, cr.refresh_expires_at, cr.issued_at,
         (cr.refresh_token IS NOT NULL) AS has_refresh, (cr.grant_id IS NOT NULL) AS has_credentials
    FROM connections c
    LEFT JOIN grants g ON g.id = c.grant_id
    LEFT JOIN credentials cr ON cr.grant_id = c.grant_id
   WHERE c.deleted_at IS NULL AND c.state != 'disconnected'`;

interface RawGridRow extends RawView {
  consent_granted_at: string | null;
  refresh_expires_at: string | null;
  issued_at: string | null;
  has_refresh: number;
  has_credentials: number;
}

const GRID_SELECT = `
  SELECT c.*, t.name AS tenant_name, o.name AS owner_name, g.external_account,
         cr.access_expires_at, g.consent_expires_at, g.consent_granted_at,
         cr.refresh_expires_at, cr.issued_at, (cr.refresh_token IS NOT NULL) AS has_refresh, (cr.grant_id IS NOT NULL) AS has_credentials
    FROM connections c
    JOIN tenants t ON t.id = c.tenant_id
    LEFT JOIN operators o ON o.id = c.owner_operator_id
    LEFT JOIN grants g ON g.id = c.grant_id
    LEFT JOIN credentials cr ON cr.grant_id = c.grant_id
   WHERE c.deleted_at IS NULL`;

export class ConnectionGridRepo {
  // One statement per filter, prepared once: an `@x IS NULL OR c.x = @x` condition would keep
  // SQLite from using the tenant index, scanning every connection for a client of ten.
  readonly #all: Statement<[], RawGridRow>;
  readonly #tenant: Statement<[string], RawGridRow>;
  readonly #one: Statement<[string], RawGridRow>;
  readonly #ids: Statement<[string], RawGridRow>;
  readonly #tenants: Statement<[string], RawGridRow>;
  readonly #needsConsent: Statement<[], RawGridRow>;
  readonly #candidates: Statement<[], RawCandidate>;

  constructor(db: Database) {
    this.#all = db.prepare<[], RawGridRow>(GRID_SELECT);
    this.#tenant = db.prepare<[string], RawGridRow>(`${GRID_SELECT} AND c.tenant_id = ?`);
    this.#one = db.prepare<[string], RawGridRow>(`${GRID_SELECT} AND c.id = ?`);
    this.#ids = db.prepare<[string], RawGridRow>(`${GRID_SELECT} AND c.id IN (SELECT value FROM json_each(?))`);
    this.#tenants = db.prepare<[string], RawGridRow>(`${GRID_SELECT} AND c.tenant_id IN (SELECT value FROM json_each(?))`);
    this.#needsConsent = db.prepare<[], RawGridRow>(`${GRID_SELECT} AND c.state = 'needs_consent'`);
    this.#candidates = db.prepare<[], RawCandidate>(CANDIDATES_SELECT);
  }

  /** Every connection that is not deleted or disconnected, with only what its attention check needs. */
  attentionCandidates(): AttentionCandidate[] {
    return this.#candidates.all().map((r) => ({
      id: r.id,
      connectorId: r.connector_id,
      state: r.state,
      grantId: r.grant_id,
      pausedAt: r.paused_at,
      consentExpiresAt: r.consent_expires_at,
      accessExpiresAt: r.access_expires_at,
      consentGrantedAt: r.consent_granted_at,
      refreshExpiresAt: r.refresh_expires_at,
      issuedAt: r.issued_at,
      hasRefreshToken: r.has_refresh === 1,
      hasCredentials: r.has_credentials === 1,
    }));
  }

  /** The grid rows of every connection that lost its consent (needs attention's first part: no forecast decides it). */
  needsConsentRows(): GridConnectionRow[] {
    return this.#needsConsent.all().map(toGridRow);
  }

  /** The grid rows of every connection of these tenants (one query). */
  rowsOfTenants(tenantIds: ReadonlyArray<string>): GridConnectionRow[] {
    return tenantIds.length === 0 ? [] : this.#tenants.all(JSON.stringify(tenantIds)).map(toGridRow);
  }

  /** The grid rows of these connections (one query, whatever their number). */
  rowsOf(ids: ReadonlyArray<string>): GridConnectionRow[] {
    return ids.length === 0 ? [] : this.#ids.all(JSON.stringify(ids)).map(toGridRow);
  }

  /**
   * The connections of one tenant (or all, or one by id), not deleted, with what the renew-by
   * forecast needs, without a query per row (the engine's renewBy() costs three per connection).
   */
  rows(filter: { readonly tenantId?: string; readonly id?: string }): GridConnectionRow[] {
    const raw = filter.id !== undefined ? this.#one.all(filter.id) : filter.tenantId !== undefined ? this.#tenant.all(filter.tenantId) : this.#all.all();
    return raw.map(toGridRow);
  }
}

function toGridRow(r: RawGridRow): GridConnectionRow {
  return {
    view: toView(r),
    consentGrantedAt: r.consent_granted_at,
    refreshExpiresAt: r.refresh_expires_at,
    issuedAt: r.issued_at,
    hasRefreshToken: r.has_refresh === 1,
    hasCredentials: r.has_credentials === 1,
  };
}
