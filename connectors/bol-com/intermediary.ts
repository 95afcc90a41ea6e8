// bol.com Retailer API for intermediaries (service providers): the "Code flow" beside the seller's
// own client credentials (docs/marketplaces.md §2.9; §1 summary table). The seller approves the
// agency's registered app at bol.com; the agency exchanges the code with Basic auth at the same
// token endpoint. Much of it is UNCONFIRMED there, so each such fact is data an app registration
// can override: the authorize endpoint (--endpoint authorize=URL), the scope (--param scope=…).
import { COMMON_ERROR_RULES, DAY_SECONDS } from '../common-rules';
import type { ConnectorDefinition } from '../types';
import { bolComIntermediaryTexts } from './texts';

export const bolComIntermediaryConnector: ConnectorDefinition = {
  id: 'bol-com-intermediary',
  name: 'bol.com (intermediary)',
  source: 'docs/marketplaces.md §2.9 bol.com Retailer API (intermediaries: Code flow); §1 summary table; §4 quirks 7, 8, 9',
  unconfirmed: [
    'the authorize URL (login.bol.com/authorize assumed): override with --endpoint authorize=URL',
    'the scope the Code flow asks for (none sent unless --param scope=VALUE is set)',
    'whether PKCE is supported (not sent)',
    'whether refresh tokens rotate: "Method 1" static or "Method 2" single-use, per bol account setting (handled both ways)',
    'the refresh-token lifetime of 365 days (not in the response; bol suggests decoding the token)',
    'the cheapest probe: override with --endpoint probe=URL',
  ],
  grant: 'authorization_code',
  acceptsImportedRefreshTokens: false,
  environments: ['production'],
  regions: [],
  endpoints: {
    authorize: 'https://login.bol.com/authorize',
    token: 'https://login.bol.com/token',
    api: 'https://api.bol.com/retailer',
    probe: 'https://api.bol.com/retailer/retailers',
  },
  params: [{ name: 'scope', description: 'the scope the bol.com Code flow asks for, when your intermediary registration needs one (UNCONFIRMED)', required: false }],
  connectionSettings: [],
  clientAuth: 'basic',
  pkce: 'none',
  // The scope is an UNCONFIRMED fact: sent only when the registration sets it.
  authorize: { omit: ['scope'], optionalParams: { scope: '{scope}' } },
  callback: { codeParam: 'code', keepParams: [], codeLifetimeSeconds: 600 },
  tokenRequest: { method: 'POST', bodyFormat: 'form', headers: { Accept: 'application/json' } },
  tokenResponse: { expiresFormat: 'duration' },
  tokens: {
    // Method 1 keeps the refresh token, Method 2 replaces it on every refresh: a new one in the
    // answer replaces the stored one, an answer without one keeps it.
    rotation: 'unknown',
    accessTtlSeconds: 600,
    refreshTtlSeconds: 365 * DAY_SECONDS,
    refreshIdleTtlSeconds: null,
    refreshMarginSeconds: 60,
  },
  consent: { validityDays: null },
  appSecretRotationDays: null,
  // The callback URI is the one of the intermediary registration: an https relay page.
  redirect: { default: 'relay', supported: ['relay'], loopbackPath: '/oauth/callback' },
  scopes: { base: [] },
  revocation: { method: 'none' },
  probe: { method: 'GET', endpoint: 'probe', intervalSeconds: DAY_SECONDS / 4, ratePerSecond: 1, burst: 5 },
  apiHeaders: { Authorization: 'Bearer {accessToken}', Accept: 'application/vnd.retailer.v10+json' },
  secretApiHeaders: [],
  maxConcurrentRefreshes: 4,
  errorRules: COMMON_ERROR_RULES,
  texts: bolComIntermediaryTexts,
  hooks: {},
};
