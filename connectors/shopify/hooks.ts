// Shopify's remote revocation: an app uninstalls itself from a shop with
// DELETE /admin/api_permissions/current.json, which also kills every token. Data cannot say
// "DELETE with the access token in X-Shopify-Access-Token", so it is a hook. It calls out through
// the app's HTTP client from its context (timeouts, redaction); connectors never import main/.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConnectorHookError, retryAfterMs } from '../hook-error';
import { accessTokenForRevocation } from '../hook-tokens';
import type { ConnectorHooks, HookContext } from '../types';

function uninstallUrl(ctx: HookContext): URL {
  const resolved = ctx.endpoint?.('revoke');
  if (resolved) return resolved;
  const shop = ctx.settings.shop;
  if (!shop) throw new ConnectorHookError(null, 'Shopify: the connection has no "shop" setting, so the app cannot be uninstalled remotely');
  return new URL(`https://${shop}/admin/api_permissions/current.json`);
}

/**
 * Shopify signs the authorization callback: HMAC-SHA256, keyed with the app's client secret, over
 * the other query parameters sorted by name and form-encoded (as Shopify's own libraries build it).
 * marketplaces.md §2.5 ("HMAC on callback"). The state check already stops forgeries; this also
 * proves the callback came from Shopify for this app.
 */
export function shopifyCallbackHmac(query: ReadonlyArray<readonly [string, string]>, clientSecret: string): string {
  const message = new URLSearchParams(
    query.filter(([name]) => name !== 'hmac' && name !== 'signature').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) as Array<[string, string]>,
  ).toString();
  return createHmac('sha256', clientSecret).update(message).digest('hex');
}

export const shopifyHooks: ConnectorHooks = {
  verifyCallback(query, ctx) {
    const given = query.find(([name]) => name === 'hmac')?.[1];
    if (!given || !ctx.clientSecret || !/^[0-9a-f]{64}$/i.test(given)) return false;
    const expected = Buffer.from(shopifyCallbackHmac(query, ctx.clientSecret), 'hex');
    return timingSafeEqual(expected, Buffer.from(given, 'hex'));
  },
  async revoke(ctx) {
    if (!ctx.accessToken && !ctx.refreshToken) {
      throw new ConnectorHookError(null, 'Shopify: uninstalling needs a current access token; refresh the connection first');
    }
    const url = uninstallUrl(ctx);
    if (!ctx.http) throw new ConnectorHookError(null, 'Shopify: the engine gave this hook no HTTP client; this is a bug in FiveX Connect, please report it');
    // The engine offers the refresh token first; Shopify uninstalls with an access token only.
    const accessToken = await accessTokenForRevocation(ctx, 'Shopify', 'json');
    if (accessToken === null) return; // the refresh token is dead: the app was uninstalled already
    let res: Response;
    try {
      // Uninstalling twice is uninstalling once (a second call answers 401/404, counted as done).
      res = await ctx.http({ method: 'DELETE', url, headers: { 'X-Shopify-Access-Token': accessToken, Accept: 'application/json' } }, { retry: 'idempotent' });
    } catch {
      throw new ConnectorHookError(null, 'Shopify could not be reached to uninstall the app; it will be tried again');
    }
    // 401/404: the token is already dead or the app already uninstalled, which is the goal.
    if (res.ok || res.status === 401 || res.status === 404) return;
    throw new ConnectorHookError(res.status, `Shopify did not uninstall the app (HTTP ${res.status})`, retryAfterMs(res.headers.get('retry-after'), ctx.now()));
  },
};
