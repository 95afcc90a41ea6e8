// The refresh engine: refreshConnection (single-flight per grant in this process via a promise
// map, across processes via the refresh lease, re-reading the credentials version after the
// lease), write-then-use persistence of rotated tokens, failure classification into health, and
// getFreshAccessToken for scripts and API calls.
import type { ConnectorDefinition } from '../../connectors/types';
import type { TokenSet } from '../oauth/token-types';
import type { ConnectionRow, ConnectionView } from '../repos/connections';
import type { CredentialRow } from '../repos/credentials';
import type { GrantRow } from '../repos/grants';
import type { StateChange } from '../health/recorder';
import { missingPermissionDetail, permissionStatus } from '../health/permissions';
import { KeyedSemaphores, SingleFlight } from './concurrency';
import type { EngineContext } from './context';
import { classifyFailure, EngineError, sellerAware } from './errors';
import type { CommitSlot } from './commit-queue';
import type { HeldLease } from './lease';
import type { ClassifiedFailure } from './errors';
import { accessDueAt, backoffMs, nextRefreshAt, refreshTokenRule } from './schedule';
import { isTamperedSecret, recordTamperedSecret, tamperedError, type TamperedColumn } from './tampered';

export interface RefreshOptions {
  /** Refresh even when not due (the CLI's `refresh`). A result another process just produced is still reused. */
  readonly force?: boolean;
  readonly actor?: string;
  /** Judge "due" as of this time (epoch ms) instead of the clock: the scheduler's tick time. */
  readonly dueAsOf?: number;
}

/**
 * refreshed: this call got new tokens. refreshed_elsewhere: another caller or process did while we
 * waited, and we use that. fresh: not due, nothing done. failed: see reason and the connection's
 * health. skipped: backing off, waiting for consent (not forced), or the lease stayed busy past
 * the wait (another live process is refreshing); reason says which.
 */
export type RefreshOutcome = 'refreshed' | 'refreshed_elsewhere' | 'fresh' | 'failed' | 'skipped';

export interface GrantRefreshResult {
  readonly outcome: RefreshOutcome;
  readonly reason: string | null;
}

export interface RefreshResult extends GrantRefreshResult {
  readonly connection: ConnectionView;
}

export interface FreshToken {
  readonly accessToken: string;
  readonly expiresAt: string | null;
  /** API headers without app-registration secrets (they do carry the access token). */
  readonly headers: Record<string, string>;
}

const DEFAULT_MAX_CONCURRENT = 4;

/** What one refresh holds from its lease to its commit. */
interface Flight {
  readonly lease: HeldLease;
  readonly commit: CommitSlot;
  /** Gives the per-connector slot back: the marketplace call is over. */
  readonly callDone: () => void;
}

export class RefreshEngine {
  private readonly flights = new SingleFlight<GrantRefreshResult>();
  private readonly semaphores = new KeyedSemaphores();

  constructor(private readonly ctx: EngineContext) {}

  async refreshConnection(id: string, opts: RefreshOptions = {}): Promise<RefreshResult> {
    const result = await this.refreshOutcome(id, opts);
    this.ctx.events.emit({ kind: 'refreshed', connectionId: id, outcome: result.outcome });
    return { ...result, connection: this.view(id) };
  }

  /** refreshConnection without reading the connection back (the scheduler's path). */
  async refreshOutcome(id: string, opts: RefreshOptions = {}): Promise<GrantRefreshResult> {
    const conn = this.requireConnection(id);
    if (conn.state === 'disconnected') throw new EngineError('disconnected', `Connection ${id} was revoked; reconnect it to use it again.`);
    if (conn.pausedAt !== null) throw new EngineError('paused', `Connection ${id} is paused; resume it to refresh.`);
    const grantId = requireGrant(conn);
    let result = await this.flights.run(grantId, () => this.refreshGrant(conn, grantId, opts));
    // Joined a flight that found nothing due, but this caller insists.
    if (opts.force && result.outcome === 'fresh') result = await this.flights.run(grantId, () => this.refreshGrant(conn, grantId, opts));
    return result;
  }

