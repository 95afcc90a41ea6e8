// Repository of grants (one marketplace authorization, possibly behind several connections), the
// accounts granted under more than one tenant, and the broken flag of the app registration a grant
// was issued under: a refresh is what discovers that flag, and app_registrations.connector_id is
// unique, so the connector id names it.
import type { Database, Statement } from 'better-sqlite3';
import type { Environment } from '../../connectors/types';

export interface GrantRow {
  readonly id: string;
  readonly connectorId: string;
  readonly appRegistrationId: string | null;
  readonly externalAccount: string | null;
  readonly region: string | null;
  readonly environment: Environment;
  readonly callbackMetadata: Readonly<Record<string, string>>;
  readonly scopesRequested: ReadonlyArray<string>;
  /** null when the marketplace does not say which scopes it granted. */
  readonly scopesGranted: ReadonlyArray<string> | null;
  readonly consentGrantedAt: string | null;
  readonly consentExpiresAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DuplicateAccount {
  readonly connector: string;
  readonly externalAccount: string;
  readonly connections: ReadonlyArray<{ readonly id: string; readonly tenantId: string; readonly tenant: string }>;
}

export type NewGrant = Omit<GrantRow, 'createdAt' | 'updatedAt'> & { readonly at: string };

export interface ConsentRenewal {
  readonly consentGrantedAt: string;
  readonly consentExpiresAt: string | null;
  readonly scopesGranted: ReadonlyArray<string> | null;
  readonly externalAccount: string | null;
  readonly callbackMetadata: Readonly<Record<string, string>> | null;
  readonly at: string;
}

interface RawGrant {
  id: string;
  connector_id: string;
  app_registration_id: string | null;
  external_account: string | null;
  region: string | null;
  environment: string;
  callback_metadata: string;
  scopes_requested: string;
  scopes_granted: string | null;
  consent_granted_at: string | null;
  consent_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

function toGrant(r: RawGrant): GrantRow {
  return {
    id: r.id,
    connectorId: r.connector_id,
    appRegistrationId: r.app_registration_id,
    externalAccount: r.external_account,
    region: r.region,
    environment: r.environment === 'sandbox' ? 'sandbox' : 'production',
    callbackMetadata: JSON.parse(r.callback_metadata) as Record<string, string>,
    scopesRequested: JSON.parse(r.scopes_requested) as string[],
    scopesGranted: r.scopes_granted === null ? null : (JSON.parse(r.scopes_granted) as string[]),
    consentGrantedAt: r.consent_granted_at,
    consentExpiresAt: r.consent_expires_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export class GrantsRepo {
  private readonly s: {
    insert: Statement;
    get: Statement<[string], RawGrant>;
    renew: Statement;
    setScopes: Statement;
    markBroken: Statement;
    clearBroken: Statement;
    brokenReason: Statement<[string], { broken_reason: string | null }>;
    duplicates: Statement<[], { connector_id: string; external_account: string; id: string; tenant_id: string; tenant_name: string }>;
  };

  constructor(db: Database) {
    this.s = {
      insert: db.prepare(`
        INSERT INTO grants (id, connector_id, app_registration_id, external_account, region, environment, callback_metadata,
          scopes_requested, scopes_granted, consent_granted_at, consent_expires_at, created_at, updated_at)
        VALUES (@id, @connectorId, @appRegistrationId, @externalAccount, @region, @environment, @callbackMetadata,
          @scopesRequested, @scopesGranted, @consentGrantedAt, @consentExpiresAt, @at, @at)`),
      get: db.prepare('SELECT * FROM grants WHERE id = ?'),
      renew: db.prepare(`
        UPDATE grants SET consent_granted_at = @consentGrantedAt, consent_expires_at = @consentExpiresAt,
          scopes_granted = COALESCE(@scopesGranted, scopes_granted),
          external_account = COALESCE(@externalAccount, external_account),
          callback_metadata = COALESCE(@callbackMetadata, callback_metadata), updated_at = @at
        WHERE id = @id`),
      setScopes: db.prepare('UPDATE grants SET scopes_granted = @scopes, updated_at = @at WHERE id = @id'),
      markBroken: db.prepare(`
        UPDATE app_registrations SET broken_reason = @reason, broken_at = COALESCE(broken_at, @at), updated_at = @at
        WHERE connector_id = @connectorId`),
      clearBroken: db.prepare(`
        UPDATE app_registrations SET broken_reason = NULL, broken_at = NULL, updated_at = @at
        WHERE connector_id = @connectorId AND broken_reason IS NOT NULL`),
      brokenReason: db.prepare('SELECT broken_reason FROM app_registrations WHERE connector_id = ?'),
      duplicates: db.prepare(`
        WITH live AS (
          SELECT c.id, c.tenant_id, t.name AS tenant_name, g.connector_id, g.external_account
          FROM connections c JOIN grants g ON g.id = c.grant_id JOIN tenants t ON t.id = c.tenant_id
          WHERE c.deleted_at IS NULL AND c.state != 'disconnected' AND g.external_account IS NOT NULL
        ), dup AS (
          SELECT connector_id, external_account FROM live GROUP BY connector_id, external_account
          HAVING COUNT(DISTINCT tenant_id) > 1
        )
        SELECT live.* FROM live JOIN dup USING (connector_id, external_account)
        ORDER BY live.connector_id, live.external_account, live.tenant_name, live.id`),
    };
  }

  insert(g: NewGrant): void {
    this.s.insert.run({
      ...g,
      callbackMetadata: JSON.stringify(g.callbackMetadata),
      scopesRequested: JSON.stringify(g.scopesRequested),
      scopesGranted: g.scopesGranted === null ? null : JSON.stringify(g.scopesGranted),
    });
  }

  get(id: string): GrantRow | undefined {
    const r = this.s.get.get(id);
    return r ? toGrant(r) : undefined;
  }

  renewConsent(id: string, r: ConsentRenewal): void {
    this.s.renew.run({
      id,
      consentGrantedAt: r.consentGrantedAt,
      consentExpiresAt: r.consentExpiresAt,
      scopesGranted: r.scopesGranted === null ? null : JSON.stringify(r.scopesGranted),
      externalAccount: r.externalAccount,
      callbackMetadata: r.callbackMetadata === null ? null : JSON.stringify(r.callbackMetadata),
      at: r.at,
    });
  }

  setScopesGranted(id: string, scopes: ReadonlyArray<string>, at: string): void {
    this.s.setScopes.run({ id, scopes: JSON.stringify(scopes), at });
  }

  /** Every connection of this connector's app registration is affected (e.g. invalid_client). */
  markRegistrationBroken(connectorId: string, reason: string, at: string): void {
    this.s.markBroken.run({ connectorId, reason, at });
  }

  /** A successful token call proves the registration works again. Returns the reason it was flagged with, if any. */
  clearRegistrationBroken(connectorId: string, at: string): string | null {
    const reason = this.s.brokenReason.get(connectorId)?.broken_reason ?? null;
    if (reason !== null) this.s.clearBroken.run({ connectorId, at });
    return reason;
  }

  /** The same marketplace account connected under two or more tenants. */
  findDuplicateAccounts(): DuplicateAccount[] {
    const out = new Map<string, { connector: string; externalAccount: string; connections: Array<{ id: string; tenantId: string; tenant: string }> }>();
    for (const r of this.s.duplicates.all()) {
      const key = JSON.stringify([r.connector_id, r.external_account]);
      let entry = out.get(key);
      if (!entry) {
        entry = { connector: r.connector_id, externalAccount: r.external_account, connections: [] };
        out.set(key, entry);
      }
      entry.connections.push({ id: r.id, tenantId: r.tenant_id, tenant: r.tenant_name });
    }
    return [...out.values()];
  }
}
