// Repository of a grant's tokens, and of the seller's own API credentials when they authenticate
// its token calls instead of the agency's app (bol.com, Zalando). Secrets are sealed by the vault,
// bound to credentials/<grant id>/<column>; `version` increases on every token write so a process
// that waited on the refresh lease can tell that someone else refreshed meanwhile (compare-and-set).
import type { Database, Statement } from 'better-sqlite3';
import type { SecretCipher, SecretRef } from '../vault/types';
import type { TokenSet } from '../oauth/token-types';

export interface CredentialRow {
  readonly grantId: string;
  readonly accessToken: Buffer | null;
  readonly accessExpiresAt: string | null;
  readonly refreshToken: Buffer | null;
  readonly refreshExpiresAt: string | null;
  readonly tokenType: string | null;
  readonly version: number;
  readonly issuedAt: string | null;
  readonly lastUsedAt: string | null;
  readonly shreddedAt: string | null;
}

/** A seller's own client id and secret (opened: main process only, never printed). */
export interface SellerClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What happens to the stored refresh token when new tokens are written. */
export type RefreshTokenWrite = 'replace' | 'keep' | 'drop';

interface RawCredential {
  grant_id: string;
  access_token: Buffer | null;
  access_expires_at: string | null;
  refresh_token: Buffer | null;
  refresh_expires_at: string | null;
  token_type: string | null;
  version: number;
  issued_at: string | null;
  last_used_at: string | null;
  shredded_at: string | null;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function accessTokenRef(grantId: string): SecretRef {
  return { table: 'credentials', rowId: grantId, column: 'access_token' };
}

export function refreshTokenRef(grantId: string): SecretRef {
  return { table: 'credentials', rowId: grantId, column: 'refresh_token' };
}

export function sellerSecretRef(grantId: string): SecretRef {
  return { table: 'credentials', rowId: grantId, column: 'client_secret' };
}

export class CredentialsRepo {
  private readonly s: {
    insert: Statement;
    get: Statement<[string], RawCredential>;
    version: Statement<[string], { version: number }>;
    write: Statement;
    writeKeepRefresh: Statement;
    touch: Statement;
    shred: Statement;
    sellerClient: Statement<[string], { client_id: string | null; client_secret: Buffer | null }>;
    setSellerClient: Statement;
  };

  constructor(
    db: Database,
    private readonly cipher: SecretCipher,
  ) {
    this.s = {
      insert: db.prepare(`
        INSERT INTO credentials (grant_id, access_token, access_expires_at, refresh_token, refresh_expires_at, token_type, version, issued_at)
        VALUES (@grantId, @accessToken, @accessExpiresAt, @refreshToken, @refreshExpiresAt, @tokenType, 1, @at)`),
      get: db.prepare('SELECT * FROM credentials WHERE grant_id = ?'),
      version: db.prepare('SELECT version FROM credentials WHERE grant_id = ?'),
      // expected = NULL writes unconditionally (a renewed consent supersedes whatever is stored).
      write: db.prepare(`
        UPDATE credentials SET access_token = @accessToken, access_expires_at = @accessExpiresAt,
          refresh_token = @refreshToken, refresh_expires_at = @refreshExpiresAt, token_type = @tokenType,
          version = version + 1, issued_at = @at, shredded_at = NULL
        WHERE grant_id = @grantId AND (@expected IS NULL OR version = @expected)`),
      writeKeepRefresh: db.prepare(`
        UPDATE credentials SET access_token = @accessToken, access_expires_at = @accessExpiresAt,
          refresh_expires_at = COALESCE(@refreshExpiresAt, refresh_expires_at), token_type = @tokenType,
          version = version + 1, issued_at = @at, shredded_at = NULL
        WHERE grant_id = @grantId AND (@expected IS NULL OR version = @expected)`),
      touch: db.prepare('UPDATE credentials SET last_used_at = @at WHERE grant_id = @grantId'),
      // secure_delete is on, so the overwritten pages are zeroed; vault.scrub() clears the WAL.
      // The seller's secret goes with the tokens; its client id stays as history.
      shred: db.prepare(`
        UPDATE credentials SET access_token = NULL, refresh_token = NULL, client_secret = NULL, shredded_at = @at, version = version + 1
        WHERE grant_id = @grantId`),
      sellerClient: db.prepare('SELECT client_id, client_secret FROM credentials WHERE grant_id = ?'),
      setSellerClient: db.prepare('UPDATE credentials SET client_id = @clientId, client_secret = @clientSecret WHERE grant_id = @grantId'),
    };
  }

