// Fake Etsy (marketplaces.md §2.4): PKCE S256 required, client_id only in the body, refresh tokens
// that rotate (the old one is revoked at once), "refresh_token is revoked", sporadic 500s, and a
// getMe probe that refuses calls without `x-api-key: keystring:shared_secret`.
import { header } from './fake-marketplace';
import { bearerToken, FakeOAuthMarketplace } from './fake-oauth';

export function startFakeEtsy(): Promise<FakeOAuthMarketplace> {
  return FakeOAuthMarketplace.start({
    name: 'etsy',
    clientId: '1aa2bb33c44d55eeeeee6fff',
    clientAuth: 'none',
    pkce: true,
    paths: { token: '/v3/public/oauth/token', probe: '/v3/application/users/me' },
    rotation: 'rotating',
    accessTtlSeconds: 3600,
    errorReply: (kind) =>
      kind === 'invalid_grant'
        ? { status: 400, json: { error: 'invalid_grant', error_description: 'refresh_token is revoked' } }
        : { status: 401, json: { error: 'invalid_client', error_description: 'client_id is unknown' } },
    probe: {
      method: 'GET',
      accessToken: bearerToken,
      check: (req, fake) =>
        header(req, 'x-api-key') === `${fake.clientId}:${fake.clientSecret}` ? null : { status: 403, json: { error: 'Shared secret is required in x-api-key header.' } },
      body: { user_id: 53888612, shop_id: 29474839 },
    },
  });
}
