// Writing connections and their grants after a consent, an import or a reconnect
// (createConnectionWithGrant, attachConnection, renewGrant), and the read side people see:
// views, health history, renew-by forecast, duplicate accounts.
import type { ConnectorDefinition, Environment } from '../../connectors/types';
import type { TokenSet } from '../oauth/token-types';
import { newId } from '../vault/ids';
import { CONNECTION_STATES } from '../repos/connections';
import type { ConnectionState, ConnectionView } from '../repos/connections';
import type { DuplicateAccount } from '../repos/grants';
import type { HealthEventRow } from '../repos/health-events';
import { consentExpiry, forecastRenewBy } from '../health/forecast';
import type { RenewBy } from '../health/forecast';
import { missingPermissionDetail, permissionStatus } from '../health/permissions';
import type { PermissionStatus } from '../health/permissions';
import { ACTIVE } from '../health/state-machine';
import type { Health } from '../health/state-machine';
import type { StateChange } from '../health/recorder';
import type { EngineContext } from './context';
import { EngineError } from './errors';
import type { SellerClient } from '../repos/credentials';
import { nextRefreshAt } from './schedule';

export interface GrantInput {
  /** Defaults to the connector's registration. */
  readonly appRegistrationId?: string | null;
  /** The marketplace's id of the account (selling_partner_id, shop domain, user id). */
  readonly externalAccount?: string | null;
  readonly environment?: Environment;
  readonly callbackMetadata?: Readonly<Record<string, string>>;
  readonly scopesRequested?: ReadonlyArray<string>;
  /** Defaults to now. */
  readonly consentGrantedAt?: string;
}

export interface NewConnectionInput {
  readonly tenantId: string;
  readonly connectorId: string;
  readonly account: string;
  readonly region?: string | null;
  readonly settings?: Readonly<Record<string, string>>;
  readonly ownerOperatorId?: string | null;
  readonly grant?: GrantInput;
  /** For an imported refresh token: accessToken '' (none yet), accessExpiresAt null, and dueNow. */
  readonly tokens: TokenSet;
  readonly actor?: string;
  /** Due for refresh at once (imports: `import` promises they are refreshed right away). */
  readonly dueNow?: boolean;
  /** The seller's own API credentials (bol.com, Zalando), sealed with the grant's tokens. */
  readonly sellerClient?: SellerClient | null;
}

export interface RenewInput {
  readonly externalAccount?: string | null;
  readonly scopesRequested?: ReadonlyArray<string>;
  readonly callbackMetadata?: Readonly<Record<string, string>>;
  readonly consentGrantedAt?: string;
  readonly actor?: string;
  /** Replaces the seller's own API credentials; undefined keeps what is stored. */
  readonly sellerClient?: SellerClient | null;
}

export class ConnectionStore {
  constructor(private readonly ctx: EngineContext) {}

  /** After a successful consent or import: a new grant, its sealed tokens, and its first connection. */
  createConnectionWithGrant(input: NewConnectionInput): ConnectionView {
    const { ctx } = this;
    const connector = this.requireConnector(input.connectorId);
    const account = input.account.trim();
    if (account === '') throw new EngineError('invalid_input', 'The account label is empty; give one with --account LABEL.');
    const region = this.checkRegion(connector, input.region ?? null);
    const g = input.grant ?? {};
    const now = ctx.clock();
    const at = ctx.nowIso(now);
    const grantId = newId('grt');
    const consentGrantedAt = g.consentGrantedAt ?? at;
    const scopesRequested = g.scopesRequested ?? [];
    const missing = input.tokens.scopes === null ? undefined : missingPermissionDetail(permissionStatus(connector, scopesRequested, input.tokens.scopes));
    // An imported refresh token has not been checked with the marketplace yet: say so until the first refresh.
    const health: Health = input.dueNow && input.tokens.accessToken === '' ? { state: 'degraded', reason: 'not_verified', detail: null } : initialHealth(connector, input.tokens, missing);
    const id = newId('con');
    const actor = input.actor ?? 'system';
    translateForeignKeyError(input.tenantId, () =>
      ctx.vault.transaction(() => {
        ctx.grants.insert({
          id: grantId,
          connectorId: connector.id,
          appRegistrationId: g.appRegistrationId ?? ctx.deps.registrations(connector.id)?.id ?? null,
          externalAccount: g.externalAccount ?? null,
          region,
          environment: g.environment ?? 'production',
          callbackMetadata: g.callbackMetadata ?? {},
          scopesRequested,
          scopesGranted: input.tokens.scopes,
          consentGrantedAt,
          consentExpiresAt: consentExpiry(connector, consentGrantedAt),
          at,
        });
        ctx.credentials.insert(grantId, input.tokens, at);
        if (input.sellerClient) ctx.credentials.setSellerClient(grantId, input.sellerClient);
        this.insertConnection(id, grantId, input, connector, region, health, now, input.dueNow ?? false);
      }),
    );
    ctx.audit({ actor, tenantId: input.tenantId, connectionId: id, action: 'connection.create', outcome: 'ok', detail: { grantId, connector: connector.id, state: health.state } });
    ctx.events.emit({ kind: 'created', connectionId: id });
    return this.require(id);
  }

