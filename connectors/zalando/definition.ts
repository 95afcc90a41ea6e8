// Zalando zDirect (docs/marketplaces.md §2.11): client credentials only, Basic auth and
// scope=access_token_only so no refresh token is ever issued; partners get access by invitation.
import { COMMON_ERROR_RULES, DAY_SECONDS } from '../common-rules';
import type { ConnectorDefinition } from '../types';
import { zalandoTexts } from './texts';

export const zalandoConnector: ConnectorDefinition = {
  id: 'zalando',
  name: 'Zalando zDirect',
  source: 'docs/marketplaces.md §2.11 Zalando zDirect; §1 summary table',
  unconfirmed: [
    'access-token lifetime of 2 hours (from the sample JWT)',
    'a 401 from the token endpoint for deleted credentials',
    'the UI where a fashion partner revokes a technical partner',
    'the probe rate limit',
  ],
  grant: 'client_credentials',
  acceptsImportedRefreshTokens: false,
  // The seller generates this pair for its own account; only the seller can issue new ones.
  sellerOwnedCredentials: true,
  environments: ['production', 'sandbox'],
  regions: [],
  endpoints: {
    token: 'https://api.merchants.zalando.com/auth/token',
    api: 'https://api.merchants.zalando.com',
    probe: 'https://api.merchants.zalando.com/auth/me',
  },
  sandboxEndpoints: {
    token: 'https://api-sandbox.merchants.zalando.com/auth/token',
    api: 'https://api-sandbox.merchants.zalando.com',
    probe: 'https://api-sandbox.merchants.zalando.com/auth/me',
  },
  params: [],
  connectionSettings: [],
  clientAuth: 'basic',
  pkce: 'none',
  authorize: {},
  callback: { codeParam: 'code', keepParams: [], codeLifetimeSeconds: 600 },
  // "to make sure we will not issue a refresh token"
  tokenRequest: { method: 'POST', bodyFormat: 'form', extraParams: { scope: 'access_token_only' } },
  tokenResponse: { expiresFormat: 'duration' },
  tokens: {
    rotation: 'static',
    accessTtlSeconds: 7200,
    refreshTtlSeconds: null,
    refreshIdleTtlSeconds: null,
    refreshMarginSeconds: 300,
  },
  // Not a consent: an unanswered partner invitation lapses after 21 days (shown in texts).
  consent: { validityDays: null },
  appSecretRotationDays: null,
  redirect: { default: 'manual', supported: ['manual'], loopbackPath: '/oauth/callback' },
  // Roles come in the token's resource_access claim; nothing is requested.
  scopes: { base: [] },
  revocation: { method: 'none' },
  probe: { method: 'GET', endpoint: 'probe', intervalSeconds: DAY_SECONDS / 4, ratePerSecond: 1, burst: 5 },
  apiHeaders: { Authorization: 'Bearer {accessToken}' },
  secretApiHeaders: [],
  maxConcurrentRefreshes: 4,
  errorRules: [...COMMON_ERROR_RULES, { status: 401, classify: 'client_broken', reason: 'credentials_revoked' }],
  texts: zalandoTexts,
  hooks: {},
};
