// Repository of grants (one marketplace authorization, possibly behind several connections) and
// the broken flag of the app registration a grant was issued under: a refresh is what discovers
// that flag, and app_registrations.connector_id is unique, so the connector id names it.
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
}