  /**
   * A connection that a connect attempt created moments ago but could not prove (a pasted refresh
   * token the marketplace refused): its tokens are shredded and the row is soft-deleted, so a
   * failed connect leaves nothing behind to monitor. Only for a grant that nothing else uses.
   */
  discardUnproven(id: string, actor: string, reason: string): void {
    const { ctx } = this;
    const conn = this.require(id);
    const grantId = conn.grantId;
    // A brand-new connection has a grant of its own; anything else is not ours to take back.
    if (grantId !== null && ctx.connections.onGrant(grantId).length !== 1) return;
    const at = ctx.nowIso();
    ctx.vault.transaction(() => {
      if (grantId !== null) ctx.credentials.shred(grantId, at);
      ctx.connections.softDelete(id, at);
    });
    ctx.vault.scrub();
    ctx.audit({ actor, tenantId: conn.tenantId, connectionId: id, action: 'connection.discard', outcome: 'failed', detail: { grantId, reason } });
    ctx.events.emit({ kind: 'discarded', connectionId: id });
  }

  /** Another connection on an existing grant (one Amazon Ads login, many advertiser profiles). */
  attachConnection(grantId: string, input: Omit<NewConnectionInput, 'connectorId' | 'tokens' | 'grant' | 'dueNow'>): ConnectionView {
    const { ctx } = this;
    const grant = ctx.grants.get(grantId);
    if (!grant) throw new EngineError('not_found', `No grant ${grantId}; connect the account first.`);
    const connector = this.requireConnector(grant.connectorId);
    const account = input.account.trim();
    if (account === '') throw new EngineError('invalid_input', 'The account label is empty; give one with --account LABEL.');
    const sibling = ctx.connections.liveOnGrant(grantId)[0];
    if (!sibling) throw new EngineError('disconnected', `Grant ${grantId} backs no live connection; reconnect instead.`);
    const id = newId('con');
    const now = ctx.clock();
    translateForeignKeyError(input.tenantId, () =>
      ctx.vault.transaction(() => {
        ctx.connections.insert({
          id,
          tenantId: input.tenantId,
          connectorId: connector.id,
          grantId,
          account,
          region: this.checkRegion(connector, input.region ?? grant.region),
          state: sibling.state,
          reason: sibling.reason,
          reasonDetail: sibling.reasonDetail,
          ownerOperatorId: input.ownerOperatorId ?? ctx.deps.defaultOwner?.() ?? null,
          settings: input.settings ?? {},
          lastRefreshAt: sibling.lastRefreshAt,
          nextRefreshAt: sibling.nextRefreshAt,
          nextProbeAt: connector.probe ? ctx.nowIso(now + connector.probe.intervalSeconds * 1000) : null,
          at: ctx.nowIso(now),
        });
        ctx.recorder.recordInitial({ id }, { state: sibling.state, reason: sibling.reason, detail: sibling.reasonDetail }, ctx.nowIso(now));
      }),
    );
    ctx.audit({ actor: input.actor ?? 'system', tenantId: input.tenantId, connectionId: id, action: 'connection.create', outcome: 'ok', detail: { grantId, connector: connector.id, sharedGrant: true } });
    ctx.events.emit({ kind: 'created', connectionId: id });
    return this.require(id);
  }

