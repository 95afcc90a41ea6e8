// Shopify's remote revocation: an app uninstalls itself from a shop with
// DELETE /admin/api_permissions/current.json, which also kills every token. Data cannot say
// "DELETE with the access token in X-Shopify-Access-Token", so it is a hook.
import { ConnectorHookError, retryAfterMs } from '../hook-error';
import type { ConnectorHooks, HookContext } from '../types';

function uninstallUrl(ctx: HookContext): URL {
  const resolved = ctx.endpoint?.('revoke');
  if (resolved) return resolved;
  const shop = ctx.settings.shop;
  if (!shop) throw new ConnectorHookError(null, 'Shopify: the connection has no "shop" setting, so the app cannot be uninstalled remotely');
  return new URL(`https://${shop}/admin/api_permissions/current.json`);
}

export const shopifyHooks: ConnectorHooks = {
  async revoke(ctx) {
    if (!ctx.accessToken) {
      throw new ConnectorHookError(null, 'Shopify: uninstalling needs a current access token; refresh the connection first');
    }
    const url = uninstallUrl(ctx);
    let res: Response;
    try {
      res = await fetch(url, { method: 'DELETE', headers: { 'X-Shopify-Access-Token': ctx.accessToken, Accept: 'application/json' } });
    } catch {
      throw new ConnectorHookError(null, 'Shopify could not be reached to uninstall the app; it will be tried again');
    }
    // 401/404: the token is already dead or the app already uninstalled, which is the goal.
    if (res.ok || res.status === 401 || res.status === 404) return;
    throw new ConnectorHookError(res.status, `Shopify did not uninstall the app (HTTP ${res.status})`, retryAfterMs(res.headers.get('retry-after'), ctx.now()));
  },
};
