// Shopify (docs/marketplaces.md §2.5): per-shop hosts, expiring offline tokens (`expiring=1`)
// whose refresh token rotates, legacy non-expiring tokens that stop on 2027-01-01, and app
// uninstall as the revocation.
import { COMMON_ERROR_RULES, DAY_SECONDS } from '../common-rules';
import type { ConnectorDefinition } from '../types';
import { shopifyHooks } from './hooks';
import { shopifyTexts } from './texts';

/** A quarterly Admin API version; override with --endpoint api=/probe= when it ages out. */
const SHOPIFY_API_VERSION = '2026-10';

export const shopifyConnector: ConnectorDefinition = {
  id: 'shopify',
  name: 'Shopify',
  source: 'docs/marketplaces.md §2.5 Shopify; §1 summary table; §4 quirks 7, 8, 13, 14',
  unconfirmed: [
    'refresh-token lifetime (refresh_token_expires_in is read from each response instead)',
    `Admin API version ${SHOPIFY_API_VERSION} in the api/probe endpoints: override with --endpoint probe=URL`,
    'remote uninstall with DELETE /admin/api_permissions/current.json: override with --endpoint revoke=URL',
    'whether PKCE is accepted (not sent)',
    'the GraphQL probe cost limits per shop',
  ],
  grant: 'authorization_code',
  acceptsImportedRefreshTokens: false,
  environments: ['production'],
  regions: [],
  endpoints: {
    authorize: 'https://{shop}/admin/oauth/authorize',
    token: 'https://{shop}/admin/oauth/access_token',
    revoke: 'https://{shop}/admin/api_permissions/current.json',
    api: `https://{shop}/admin/api/${SHOPIFY_API_VERSION}`,
    probe: `https://{shop}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`,
  },
  params: [],
  connectionSettings: [
    { name: 'shop', description: "the shop's myshopify.com address, e.g. acme-store.myshopify.com", required: true, pattern: '^[a-z0-9][a-z0-9-]*\\.myshopify\\.com$' },
  ],
  clientAuth: 'post',
  pkce: 'none',
  authorize: { scopeSeparator: ',' },
  callback: { codeParam: 'code', keepParams: ['shop'], codeLifetimeSeconds: 600 },
  // Shopify's own library posts JSON; `expiring=1` asks for an expiring offline token + refresh token.
  tokenRequest: { method: 'POST', bodyFormat: 'json', extraParams: { expiring: '1' } },
  tokenResponse: { expiresFormat: 'duration', scopeSeparator: ',' },
  tokens: {
    rotation: 'rotating',
    // Expiring tokens always come with expires_in (3600). A response without it is a legacy
    // non-expiring offline token, and 0 tells the engine exactly that (see consent.deadline).
    accessTtlSeconds: 0,
    refreshTtlSeconds: null,
    refreshIdleTtlSeconds: null,
    refreshMarginSeconds: 300,
    // Since 2026-08-28 the previous refresh token keeps working until its replacement is first
    // used; we rely on that only within one access-token lifetime.
    rotationGraceSeconds: 3600,
  },
  consent: {
    validityDays: null,
    deadline: {
      date: '2027-01-01',
      appliesWhen: 'non_expiring_token',
      why: {
        en: 'Shopify rejects non-expiring offline tokens of public apps from 2027-01-01; the shop must reconnect to get an expiring token.',
        es: 'Shopify rechaza los tokens sin vencimiento de apps públicas a partir del 2027-01-01; la tienda debe reconectar para obtener un token con vencimiento.',
      },
    },
  },
  appSecretRotationDays: null,
  redirect: { default: 'relay', supported: ['relay'], loopbackPath: '/oauth/callback' },
  scopes: {
    base: [],
    // Shopify leaves read_X out of the granted list when write_X is granted (write implies read),
    // so a purpose that writes lists only the write scope.
    reporting: ['read_orders', 'read_reports'],
    finance: ['read_orders', 'read_shopify_payments_payouts'],
    advertising: ['write_marketing_events'],
    listings: ['write_products', 'write_inventory'],
  },
  revocation: { method: 'custom' },
  probe: {
    method: 'POST',
    endpoint: 'probe',
    body: '{"query":"{ shop { name } }"}',
    intervalSeconds: DAY_SECONDS / 4,
    ratePerSecond: 2,
    burst: 10,
  },
  apiHeaders: { 'X-Shopify-Access-Token': '{accessToken}', 'Content-Type': 'application/json' },
  secretApiHeaders: [],
  maxConcurrentRefreshes: 8,
  // An Admin API 401 (token died with an uninstall) is left to the engine's default for API calls:
  // token_rejected → refresh → invalid_grant → consent_gone. A status-only rule here would also
  // misread a token-endpoint 401 (bad client) as an uninstall.
  errorRules: COMMON_ERROR_RULES,
  texts: shopifyTexts,
  hooks: shopifyHooks,
};