  /**
   * A reconnect: new tokens for the connection's grant. The same connection id comes back active
   * (even from revoked), and every other connection on the grant heals with it.
   */
  renewGrant(connectionId: string, tokens: TokenSet, input: RenewInput = {}): ConnectionView {
    const { ctx } = this;
    const conn = ctx.connections.get(connectionId);
    if (!conn || conn.deletedAt !== null) throw new EngineError('not_found', `No connection ${connectionId} to reconnect; connect a new one instead.`);
    if (conn.grantId === null) throw new EngineError('not_found', `Connection ${connectionId} has no grant; connect a new one instead.`);
    const grantId = conn.grantId;
    const grant = ctx.grants.get(grantId);
    if (!grant) throw new EngineError('not_found', `Grant ${grantId} is missing; connect a new one instead.`);
    const connector = this.requireConnector(conn.connectorId);
    const newAccount = input.externalAccount ?? null;
    if (newAccount !== null && grant.externalAccount !== null && newAccount !== grant.externalAccount) {
      throw new EngineError(
        'account_mismatch',
        `The marketplace approved account ${newAccount}, but connection ${connectionId} is for ${grant.externalAccount}. Sign in as that account, or connect ${newAccount} as a new connection.`,
      );
    }
    const now = ctx.clock();
    const at = ctx.nowIso(now);
    const consentGrantedAt = input.consentGrantedAt ?? at;
    const scopesRequested = input.scopesRequested ?? grant.scopesRequested;
    const missing = tokens.scopes === null ? undefined : missingPermissionDetail(permissionStatus(connector, scopesRequested, tokens.scopes));
    const keepOld = tokens.refreshToken === null && connector.tokens.rotation === 'static';
    const hasRefreshToken = tokens.refreshToken !== null || keepOld;
    const next = nextRefreshAt({
      now,
      issuedAt: now,
      accessExpiresAt: tokens.accessExpiresAt?.getTime() ?? null,
      hasRefreshToken,
      grantKind: connector.grant,
      tokens: connector.tokens,
      random: ctx.random,
    });
    const changes = ctx.vault.transaction((): StateChange[] => {
      if (ctx.credentials.get(grantId)) ctx.credentials.write(grantId, tokens, tokens.refreshToken !== null ? 'replace' : keepOld ? 'keep' : 'drop', at, null);
      else ctx.credentials.insert(grantId, tokens, at);
      if (input.sellerClient !== undefined) ctx.credentials.setSellerClient(grantId, input.sellerClient);
      ctx.grants.renewConsent(grantId, {
        consentGrantedAt,
        consentExpiresAt: consentExpiry(connector, consentGrantedAt),
        scopesGranted: tokens.scopes,
        externalAccount: newAccount,
        callbackMetadata: input.callbackMetadata ?? null,
        at,
      });
      if (conn.state === 'disconnected') ctx.connections.reactivate(connectionId, at);
      const out: StateChange[] = [];
      const own = ctx.recorder.apply(conn, { kind: 'consent_renewed', missingPermission: missing }, at);
      if (own) out.push(own);
      out.push(...ctx.recorder.applyToGrant(grantId, { kind: 'consent_renewed', missingPermission: missing }, at));
      ctx.connections.recordRefreshSuccess(grantId, at, next === null ? null : ctx.nowIso(next));
      if (!hasRefreshToken && tokens.accessExpiresAt !== null && connector.grant !== 'client_credentials') {
        out.push(...ctx.recorder.applyToGrant(grantId, { kind: 'refresh_token_missing' }, at));
      }
      return out;
    });
    ctx.notify(changes);
    for (const row of ctx.connections.liveOnGrant(grantId)) {
      ctx.audit({ actor: input.actor ?? 'system', tenantId: row.tenantId, connectionId: row.id, action: 'connection.reconnect', outcome: 'ok', detail: { grantId, trigger: connectionId } });
    }
    return this.require(connectionId);
  }

  get(id: string): ConnectionView | undefined {
    return this.ctx.connections.view(id);
  }

  /**
   * The seller's own API credentials of a connection: `none` when the agency's app signs its
   * calls, `shredded` when they were the seller's but are gone (revoked), else the pair.
   */
  sellerClient(id: string): { readonly kind: 'none' } | { readonly kind: 'shredded' } | { readonly kind: 'stored'; readonly client: SellerClient } {
    const grantId = this.ctx.connections.get(id)?.grantId ?? null;
    if (grantId === null || !this.ctx.credentials.isSellerOwned(grantId)) return { kind: 'none' };
    const client = this.ctx.credentials.sellerClient(grantId);
    return client === null ? { kind: 'shredded' } : { kind: 'stored', client };
  }

  require(id: string): ConnectionView {
    const v = this.ctx.connections.view(id);
    if (!v) throw new EngineError('not_found', `No connection ${id}; list them with connections.`);
    return v;
  }

  /** Every connection not deleted, revoked ones included (as disconnected). */
  listConnections(filter: { readonly tenantId?: string; readonly state?: ConnectionState } = {}): ConnectionView[] {
    if (filter.state !== undefined && !CONNECTION_STATES.includes(filter.state)) {
      throw new EngineError('invalid_input', `Unknown state "${String(filter.state)}"; use one of: ${CONNECTION_STATES.join(', ')}.`);
    }
    return this.ctx.connections.list(filter);
  }

