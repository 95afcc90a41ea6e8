// Etsy Open API v3 (docs/marketplaces.md §2.4): PKCE S256 required, client_id-only token
// requests, refresh tokens that rotate on every use, and `x-api-key: keystring:shared_secret`
// on every API call — the shared secret is the registration's client secret.
import { COMMON_ERROR_RULES, DAY_SECONDS } from '../common-rules';
import type { ConnectorDefinition } from '../types';
import { etsyTexts } from './texts';

const ETSY_SHARED_SECRET_MISSING = 'Shared secret is required in x-api-key header';

export const etsyConnector: ConnectorDefinition = {
  id: 'etsy',
  name: 'Etsy',
  source: 'docs/marketplaces.md §2.4 Etsy Open API v3; §1 summary table; §4 quirks 8, 11, 15, 16',
  unconfirmed: [
    'refresh-token lifetime of 90 days',
    'whether the token endpoint also requires x-api-key (sent on API calls only)',
    'whether the token response returns the granted scope',
    'the probe rate limit (Etsy publishes per-app daily and per-second limits)',
  ],
  grant: 'authorization_code',
  acceptsImportedRefreshTokens: false,
  // docs/marketplaces.md §2.4: tokens are prefixed with the Etsy user's id, and that user's password change ends them all.
  consentTiedToPerson: true,
  environments: ['production'],
  regions: [],
  endpoints: {
    authorize: 'https://www.etsy.com/oauth/connect',
    token: 'https://api.etsy.com/v3/public/oauth/token',
    api: 'https://api.etsy.com/v3/application',
    probe: 'https://api.etsy.com/v3/application/users/me',
  },
  params: [],
  connectionSettings: [],
  // Public-client style: client_id in the body, no secret at the token endpoint.
  clientAuth: 'none',
  pkce: 'required',
  authorize: {},
  callback: { codeParam: 'code', keepParams: [], codeLifetimeSeconds: 300 },
  tokenRequest: { method: 'POST', bodyFormat: 'form' },
  tokenResponse: { expiresFormat: 'duration' },
  tokens: {
    // The previous refresh token dies at once: persist the new one before using the access token.
    rotation: 'rotating',
    accessTtlSeconds: 3600,
    refreshTtlSeconds: 90 * DAY_SECONDS,
    refreshIdleTtlSeconds: null,
    refreshMarginSeconds: 300,
  },
  consent: { validityDays: null },
  appSecretRotationDays: null,
  // Etsy requires https callbacks.
  redirect: { default: 'relay', supported: ['relay'], loopbackPath: '/oauth/callback' },
  scopes: {
    base: ['shops_r'],
    reporting: ['transactions_r', 'listings_r'],
    finance: ['transactions_r', 'billing_r'],
    listings: ['listings_r', 'listings_w'],
  },
  revocation: { method: 'none' },
  probe: { method: 'GET', endpoint: 'probe', intervalSeconds: DAY_SECONDS / 4, ratePerSecond: 1, burst: 5 },
  apiHeaders: {
    Authorization: 'Bearer {accessToken}',
    'x-api-key': '{clientId}:{clientSecret}',
  },
  secretApiHeaders: ['x-api-key'],
  maxConcurrentRefreshes: 4,
  errorRules: [
    // A 403 for the missing shared secret is the agency's setup, not a missing scope.
    // Etsy puts the sentence in `error` itself ({"error":"Shared secret is required in x-api-key header."}).
    { status: 403, error: `${ETSY_SHARED_SECRET_MISSING}.`, classify: 'client_broken', reason: 'shared_secret_missing' },
    { status: 403, descriptionIncludes: ETSY_SHARED_SECRET_MISSING, classify: 'client_broken', reason: 'shared_secret_missing' },
    { error: 'invalid_token', classify: 'transient', reason: 'token_rejected' },
    ...COMMON_ERROR_RULES,
  ],
  texts: etsyTexts,
  hooks: {},
};
