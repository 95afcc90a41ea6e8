// Amazon Ads API through Login with Amazon (docs/marketplaces.md §2.2): regional authorize,
// token and API hosts, and the ClientId / Scope (advertising profile) headers on every call.
import { COMMON_ERROR_RULES, DAY_SECONDS } from '../common-rules';
import type { ConnectorDefinition } from '../types';
import { amazonAdsTexts } from './texts';

export const amazonAdsConnector: ConnectorDefinition = {
  id: 'amazon-ads',
  name: 'Amazon Ads',
  source: 'docs/marketplaces.md §2.2 Amazon Ads API (LWA); §1 summary table; §4 quirk 11',
  unconfirmed: [
    'regional API hosts advertising-api(-eu|-fe).amazon.com (general knowledge): override with --endpoint api=URL / probe=URL',
    'GET /v2/profiles as the cheapest health probe, and its rate limit',
    'whether consent expires apart from the refresh token',
    'whether loopback (http://127.0.0.1) return URLs are allowed in the LWA security profile',
  ],
  grant: 'authorization_code',
  acceptsImportedRefreshTokens: false,
  // docs/marketplaces.md §1 (Amazon Ads): the LWA refresh token lives until the Amazon user removes the app from their account.
  consentTiedToPerson: true,
  environments: ['production'],
  regions: [
    {
      id: 'na',
      label: { en: 'North America', es: 'Norteamérica' },
      endpoints: {
        authorize: 'https://www.amazon.com/ap/oa',
        token: 'https://api.amazon.com/auth/o2/token',
        api: 'https://advertising-api.amazon.com',
        probe: 'https://advertising-api.amazon.com/v2/profiles',
      },
    },
    {
      id: 'eu',
      label: { en: 'Europe', es: 'Europa' },
      endpoints: {
        authorize: 'https://eu.account.amazon.com/ap/oa',
        token: 'https://api.amazon.co.uk/auth/o2/token',
        api: 'https://advertising-api-eu.amazon.com',
        probe: 'https://advertising-api-eu.amazon.com/v2/profiles',
      },
    },
    {
      id: 'fe',
      label: { en: 'Far East', es: 'Lejano Oriente' },
      endpoints: {
        authorize: 'https://apac.account.amazon.com/ap/oa',
        token: 'https://api.amazon.co.jp/auth/o2/token',
        api: 'https://advertising-api-fe.amazon.com',
        probe: 'https://advertising-api-fe.amazon.com/v2/profiles',
      },
    },
  ],
  endpoints: {},
  params: [],
  connectionSettings: [
    {
      name: 'profileId',
      description: 'the advertising profile id (from GET /v2/profiles) sent as Amazon-Advertising-API-Scope',
      required: false,
      pattern: '^[0-9]+$',
    },
  ],
  clientAuth: 'post',
  pkce: 'none',
  authorize: {},
  callback: { codeParam: 'code', keepParams: [], codeLifetimeSeconds: 300 },
  tokenRequest: { method: 'POST', bodyFormat: 'form' },
  tokenResponse: { expiresFormat: 'duration' },
  tokens: {
    // LWA refresh tokens are "valid indefinitely unless the user removes the app".
    rotation: 'static',
    accessTtlSeconds: 3600,
    refreshTtlSeconds: null,
    refreshIdleTtlSeconds: null,
    refreshMarginSeconds: 300,
  },
  consent: { validityDays: null },
  appSecretRotationDays: null,
  redirect: { default: 'relay', supported: ['relay', 'loopback'], loopbackPath: '/oauth/callback' },
  scopes: {
    base: ['advertising::campaign_management'],
    advertising: ['advertising::campaign_management'],
    reporting: ['advertising::campaign_management'],
  },
  revocation: { method: 'none' },
  probe: { method: 'GET', endpoint: 'probe', intervalSeconds: DAY_SECONDS / 4, ratePerSecond: 1, burst: 5 },
  apiHeaders: {
    Authorization: 'Bearer {accessToken}',
    'Amazon-Advertising-API-ClientId': '{clientId}',
    'Amazon-Advertising-API-Scope': '{profileId}',
  },
  // Listing profiles (the probe) needs no profile; every other call does.
  optionalApiHeaders: ['Amazon-Advertising-API-Scope'],
  secretApiHeaders: [],
  maxConcurrentRefreshes: 8,
  errorRules: COMMON_ERROR_RULES,
  texts: amazonAdsTexts,
  hooks: {},
};