  /** An empty access token (an imported refresh token, not yet used) is stored as none. */
  insert(grantId: string, tokens: TokenSet, at: string): void {
    this.s.insert.run({
      grantId,
      accessToken: tokens.accessToken === '' ? null : this.cipher.seal(tokens.accessToken, accessTokenRef(grantId)),
      accessExpiresAt: iso(tokens.accessExpiresAt),
      refreshToken: tokens.refreshToken === null ? null : this.cipher.seal(tokens.refreshToken, refreshTokenRef(grantId)),
      refreshExpiresAt: iso(tokens.refreshExpiresAt),
      tokenType: tokens.tokenType,
      at,
    });
  }

  get(grantId: string): CredentialRow | undefined {
    const r = this.s.get.get(grantId);
    if (!r) return undefined;
    return {
      grantId: r.grant_id,
      accessToken: r.access_token,
      accessExpiresAt: r.access_expires_at,
      refreshToken: r.refresh_token,
      refreshExpiresAt: r.refresh_expires_at,
      tokenType: r.token_type,
      version: r.version,
      issuedAt: r.issued_at,
      lastUsedAt: r.last_used_at,
      shreddedAt: r.shredded_at,
    };
  }

  /** Cheap read for lease waiters polling for someone else's refresh. */
  version(grantId: string): number | undefined {
    return this.s.version.get(grantId)?.version;
  }

  openAccessToken(row: CredentialRow): string | null {
    return row.accessToken === null ? null : this.cipher.openString(row.accessToken, accessTokenRef(row.grantId));
  }

  openRefreshToken(row: CredentialRow): string | null {
    return row.refreshToken === null ? null : this.cipher.openString(row.refreshToken, refreshTokenRef(row.grantId));
  }

  /**
   * Writes new tokens and bumps the version. With `expectedVersion`, only if nobody wrote since
   * (returns false otherwise, leaving the row as the other writer left it).
   */
  write(grantId: string, tokens: TokenSet, refresh: RefreshTokenWrite, at: string, expectedVersion: number | null): boolean {
    const base = {
      grantId,
      accessToken: tokens.accessToken === '' ? null : this.cipher.seal(tokens.accessToken, accessTokenRef(grantId)),
      accessExpiresAt: iso(tokens.accessExpiresAt),
      refreshExpiresAt: iso(tokens.refreshExpiresAt),
      tokenType: tokens.tokenType,
      at,
      expected: expectedVersion,
    };
    if (refresh === 'keep') return this.s.writeKeepRefresh.run(base).changes === 1;
    const refreshToken =
      refresh === 'replace' && tokens.refreshToken !== null ? this.cipher.seal(tokens.refreshToken, refreshTokenRef(grantId)) : null;
    return this.s.write.run({ ...base, refreshToken, refreshExpiresAt: refreshToken === null ? null : base.refreshExpiresAt }).changes === 1;
  }

  /**
   * The seller's own pair for this grant, or null when the agency's app registration is used. A
   * client id whose secret was shredded (revoked) is null too: there is nothing to sign in with.
   */
  sellerClient(grantId: string): SellerClient | null {
    const row = this.s.sellerClient.get(grantId);
    if (!row || row.client_id === null || row.client_secret === null) return null;
    return { clientId: row.client_id, clientSecret: this.cipher.openString(row.client_secret, sellerSecretRef(grantId)) };
  }

  /** Whether this grant's credentials belong to the seller (its secret may be shredded). */
  isSellerOwned(grantId: string): boolean {
    return (this.s.sellerClient.get(grantId)?.client_id ?? null) !== null;
  }

  /** Seals the seller's pair to this grant's row (call inside the transaction that writes the tokens). */
  setSellerClient(grantId: string, client: SellerClient | null): void {
    this.s.setSellerClient.run({
      grantId,
      clientId: client?.clientId ?? null,
      clientSecret: client === null ? null : this.cipher.seal(client.clientSecret, sellerSecretRef(grantId)),
    });
  }

  touchUsed(grantId: string, at: string): void {
    this.s.touch.run({ grantId, at });
  }

  /** Crypto-shred: the ciphertexts are gone (NULL), the row stays for history. */
  shred(grantId: string, at: string): void {
    this.s.shred.run({ grantId, at });
  }
}
