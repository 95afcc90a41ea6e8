// The demo marketplace's authorization state: pending consent requests, one-time codes, grants
// with rotating refresh tokens and reuse detection (a replayed refresh token revokes the whole
// grant, as RFC 9700 §4.14.2 recommends), access tokens, and the simulated outage.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface PendingRequest {
  readonly id: string;
  readonly redirectUri: string;
  readonly state: string | null;
  readonly codeChallenge: string;
  readonly scope: string;
  readonly expiresAt: number;
}

interface AuthCode {
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly scope: string;
  readonly expiresAt: number;
  used: boolean;
  /** The grant the code was exchanged into, revoked if the code is replayed (RFC 6749 §4.1.2). */
  grantId: string | null;
}

interface Grant {
  readonly id: string;
  readonly scope: string;
  revoked: boolean;
  currentRefreshToken: string;
  readonly accessTokens: Set<string>;
}

interface AccessToken {
  readonly grantId: string;
  readonly expiresAt: number;
}

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly refresh_token: string;
  readonly scope: string;
}

export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

const PENDING_TTL_MS = 10 * 60_000;
const CODE_TTL_MS = 60_000;

const token = (prefix: string): string => `${prefix}${randomBytes(24).toString('base64url')}`;

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export class DemoStore {
  private readonly pending = new Map<string, PendingRequest>();
  private readonly codes = new Map<string, AuthCode>();
  private readonly grants = new Map<string, Grant>();
  /** Every refresh token ever issued → its grant, so a replay of an old one is recognised. */
  private readonly refreshTokens = new Map<string, string>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private outageUntil = 0;

  constructor(
    private readonly accessTtlSeconds: number,
    private readonly now: () => number,
  ) {}

  addPending(req: Omit<PendingRequest, 'id' | 'expiresAt'>): PendingRequest {
    const pending = { ...req, id: randomBytes(16).toString('base64url'), expiresAt: this.now() + PENDING_TTL_MS };
    this.pending.set(pending.id, pending);
    return pending;
  }

  /** One decision per request: a second click, or an old page, finds nothing. */
  takePending(id: string): PendingRequest | null {
    const p = this.pending.get(id);
    this.pending.delete(id);
    return p && p.expiresAt > this.now() ? p : null;
  }

  issueCode(p: PendingRequest): string {
    const code = token('demo_code_');
    this.codes.set(code, { redirectUri: p.redirectUri, codeChallenge: p.codeChallenge, scope: p.scope, expiresAt: this.now() + CODE_TTL_MS, used: false, grantId: null });
    return code;
  }

  exchangeCode(code: string, redirectUri: string | null, verifier: string | null): TokenResponse {
    const c = this.codes.get(code);
    if (!c) throw new OAuthError('invalid_grant', 'unknown authorization code');
    if (c.used) {
      if (c.grantId) this.revokeGrant(c.grantId);
      throw new OAuthError('invalid_grant', 'authorization code already used; the tokens issued for it were revoked');
    }
    c.used = true;
    if (c.expiresAt <= this.now()) throw new OAuthError('invalid_grant', 'authorization code expired');
    if (redirectUri !== c.redirectUri) throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request');
    if (!verifier) throw new OAuthError('invalid_request', 'code_verifier is required (PKCE S256)');
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) throw new OAuthError('invalid_request', 'code_verifier must be 43-128 unreserved characters');
    if (!safeEqual(s256(verifier), c.codeChallenge)) throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
    const grant = this.newGrant(c.scope);
    c.grantId = grant.id;
    return this.issueTokens(grant);
  }

  refresh(refreshToken: string): TokenResponse {
    const grantId = this.refreshTokens.get(refreshToken);
    const grant = grantId ? this.grants.get(grantId) : undefined;
    if (!grant) throw new OAuthError('invalid_grant', 'unknown refresh token');
    if (grant.revoked) throw new OAuthError('invalid_grant', 'refresh token revoked');
    if (grant.currentRefreshToken !== refreshToken) {
      // A rotated-out token came back: someone holds a copy. Kill the whole family.
      this.revokeGrant(grant.id);
      throw new OAuthError('invalid_grant', 'refresh token already used; the grant was revoked (reuse detected)');
    }
    return this.issueTokens(grant);
  }

  /** A grant with no consent page, for trying `import` with a self-authorized refresh token. */
  selfAuthorize(scope: string): string {
    const grant = this.newGrant(scope);
    return grant.currentRefreshToken;
  }

  /** RFC 7009: unknown tokens are fine; a refresh token takes its whole grant along. */
  revokeToken(value: string): void {
    const grantId = this.refreshTokens.get(value);
    if (grantId) {
      this.revokeGrant(grantId);
      return;
    }
    const at = this.accessTokens.get(value);
    if (at) {
      this.accessTokens.delete(value);
      this.grants.get(at.grantId)?.accessTokens.delete(value);
    }
  }

  revokeAll(): number {
    let n = 0;
    for (const grant of this.grants.values()) {
      if (!grant.revoked) n++;
      this.revokeGrant(grant.id);
    }
    return n;
  }

  /** The grant's scope when the access token is live, null otherwise. */
  checkAccessToken(value: string): { scope: string } | null {
    const at = this.accessTokens.get(value);
    if (!at || at.expiresAt <= this.now()) return null;
    const grant = this.grants.get(at.grantId);
    return grant && !grant.revoked ? { scope: grant.scope } : null;
  }

  startOutage(seconds: number): number {
    this.outageUntil = seconds > 0 ? this.now() + seconds * 1000 : 0;
    return this.outageUntil;
  }

  /** Seconds left in the simulated outage, 0 when there is none. */
  outageSecondsLeft(): number {
    return Math.max(0, Math.ceil((this.outageUntil - this.now()) / 1000));
  }

  activeGrants(): number {
    return [...this.grants.values()].filter((g) => !g.revoked).length;
  }

  private newGrant(scope: string): Grant {
    const refresh = token('demo_rt_');
    const grant: Grant = { id: randomBytes(12).toString('base64url'), scope, revoked: false, currentRefreshToken: refresh, accessTokens: new Set() };
    this.grants.set(grant.id, grant);
    this.refreshTokens.set(refresh, grant.id);
    return grant;
  }

  private issueTokens(grant: Grant): TokenResponse {
    const refresh = token('demo_rt_');
    grant.currentRefreshToken = refresh;
    this.refreshTokens.set(refresh, grant.id);
    const access = token('demo_at_');
    grant.accessTokens.add(access);
    this.accessTokens.set(access, { grantId: grant.id, expiresAt: this.now() + this.accessTtlSeconds * 1000 });
    return { access_token: access, token_type: 'Bearer', expires_in: this.accessTtlSeconds, refresh_token: refresh, scope: grant.scope };
  }

  private revokeGrant(grantId: string): void {
    const grant = this.grants.get(grantId);
    if (!grant) return;
    grant.revoked = true;
    for (const at of grant.accessTokens) this.accessTokens.delete(at);
    grant.accessTokens.clear();
  }
}
