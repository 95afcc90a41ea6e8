// Mercado Libre's remote revocation. Its Application manager documentation ("Revoke user
// authorization", developers.mercadolibre.com.ar/en_us/application-manager) removes an app's grant
// with DELETE /users/{user_id}/applications/{app_id} and the user's access token; GET /users/me
// says who the user is. Data cannot say that, so it is a hook. Its hosts follow the `api` endpoint,
// so a registration override (--endpoint api=URL) moves it with the rest.
import { ConnectorHookError, retryAfterMs } from '../hook-error';
import { accessTokenForRevocation } from '../hook-tokens';
import type { ConnectorHooks, HookContext, HookHttp } from '../types';

const NAME = 'Mercado Libre';

function apiUrl(ctx: HookContext, path: string): URL {
  const api = ctx.endpoint?.('api');
  if (!api) throw new ConnectorHookError(null, `${NAME}: the connection has no api endpoint to revoke at; check app set --endpoint`);
  return new URL(path.replace(/^\//, ''), api.href.endsWith('/') ? api.href : `${api.href}/`);
}

async function call(http: HookHttp, method: 'GET' | 'DELETE', url: URL, accessToken: string): Promise<Response> {
  try {
    // Both only read or remove: asking twice is safe.
    return await http({ method, url, headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } }, { retry: 'idempotent' });
  } catch {
    throw new ConnectorHookError(null, `${NAME} could not be reached to revoke the app; it will be tried again`);
  }
}

export const mercadoLibreHooks: ConnectorHooks = {
  async revoke(ctx) {
    if (!ctx.http) throw new ConnectorHookError(null, `${NAME}: the engine gave this hook no HTTP client; please report it`);
    const accessToken = await accessTokenForRevocation(ctx, NAME, 'form');
    if (accessToken === null) return; // the grant is already gone
    const me = await call(ctx.http, 'GET', apiUrl(ctx, '/users/me'), accessToken);
    // 401: the token is dead, so the authorization it came from is too.
    if (me.status === 401) return;
    const user = (await me.json().catch(() => null)) as { id?: unknown } | null;
    if (!me.ok || (typeof user?.id !== 'number' && typeof user?.id !== 'string')) {
      throw new ConnectorHookError(me.ok ? null : me.status, `${NAME} did not say which user to revoke (HTTP ${me.status})`, retryAfterMs(me.headers.get('retry-after'), ctx.now()));
    }
    const res = await call(ctx.http, 'DELETE', apiUrl(ctx, `/users/${encodeURIComponent(String(user.id))}/applications/${encodeURIComponent(ctx.clientId)}`), accessToken);
    // 404: the app is no longer authorized for this user, which is the goal.
    if (res.ok || res.status === 401 || res.status === 404) return;
    throw new ConnectorHookError(res.status, `${NAME} did not revoke the app (HTTP ${res.status})`, retryAfterMs(res.headers.get('retry-after'), ctx.now()));
  },
};
