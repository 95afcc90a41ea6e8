// TikTok Shop request signing (docs/marketplaces.md §2.10, §4 quirk 12): Open API calls carry
// app_key, a 10-digit timestamp and sign = hex HMAC-SHA256(secret, secret + path + sorted
// key+value pairs + body + secret). Data cannot say that, so it is a hook. Token calls are not
// signed (their secret travels in the query). Details are UNCONFIRMED, from a third-party client.
import { createHmac } from 'node:crypto';
import { ConnectorHookError } from '../hook-error';
import type { ConnectorHooks, HttpRequestSpec } from '../types';

/** Query parameters never part of the signature. */
const UNSIGNED = new Set(['sign', 'access_token']);
const TOKEN_PATH_PREFIX = '/api/v2/token/';

export function tiktokShopSignature(secret: string, path: string, query: URLSearchParams, body: string): string {
  const pairs = [...query.entries()].filter(([k]) => !UNSIGNED.has(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const base = `${secret}${path}${pairs.map(([k, v]) => `${k}${v}`).join('')}${body}${secret}`;
  return createHmac('sha256', secret).update(base).digest('hex');
}

function isMultipart(req: HttpRequestSpec): boolean {
  const type = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  return type.toLowerCase().startsWith('multipart/');
}

export const tiktokShopHooks: ConnectorHooks = {
  signRequest(req, ctx) {
    if (req.url.pathname.startsWith(TOKEN_PATH_PREFIX)) return req;
    if (!ctx.clientSecret) {
      throw new ConnectorHookError(null, 'TikTok Shop: API calls are signed with the app secret; save it with app set tiktok-shop --client-secret-env VAR');
    }
    const url = new URL(req.url);
    url.searchParams.delete('sign');
    url.searchParams.set('app_key', ctx.clientId);
    url.searchParams.set('timestamp', String(Math.floor(ctx.now() / 1000)));
    // Multipart bodies (file uploads) are left out of the signature.
    const body = req.body && !isMultipart(req) ? req.body : '';
    url.searchParams.set('sign', tiktokShopSignature(ctx.clientSecret, url.pathname, url.searchParams, body));
    return { ...req, url };
  },
};
