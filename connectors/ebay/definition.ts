// eBay (docs/marketplaces.md §2.3): the redirect_uri is the RuName, Basic client auth, static
// 18-month refresh tokens, sandbox/production hosts, and no remote revocation.
import { COMMON_ERROR_RULES, DAY_SECONDS } from '../common-rules';
import type { ConnectorDefinition } from '../types';
import { ebayTexts } from './texts';

const SCOPE = 'https://api.ebay.com/oauth/api_scope';

export const ebayConnector: ConnectorDefinition = {
  id: 'ebay',
  name: 'eBay',
  source: 'docs/marketplaces.md §2.3 eBay; §1 summary table; §4 quirks 9, 19',
  unconfirmed: [
    'scope URLs other than sell.inventory (commerce.identity.readonly, sell.fulfillment, sell.finances, sell.marketing, sell.analytics)',
    'whether the RuName accept URL may be loopback http (so relay, an https page, is the only strategy)',
    'the identity API as the cheapest probe, and its rate limit: override with --endpoint probe=URL',
  ],
  grant: 'authorization_code',
  acceptsImportedRefreshTokens: false,
  // docs/marketplaces.md §2.3: a user token; a change of the eBay user's username or password ends it (KBid=5218).
  consentTiedToPerson: true,
  environments: ['production', 'sandbox'],
  regions: [],
  endpoints: {
    authorize: 'https://auth.ebay.com/oauth2/authorize',
    token: 'https://api.ebay.com/identity/v1/oauth2/token',
    api: 'https://api.ebay.com',
    probe: 'https://apiz.ebay.com/commerce/identity/v1/user/',
  },
  sandboxEndpoints: {
    authorize: 'https://auth.sandbox.ebay.com/oauth2/authorize',
    token: 'https://api.sandbox.ebay.com/identity/v1/oauth2/token',
    api: 'https://api.sandbox.ebay.com',
    probe: 'https://apiz.sandbox.ebay.com/commerce/identity/v1/user/',
  },
  params: [
    {
      name: 'acceptUrl',
      description: "the https address of the relay page your RuName's auth accepted URL points to (eBay Developer Program, User Tokens); consent binds the callback to it",
      required: false,
      pattern: '^https://[^\\s?#]+$',
    },
  ],
  connectionSettings: [],
  clientAuth: 'basic',
  pkce: 'none',
  // redirect_uri carries the RuName registered with `app set ebay --redirect-uri RUNAME
  // --param acceptUrl=https://…/relay` (the RuName's accept URL, for the callback binding).
  authorize: {},
  callback: { codeParam: 'code', keepParams: [], codeLifetimeSeconds: 300 },
  tokenRequest: { method: 'POST', bodyFormat: 'form' },
  tokenResponse: { expiresFormat: 'duration' },
  tokens: {
    // Refresh responses carry no new refresh token; the first one lasts ~18 months.
    rotation: 'static',
    accessTtlSeconds: 7200,
    refreshTtlSeconds: 47_304_000,
    refreshIdleTtlSeconds: null,
    refreshMarginSeconds: 600,
  },
  consent: { validityDays: null },
  appSecretRotationDays: null,
  // The RuName is not an address: acceptUrl says where eBay really lands, for the redirect binding.
  redirect: { default: 'relay', supported: ['relay'], loopbackPath: '/oauth/callback', landingUrlParam: 'acceptUrl' },
  scopes: {
    // eBay cannot widen scopes on refresh: everything is asked for up front.
    base: [SCOPE, `${SCOPE}/commerce.identity.readonly`],
    reporting: [`${SCOPE}/sell.fulfillment.readonly`, `${SCOPE}/sell.analytics.readonly`],
    finance: [`${SCOPE}/sell.finances`],
    advertising: [`${SCOPE}/sell.marketing`],
    listings: [`${SCOPE}/sell.inventory`, `${SCOPE}/sell.account`],
  },
  revocation: { method: 'none' },
  probe: { method: 'GET', endpoint: 'probe', intervalSeconds: DAY_SECONDS / 4, ratePerSecond: 1, burst: 5 },
  apiHeaders: { Authorization: 'Bearer {accessToken}' },
  secretApiHeaders: [],
  maxConcurrentRefreshes: 8,
  errorRules: COMMON_ERROR_RULES,
  texts: ebayTexts,
  hooks: {},
};
