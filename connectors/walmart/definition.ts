// Walmart Marketplace for Solution Providers (docs/marketplaces.md §2.6): camelCase authorize
// parameters, the `sellerId` callback value sent back as WM_PARTNER.ID, WM_* headers on every
// call, 15-minute access tokens and a one-year refresh token that does not rotate.
import { COMMON_ERROR_RULES, DAY_SECONDS } from '../common-rules';
import type { ConnectorDefinition } from '../types';
import { walmartTexts } from './texts';

const WALMART_SERVICE_NAME = 'Walmart Marketplace';

export const walmartConnector: ConnectorDefinition = {
  id: 'walmart',
  name: 'Walmart Marketplace',
  source: 'docs/marketplaces.md §2.6 Walmart Marketplace; §1 summary table; §4 quirks 1, 2, 8, 11',
  unconfirmed: [
    'the token endpoint error body (standard OAuth errors assumed)',
    'how a seller disconnects an app in Seller Center',
    'the rate limit of GET /v3/token/detail',
    'whether the nonce authorize parameter is checked',
    'the category names and access-level spelling in GET /v3/token/detail (item:full_access, ...)',
  ],
  grant: 'authorization_code',
  acceptsImportedRefreshTokens: false,
  environments: ['production'],
  regions: [],
  endpoints: {
    authorize: 'https://login.account.wal-mart.com/authorize',
    token: 'https://marketplace.walmartapis.com/v3/token',
    api: 'https://marketplace.walmartapis.com/v3',
    probe: 'https://marketplace.walmartapis.com/v3/token/detail',
  },
  params: [
    {
      name: 'clientType',
      description: 'the Walmart market of the sellers: seller (US), seller-ca (Canada) or seller-mx (Mexico)',
      required: true,
      pattern: '^(seller|seller-ca|seller-mx)$',
    },
  ],
  connectionSettings: [],
  clientAuth: 'basic',
  pkce: 'none',
  authorize: {
    paramNames: { client_id: 'clientId', redirect_uri: 'redirectUri', response_type: 'responseType' },
    extraParams: { clientType: '{clientType}', nonce: '{nonce}' },
    // Scopes are granted per API category on the app, not asked for at consent.
    omit: ['scope'],
  },
  // The callback also carries type=auth and clientId; only sellerId is needed afterwards.
  callback: { codeParam: 'code', keepParams: ['sellerId'], codeLifetimeSeconds: 600 },
  tokenRequest: {
    method: 'POST',
    bodyFormat: 'form',
    headers: {
      'WM_PARTNER.ID': '{callback.sellerId}',
      'WM_SVC.NAME': WALMART_SERVICE_NAME,
      'WM_QOS.CORRELATION_ID': '{uuid}',
      // Walmart answers in XML unless asked for JSON.
      Accept: 'application/json',
    },
  },
  tokenResponse: { expiresFormat: 'duration' },
  tokens: {
    rotation: 'static',
    accessTtlSeconds: 900,
    refreshTtlSeconds: 365 * DAY_SECONDS,
    refreshIdleTtlSeconds: null,
    refreshMarginSeconds: 120,
  },
  consent: { validityDays: null },
  appSecretRotationDays: null,
  redirect: { default: 'relay', supported: ['relay'], loopbackPath: '/oauth/callback' },
  // Walmart grants per API category with an access level, never requested at consent. Written as
  // the probe reads GET /v3/token/detail ({"item": "full_access"} → item:full_access). Only
  // full-access needs are listed: a full grant would not match a view_only requirement.
  scopes: {
    base: [],
    listings: ['item:full_access', 'inventory:full_access', 'price:full_access'],
  },
  revocation: { method: 'none' },
  probe: { method: 'GET', endpoint: 'probe', intervalSeconds: DAY_SECONDS / 4, ratePerSecond: 1, burst: 5 },
  apiHeaders: {
    'WM_SEC.ACCESS_TOKEN': '{accessToken}',
    'WM_SVC.NAME': WALMART_SERVICE_NAME,
    'WM_QOS.CORRELATION_ID': '{uuid}',
    Accept: 'application/json',
  },
  secretApiHeaders: [],
  maxConcurrentRefreshes: 8,
  errorRules: COMMON_ERROR_RULES,
  texts: walmartTexts,
  hooks: {},
};
