// When to refresh: the pure arithmetic of refresh-ahead margins with jitter, idle keep-alive,
// exponential backoff honouring Retry-After, and what to do with a missing refresh token.
import type { GrantKind, RotationPolicy, TokenPolicy } from '../../connectors/types';
import type { RefreshTokenWrite } from '../repos/credentials';

export interface NextRefreshInput {
  readonly now: number;
  /** When the current access token was issued (the refresh that produced it). */
  readonly issuedAt: number;
  readonly accessExpiresAt: number | null;
  readonly hasRefreshToken: boolean;
  readonly grantKind: GrantKind;
  readonly tokens: TokenPolicy;
  readonly random: () => number;
}

/** Margin before expiry, never more than half the token's life (short test tokens, odd marketplaces). */
function marginMs(tokens: TokenPolicy, lifetimeMs: number): number {
  return Math.min(tokens.refreshMarginSeconds * 1000, Math.max(0, lifetimeMs) / 2);
}

/** When the access token should be renewed for use, without jitter (token handout). */
export function accessDueAt(tokens: TokenPolicy, issuedAt: number, accessExpiresAt: number | null): number | null {
  if (accessExpiresAt === null) return null;
  return accessExpiresAt - marginMs(tokens, accessExpiresAt - issuedAt);
}

/**
 * The next scheduled refresh: ahead of access expiry by the margin plus jitter (so thousands of
 * tokens issued together do not come due together), and before an idle refresh token dies.
 * null when nothing will ever need a refresh (a non-expiring token without idle expiry).
 */
export function nextRefreshAt(input: NextRefreshInput): number | null {
  const { tokens, random } = input;
  const canRenew = input.hasRefreshToken || input.grantKind === 'client_credentials';
  const candidates: number[] = [];
  if (input.accessExpiresAt !== null) {
    const lifetime = Math.max(0, input.accessExpiresAt - input.issuedAt);
    const margin = marginMs(tokens, lifetime);
    const jitter = random() * Math.min(margin / 2, lifetime / 10);
    // Without a refresh token there is nothing to renew with; come back at expiry to say so.
    candidates.push(canRenew ? input.accessExpiresAt - margin - jitter : input.accessExpiresAt);
  }
  if (input.hasRefreshToken && tokens.refreshIdleTtlSeconds !== null) {
    const idle = tokens.refreshIdleTtlSeconds * 1000;
    const ahead = Math.max(idle * 0.2, tokens.refreshMarginSeconds * 1000);
    candidates.push(input.issuedAt + idle - ahead - random() * idle * 0.05);
  }
  if (candidates.length === 0) return null;
  return Math.max(input.now, Math.floor(Math.min(...candidates)));
}

export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** Exponential backoff with jitter (half fixed, half random), at least what Retry-After asked. */
export function backoffMs(failureCount: number, opts: BackoffOptions, random: () => number, retryAfterMs: number | null = null): number {
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, Math.min(30, failureCount - 1)));
  const jittered = exp / 2 + (random() * exp) / 2;
  return Math.ceil(Math.max(jittered, retryAfterMs ?? 0));
}

/**
 * A refresh response without a refresh token. RFC 6749 §6: an AS that rotates issues the new one
 * in the response, so without one the old stays valid — true for 'static' connectors, and our
 * reading for 'unknown'. A connector documented as 'rotating' (single-use refresh tokens) that
 * sends none has most likely spent the old one: keep nothing and say so.
 */
export function refreshTokenRule(rotation: RotationPolicy, received: string | null): { readonly write: RefreshTokenWrite; readonly missing: boolean } {
  if (received !== null) return { write: 'replace', missing: false };
  if (rotation === 'rotating') return { write: 'drop', missing: true };
  return { write: 'keep', missing: false };
}
