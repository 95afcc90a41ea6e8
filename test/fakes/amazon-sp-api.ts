// Fake Amazon SP-API + LWA (marketplaces.md §2.1): spapi_oauth_code + selling_partner_id callback,
// form body with the secret in it, static refresh (no new refresh token), invalid_grant with LWA's
// wording, the expired-secret answer, and a probe that wants x-amz-access-token.
import { header } from './fake-marketplace';
import { FakeOAuthMarketplace } from './fake-oauth';

export const SP_API_SELLER_ID = 'A2EUQ1WTGCTBG2';

export function startFakeAmazonSpApi(): Promise<FakeOAuthMarketplace> {
  return FakeOAuthMarketplace.start({
    name: 'amazon-sp-api',
    clientId: 'amzn1.application-oa2-client.0123456789abcdef',
    clientAuth: 'post',
    paths: { token: '/auth/o2/token', probe: '/sellers/v1/marketplaceParticipations' },
    rotation: 'static',
    accessTtlSeconds: 3600,
    callback: (code, state) => ({ state, selling_partner_id: SP_API_SELLER_ID, spapi_oauth_code: code }),
    errorReply: (kind) =>
      kind === 'invalid_grant'
        ? { status: 400, json: { error_description: "The request has an invalid grant parameter : refresh_token. User may have revoked or didn't grant the permission.", error: 'invalid_grant' } }
        : kind === 'secret_expired'
          ? { status: 401, json: { code: 'Unauthorized', message: 'Access to requested resource is denied.', details: 'The LWA secret token you provided has expired.' } }
          : { status: 401, json: { error: 'invalid_client', error_description: 'Client authentication failed' } },
    probe: {
      method: 'GET',
      accessToken: (req) => header(req, 'x-amz-access-token') ?? null,
      body: { payload: [{ marketplace: { id: 'ATVPDKIKX0DER', countryCode: 'US' }, participation: { isParticipating: true } }] },
      unauthorized: { status: 403, json: { errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.' }] } },
    },
  });
}
