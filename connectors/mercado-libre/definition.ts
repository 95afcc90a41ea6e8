// Mercado Libre (docs/marketplaces.md §2.7): per-country authorize hosts, `offline_access` for a
// refresh token at all, 6-hour access tokens and single-use refresh tokens that rotate; remote
// revocation through its Application manager API (hooks.ts).
import { COMMON_ERROR_RULES, DAY_SECONDS } from '../common-rules';
import type { ConnectorDefinition, EndpointTemplates } from '../types';
import { mercadoLibreHooks } from './hooks';
import { mercadoLibreTexts } from './texts';

/** Authorize host per country site (UNCONFIRMED list; .com.ar, .com.br and .com.mx are cited). */
const MERCADO_LIBRE_AUTH_HOSTS: Readonly<Record<string, string>> = {
  AR: 'auth.mercadolibre.com.ar',
  BR: 'auth.mercadolivre.com.br',
  MX: 'auth.mercadolibre.com.mx',
  CL: 'auth.mercadolibre.cl',
  CO: 'auth.mercadolibre.com.co',
  UY: 'auth.mercadolibre.com.uy',
  PE: 'auth.mercadolibre.com.pe',
  EC: 'auth.mercadolibre.com.ec',
  VE: 'auth.mercadolibre.com.ve',
};

const authorizeAt = (host: string): EndpointTemplates => ({ authorize: `https://${host}/authorization` });

export const mercadoLibreConnector: ConnectorDefinition = {
  id: 'mercado-libre',
  name: 'Mercado Libre',
  source: 'docs/marketplaces.md §2.7 Mercado Libre; §1 summary table; §4 quirks 8, 13, 16; revocation: Mercado Libre Application manager, "Revoke user authorization"',
  unconfirmed: [
    'the per-country authorize hosts other than AR, BR and MX, and the country-neutral auth.mercadolibre.com default: override with --endpoint authorize=URL',
    'refresh-token lifetime (6 months) and the grant dying after 4 months without calls',
    'whether Mercado Libre returns the granted scope (Mercado Pago does)',
    'Mercado Pago error codes applying to Mercado Libre',
    'whether a private-use (deeplink) redirect URI is accepted',
    'remote revocation by DELETE /users/{user_id}/applications/{app_id} (Mercado Libre Application manager docs, not in marketplaces.md): follows the api endpoint override',
  ],
  grant: 'authorization_code',
  acceptsImportedRefreshTokens: false,
  // docs/marketplaces.md §1 (Mercado Libre): the consenting user's password change ends the grant.
  consentTiedToPerson: true,
  environments: ['production'],
  regions: [],
  endpoints: {
    // Widely used country-neutral host; the seller's country site is nicer when known.
    ...authorizeAt('auth.mercadolibre.com'),
    token: 'https://api.mercadolibre.com/oauth/token',
    api: 'https://api.mercadolibre.com',
    probe: 'https://api.mercadolibre.com/users/me',
  },
  params: [],
  connectionSettings: [
    {
      name: 'country',
      description: "the seller's Mercado Libre country site, so consent opens where they usually sign in",
      required: false,
      choices: Object.keys(MERCADO_LIBRE_AUTH_HOSTS),
      endpointsByChoice: Object.fromEntries(Object.entries(MERCADO_LIBRE_AUTH_HOSTS).map(([c, host]) => [c, authorizeAt(host)])),
    },
  ],
  clientAuth: 'post',
  // PKCE is a per-app switch in DevCenter; servers without it ignore the challenge.
  pkce: 'supported',
  authorize: {},
  // The callback's code is TG-...; nothing else is needed from it.
  callback: { codeParam: 'code', keepParams: [], codeLifetimeSeconds: 600 },
  tokenRequest: { method: 'POST', bodyFormat: 'form', headers: { Accept: 'application/json' } },
  tokenResponse: { expiresFormat: 'duration' },
  tokens: {
    // Single use: two workers refreshing with the same token lose the grant (invalid_grant).
    rotation: 'rotating',
    accessTtlSeconds: 21_600,
    refreshTtlSeconds: null,
    refreshIdleTtlSeconds: null,
    refreshMarginSeconds: 600,
  },
  consent: { validityDays: null },
  appSecretRotationDays: null,
  redirect: { default: 'relay', supported: ['relay', 'deeplink'], loopbackPath: '/oauth/callback' },
  scopes: {
    base: ['offline_access', 'read'],
    reporting: ['read'],
    finance: ['read'],
    advertising: ['read', 'write'],
    listings: ['read', 'write'],
  },
  revocation: { method: 'custom' },
  probe: { method: 'GET', endpoint: 'probe', intervalSeconds: DAY_SECONDS / 4, ratePerSecond: 1, burst: 5 },
  apiHeaders: { Authorization: 'Bearer {accessToken}' },
  secretApiHeaders: [],
  // One refresh at a time per token is vital here; keep the app-wide fan-out modest too.
  maxConcurrentRefreshes: 4,
  errorRules: [
    { status: 429, error: 'local_rate_limited', classify: 'rate_limited', reason: 'rate_limited' },
    ...COMMON_ERROR_RULES,
  ],
  texts: mercadoLibreTexts,
  hooks: mercadoLibreHooks,
};
