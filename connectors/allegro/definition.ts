// Allegro (docs/marketplaces.md §2.8): sandbox/production hosts, token parameters in the query of
// a POST (as Allegro's own examples do), 12-hour access tokens and 3-month refresh tokens that
// rotate with every refresh.
import { COMMON_ERROR_RULES, DAY_SECONDS } from '../common-rules';
import type { ConnectorDefinition } from '../types';
import { allegroTexts } from './texts';

export const allegroConnector: ConnectorDefinition = {
  id: 'allegro',
  name: 'Allegro',
  source: 'docs/marketplaces.md §2.8 Allegro; §1 summary table; §4 quirks 8, 9, 10',
  unconfirmed: [
    'Basic client authentication at the token endpoint (used by common clients)',
    'GET https://api.allegro.pl/me as the health probe: override with --endpoint probe=URL',
    'what changed in PKCE on 2024-12-30 (PKCE is sent as S256)',
    'whether loopback and private-use (deeplink) redirect URIs are accepted',
    'the UI where a user removes the app',
    'scope names other than allegro:api:orders:read',
  ],
  grant: 'authorization_code',
  acceptsImportedRefreshTokens: false,
  environments: ['production', 'sandbox'],
  regions: [],
  endpoints: {
    authorize: 'https://allegro.pl/auth/oauth/authorize',
    token: 'https://allegro.pl/auth/oauth/token',
    api: 'https://api.allegro.pl',
    probe: 'https://api.allegro.pl/me',
  },
  sandboxEndpoints: {
    authorize: 'https://allegro.pl.allegrosandbox.pl/auth/oauth/authorize',
    token: 'https://allegro.pl.allegrosandbox.pl/auth/oauth/token',
    api: 'https://api.allegro.pl.allegrosandbox.pl',
    probe: 'https://api.allegro.pl.allegrosandbox.pl/me',
  },
  params: [],
  connectionSettings: [],
  clientAuth: 'basic',
  pkce: 'supported',
  authorize: {},
  callback: { codeParam: 'code', keepParams: [], codeLifetimeSeconds: 600 },
  tokenRequest: { method: 'POST', bodyFormat: 'query' },
  tokenResponse: { expiresFormat: 'duration' },
  tokens: {
    // Every refresh returns a new pair and the previous pair dies (Allegro staff).
    rotation: 'rotating',
    accessTtlSeconds: 43_200,
    refreshTtlSeconds: 90 * DAY_SECONDS,
    refreshIdleTtlSeconds: null,
    refreshMarginSeconds: 900,
  },
  // The historical 365-day cap no longer applies (staff, 2025).
  consent: { validityDays: null },
  appSecretRotationDays: null,
  redirect: { default: 'relay', supported: ['relay', 'loopback', 'deeplink'], loopbackPath: '/oauth/callback' },
  scopes: {
    base: ['allegro:api:profile:read'],
    reporting: ['allegro:api:orders:read', 'allegro:api:sale:offers:read'],
    finance: ['allegro:api:payments:read', 'allegro:api:billing:read'],
    advertising: ['allegro:api:ads'],
    listings: ['allegro:api:sale:offers:read', 'allegro:api:sale:offers:write'],
  },
  revocation: { method: 'none' },
  probe: { method: 'GET', endpoint: 'probe', intervalSeconds: DAY_SECONDS / 4, ratePerSecond: 1, burst: 5 },
  apiHeaders: { Authorization: 'Bearer {accessToken}', Accept: 'application/vnd.allegro.public.v1+json' },
  secretApiHeaders: [],
  maxConcurrentRefreshes: 4,
  errorRules: COMMON_ERROR_RULES,
  texts: allegroTexts,
  hooks: {},
};
