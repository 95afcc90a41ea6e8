// The agency's app registrations (one per connector). Owns app_registrations' SQL; the client
// secret is sealed by the vault and only opened for the engine in the main process.
import type { Statement } from 'better-sqlite3';
import type { AppRegistration } from '../oauth/resolve';
import { newId, nowIso } from '../vault/ids';
import type { Vault } from '../vault/types';

interface RegistrationRow {
  id: string;
  connector_id: string;
  client_id: string;
  client_secret: Buffer | null;
  client_secret_set_at: string | null;
  redirect_strategy: string | null;
  redirect_uri: string | null;
  endpoint_overrides: string;
  params: string;
  broken_reason: string | null;
}

/** A registration without its secret: what listing and readiness checks read (nothing is decrypted). */
export type AppRegistrationSummary = Omit<AppRegistration, 'clientSecret'> & { readonly hasClientSecret: boolean };

/** Every column but client_secret, whose presence is read as a flag. */
const SUMMARY_COLUMNS = `id, connector_id, client_id, client_secret IS NOT NULL AS has_secret, client_secret_set_at, redirect_strategy,
  redirect_uri, endpoint_overrides, params, broken_reason`;

type SummaryRow = Omit<RegistrationRow, 'client_secret'> & { has_secret: 0 | 1 };

export interface RegistrationChange {
  readonly connectorId: string;
  readonly clientId: string;
  /** undefined keeps the stored secret. */
  readonly clientSecret?: string;
  readonly redirectStrategy?: string;
  readonly redirectUri?: string;
  /** Merged into the stored overrides. */
  readonly endpoints?: Readonly<Record<string, string>>;
  readonly params?: Readonly<Record<string, string>>;
}

const UPSERT = `INSERT INTO app_registrations (id, connector_id, client_id, client_secret, client_secret_set_at, redirect_strategy,
      redirect_uri, endpoint_overrides, params, created_at, updated_at)
   VALUES (@id, @connectorId, @clientId, @secret, @secretSetAt, @strategy, @uri, @endpoints, @params, @now, @now)
   ON CONFLICT(connector_id) DO UPDATE SET client_id = excluded.client_id, client_secret = excluded.client_secret,
     client_secret_set_at = excluded.client_secret_set_at, redirect_strategy = excluded.redirect_strategy,
     redirect_uri = excluded.redirect_uri, endpoint_overrides = excluded.endpoint_overrides, params = excluded.params,
     updated_at = excluded.updated_at,
     -- a new secret or client id is the fix for a broken registration
     broken_reason = CASE WHEN @fixes THEN NULL ELSE app_registrations.broken_reason END,
     broken_at = CASE WHEN @fixes THEN NULL ELSE app_registrations.broken_at END`;

export class AppRegistrationsRepo {
  // Prepared once: the refresh engine reads the registration on every refresh.
  private readonly byConnector: Statement<[string], RegistrationRow>;
  /**
   * The last client secret opened per row, with the sealed bytes it came from. The row is still
   * read on every call; only a byte-identical ciphertext (same row id, so same AAD) skips the
   * AES-GCM open. Any other ciphertext, a tampered one included, is opened (and checked) again.
   */
  private readonly opened = new Map<string, { readonly sealed: Buffer; readonly secret: string }>();

