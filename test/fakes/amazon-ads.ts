// Fake Amazon Ads (marketplaces.md §2.2): LWA code flow with the secret in the body, static refresh,
// and GET /v2/profiles that needs Bearer + Amazon-Advertising-API-ClientId.
import { header } from './fake-marketplace';
import { bearerToken, FakeOAuthMarketplace } from './fake-oauth';

export function startFakeAmazonAds(): Promise<FakeOAuthMarketplace> {
  return FakeOAuthMarketplace.start({
    name: 'amazon-ads',
    clientId: 'amzn1.application-oa2-client.ads0123',
    clientAuth: 'post',
    paths: { token: '/auth/o2/token', probe: '/v2/profiles' },
    rotation: 'static',
    accessTtlSeconds: 3600,
    errorReply: (kind) =>
      kind === 'invalid_grant'
        ? { status: 400, json: { error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' } }
        : { status: 401, json: { error: 'invalid_client', error_description: 'Client authentication failed' } },
    probe: {
      method: 'GET',
      accessToken: bearerToken,
      check: (req, fake) =>
        header(req, 'amazon-advertising-api-clientid') === fake.clientId
          ? null
          : { status: 400, json: { code: 'UNAUTHORIZED', details: 'Amazon-Advertising-API-ClientId header is missing or wrong' } },
      body: [{ profileId: 3456789012, countryCode: 'US', accountInfo: { type: 'seller' } }],
    },
  });
}
