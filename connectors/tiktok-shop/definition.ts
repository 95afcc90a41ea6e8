// TikTok Shop Partner API (docs/marketplaces.md §2.10, §4.2–4.6, §4.12): `service_id` consent,
// GET token calls with app_key/app_secret/auth_code in the query, grant_type `authorized_code`,
// a {code, message, data} envelope with errors on HTTP 200, Unix-timestamp expiries, and
// HMAC-SHA256 signed API calls (hooks.ts).
import { COMMON_ERROR_RULES, DAY_SECONDS } from '../common-rules';
import type { ConnectorDefinition } from '../types';
import { tiktokShopHooks } from './hooks';
import { tiktokShopTexts } from './texts';

export const tiktokShopConnector: ConnectorDefinition = {
  id: 'tiktok-shop',
  name: 'TikTok Shop',
  source: 'docs/marketplaces.md §2.10 TikTok Shop (Partner API); §1 summary table; §4 quirks 2–6, 11, 12, 18',
  unconfirmed: [
    'the US authorize host services.us.tiktokshop.com: override with --endpoint authorize=URL',
    'the sandbox authorize host partner.tiktokshop.com/open/authorize',
    'signing details (excluded parameters, body handling, timestamp window −5 min/+30 s)',
    'envelope error codes and messages for a dead refresh token or a wrong app secret (matched on the message)',
    'whether refresh returns a new refresh token (kept when it does)',
    'remote deauthorization (DeauthorizeShop 202403 exists; not called)',
    'the probe rate limit',
  ],
  grant: 'authorization_code',
  acceptsImportedRefreshTokens: false,
  environments: ['production', 'sandbox'],
  regions: [
    { id: 'global', label: { en: 'Rest of world', es: 'Resto del mundo' }, endpoints: { authorize: 'https://services.tiktokshop.com/open/authorize' } },
    { id: 'us', label: { en: 'United States', es: 'Estados Unidos' }, endpoints: { authorize: 'https://services.us.tiktokshop.com/open/authorize' } },
  ],
  endpoints: {
    token: 'https://auth.tiktok-shops.com/api/v2/token/get',
    // Its own endpoint: refresh lives beside token/get, not at the token URL.
    refresh: 'https://auth.tiktok-shops.com/api/v2/token/refresh',
    api: 'https://open-api.tiktokglobalshop.com',
    probe: 'https://open-api.tiktokglobalshop.com/authorization/202309/shops',
  },
  sandboxEndpoints: { authorize: 'https://partner.tiktokshop.com/open/authorize' },
  params: [{ name: 'serviceId', description: 'the service id of the app in TikTok Shop Partner Center', required: true, pattern: '^[0-9]+$' }],
  connectionSettings: [],
  clientAuth: 'query',
  pkce: 'none',
  authorize: {
    paramNames: { client_id: 'app_key' },
    extraParams: { service_id: '{serviceId}' },
    // The redirect URL is fixed in Partner Center; consent takes no scope or response_type.
    omit: ['response_type', 'scope', 'redirect_uri'],
  },
  callback: { codeParam: 'code', keepParams: [], codeLifetimeSeconds: 1800 },
  tokenRequest: {
    method: 'GET',
    bodyFormat: 'query',
    grantTypeNames: { authorization_code: 'authorized_code' },
    paramNames: { code: 'auth_code', client_id: 'app_key', client_secret: 'app_secret' },
  },
  tokenResponse: {
    envelope: 'data',
    errorCodePath: 'code',
    successCode: 0,
    fields: { expires_in: 'access_token_expire_in', refresh_expires_in: 'refresh_token_expire_in' },
    expiresFormat: 'timestamp',
  },
  tokens: {
    rotation: 'unknown',
    accessTtlSeconds: 7 * DAY_SECONDS,
    refreshTtlSeconds: null,
    refreshIdleTtlSeconds: null,
    refreshMarginSeconds: DAY_SECONDS,
  },
  consent: { validityDays: null },
  appSecretRotationDays: null,
  redirect: { default: 'relay', supported: ['relay'], loopbackPath: '/oauth/callback' },
  // Permissions are per API in Partner Center ("Manage API"); listed for people, never requested.
  scopes: {
    base: [],
    reporting: ['Order Information', 'Data Analytics'],
    finance: ['Finance Information'],
    listings: ['Product Basic', 'Product Management'],
  },
  revocation: { method: 'none' },
  probe: { method: 'GET', endpoint: 'probe', intervalSeconds: DAY_SECONDS / 4, ratePerSecond: 1, burst: 5 },
  apiHeaders: { 'x-tts-access-token': '{accessToken}', 'Content-Type': 'application/json' },
  secretApiHeaders: [],
  maxConcurrentRefreshes: 4,
  errorRules: [
    // Envelope errors (HTTP 200, code != 0): matched on the message, see `unconfirmed`.
    { error: '36009004', classify: 'client_broken', reason: 'clock_skew' },
    { descriptionIncludes: 'app_secret', classify: 'client_broken', reason: 'client_broken' },
    { descriptionIncludes: 'app_key', classify: 'client_broken', reason: 'client_broken' },
    { descriptionIncludes: 'refresh_token', classify: 'consent_gone', reason: 'invalid_grant' },
    { descriptionIncludes: 'auth_code', classify: 'consent_gone', reason: 'invalid_grant' },
    ...COMMON_ERROR_RULES,
  ],
  texts: tiktokShopTexts,
  hooks: tiktokShopHooks,
};