  /** Waits for this process's refresh of a grant, if one is running (revocation uses it). */
  async settle(grantId: string): Promise<void> {
    await this.flights.current(grantId)?.catch(() => undefined);
  }

  async getFreshAccessToken(id: string, actor: string): Promise<FreshToken> {
    const { ctx } = this;
    let conn = this.requireUsable(id);
    const grantId = requireGrant(conn);
    let creds = this.requireCredentials(grantId);
    const connector = ctx.connector(conn.connectorId);
    if (!connector) throw new EngineError('unknown_connector', `Connector "${conn.connectorId}" is not installed; add it back with connector add.`);
    if (this.dueForUse(creds, connector, ctx.clock())) {
      if (conn.pausedAt !== null) throw new EngineError('paused', `Connection ${id} is paused and its access token needs renewing; resume it first.`);
      await this.refreshConnection(id, { actor });
      conn = this.requireUsable(id);
      creds = this.requireCredentials(grantId);
    }
    const token = this.openOrRecord(() => ctx.credentials.openAccessToken(creds), grantId, id, 'access_token', actor);
    if (token === null || (creds.accessExpiresAt !== null && Date.parse(creds.accessExpiresAt) <= ctx.clock())) {
      throw new EngineError(
        'no_access_token',
        `Connection ${id} has no valid access token (state ${conn.state}${conn.reason ? `, reason ${conn.reason}` : ''}); see its health and refresh or reconnect it.`,
      );
    }
    const grant = this.requireGrantRow(grantId);
    const resolved = ctx.resolve(conn, grant);
    if (!resolved.ok) throw new EngineError('config_error', `Connection ${id} cannot be used: ${resolved.failure.reason}${resolved.failure.detail ? ` (${resolved.failure.detail})` : ''}.`);
    const headers = ctx.tokenClient.apiHeaders(resolved.rc, token, { includeSecret: false });
    // Fail closed: a token handed out is always on the record.
    await ctx.auditOrFail({
      actor,
      tenantId: conn.tenantId,
      connectionId: id,
      action: 'credential.use',
      outcome: 'ok',
      detail: { grantId, expiresAt: creds.accessExpiresAt },
    });
    ctx.credentials.touchUsed(grantId, ctx.nowIso());
    return { accessToken: token, expiresAt: creds.accessExpiresAt, headers };
  }

  /** True when the stored access token should be renewed before use (margin, no jitter). */
  dueForUse(creds: CredentialRow, connector: ConnectorDefinition, now: number): boolean {
    if (creds.accessToken === null) return true;
    const issued = creds.issuedAt === null ? now : Date.parse(creds.issuedAt);
    const due = accessDueAt(connector.tokens, issued, creds.accessExpiresAt === null ? null : Date.parse(creds.accessExpiresAt));
    return due !== null && due <= now;
  }

