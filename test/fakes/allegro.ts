// Fake Allegro (marketplaces.md §2.8): token parameters in the query of a POST, Basic auth, 12-hour
// access tokens, refresh tokens that rotate (the previous pair dies), and the invalid_grant answer
// in Allegro's media type that echoes the refresh token back.
import { bearerToken, FakeOAuthMarketplace } from './fake-oauth';

export function startFakeAllegro(): Promise<FakeOAuthMarketplace> {
  return FakeOAuthMarketplace.start({
    name: 'allegro',
    clientAuth: 'basic',
    paramsIn: 'query',
    pkce: true,
    paths: { token: '/auth/oauth/token', probe: '/me' },
    rotation: 'rotating',
    accessTtlSeconds: 43_199,
    // §2.8: the token carries the scopes the seller granted (JWT `scope` claim), i.e. those asked for at consent.
    tokenBody: (t) => ({ access_token: t.accessToken, token_type: 'bearer', refresh_token: t.refreshToken, expires_in: t.expiresIn, scope: t.scope ?? 'allegro:api:orders:read allegro:api:profile:read', allegro_api: true, jti: 'b1c2d3' }),
    errorReply: (kind, req) =>
      kind === 'invalid_grant'
        ? {
            status: 400,
            json: { error: 'invalid_grant', error_description: `Invalid refresh token: ${req.params.get('refresh_token') ?? ''}` },
            headers: { 'content-type': 'application/vnd.allegro.public.v1+json' },
          }
        : { status: 401, json: { error: 'unauthorized', error_description: 'Bad credentials' } },
    probe: { method: 'GET', accessToken: bearerToken, body: { id: '43218765', login: 'acme-seller' } },
  });
}
