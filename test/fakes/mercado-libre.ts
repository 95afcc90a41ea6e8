// Fake Mercado Libre (marketplaces.md §2.7): secret in the form body, optional PKCE, single-use
// rotating refresh tokens (a second use → invalid_grant), GET /users/me, and the Application
// manager's DELETE /users/{user_id}/applications/{app_id} with the user's bearer token.
import { bearerToken, FakeOAuthMarketplace } from './fake-oauth';

export const MERCADO_LIBRE_USER_ID = 123456789;
export const MERCADO_LIBRE_APP_ID = '1234567890123456';

export function startFakeMercadoLibre(): Promise<FakeOAuthMarketplace> {
  return FakeOAuthMarketplace.start({
    name: 'mercado-libre',
    clientId: MERCADO_LIBRE_APP_ID,
    clientAuth: 'post',
    pkce: true,
    paths: { token: '/oauth/token', probe: '/users/me', revoke: `/users/${MERCADO_LIBRE_USER_ID}/applications/${MERCADO_LIBRE_APP_ID}` },
    revoke: { method: 'DELETE', token: bearerToken },
    rotation: 'rotating',
    accessTtlSeconds: 21_600,
    tokenBody: (t) => ({ access_token: t.accessToken, token_type: 'Bearer', expires_in: t.expiresIn, scope: 'offline_access read write', user_id: 123456789, refresh_token: t.refreshToken }),
    errorReply: (kind) =>
      kind === 'invalid_grant'
        ? { status: 400, json: { message: 'Error validating grant. Your authorization code or refresh token may be expired or it was already used', error: 'invalid_grant', status: 400, cause: [] } }
        : { status: 400, json: { message: 'invalid client_id or client_secret', error: 'invalid_client', status: 400, cause: [] } },
    probe: { method: 'GET', accessToken: bearerToken, body: { id: 123456789, nickname: 'ACME_SELLER', site_id: 'MLA' } },
  });
}