  constructor(private readonly vault: Vault) {
    this.byConnector = vault.db.prepare<[string], RegistrationRow>('SELECT * FROM app_registrations WHERE connector_id = ?');
    this.byId = vault.db.prepare<[string], RegistrationRow>('SELECT * FROM app_registrations WHERE id = ?');
    this.summaryOne = vault.db.prepare<[string], SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM app_registrations WHERE connector_id = ?`);
    this.summaryAll = vault.db.prepare<[], SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM app_registrations`);
    this.upsert = vault.db.prepare<[Record<string, unknown>]>(UPSERT);
  }

  // The other statements, prepared once per repository as well.
  private readonly byId: Statement<[string], RegistrationRow>;
  private readonly summaryOne: Statement<[string], SummaryRow>;
  private readonly summaryAll: Statement<[], SummaryRow>;
  private readonly upsert: Statement<[Record<string, unknown>]>;

  get(connectorId: string): AppRegistration | undefined {
    const row = this.byConnector.get(connectorId);
    return row ? this.toRegistration(row) : undefined;
  }

  /** The registration of a connector without opening its secret. */
  summary(connectorId: string): AppRegistrationSummary | undefined {
    const row = this.summaryOne.get(connectorId);
    return row ? toSummary(row) : undefined;
  }

  /** Every registration, by connector id, without opening a secret (one query). */
  summaries(): ReadonlyMap<string, AppRegistrationSummary> {
    const rows = this.summaryAll.all();
    return new Map(rows.map((row) => [row.connector_id, toSummary(row)]));
  }

  /** Creates or updates the registration in one transaction; the secret is sealed to its row. */
  set(change: RegistrationChange): AppRegistration {
    return this.vault.transaction(() => {
      const now = nowIso();
      const existing = this.byConnector.get(change.connectorId);
      const id = existing?.id ?? newId('app');
      const endpoints = { ...(existing ? (JSON.parse(existing.endpoint_overrides) as Record<string, string>) : {}), ...change.endpoints };
      const params = { ...(existing ? (JSON.parse(existing.params) as Record<string, string>) : {}), ...change.params };
      const secret =
        change.clientSecret !== undefined
          ? this.vault.seal(change.clientSecret, { table: 'app_registrations', rowId: id, column: 'client_secret' })
          : (existing?.client_secret ?? null);
      const secretSetAt = change.clientSecret !== undefined ? now : (existing?.client_secret_set_at ?? null);
      const clientIdChanged = existing !== undefined && existing.client_id !== change.clientId;
      this.upsert.run({
        id,
        connectorId: change.connectorId,
        clientId: change.clientId,
        secret,
        secretSetAt,
        strategy: change.redirectStrategy ?? existing?.redirect_strategy ?? null,
        uri: change.redirectUri ?? existing?.redirect_uri ?? null,
        endpoints: JSON.stringify(endpoints),
        params: JSON.stringify(params),
        now,
        fixes: change.clientSecret !== undefined || clientIdChanged ? 1 : 0,
      });
      const row = this.byId.get(id);
      if (!row) throw new Error('app registration vanished inside its own transaction');
      return this.toRegistration(row);
    });
  }

  private openSecret(rowId: string, sealed: Buffer): string {
    const last = this.opened.get(rowId);
    if (last?.sealed.equals(sealed)) return last.secret;
    const secret = this.vault.openString(sealed, { table: 'app_registrations', rowId, column: 'client_secret' });
    this.opened.set(rowId, { sealed: Buffer.from(sealed), secret });
    return secret;
  }

  private toRegistration(row: RegistrationRow): AppRegistration {
    return {
      id: row.id,
      connectorId: row.connector_id,
      clientId: row.client_id,
      clientSecret: row.client_secret ? this.openSecret(row.id, row.client_secret) : null,
      clientSecretSetAt: row.client_secret_set_at,
      redirectStrategy: row.redirect_strategy,
      redirectUri: row.redirect_uri,
      endpointOverrides: JSON.parse(row.endpoint_overrides) as Record<string, string>,
      params: JSON.parse(row.params) as Record<string, string>,
      brokenReason: row.broken_reason,
    };
  }
}

function toSummary(row: SummaryRow): AppRegistrationSummary {
  return {
    id: row.id,
    connectorId: row.connector_id,
    clientId: row.client_id,
    hasClientSecret: row.has_secret === 1,
    clientSecretSetAt: row.client_secret_set_at,
    redirectStrategy: row.redirect_strategy,
    redirectUri: row.redirect_uri,
    endpointOverrides: JSON.parse(row.endpoint_overrides) as Record<string, string>,
    params: JSON.parse(row.params) as Record<string, string>,
    brokenReason: row.broken_reason,
  };
}
