// Fake Shopify (marketplaces.md §2.5): per-shop paths, JSON token requests with expiring=1, rotating
// refresh tokens with the 2026-08-28 grace (the previous token works until its replacement is
// used), comma-separated scopes, the GraphQL shop probe and uninstall by DELETE.
import { shopifyCallbackHmac } from '../../connectors/shopify/hooks';
import { header } from './fake-marketplace';
import { FakeOAuthMarketplace } from './fake-oauth';

export const SHOPIFY_SHOP = 'acme-store.myshopify.com';
/** Fixed so the fake can sign its callbacks the way Shopify does (HMAC with the app's secret). */
const SHOPIFY_SECRET = 'shpss_fake_secret_for_tests';

export function startFakeShopify(): Promise<FakeOAuthMarketplace> {
  return FakeOAuthMarketplace.start({
    name: 'shopify',
    clientAuth: 'post',
    clientSecret: SHOPIFY_SECRET,
    paramsIn: 'json',
    paths: { token: '/admin/oauth/access_token', probe: '/admin/api/2026-10/graphql.json', revoke: '/admin/api_permissions/current.json' },
    rotation: 'rotating',
    graceUntilReplacementUsed: true,
    requiredParams: { expiring: '1' },
    accessTtlSeconds: 3600,
    callback: (code, state) => {
      const params: Array<[string, string]> = [['code', code], ['host', 'YWNtZS1zdG9yZQ'], ['shop', SHOPIFY_SHOP], ['state', state], ['timestamp', '1764288000']];
      return { ...Object.fromEntries(params), hmac: shopifyCallbackHmac(params, SHOPIFY_SECRET) };
    },
    tokenBody: (t) => ({
      access_token: t.accessToken,
      expires_in: t.expiresIn,
      refresh_token: t.refreshToken,
      refresh_token_expires_in: 7_776_000,
      scope: t.scope ?? 'read_orders,write_products',
    }),
    errorReply: (kind) =>
      kind === 'invalid_grant'
        ? { status: 400, json: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } }
        : { status: 400, json: { error: 'invalid_client', error_description: 'Invalid client credentials' } },
    probe: {
      method: 'POST',
      accessToken: (req) => header(req, 'x-shopify-access-token') ?? null,
      check: (req) => (req.body.includes('shop') ? null : { status: 400, json: { errors: 'Parameter Missing or Invalid' } }),
      body: { data: { shop: { name: 'Acme Store' } } },
      unauthorized: { status: 401, json: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } },
    },
    revoke: { method: 'DELETE', token: (req) => header(req, 'x-shopify-access-token') ?? null },
  });
}
