// For revocation hooks whose marketplace revokes with an access token only (Mercado Libre,
// Shopify), while the engine hands over the refresh token first (the longer-lived one, RFC 7009
// §2.1): trade it for an access token, through the app's HTTP client from the hook context. The
// grant is being revoked, so spending a rotating refresh token here costs nothing.
import { ConnectorHookError, retryAfterMs } from './hook-error';
import type { HookContext } from './types';

/** The access token to revoke with; null when the refresh token is already dead (nothing left to revoke). */
export async function accessTokenForRevocation(
  ctx: HookContext & { readonly refreshToken: string | null; readonly accessToken: string | null },
  marketplace: string,
  bodyFormat: 'form' | 'json',
): Promise<string | null> {
  if (ctx.accessToken) return ctx.accessToken;
  if (!ctx.refreshToken) throw new ConnectorHookError(null, `${marketplace}: revoking needs a token, and this connection has none left`);
  const url = ctx.endpoint?.('token');
  if (!url || !ctx.http) throw new ConnectorHookError(null, `${marketplace}: the engine gave the revocation hook no token endpoint or HTTP client; please report it`);
  if (!ctx.clientSecret) throw new ConnectorHookError(null, `${marketplace}: renewing the token to revoke it needs the app's client secret; set it with app set`);
  const params = { grant_type: 'refresh_token', client_id: ctx.clientId, client_secret: ctx.clientSecret, refresh_token: ctx.refreshToken };
  let res: Response;
  try {
    // Never retried: a token request the server already answered would spend the token twice.
    res = await ctx.http(
      bodyFormat === 'json'
        ? { method: 'POST', url, headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(params) }
        : { method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: new URLSearchParams(params).toString() },
    );
  } catch {
    throw new ConnectorHookError(null, `${marketplace} could not be reached to revoke the app; it will be tried again`);
  }
  const body = (await res.json().catch(() => null)) as { access_token?: unknown; error?: unknown } | null;
  if (res.ok && typeof body?.access_token === 'string') return body.access_token;
  // RFC 6749 §5.2: the refresh token is dead, so the authorization already ended (RFC 7009 §2.2).
  if (body?.error === 'invalid_grant') return null;
  throw new ConnectorHookError(res.status, `${marketplace} did not renew the token needed to revoke the app (HTTP ${res.status})`, retryAfterMs(res.headers.get('retry-after'), ctx.now()));
}