  findDuplicateAccounts(): DuplicateAccount[] {
    return this.ctx.grants.findDuplicateAccounts();
  }

  healthHistory(id: string, opts: { readonly since?: string; readonly limit?: number } = {}): HealthEventRow[] {
    return this.ctx.healthEvents.list(id, opts);
  }

  /** Scopes granted against each workflow's scopes; `known: false` when the marketplace does not say. */
  permissions(id: string): PermissionStatus {
    const conn = this.require(id);
    const grant = conn.grantId === null ? undefined : this.ctx.grants.get(conn.grantId);
    const connector = this.requireConnector(conn.connectorId);
    return grant ? permissionStatus(connector, grant.scopesRequested, grant.scopesGranted) : { known: false, blocked: [] };
  }

  /** The earliest date by which the seller must renew consent, and why; null when nothing forces it. */
  renewBy(id: string): RenewBy | null {
    const conn = this.require(id);
    if (conn.grantId === null || conn.state === 'disconnected') return null;
    const grant = this.ctx.grants.get(conn.grantId);
    const creds = this.ctx.credentials.get(conn.grantId);
    if (!grant || !creds) return null;
    return forecastRenewBy({
      connector: this.requireConnector(conn.connectorId),
      consentGrantedAt: grant.consentGrantedAt,
      consentExpiresAt: grant.consentExpiresAt,
      accessExpiresAt: creds.accessExpiresAt,
      refreshExpiresAt: creds.refreshExpiresAt,
      hasRefreshToken: creds.refreshToken !== null,
      lastRefreshAt: creds.issuedAt,
      keptAlive: conn.pausedAt === null,
    });
  }

  private insertConnection(
    id: string,
    grantId: string,
    input: NewConnectionInput,
    connector: ConnectorDefinition,
    region: string | null,
    health: Health,
    now: number,
    dueNow: boolean,
  ): void {
    const { ctx } = this;
    const next = dueNow
      ? now
      : nextRefreshAt({
          now,
          issuedAt: now,
          accessExpiresAt: input.tokens.accessExpiresAt?.getTime() ?? null,
          hasRefreshToken: input.tokens.refreshToken !== null,
          grantKind: connector.grant,
          tokens: connector.tokens,
          random: ctx.random,
        });
    const at = ctx.nowIso(now);
    ctx.connections.insert({
      id,
      tenantId: input.tenantId,
      connectorId: connector.id,
      grantId,
      account: input.account.trim(),
      region,
      state: health.state,
      reason: health.reason,
      reasonDetail: health.detail,
      ownerOperatorId: input.ownerOperatorId ?? ctx.deps.defaultOwner?.() ?? null,
      settings: input.settings ?? {},
      // Nothing was refreshed yet when an imported token is only due.
      lastRefreshAt: dueNow && input.tokens.accessToken === '' ? null : at,
      nextRefreshAt: next === null ? null : ctx.nowIso(next),
      nextProbeAt: connector.probe ? ctx.nowIso(now + connector.probe.intervalSeconds * 1000) : null,
      at,
    });
    ctx.recorder.recordInitial({ id }, health, at);
  }

  private requireConnector(id: string): ConnectorDefinition {
    const connector = this.ctx.connector(id);
    if (!connector) throw new EngineError('unknown_connector', `Unknown connector "${id}"; see connector list for the ones installed.`);
    return connector;
  }

  private checkRegion(connector: ConnectorDefinition, region: string | null): string | null {
    if (connector.regions.length === 0) return region;
    const chosen = region ?? connector.regions[0]?.id ?? null;
    if (!connector.regions.some((r) => r.id === chosen)) {
      throw new EngineError('invalid_input', `${connector.name} has no region "${chosen ?? ''}"; use one of: ${connector.regions.map((r) => r.id).join(', ')}.`);
    }
    return chosen;
  }
}

/** The first health of a new grant: missing permissions and a missing refresh token show at once. */
function initialHealth(connector: ConnectorDefinition, tokens: TokenSet, missing: string | null | undefined): Health {
  if (typeof missing === 'string') return { state: 'degraded', reason: 'missing_permission', detail: missing };
  if (tokens.refreshToken === null && tokens.accessExpiresAt !== null && connector.grant !== 'client_credentials') {
    return { state: 'degraded', reason: 'no_refresh_token', detail: null };
  }
  return ACTIVE;
}

function translateForeignKeyError(tenantId: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if ((err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      throw new EngineError('not_found', `No tenant ${tenantId} (or its app registration is gone); add the tenant with tenant add first.`);
    }
    throw err;
  }
}