  private async refreshGrant(trigger: ConnectionRow, grantId: string, opts: RefreshOptions): Promise<GrantRefreshResult> {
    const { ctx } = this;
    // Read before any wait: a version above this one later means someone else refreshed.
    const creds = this.requireCredentials(grantId);
    const v0 = creds.version;
    const connector = ctx.connector(trigger.connectorId);
    const asOf = opts.dueAsOf ?? ctx.clock();
    // Waiting for consent: the stored refresh token is known dead, so only an explicit (forced)
    // refresh may try it again; nothing automatic does (no reuse storm, R40).
    if (!opts.force && trigger.state === 'needs_consent') return { outcome: 'skipped', reason: 'needs_consent' };
    if (!opts.force && connector && !this.due(trigger, creds, connector, asOf)) return { outcome: 'fresh', reason: null };
    // Backing off after a transient failure: only an explicit (forced) refresh goes early.
    if (!opts.force && trigger.retryAfter !== null && Date.parse(trigger.retryAfter) > asOf) return { outcome: 'skipped', reason: 'backoff' };
    // The per-connector limit counts calls to the marketplace: the slot covers the lease wait and
    // the token request, and is given back before the commit, which needs no marketplace.
    const freeSlot = await this.semaphores.acquire(trigger.connectorId, connector?.maxConcurrentRefreshes ?? DEFAULT_MAX_CONCURRENT);
    // Announced before the lease (taken with others of this turn) and the token call, so the group
    // commit knows a result is on its way; withdrawn while a busy lease keeps this refresh polling.
    const early: { slot: CommitSlot | null } = { slot: ctx.commits.begin() };
    const withdraw = () => {
      early.slot?.cancel();
      early.slot = null;
    };
    try {
      const got = await ctx.leases.acquire(grantId, () => ctx.credentials.version(grantId) !== v0, withdraw);
      if (got.kind === 'changed') return { outcome: 'refreshed_elsewhere', reason: null };
      if (got.kind === 'timeout') {
        ctx.log(`refresh: lease for grant ${grantId} stayed busy; another process is refreshing it`);
        return { outcome: 'skipped', reason: 'lease_busy' };
      }
      const { lease } = got;
      if (lease.tookOverFrom !== null) ctx.log(`refresh: took over the lease on grant ${grantId} from process ${lease.tookOverFrom}, which is gone`);
      const flight: Flight = { lease, commit: early.slot ?? ctx.commits.begin(), callDone: freeSlot };
      early.slot = null;
      try {
        // Every token write and shred bumps the version: unchanged, the row read before the wait is current.
        const current = ctx.credentials.version(grantId) === v0 ? creds : this.requireCredentials(grantId);
        if (current.version !== v0) return { outcome: 'refreshed_elsewhere', reason: null };
        return await this.callTokenEndpoint(trigger, grantId, current, opts.actor ?? 'system', flight);
      } finally {
        // Both no-ops when the commit that recorded the outcome already used them.
        flight.commit.cancel();
        lease.release();
      }
    } finally {
      withdraw();
      freeSlot();
    }
  }

  private due(conn: ConnectionRow, creds: CredentialRow, connector: ConnectorDefinition, asOf: number): boolean {
    if (conn.nextRefreshAt !== null && Date.parse(conn.nextRefreshAt) <= asOf) return true;
    return this.dueForUse(creds, connector, asOf);
  }

  private async callTokenEndpoint(
    trigger: ConnectionRow,
    grantId: string,
    creds: CredentialRow,
    actor: string,
    flight: Flight,
  ): Promise<GrantRefreshResult> {
    const { ctx } = this;
    const grant = this.requireGrantRow(grantId);
    const resolved = ctx.resolve(trigger, grant);
    if (!resolved.ok) return this.recordFailure(trigger, grant, resolved.failure, actor, flight);
    const { rc } = resolved;
    const connector = rc.connector;
    let refreshToken: string | null;
    try {
      refreshToken = ctx.credentials.openRefreshToken(creds);
    } catch (err) {
      if (!isTamperedSecret(err)) throw err;
      recordTamperedSecret(ctx, grantId, 'refresh_token', actor);
      return { outcome: 'failed', reason: 'secret_tampered' };
    }
    if (connector.grant !== 'client_credentials' && refreshToken === null) return this.recordNoRefreshToken(trigger, grant, creds, actor, flight);
    let tokens: TokenSet;
    try {
      tokens = refreshToken === null ? await ctx.tokenClient.clientCredentials(rc) : await ctx.tokenClient.refresh(rc, refreshToken);
    } catch (err) {
      flight.callDone();
      return this.recordFailure(trigger, grant, sellerAware(rc, classifyFailure(err)), actor, flight);
    }
    flight.callDone();
    return this.recordSuccess(trigger, grant, creds, connector, tokens, actor, flight);
  }

