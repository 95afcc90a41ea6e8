// Fake bol.com (marketplaces.md §2.9): client credentials with Basic auth, short access tokens, no
// refresh token, and a bare 401 once the seller deletes the credentials.
import { bearerToken, FakeOAuthMarketplace } from './fake-oauth';

export function startFakeBolCom(): Promise<FakeOAuthMarketplace> {
  return FakeOAuthMarketplace.start({
    name: 'bol-com',
    grant: 'client_credentials',
    clientAuth: 'basic',
    paths: { token: '/token', probe: '/retailer/retailers' },
    rotation: 'static',
    accessTtlSeconds: 299,
    tokenBody: (t) => ({ access_token: t.accessToken, token_type: 'Bearer', expires_in: t.expiresIn, scope: 'RETAILER' }),
    errorReply: () => ({ status: 401, text: '' }),
    probe: { method: 'GET', accessToken: bearerToken, body: { retailerId: '1234567', displayName: 'Acme BV' } },
  });
}
