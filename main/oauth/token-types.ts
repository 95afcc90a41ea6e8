// The contract between the engine and the token endpoint client: what a token response means
// once a connector's quirks are normalised, and how failures are classified.
import type { FailureClass } from '../../connectors/types';
import type { ResolvedConnector } from './resolve';

export interface TokenSet {
  readonly accessToken: string;
  /** null when the response carried none (kept only for connectors that do not rotate). */
  readonly refreshToken: string | null;
  readonly tokenType: string;
  readonly accessExpiresAt: Date | null;
  readonly refreshExpiresAt: Date | null;
  /** Granted scopes when the marketplace says; null when it does not. */
  readonly scopes: ReadonlyArray<string> | null;
  /** Non-secret extra fields worth keeping (seller ids, open_id, ...). */
  readonly extra: Readonly<Record<string, string>>;
}

export class TokenEndpointError extends Error {
  constructor(
    readonly failure: FailureClass,
    /** Reason code for people, e.g. invalid_grant, client_secret_expired, rate_limited, offline. */
    readonly reason: string,
    message: string,
    readonly status: number | null = null,
    readonly oauthError: string | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'TokenEndpointError';
  }
}

export interface ProbeResult {
  readonly ok: boolean;
  readonly status: number | null;
  readonly failure: FailureClass | null;
  readonly reason: string | null;
  /** Scopes/roles the probe could see (Walmart token detail), when it can. */
  readonly scopes: ReadonlyArray<string> | null;
}

export interface TokenClient {
  exchangeCode(rc: ResolvedConnector, args: { code: string; codeVerifier: string | null; redirectUri: string }): Promise<TokenSet>;
  refresh(rc: ResolvedConnector, refreshToken: string): Promise<TokenSet>;
  clientCredentials(rc: ResolvedConnector): Promise<TokenSet>;
  /** RFC 7009 or the connector's hook; throws TokenEndpointError (transient → retry later). */
  revoke(rc: ResolvedConnector, token: string, hint: 'refresh_token' | 'access_token'): Promise<void>;
  probe(rc: ResolvedConnector, accessToken: string): Promise<ProbeResult>;
  /** Headers an API call needs; secret app-registration headers only when includeSecret. */
  apiHeaders(rc: ResolvedConnector, accessToken: string, opts?: { includeSecret?: boolean }): Record<string, string>;
}