  /**
   * Write-then-use: the new pair is committed, with health, its audit events and the lease's
   * release, in one group commit (commit-queue.ts), before anyone sees the new access token.
   */
  private async recordSuccess(
    trigger: ConnectionRow,
    grant: GrantRow,
    creds: CredentialRow,
    connector: ConnectorDefinition,
    tokens: TokenSet,
    actor: string,
    flight: Flight,
  ): Promise<GrantRefreshResult> {
    const { ctx } = this;
    const now = ctx.clock();
    const at = ctx.nowIso(now);
    const rule = connector.grant === 'client_credentials' ? ({ write: 'replace', missing: false } as const) : refreshTokenRule(connector.tokens.rotation, tokens.refreshToken);
    const hasRefreshToken = rule.write === 'replace' ? tokens.refreshToken !== null : rule.write === 'keep' && creds.refreshToken !== null;
    const next = nextRefreshAt({
      now,
      issuedAt: now,
      accessExpiresAt: tokens.accessExpiresAt?.getTime() ?? null,
      hasRefreshToken,
      grantKind: connector.grant,
      tokens: connector.tokens,
      random: ctx.random,
    });
    const missingPermission = tokens.scopes === null ? undefined : missingPermissionDetail(permissionStatus(connector, grant.scopesRequested, tokens.scopes));
    const reason = rule.missing ? 'no_refresh_token' : null;
    const { lease } = flight;
    const changes = await flight.commit.run((): StateChange[] | null => {
      lease.releaseInTransaction();
      if (!ctx.credentials.write(grant.id, tokens, rule.write, at, creds.version)) return null;
      if (tokens.scopes !== null) ctx.grants.setScopesGranted(grant.id, tokens.scopes, at);
      const rows = ctx.connections.recordRefreshSuccess(grant.id, at, next === null ? null : ctx.nowIso(next));
      const changed = ctx.recorder.applyToRows(rows, rule.missing ? { kind: 'refresh_token_missing' } : { kind: 'refreshed', missingPermission }, at);
      // After this grant's own health moved on, so only the other grants it broke are retried now.
      const healedReason = ctx.grants.clearRegistrationBroken(connector.id, at);
      if (healedReason !== null) ctx.connections.scheduleNowWithReason(connector.id, healedReason, at);
      // In the same commit: a refresh is never on record without its audit event, nor the other way round.
      this.auditGrant(grant.id, trigger, actor, 'ok', { reason, accessExpiresAt: tokens.accessExpiresAt?.toISOString() ?? null }, rows);
      return changed;
    });
    lease.committed();
    // Our lease lapsed and another writer got there first: its result stands, ours is dropped.
    if (changes === null) return { outcome: 'refreshed_elsewhere', reason: null };
    ctx.notify(changes);
    return { outcome: 'refreshed', reason };
  }

  /** The failure, its health and its audit events, in the group commit that also releases the lease. */
  private async recordFailure(trigger: ConnectionRow, grant: GrantRow, failure: ClassifiedFailure, actor: string, flight: Flight): Promise<GrantRefreshResult> {
    const { ctx } = this;
    const now = ctx.clock();
    const at = ctx.nowIso(now);
    // An SP-API consent past its 365 days fails as invalid_grant; say the real reason.
    const consentOver = grant.consentExpiresAt !== null && Date.parse(grant.consentExpiresAt) <= now;
    const reason = failure.failure === 'consent_gone' && consentOver ? 'consent_expired' : failure.reason;
    const event = { kind: 'refresh_failed', failure: failure.failure, reason, detail: failure.detail } as const;
    const changes = await flight.commit.run((): StateChange[] => {
      flight.lease.releaseInTransaction();
      this.auditGrant(grant.id, trigger, actor, 'failed', { reason, failure: failure.failure });
      if (failure.failure === 'consent_gone') {
        // No retries: the same refresh token will not work again (no reuse storm, R40).
        ctx.connections.recordRefreshFailure(grant.id, at, null, null);
        return ctx.recorder.applyToGrant(grant.id, event, at);
      }
      const failures = Math.max(0, ...ctx.connections.liveOnGrant(grant.id).map((c) => c.failureCount)) + 1;
      const retryAt = ctx.nowIso(now + backoffMs(failures, ctx.backoff, ctx.random, failure.retryAfterMs));
      ctx.connections.recordRefreshFailure(grant.id, at, retryAt, retryAt);
      if (failure.failure !== 'client_broken') return ctx.recorder.applyToGrant(grant.id, event, at);
      ctx.grants.markRegistrationBroken(trigger.connectorId, reason, at);
      const out: StateChange[] = [];
      for (const row of ctx.connections.liveForConnector(trigger.connectorId)) {
        const change = ctx.recorder.apply(row, { kind: 'client_broken', reason }, at);
        if (change) out.push(change);
      }
      return out;
    });
    flight.lease.committed();
    ctx.notify(changes);
    return { outcome: 'failed', reason };
  }

