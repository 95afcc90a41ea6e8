// Repository of connections (tenant x connector x account x region): their health columns, their
// refresh/probe schedule, pause and revocation marks; rows and views (the CLI shapes its JSON in
// main/cli/connection-json.ts).
import type { Database, Statement } from 'better-sqlite3';

import type { ConnectionState } from '../../preload/dto';

// The health states are defined once, with the IPC contract's schemas.
export type { ConnectionState } from '../../preload/dto';
export { CONNECTION_STATES } from '../../preload/dto';
export type RemoteRevocation = 'done' | 'unsupported' | 'pending';

export interface ConnectionRow {
  readonly id: string;
  readonly tenantId: string;
  readonly connectorId: string;
  readonly grantId: string | null;
  readonly account: string;
  readonly region: string | null;
  readonly state: ConnectionState;
  readonly reason: string | null;
  readonly reasonDetail: string | null;
  readonly pausedAt: string | null;
  readonly ownerOperatorId: string | null;
  readonly settings: Readonly<Record<string, string>>;
  readonly lastRefreshAt: string | null;
  readonly lastProbeAt: string | null;
  readonly nextRefreshAt: string | null;
  readonly nextProbeAt: string | null;
  readonly failureCount: number;
  readonly retryAfter: string | null;
  readonly revokedAt: string | null;
  readonly remoteRevocation: RemoteRevocation | null;
  readonly deletedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A connection as people see it: the row plus its tenant's name, owner and grant dates. */
export interface ConnectionView extends ConnectionRow {
  readonly tenant: string;
  readonly owner: string | null;
  readonly externalAccount: string | null;
  readonly accessExpiresAt: string | null;
  readonly consentExpiresAt: string | null;
}

export interface NewConnection {
  readonly id: string;
  readonly tenantId: string;
  readonly connectorId: string;
  readonly grantId: string;
  readonly account: string;
  readonly region: string | null;
  readonly state: ConnectionState;
  readonly reason: string | null;
  readonly reasonDetail: string | null;
  readonly ownerOperatorId: string | null;
  readonly settings: Readonly<Record<string, string>>;
  readonly lastRefreshAt: string | null;
  readonly nextRefreshAt: string | null;
  readonly nextProbeAt: string | null;
  readonly at: string;
}

export interface DueConnection {
  readonly id: string;
  readonly grantId: string;
  readonly connectorId: string;
}

interface RawConnection {
  id: string;
  tenant_id: string;
  connector_id: string;
  grant_id: string | null;
  account: string;
  region: string | null;
  state: ConnectionState;
  reason: string | null;
  reason_detail: string | null;
  paused_at: string | null;
  owner_operator_id: string | null;
  settings: string;
  last_refresh_at: string | null;
  last_probe_at: string | null;
  next_refresh_at: string | null;
  next_probe_at: string | null;
  failure_count: number;
  retry_after: string | null;
  revoked_at: string | null;
  remote_revocation: RemoteRevocation | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A connection row joined with its tenant, owner, grant and credential dates (connection-grid.ts reads it too). */
export interface RawView extends RawConnection {
  tenant_name: string;
  owner_name: string | null;
  external_account: string | null;
  access_expires_at: string | null;
  consent_expires_at: string | null;
}

function parseSettings(json: string): Record<string, string> {
  const parsed: unknown = JSON.parse(json);
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
}

function toRow(r: RawConnection): ConnectionRow {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    connectorId: r.connector_id,
    grantId: r.grant_id,
    account: r.account,
    region: r.region,
    state: r.state,
    reason: r.reason,
    reasonDetail: r.reason_detail,
    pausedAt: r.paused_at,
    ownerOperatorId: r.owner_operator_id,
    settings: parseSettings(r.settings),
    lastRefreshAt: r.last_refresh_at,
    lastProbeAt: r.last_probe_at,
    nextRefreshAt: r.next_refresh_at,
    nextProbeAt: r.next_probe_at,
    failureCount: r.failure_count,
    retryAfter: r.retry_after,
    revokedAt: r.revoked_at,
    remoteRevocation: r.remote_revocation,
    deletedAt: r.deleted_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toView(r: RawView): ConnectionView {
  return {
    ...toRow(r),
    tenant: r.tenant_name,
    owner: r.owner_name ?? r.owner_operator_id,
    externalAccount: r.external_account,
    accessExpiresAt: r.access_expires_at,
    consentExpiresAt: r.consent_expires_at,
  };
}

export const VIEW_SELECT = `
  SELECT c.*, t.name AS tenant_name, o.name AS owner_name, g.external_account,
         cr.access_expires_at, g.consent_expires_at
  FROM connections c
  JOIN tenants t ON t.id = c.tenant_id
  LEFT JOIN operators o ON o.id = c.owner_operator_id
  LEFT JOIN grants g ON g.id = c.grant_id
  LEFT JOIN credentials cr ON cr.grant_id = c.grant_id`;

// Live = still refreshed on behalf of: not deleted and not revoked.
/** liveOnGrant's ORDER BY created_at, id (ASCII text: code-unit order is SQLite's BINARY order). */
function byCreation(a: ConnectionRow, b: ConnectionRow): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const LIVE = `deleted_at IS NULL AND state != 'disconnected'`;

export class ConnectionsRepo {
  private readonly s: {
    insert: Statement;
    get: Statement<[string], RawConnection>;
    view: Statement<[string], RawView>;
    list: Statement<{ tenantId: string | null; state: string | null }, RawView>;
    onGrant: Statement<[string], RawConnection>;
    liveOnGrant: Statement<[string], RawConnection>;
    liveForConnector: Statement<[string], RawConnection>;
    scheduleNowWithReason: Statement;
    setHealth: Statement;
    refreshOk: Statement<{ grantId: string; at: string; next: string | null }, RawConnection>;
    refreshFailed: Statement;
    setNextRefresh: Statement;
    dueRefresh: Statement<{ now: string; limit: number }, { id: string; grant_id: string; connector_id: string }>;
    dueProbe: Statement<{ now: string; limit: number }, { id: string; grant_id: string; connector_id: string }>;
    recordProbe: Statement;
    setNextProbe: Statement;
    setPaused: Statement;
    markRevoked: Statement;
    setRemoteRevocationForGrant: Statement;
    setRemoteRevocation: Statement;
    reactivate: Statement;
    softDelete: Statement;
  };

  constructor(db: Database) {
    this.s = {
      insert: db.prepare(`
        INSERT INTO connections (id, tenant_id, connector_id, grant_id, account, region, state, reason, reason_detail,
          owner_operator_id, settings, last_refresh_at, next_refresh_at, next_probe_at, created_at, updated_at)
        VALUES (@id, @tenantId, @connectorId, @grantId, @account, @region, @state, @reason, @reasonDetail,
          @ownerOperatorId, @settings, @lastRefreshAt, @nextRefreshAt, @nextProbeAt, @at, @at)`),
      get: db.prepare('SELECT * FROM connections WHERE id = ?'),
      view: db.prepare(`${VIEW_SELECT} WHERE c.id = ?`),
      list: db.prepare(`${VIEW_SELECT}
        WHERE c.deleted_at IS NULL AND (@tenantId IS NULL OR c.tenant_id = @tenantId) AND (@state IS NULL OR c.state = @state)
        ORDER BY t.name, c.connector_id, c.account, c.id`),
      onGrant: db.prepare('SELECT * FROM connections WHERE grant_id = ? AND deleted_at IS NULL ORDER BY created_at, id'),
      liveOnGrant: db.prepare(`SELECT * FROM connections WHERE grant_id = ? AND ${LIVE} ORDER BY created_at, id`),
      liveForConnector: db.prepare(`SELECT * FROM connections WHERE connector_id = ? AND ${LIVE} ORDER BY created_at, id`),
      scheduleNowWithReason: db.prepare(`
        UPDATE connections SET next_refresh_at = @at, retry_after = NULL, updated_at = @at
        WHERE connector_id = @connectorId AND reason = @reason AND ${LIVE}`),
      setHealth: db.prepare('UPDATE connections SET state = @state, reason = @reason, reason_detail = @detail, updated_at = @at WHERE id = @id'),
      refreshOk: db.prepare(`
        UPDATE connections SET last_refresh_at = @at, next_refresh_at = @next, failure_count = 0, retry_after = NULL, updated_at = @at
        WHERE grant_id = @grantId AND ${LIVE} RETURNING *`),
      refreshFailed: db.prepare(`
        UPDATE connections SET failure_count = failure_count + 1, retry_after = @retryAfter, next_refresh_at = @next, updated_at = @at
        WHERE grant_id = @grantId AND ${LIVE}`),
      setNextRefresh: db.prepare(`UPDATE connections SET next_refresh_at = @next, updated_at = @at WHERE grant_id = @grantId AND ${LIVE}`),
      // Served by the partial index connections_due(next_refresh_at) WHERE deleted_at IS NULL.
      dueRefresh: db.prepare(`
        SELECT id, grant_id, connector_id FROM connections
        WHERE deleted_at IS NULL AND next_refresh_at <= @now AND state != 'disconnected' AND paused_at IS NULL
          AND grant_id IS NOT NULL AND (retry_after IS NULL OR retry_after <= @now)
        ORDER BY next_refresh_at LIMIT @limit`),
      dueProbe: db.prepare(`
        SELECT id, grant_id, connector_id FROM connections
        WHERE deleted_at IS NULL AND next_probe_at <= @now AND state IN ('active', 'degraded') AND paused_at IS NULL
          AND grant_id IS NOT NULL
        ORDER BY next_probe_at LIMIT @limit`),
      recordProbe: db.prepare('UPDATE connections SET last_probe_at = @at, next_probe_at = @next, updated_at = @at WHERE id = @id'),
      setNextProbe: db.prepare('UPDATE connections SET next_probe_at = @next, updated_at = @at WHERE id = @id'),
      setPaused: db.prepare('UPDATE connections SET paused_at = @pausedAt, updated_at = @at WHERE id = @id'),
      markRevoked: db.prepare(`
        UPDATE connections SET revoked_at = @at, remote_revocation = @remote, next_refresh_at = NULL, next_probe_at = NULL, retry_after = NULL, updated_at = @at
        WHERE id = @id`),
      setRemoteRevocationForGrant: db.prepare(`
        UPDATE connections SET remote_revocation = @remote, updated_at = @at
        WHERE grant_id = @grantId AND state = 'disconnected' AND revoked_at IS NOT NULL`),
      setRemoteRevocation: db.prepare('UPDATE connections SET remote_revocation = @remote, updated_at = @at WHERE id = @id'),
      reactivate: db.prepare(`
        UPDATE connections SET revoked_at = NULL, remote_revocation = NULL, failure_count = 0, retry_after = NULL, updated_at = @at
        WHERE id = @id`),
      softDelete: db.prepare('UPDATE connections SET deleted_at = @at, updated_at = @at WHERE id = @id AND deleted_at IS NULL'),
    };
  }

  insert(c: NewConnection): void {
    this.s.insert.run({ ...c, settings: JSON.stringify(c.settings) });
  }

  get(id: string): ConnectionRow | undefined {
    const r = this.s.get.get(id);
    return r ? toRow(r) : undefined;
  }

  view(id: string): ConnectionView | undefined {
    const r = this.s.view.get(id);
    return r ? toView(r) : undefined;
  }

  /** Every connection not deleted (revoked ones included, as disconnected). */
  list(filter: { readonly tenantId?: string; readonly state?: ConnectionState } = {}): ConnectionView[] {
    return this.s.list.all({ tenantId: filter.tenantId ?? null, state: filter.state ?? null }).map(toView);
  }

  /** Not-deleted connections on a grant, revoked ones included. */
  onGrant(grantId: string): ConnectionRow[] {
    return this.s.onGrant.all(grantId).map(toRow);
  }

  /** Connections the grant is still refreshed for. */
  liveOnGrant(grantId: string): ConnectionRow[] {
    return this.s.liveOnGrant.all(grantId).map(toRow);
  }

  /** Every live connection of a connector, across grants (an app registration problem hits them all). */
  liveForConnector(connectorId: string): ConnectionRow[] {
    return this.s.liveForConnector.all(connectorId).map(toRow);
  }

  /** Once the app registration works again, the connections it broke are retried at once. */
  scheduleNowWithReason(connectorId: string, reason: string, at: string): void {
    this.s.scheduleNowWithReason.run({ connectorId, reason, at });
  }

  setHealth(id: string, health: { readonly state: ConnectionState; readonly reason: string | null; readonly detail: string | null }, at: string): void {
    this.s.setHealth.run({ id, state: health.state, reason: health.reason, detail: health.detail, at });
  }

  /**
   * Records a refresh on every live connection of the grant and returns them as they are now:
   * liveOnGrant's rows in its order, from the same statement (one fewer per refresh).
   */
  recordRefreshSuccess(grantId: string, at: string, nextRefreshAt: string | null): ConnectionRow[] {
    const rows = this.s.refreshOk.all({ grantId, at, next: nextRefreshAt }).map(toRow);
    return rows.length < 2 ? rows : rows.sort(byCreation);
  }

  recordRefreshFailure(grantId: string, at: string, nextRefreshAt: string | null, retryAfter: string | null): void {
    this.s.refreshFailed.run({ grantId, at, next: nextRefreshAt, retryAfter });
  }

  setNextRefresh(grantId: string, nextRefreshAt: string | null, at: string): void {
    this.s.setNextRefresh.run({ grantId, next: nextRefreshAt, at });
  }

  dueForRefresh(now: string, limit: number): DueConnection[] {
    return this.s.dueRefresh.all({ now, limit }).map((r) => ({ id: r.id, grantId: r.grant_id, connectorId: r.connector_id }));
  }

  dueForProbe(now: string, limit: number): DueConnection[] {
    return this.s.dueProbe.all({ now, limit }).map((r) => ({ id: r.id, grantId: r.grant_id, connectorId: r.connector_id }));
  }

  recordProbe(id: string, at: string, nextProbeAt: string | null): void {
    this.s.recordProbe.run({ id, at, next: nextProbeAt });
  }

  /** Probe later without having probed (no usable token now). */
  setNextProbe(id: string, nextProbeAt: string | null, at: string): void {
    this.s.setNextProbe.run({ id, next: nextProbeAt, at });
  }

  setPaused(id: string, pausedAt: string | null, at: string): void {
    this.s.setPaused.run({ id, pausedAt, at });
  }

  markRevoked(id: string, remote: RemoteRevocation, at: string): void {
    this.s.markRevoked.run({ id, remote, at });
  }

  setRemoteRevocation(id: string, remote: RemoteRevocation, at: string): void {
    this.s.setRemoteRevocation.run({ id, remote, at });
  }

  /** After the grant's authorization is revoked remotely, every revoked connection on it says so. */
  setRemoteRevocationForGrant(grantId: string, remote: RemoteRevocation, at: string): void {
    this.s.setRemoteRevocationForGrant.run({ grantId, remote, at });
  }

  /** A reconnect brings a revoked connection back under the same id. */
  reactivate(id: string, at: string): void {
    this.s.reactivate.run({ id, at });
  }

  softDelete(id: string, at: string): boolean {
    return this.s.softDelete.run({ id, at }).changes === 1;
  }
}
