// The whole-flow table: for every built-in connector, the redirect strategies it is driven through
// and the marketplace stand-in that answers (its fake with a consent page, the demo marketplace,
// or oidc-provider behind a custom connector file for generic). Typed as a Record over the
// built-in ids, so a new connector without a case does not compile; the test also checks at run
// time that every strategy a definition lists has a case here. Marketplace facts cite
// docs/marketplaces.md.
import type { BuiltinConnectorId } from '../../connectors/registry';
import type { RedirectStrategy } from '../../connectors/types';
import { startFakeAllegro } from '../fakes/allegro';
import { startFakeAmazonAds } from '../fakes/amazon-ads';
import { startFakeAmazonSpApi } from '../fakes/amazon-sp-api';
import { EBAY_RUNAME, startFakeEbay } from '../fakes/ebay';
import { startFakeBolComIntermediary } from '../fakes/bol-com';
import { startFakeEtsy } from '../fakes/etsy';
import { header } from '../fakes/fake-marketplace';
import { startFakeMercadoLibre } from '../fakes/mercado-libre';
import { SHOPIFY_SHOP, startFakeShopify } from '../fakes/shopify';
import { expectedTikTokSign, startFakeTikTokShop } from '../fakes/tiktok-shop';
import { startFakeWalmart, WALMART_SELLER_ID } from '../fakes/walmart';
import { expect } from 'vitest';
import { bearer, expectBearerToken, FakeFlowMarket } from './whole-flow-fake-market';
import type { FakeMarketSpec } from './whole-flow-fake-market';
import { startDemoFlowMarket, startGenericFlowMarket } from './whole-flow-open-markets';
import type { FlowMarket } from './whole-flow-support';
import { headerOf } from './whole-flow-support';