  /** Nothing to refresh with: fine while the access token lasts, needs consent once it is gone. */
  private async recordNoRefreshToken(trigger: ConnectionRow, grant: GrantRow, creds: CredentialRow, actor: string, flight: Flight): Promise<GrantRefreshResult> {
    const { ctx } = this;
    const now = ctx.clock();
    const at = ctx.nowIso(now);
    const expiresAt = creds.accessExpiresAt === null ? null : Date.parse(creds.accessExpiresAt);
    const expired = creds.accessToken === null || (expiresAt !== null && expiresAt <= now);
    const changes = await flight.commit.run((): StateChange[] => {
      flight.lease.releaseInTransaction();
      this.auditGrant(grant.id, trigger, actor, expired ? 'failed' : 'skipped', { reason: 'no_refresh_token' });
      ctx.connections.setNextRefresh(grant.id, expired || expiresAt === null ? null : ctx.nowIso(expiresAt), at);
      return ctx.recorder.applyToGrant(grant.id, expired ? { kind: 'access_expired_without_refresh' } : { kind: 'refresh_token_missing' }, at);
    });
    flight.lease.committed();
    ctx.notify(changes);
    return { outcome: expired ? 'failed' : 'skipped', reason: 'no_refresh_token' };
  }

  private auditGrant(
    grantId: string,
    trigger: ConnectionRow,
    actor: string,
    outcome: 'ok' | 'failed' | 'skipped',
    detail: Record<string, unknown>,
    rows: ReadonlyArray<ConnectionRow> = this.ctx.connections.liveOnGrant(grantId),
  ): void {
    for (const row of rows.length > 0 ? rows : [trigger]) {
      this.ctx.audit({
        actor,
        tenantId: row.tenantId,
        connectionId: row.id,
        action: 'connection.refresh',
        outcome,
        detail: { grantId, trigger: trigger.id, ...detail },
      });
    }
  }

  /** Opens a sealed token; a tampered one is recorded as the connection's state, then refused. */
  openOrRecord(open: () => string | null, grantId: string, connectionId: string, column: TamperedColumn, actor: string): string | null {
    try {
      return open();
    } catch (err) {
      if (!isTamperedSecret(err)) throw err;
      recordTamperedSecret(this.ctx, grantId, column, actor);
      throw tamperedError(connectionId, column);
    }
  }

  requireConnection(id: string): ConnectionRow {
    const conn = this.ctx.connections.get(id);
    if (!conn) throw new EngineError('not_found', `No connection ${id}; list them with connections.`);
    if (conn.deletedAt !== null) throw new EngineError('deleted', `Connection ${id} was deleted.`);
    return conn;
  }

  private requireUsable(id: string): ConnectionRow {
    const conn = this.requireConnection(id);
    if (conn.state === 'disconnected') throw new EngineError('disconnected', `Connection ${id} was revoked; reconnect it to use it again.`);
    if (conn.state === 'needs_consent' && conn.reason === 'secret_tampered') throw tamperedError(id, 'access_token');
    if (conn.state === 'needs_consent') {
      throw new EngineError('needs_consent', `Connection ${id} needs the seller's consent again (${conn.reason ?? 'consent'}); reconnect it.`);
    }
    return conn;
  }

  private requireCredentials(grantId: string): CredentialRow {
    return this.ctx.credentials.get(grantId) ?? notFound(`Grant ${grantId} has no stored credentials; reconnect the connection.`);
  }

  private requireGrantRow(grantId: string): GrantRow {
    return this.ctx.grants.get(grantId) ?? notFound(`Grant ${grantId} is missing; reconnect the connection.`);
  }

  private view(id: string): ConnectionView {
    return this.ctx.connections.view(id) ?? notFound(`No connection ${id}; list them with connections.`);
  }
}

function notFound(message: string): never {
  throw new EngineError('not_found', message);
}

function requireGrant(conn: ConnectionRow): string {
  if (conn.grantId === null) throw new EngineError('needs_consent', `Connection ${conn.id} has no authorization yet; connect it first.`);
  return conn.grantId;
}
