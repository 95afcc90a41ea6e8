// Fake eBay (marketplaces.md §2.3): Basic auth with the plain client id (dashes and all), the RuName
// as redirect_uri, refresh answers without a new refresh token plus refresh_token_expires_in on the
// first exchange, and eBay's invalid_grant wording.
import { bearerToken, FakeOAuthMarketplace } from './fake-oauth';

export const EBAY_RUNAME = 'Acme_Agency-AcmeAgen-FiveX-PRD-abcdefgh';

export function startFakeEbay(): Promise<FakeOAuthMarketplace> {
  return FakeOAuthMarketplace.start({
    name: 'ebay',
    clientId: 'AcmeAgen-FiveXCon-PRD-1a2b3c4d5-6e7f8a9b',
    clientAuth: 'basic',
    paths: { token: '/identity/v1/oauth2/token', probe: '/commerce/identity/v1/user/' },
    rotation: 'static',
    accessTtlSeconds: 7200,
    tokenBody: (t) => ({
      access_token: t.accessToken,
      expires_in: t.expiresIn,
      token_type: 'User Access Token',
      ...(t.refreshToken ? { refresh_token: t.refreshToken, refresh_token_expires_in: 47_304_000 } : {}),
    }),
    errorReply: (kind) =>
      kind === 'invalid_grant'
        ? { status: 400, json: { error: 'invalid_grant', error_description: 'the provided authorization grant code is invalid or was issued to another client' } }
        : { status: 401, json: { error: 'invalid_client', error_description: 'client authentication failed' } },
    probe: { method: 'GET', accessToken: bearerToken, body: { userId: 'e1a2b3', username: 'acme_seller', accountType: 'BUSINESS' } },
  });
}