export type FlowCase =
  | {
      readonly grant: 'authorization_code';
      readonly strategies: ReadonlyArray<RedirectStrategy>;
      /**
       * How the agency's relay page is served: https, as marketplaces require of redirect URIs
       * (§4 quirk 19; Etsy §2.4, eBay's accept URL §2.3), or http on 127.0.0.1 where the stand-in
       * accepts loopback pages only (the demo marketplace; oidc-provider's native clients).
       */
      readonly relay: 'https' | 'http';
      readonly start: () => Promise<FlowMarket>;
    }
  /** Seller-owned API credentials, no browser (bol.com, Zalando): whole-flow-client-credentials.test.ts. */
  | { readonly grant: 'client_credentials' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SP_API_APPLICATION_ID = 'amzn1.sp.solution.0a1b2c3d-4e5f-6789-abcd-ef0123456789';
const TIKTOK_SERVICE_ID = '7123456789012345678';
const ADS_PROFILE_ID = '3456789012';

/** §2.6: Walmart wants WM_SVC.NAME and a WM_QOS.CORRELATION_ID on every call (and WM_PARTNER.ID = sellerId on token calls). */
function expectWalmartHeaders(req: Parameters<typeof header>[0], partner: boolean): void {
  if (partner) expect(header(req, 'wm_partner.id'), 'the kept sellerId goes back as WM_PARTNER.ID').toBe(WALMART_SELLER_ID);
  expect(header(req, 'wm_svc.name')).toBeTruthy();
  expect(header(req, 'wm_qos.correlation_id')).toMatch(UUID);
}

const fakes = {
  // §2.1: consent page takes application_id + state (+ redirect_uri); LWA token body auth, form.
  'amazon-sp-api': {
    id: 'amazon-sp-api',
    start: startFakeAmazonSpApi,
    params: { applicationId: SP_API_APPLICATION_ID },
    page: () => ({ client: { param: 'application_id', value: SP_API_APPLICATION_ID } }),
    auth: { kind: 'body', id: 'client_id', secret: 'client_secret' },
    paramsIn: 'form',
    // selling_partner_id is kept with the connection (§4 quirk 1); no token or probe request takes it.
    probeToken: (req) => header(req, 'x-amz-access-token') ?? null,
    onToken: (t) => expect(headerOf(t.headers, 'x-amz-access-token')).toBe(t.accessToken),
  },
  // §2.2: LWA code flow, body auth; calls carry Amazon-Advertising-API-ClientId (+ Scope = profile).
  'amazon-ads': {
    id: 'amazon-ads',
    start: startFakeAmazonAds,
    settings: { profileId: ADS_PROFILE_ID },
    page: (fake) => ({ client: { param: 'client_id', value: fake.clientId }, required: { response_type: 'code', scope: /advertising::campaign_management/ } }),
    auth: { kind: 'body', id: 'client_id', secret: 'client_secret' },
    paramsIn: 'form',
    probeToken: bearer,
    onProbe: (req, fake) => expect(header(req, 'amazon-advertising-api-clientid')).toBe(fake.clientId),
    onToken: (t, fake) => {
      expectBearerToken(t);
      expect(headerOf(t.headers, 'Amazon-Advertising-API-ClientId')).toBe(fake.clientId);
      expect(headerOf(t.headers, 'Amazon-Advertising-API-Scope')).toBe(ADS_PROFILE_ID);
    },
  },
  // §2.3: redirect_uri is the RuName (the marketplace maps it to the accept URL); Basic, form.
  ebay: {
    id: 'ebay',
    start: startFakeEbay,
    registeredRedirect: EBAY_RUNAME,
    // The RuName's accept URL is the (https) relay page; the app binds the callback to it.
    landingParam: 'acceptUrl',
    page: (fake) => ({ client: { param: 'client_id', value: fake.clientId }, required: { response_type: 'code', redirect_uri: EBAY_RUNAME } }),
    auth: { kind: 'basic' },
    paramsIn: 'form',
    onTokenRequest: (req) => {
      if (req.params.get('grant_type') === 'authorization_code') expect(req.params.get('redirect_uri')).toBe(EBAY_RUNAME);
    },
    probeToken: bearer,
    onToken: expectBearerToken,
  },
  // §2.4: PKCE S256, client_id only in the body; every call needs x-api-key keystring:shared_secret.
  etsy: {
    id: 'etsy',
    start: startFakeEtsy,
    page: (fake) => ({ client: { param: 'client_id', value: fake.clientId }, required: { response_type: 'code', code_challenge_method: 'S256' }, challengeParam: 'code_challenge' }),
    auth: { kind: 'body', id: 'client_id', secret: null },
    paramsIn: 'form',
    probeToken: bearer,
    onProbe: (req, fake) => expect(header(req, 'x-api-key')).toBe(`${fake.clientId}:${fake.clientSecret}`),
    // The x-api-key carries the shared secret: never handed to a script (cli-contract `token`).
    onToken: (t) => {
      expectBearerToken(t);
      expect(headerOf(t.headers, 'x-api-key')).toBeUndefined();
    },
  },
  // §2.5: per-shop hosts, JSON body with the secret, expiring=1; calls carry X-Shopify-Access-Token.
  // 127.0.0.1 cannot be {shop}.myshopify.com, so the overrides carry the shop in the query instead.
  shopify: {
    id: 'shopify',
    start: startFakeShopify,
    settings: { shop: SHOPIFY_SHOP },
    overrideQuery: 'shop={shop}',
    page: (fake) => ({ client: { param: 'client_id', value: fake.clientId }, required: { shop: SHOPIFY_SHOP } }),
    auth: { kind: 'body', id: 'client_id', secret: 'client_secret' },
    paramsIn: 'json',
    onTokenRequest: (req) => {
      expect(req.url.searchParams.get('shop')).toBe(SHOPIFY_SHOP);
      expect(req.params.get('expiring')).toBe('1');
    },
    probeToken: (req) => header(req, 'x-shopify-access-token') ?? null,
    onProbe: (req) => expect(req.url.searchParams.get('shop')).toBe(SHOPIFY_SHOP),
    onToken: (t) => expect(headerOf(t.headers, 'X-Shopify-Access-Token')).toBe(t.accessToken),
  },
  // §2.6: camelCase authorize parameters with clientType and nonce; Basic + WM_* headers, sellerId kept.
  walmart: {
    id: 'walmart',
    start: startFakeWalmart,
    params: { clientType: 'seller' },
    page: (fake) => ({
      client: { param: 'clientId', value: fake.clientId },
      redirectParam: 'redirectUri',
      required: { responseType: 'code', clientType: 'seller', nonce: /.+/ },
    }),
    auth: { kind: 'basic' },
    paramsIn: 'form',
    onTokenRequest: (req) => expectWalmartHeaders(req, true),
    probeToken: (req) => header(req, 'wm_sec.access_token') ?? null,
    onProbe: (req) => expectWalmartHeaders(req, false),
    onToken: (t) => {
      expect(headerOf(t.headers, 'WM_SEC.ACCESS_TOKEN')).toBe(t.accessToken);
      expect(headerOf(t.headers, 'WM_SVC.NAME')).toBeTruthy();
      expect(headerOf(t.headers, 'WM_QOS.CORRELATION_ID')).toMatch(UUID);
    },
  },
  // §2.7: secret in the form body, optional PKCE (this app has it on), rotating refresh tokens.
  'mercado-libre': {
    id: 'mercado-libre',
    start: startFakeMercadoLibre,
    page: (fake) => ({ client: { param: 'client_id', value: fake.clientId }, required: { response_type: 'code' }, challengeParam: 'code_challenge' }),
    auth: { kind: 'body', id: 'client_id', secret: 'client_secret' },
    paramsIn: 'form',
    probeToken: bearer,
    onToken: expectBearerToken,
  },
  // §2.8: token parameters in the query of a POST, Basic; rotating refresh tokens.
  allegro: {
    id: 'allegro',
    start: startFakeAllegro,
    page: (fake) => ({ client: { param: 'client_id', value: fake.clientId }, required: { response_type: 'code' }, challengeParam: 'code_challenge' }),
    auth: { kind: 'basic' },
    paramsIn: 'query',
    probeToken: bearer,
    onToken: expectBearerToken,
  },
  // §2.10: authorize takes service_id + state, the redirect is fixed in Partner Center; token calls
  // are GETs with app_key/app_secret in the query; API calls are signed (HMAC-SHA256).
  'tiktok-shop': {
    id: 'tiktok-shop',
    start: startFakeTikTokShop,
    params: { serviceId: TIKTOK_SERVICE_ID },
    fixedRedirect: true,
    page: () => ({ client: { param: 'service_id', value: TIKTOK_SERVICE_ID }, redirectParam: null }),
    auth: { kind: 'query', id: 'app_key', secret: 'app_secret' },
    paramsIn: 'query',
    tokenMethod: 'GET',
    probeToken: (req) => header(req, 'x-tts-access-token') ?? null,
    onProbe: (req, fake) => {
      expect(req.url.searchParams.get('app_key')).toBe(fake.clientId);
      expect(req.url.searchParams.get('sign')).toBe(expectedTikTokSign(fake.clientSecret, req));
    },
    onToken: (t) => expect(headerOf(t.headers, 'x-tts-access-token')).toBe(t.accessToken),
  },
  // §2.9 intermediaries' Code flow: Basic auth at the same token endpoint, form; the rest UNCONFIRMED.
  'bol-com-intermediary': {
    id: 'bol-com-intermediary',
    start: () => startFakeBolComIntermediary('method2'),
    page: (fake) => ({ client: { param: 'client_id', value: fake.clientId }, required: { response_type: 'code' } }),
    auth: { kind: 'basic' },
    paramsIn: 'form',
    probeToken: bearer,
    onToken: expectBearerToken,
  },
} as const satisfies Partial<Record<BuiltinConnectorId, FakeMarketSpec>>;

const viaFake = (spec: FakeMarketSpec) => (): Promise<FlowMarket> => FakeFlowMarket.start(spec);

export const FLOW_CASES = {
  'amazon-sp-api': { grant: 'authorization_code', strategies: ['relay', 'manual'], relay: 'https', start: viaFake(fakes['amazon-sp-api']) },
  'amazon-ads': { grant: 'authorization_code', strategies: ['relay', 'loopback'], relay: 'https', start: viaFake(fakes['amazon-ads']) },
  ebay: { grant: 'authorization_code', strategies: ['relay'], relay: 'https', start: viaFake(fakes.ebay) },
  etsy: { grant: 'authorization_code', strategies: ['relay'], relay: 'https', start: viaFake(fakes.etsy) },
  shopify: { grant: 'authorization_code', strategies: ['relay'], relay: 'https', start: viaFake(fakes.shopify) },
  walmart: { grant: 'authorization_code', strategies: ['relay'], relay: 'https', start: viaFake(fakes.walmart) },
  'mercado-libre': { grant: 'authorization_code', strategies: ['relay', 'deeplink'], relay: 'https', start: viaFake(fakes['mercado-libre']) },
  allegro: { grant: 'authorization_code', strategies: ['relay', 'loopback', 'deeplink'], relay: 'https', start: viaFake(fakes.allegro) },
  'tiktok-shop': { grant: 'authorization_code', strategies: ['relay'], relay: 'https', start: viaFake(fakes['tiktok-shop']) },
  'bol-com': { grant: 'client_credentials' },
  'bol-com-intermediary': { grant: 'authorization_code', strategies: ['relay'], relay: 'https', start: viaFake(fakes['bol-com-intermediary']) },
  zalando: { grant: 'client_credentials' },
  generic: { grant: 'authorization_code', strategies: ['loopback', 'relay', 'deeplink', 'manual'], relay: 'http', start: startGenericFlowMarket },
  demo: { grant: 'authorization_code', strategies: ['loopback', 'deeplink', 'relay', 'manual'], relay: 'http', start: startDemoFlowMarket },
} as const satisfies Record<BuiltinConnectorId, FlowCase>;
