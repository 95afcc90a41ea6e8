// Fake Zalando zDirect (marketplaces.md §2.11): client credentials with Basic auth and
// scope=access_token_only (never a refresh token), and GET /auth/me with the merchant ids.
import { bearerToken, FakeOAuthMarketplace } from './fake-oauth';

export function startFakeZalando(): Promise<FakeOAuthMarketplace> {
  return FakeOAuthMarketplace.start({
    name: 'zalando',
    grant: 'client_credentials',
    clientAuth: 'basic',
    requiredParams: { scope: 'access_token_only' },
    paths: { token: '/auth/token', probe: '/auth/me' },
    rotation: 'static',
    accessTtlSeconds: 7200,
    errorReply: () => ({ status: 401, json: { error: 'invalid_client', error_description: 'Bad credentials' } }),
    probe: { method: 'GET', accessToken: bearerToken, body: { bpids: ['a1b2c3d4-0000-4000-8000-000000000001'] } },
  });
}
