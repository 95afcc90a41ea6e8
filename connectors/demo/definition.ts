// The demo marketplace connector: a real OAuth 2.0 flow against connectors/demo/server.ts on this
// computer, so a new user can try consent, refresh, health and revocation with no account.
//
// Zero-config: `fivex-connect demo` starts the server and registers this connector against it.
// By hand: start the server (`npx tsx connectors/demo/start.ts`, or startDemoMarketplace() from
// code), then point the connector at the URL it prints:
//   fivex-connect app set demo --client-id demo --param baseUrl=http://127.0.0.1:PORT
// Every endpoint is `{baseUrl}/...`, so that one param is the whole configuration; `--endpoint
// NAME=URL` still overrides a single endpoint. The demo is a public client (no secret, PKCE S256).
import { COMMON_ERROR_RULES } from '../common-rules';
import type { ConnectorDefinition } from '../types';
import { demoTexts } from './texts';

/** Where the demo server's endpoints live below its base URL; the server routes the same paths. */
export const DEMO_PATHS = {
  authorize: '/oauth/authorize',
  token: '/oauth/token',
  revoke: '/oauth/revoke',
  probe: '/api/me',
  api: '/api',
} as const;

export const DEMO_DEFAULT_CLIENT_ID = 'demo';
export const DEMO_DEFAULT_ACCESS_TTL_SECONDS = 120;

export const demoConnector: ConnectorDefinition = {
  id: 'demo',
  name: 'Demo marketplace',
  source: 'connectors/demo/server.ts (local OAuth 2.0 server: RFC 6749, RFC 7636 S256, RFC 7009)',
  unconfirmed: [],
  grant: 'authorization_code',
  // POST /demo/self-authorize hands out a refresh token to try `import`.
  acceptsImportedRefreshTokens: true,
  environments: ['production'],
  regions: [],
  endpoints: {
    authorize: `{baseUrl}${DEMO_PATHS.authorize}`,
    token: `{baseUrl}${DEMO_PATHS.token}`,
    revoke: `{baseUrl}${DEMO_PATHS.revoke}`,
    probe: `{baseUrl}${DEMO_PATHS.probe}`,
    api: `{baseUrl}${DEMO_PATHS.api}`,
  },
  params: [
    {
      name: 'baseUrl',
      description: 'the address the demo marketplace printed when it started, e.g. http://127.0.0.1:4680',
      required: true,
      pattern: '^(https://[^/?#\\s]+|http://(127\\.0\\.0\\.1|\\[::1\\]|localhost)(:[0-9]{1,5})?)$',
    },
  ],
  // Shopify-like: a per-connection value the person types at Connect (optional here, so the
  // demo still connects with none); it is checked by its pattern and kept with the connection.
  connectionSettings: [
    { name: 'shop', description: "the seller's shop at the demo marketplace, e.g. acme-store", required: false, pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
  ],
  clientAuth: 'none',
  pkce: 'required',
  authorize: {},
  callback: { codeParam: 'code', keepParams: [], codeLifetimeSeconds: 60 },
  tokenRequest: { method: 'POST', bodyFormat: 'form' },
  tokenResponse: { expiresFormat: 'duration' },
  tokens: {
    rotation: 'rotating',
    accessTtlSeconds: DEMO_DEFAULT_ACCESS_TTL_SECONDS,
    refreshTtlSeconds: null,
    refreshIdleTtlSeconds: null,
    // Short lifetimes so a refresh is visible within a couple of minutes.
    refreshMarginSeconds: 30,
  },
  consent: { validityDays: null },
  appSecretRotationDays: null,
  redirect: { default: 'loopback', supported: ['loopback', 'deeplink', 'relay', 'manual'], loopbackPath: '/oauth/callback' },
  scopes: {
    base: ['profile'],
    reporting: ['reports.read'],
    finance: ['finance.read'],
    advertising: ['ads.read'],
    listings: ['listings.read', 'listings.write'],
  },
  revocation: { method: 'rfc7009' },
  probe: { method: 'GET', endpoint: 'probe', intervalSeconds: 60, ratePerSecond: 10, burst: 20 },
  apiHeaders: { Authorization: 'Bearer {accessToken}' },
  secretApiHeaders: [],
  maxConcurrentRefreshes: 4,
  errorRules: COMMON_ERROR_RULES,
  texts: demoTexts,
  hooks: {},
};
