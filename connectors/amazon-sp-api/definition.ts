// Amazon Selling Partner API through Login with Amazon (docs/marketplaces.md §2.1): regional
// API hosts, per-country Seller Central consent pages, `spapi_oauth_code` callbacks, 365-day
// consent, 180-day client secrets, and self-authorized refresh tokens for private apps.
import { COMMON_ERROR_RULES, DAY_SECONDS } from '../common-rules';
import type { ConnectorDefinition, EndpointTemplates } from '../types';
import { amazonSpApiTexts } from './texts';

const consentAt = (host: string): EndpointTemplates => ({ authorize: `https://${host}/apps/authorize/consent` });

/** Seller Central host per country (dev guide §"Seller Central URLs"; BE, IE, SA, EG, ZA inferred). */
const SELLER_CENTRAL_HOSTS: Readonly<Record<string, string>> = {
  US: 'sellercentral.amazon.com',
  CA: 'sellercentral.amazon.ca',
  MX: 'sellercentral.amazon.com.mx',
  BR: 'sellercentral.amazon.com.br',
  UK: 'sellercentral-europe.amazon.com',
  DE: 'sellercentral-europe.amazon.com',
  FR: 'sellercentral-europe.amazon.com',
  IT: 'sellercentral-europe.amazon.com',
  ES: 'sellercentral-europe.amazon.com',
  NL: 'sellercentral.amazon.nl',
  SE: 'sellercentral.amazon.se',
  PL: 'sellercentral.amazon.pl',
  TR: 'sellercentral.amazon.com.tr',
  AE: 'sellercentral.amazon.ae',
  IN: 'sellercentral.amazon.in',
  BE: 'sellercentral.amazon.com.be',
  IE: 'sellercentral.amazon.ie',
  SA: 'sellercentral.amazon.sa',
  EG: 'sellercentral.amazon.eg',
  ZA: 'sellercentral.amazon.co.za',
  SG: 'sellercentral.amazon.sg',
  AU: 'sellercentral.amazon.com.au',
  JP: 'sellercentral.amazon.co.jp',
};

const apiHost = (region: string): EndpointTemplates => ({
  api: `https://sellingpartnerapi-${region}.amazon.com`,
  probe: `https://sellingpartnerapi-${region}.amazon.com/sellers/v1/marketplaceParticipations`,
});

export const amazonSpApiConnector: ConnectorDefinition = {
  id: 'amazon-sp-api',
  name: 'Amazon Selling Partner API',
  source: 'docs/marketplaces.md §2.1 Amazon Selling Partner API (via Login with Amazon); §1 summary table; §4 quirks 1, 14, 15, 17, 18',
  unconfirmed: [
    'Seller Central hosts for BE, IE, SA, EG and ZA (not in the 2022 list): override with --endpoint authorize=URL',
    'whether redirect URIs must be https and whether loopback is accepted (so relay is the default)',
    'whether LWA has a token revocation endpoint (none used: the seller removes the app)',
    'how the developer learns of the 365-day re-authorization (tracked from the consent date instead)',
  ],
  grant: 'authorization_code',
  acceptsImportedRefreshTokens: true,
  environments: ['production', 'sandbox'],
  regions: [
    { id: 'na', label: { en: 'North America (US, CA, MX, BR)', es: 'Norteamérica (US, CA, MX, BR)' }, endpoints: { ...consentAt(SELLER_CENTRAL_HOSTS.US!), ...apiHost('na') } },
    { id: 'eu', label: { en: 'Europe, Middle East, India, Africa', es: 'Europa, Oriente Medio, India, África' }, endpoints: { ...consentAt(SELLER_CENTRAL_HOSTS.UK!), ...apiHost('eu') } },
    { id: 'fe', label: { en: 'Far East (JP, AU, SG)', es: 'Lejano Oriente (JP, AU, SG)' }, endpoints: { ...consentAt(SELLER_CENTRAL_HOSTS.JP!), ...apiHost('fe') } },
  ],
  // SP-API docs and Nango post every region's tokens to api.amazon.com (§2.1 "Token endpoint").
  endpoints: { token: 'https://api.amazon.com/auth/o2/token' },
  sandboxEndpoints: {
    api: 'https://sandbox.sellingpartnerapi-{region}.amazon.com',
    probe: 'https://sandbox.sellingpartnerapi-{region}.amazon.com/sellers/v1/marketplaceParticipations',
  },
  params: [
    { name: 'applicationId', description: 'the SP-API application id (amzn1.sp.solution.…) from Developer Central', required: true, pattern: '^amzn1\\.sp\\.solution\\.[A-Za-z0-9-]+$' },
    { name: 'version', description: '"beta" while the app is still a draft (otherwise the consent page fails with MD1000)', required: false, pattern: '^beta$' },
  ],
  connectionSettings: [
    {
      name: 'country',
      description: "the seller's Seller Central country, so consent opens on the site they know (any host of the region works)",
      required: false,
      choices: Object.keys(SELLER_CENTRAL_HOSTS),
      endpointsByChoice: Object.fromEntries(Object.entries(SELLER_CENTRAL_HOSTS).map(([country, host]) => [country, consentAt(host)])),
    },
  ],
  clientAuth: 'post',
  // Nango sets disable_pkce for SP-API; the consent page takes no challenge.
  pkce: 'none',
  authorize: {
    // The consent page takes application_id and state (+ redirect_uri); no client_id, scope or response_type.
    omit: ['response_type', 'scope', 'client_id'],
    extraParams: { application_id: '{applicationId}' },
    optionalParams: { version: '{version}' },
  },
  callback: { codeParam: 'spapi_oauth_code', keepParams: ['selling_partner_id'], codeLifetimeSeconds: 300 },
  tokenRequest: { method: 'POST', bodyFormat: 'form' },
  tokenResponse: { expiresFormat: 'duration' },
  tokens: {
    // "refresh_token rarely included" on refresh: keep the old one unless a new one comes.
    rotation: 'static',
    accessTtlSeconds: 3600,
    refreshTtlSeconds: null,
    refreshIdleTtlSeconds: null,
    refreshMarginSeconds: 300,
  },
  consent: { validityDays: 365 },
  appSecretRotationDays: 180,
  redirect: { default: 'relay', supported: ['relay', 'manual'], loopbackPath: '/oauth/callback' },
  // SP-API roles are chosen on the app registration, never requested at consent (scope is omitted);
  // they are listed so people see which roles a purpose needs.
  scopes: {
    base: [],
    reporting: ['Selling Partner Insights', 'Brand Analytics', 'Inventory and Order Tracking'],
    finance: ['Finance and Accounting'],
    listings: ['Product Listing', 'Pricing'],
  },
  revocation: { method: 'none' },
  probe: {
    method: 'GET',
    endpoint: 'probe',
    // 0.016 rps for the whole app: one connection per minute at most, each one daily.
    intervalSeconds: DAY_SECONDS,
    ratePerSecond: 0.016,
    burst: 15,
  },
  apiHeaders: { 'x-amz-access-token': '{accessToken}' },
  secretApiHeaders: [],
  maxConcurrentRefreshes: 8,
  errorRules: COMMON_ERROR_RULES,
  texts: amazonSpApiTexts,
  hooks: {},
};
