// End-to-end contract per authorization-code connector: consent callback (through the real
// callback parser), code exchange, refresh with or without rotation, consent gone, a transient
// failure and the probe, all through the real token client against each marketplace's fake.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_CONNECTORS } from '../../connectors/registry';
import type { BuiltinConnectorId } from '../../connectors/registry';
import type { ConnectorDefinition } from '../../connectors/types';
import { hookContext } from '../../main/oauth/adapters/token-request';
import { parseCallbackUrl } from '../../main/oauth/protocol/callback';
import { createPkcePair, createState } from '../../main/oauth/protocol/pkce';
import { resolveConnector } from '../../main/oauth/resolve';
import type { ResolvedConnector } from '../../main/oauth/resolve';
import { createTokenClient } from '../../main/oauth/token-client';
import { TokenEndpointError } from '../../main/oauth/token-types';
import type { TokenSet } from '../../main/oauth/token-types';
import { startFakeAllegro } from '../fakes/allegro';
import { startFakeAmazonAds } from '../fakes/amazon-ads';
import { SP_API_SELLER_ID, startFakeAmazonSpApi } from '../fakes/amazon-sp-api';
import { EBAY_RUNAME, startFakeEbay } from '../fakes/ebay';
import { startFakeEtsy } from '../fakes/etsy';
import { FakeServer } from '../fakes/fake-marketplace';
import type { FakeOAuthMarketplace } from '../fakes/fake-oauth';
import { startFakeMercadoLibre } from '../fakes/mercado-libre';
import { SHOPIFY_SHOP, startFakeShopify } from '../fakes/shopify';
import { startFakeTikTokShop } from '../fakes/tiktok-shop';
import { startFakeWalmart, WALMART_SELLER_ID } from '../fakes/walmart';
import { overridesToFake, registration, SAMPLE_SETTINGS } from './support';

const RELAY = 'https://relay.fivex.example/oauth/callback';
const client = createTokenClient({ timeoutMs: 5000 });

interface Case {
  readonly id: BuiltinConnectorId;
  readonly start: () => Promise<FakeOAuthMarketplace>;
  readonly rotates: boolean;
  /** Where the marketplace sends the browser back; eBay's redirect_uri is the RuName. */
  readonly redirectUri?: string;
  readonly region?: string;
}

const CASES: ReadonlyArray<Case> = [
  { id: 'amazon-sp-api', start: startFakeAmazonSpApi, rotates: false, region: 'eu' },
  { id: 'amazon-ads', start: startFakeAmazonAds, rotates: false, region: 'fe' },
  { id: 'ebay', start: startFakeEbay, rotates: false, redirectUri: EBAY_RUNAME },
  { id: 'etsy', start: startFakeEtsy, rotates: true },
  { id: 'shopify', start: startFakeShopify, rotates: true },
  { id: 'walmart', start: startFakeWalmart, rotates: false },
  { id: 'mercado-libre', start: startFakeMercadoLibre, rotates: true },
  { id: 'allegro', start: startFakeAllegro, rotates: true },
  { id: 'tiktok-shop', start: startFakeTikTokShop, rotates: false, region: 'us' },
];

interface Connected {
  readonly rc: ResolvedConnector;
  readonly tokens: TokenSet;
  readonly callback: URLSearchParams;
}

/** The seller approves at the fake; the callback goes through the real parser; the code is exchanged. */
async function connectThroughFake(def: ConnectorDefinition, fake: FakeOAuthMarketplace, c: Pick<Case, 'redirectUri' | 'region'> = {}): Promise<Connected> {
  const state = createState();
  const pkce = createPkcePair();
  const redirectUri = c.redirectUri ?? RELAY;
  const sendsRedirect = !(def.authorize.omit ?? []).includes('redirect_uri');
  const callback = fake.consent({ state, redirectUri: sendsRedirect ? redirectUri : null, codeChallenge: def.pkce === 'none' ? null : pkce.challenge });
  const parsed = parseCallbackUrl(`${RELAY}?${callback.toString()}`, def);
  if (parsed.kind !== 'code') throw new Error(`callback refused: ${parsed.kind}`);
  expect(parsed.state).toBe(state);
  const rc = resolveConnector({
    connector: def,
    registration: registration(def, { clientId: fake.clientId, clientSecret: fake.clientSecret, endpointOverrides: overridesToFake(def, fake.url) }),
    region: c.region ?? null,
    settings: SAMPLE_SETTINGS[def.id] ?? {},
    callbackMetadata: parsed.metadata,
  });
  // A marketplace that signs its callback (Shopify's hmac): the fake's signature must verify.
  if (def.hooks.verifyCallback) expect(def.hooks.verifyCallback([...callback], hookContext(rc, Date.now))).toBe(true);
  const tokens = await client.exchangeCode(rc, { code: parsed.code, codeVerifier: def.pkce === 'none' ? null : pkce.verifier, redirectUri });
  return { rc, tokens, callback };
}

async function failure(p: Promise<unknown>): Promise<TokenEndpointError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TokenEndpointError);
  return err as TokenEndpointError;
}

describe.each(CASES.map((c) => [c.id, c] as const))('%s through the token client', (id, c) => {
  const def: ConnectorDefinition = BUILTIN_CONNECTORS[id];
  let fake: FakeOAuthMarketplace;

  beforeAll(async () => {
    fake = await c.start();
  });
  afterAll(() => fake.close());
  afterEach(() => {
    fake.requests.length = 0;
  });

  it('exchanges the code from its callback shape', async () => {
    const { tokens, rc } = await connectThroughFake(def, fake, c);
    expect(tokens.accessToken).toMatch(new RegExp(`^${id}-at-`));
    expect(tokens.refreshToken).toMatch(new RegExp(`^${id}-rt-`));
    const ttl = fake.config.accessTtlSeconds;
    expect(tokens.accessExpiresAt!.getTime()).toBeGreaterThan(Date.now() + (ttl - 60) * 1000);
    expect(tokens.accessExpiresAt!.getTime()).toBeLessThan(Date.now() + (ttl + 60) * 1000);
    if (def.tokens.accessTtlSeconds > 0) expect(Math.abs(def.tokens.accessTtlSeconds - ttl)).toBeLessThan(60);
    expect(fake.tokenRequests()).toHaveLength(1);
    // The exchange went to the path the real definition names.
    expect(fake.tokenRequests()[0]!.path).toBe(new URL(rc.requireEndpoint('token')).pathname);
  });

  it(c.rotates ? 'rotates: each refresh brings a new refresh token and a reused one is refused' : 'keeps its refresh token: refreshing again with it keeps working', async () => {
    const { rc, tokens } = await connectThroughFake(def, fake, c);
    const first = await client.refresh(rc, tokens.refreshToken!);
    expect(first.accessToken).not.toBe(tokens.accessToken);
    if (c.rotates) {
      expect(first.refreshToken).toMatch(/-rt-/);
      expect(first.refreshToken).not.toBe(tokens.refreshToken);
      const next = await client.refresh(rc, first.refreshToken!);
      expect(next.refreshToken).not.toBe(first.refreshToken);
      const reused = await failure(client.refresh(rc, tokens.refreshToken!));
      expect(reused.failure).toBe('consent_gone');
      expect(reused.reason).toBe('invalid_grant');
    } else {
      // No new refresh token (or the same one): the engine keeps the old one.
      expect(first.refreshToken === null || first.refreshToken === tokens.refreshToken).toBe(true);
      expect((await client.refresh(rc, tokens.refreshToken!)).accessToken).toMatch(/-at-/);
    }
  });

  it('classifies the marketplace\'s "consent gone" answer as consent_gone, without leaking the token', async () => {
    const { rc, tokens } = await connectThroughFake(def, fake, c);
    fake.revokeConsent();
    const err = await failure(client.refresh(rc, tokens.refreshToken!));
    expect(err.failure).toBe('consent_gone');
    expect(err.reason).toBe('invalid_grant');
    expect(err.message).not.toContain(tokens.refreshToken!);
    expect(err.message).not.toContain(fake.clientSecret);
  });

  it('classifies a 503 with Retry-After as transient', async () => {
    const { rc, tokens } = await connectThroughFake(def, fake, c);
    const path = new URL(rc.endpoint('refresh') ?? rc.requireEndpoint('token')).pathname;
    fake.failNext(path);
    const err = await failure(client.refresh(rc, tokens.refreshToken!));
    expect(err.failure).toBe('transient');
    expect(err.retryAfterMs).toBe(7000);
    // The authorization survives the outage.
    expect((await client.refresh(rc, tokens.refreshToken!)).accessToken).toMatch(/-at-/);
  });

  it('classifies a rejected client as client_broken', async () => {
    const { rc, tokens } = await connectThroughFake(def, fake, c);
    const wrong = resolveConnector({ ...rc, registration: { ...rc.registration, clientSecret: 'not-the-secret', clientId: def.clientAuth === 'none' ? 'someone-else' : rc.registration.clientId } });
    const err = await failure(client.refresh(wrong, tokens.refreshToken!));
    expect(err.failure).toBe('client_broken');
    expect(err.message).not.toContain('not-the-secret');
  });

  it('passes its health probe with the API headers it declares', async () => {
    const { rc, tokens } = await connectThroughFake(def, fake, c);
    const result = await client.probe(rc, tokens.accessToken);
    expect(result).toMatchObject({ ok: true, status: 200, failure: null });
    const probe = fake.requests.at(-1)!;
    expect(probe.path).toBe(new URL(rc.requireEndpoint('probe')).pathname);
    fake.revokeConsent();
    const dead = await client.probe(rc, tokens.accessToken);
    expect(dead.ok).toBe(false);
  });
});

describe('marketplace specifics on the wire', () => {
  const fakes: FakeOAuthMarketplace[] = [];
  const started = async (start: () => Promise<FakeOAuthMarketplace>) => {
    const f = await start();
    fakes.push(f);
    return f;
  };
  afterAll(async () => {
    await Promise.all(fakes.map((f) => f.close()));
  });

  it('Amazon SP-API: spapi_oauth_code callback keeps selling_partner_id; secret in the form body; x-amz-access-token', async () => {
    const fake = await started(startFakeAmazonSpApi);
    const def = BUILTIN_CONNECTORS['amazon-sp-api'];
    const { rc, tokens, callback } = await connectThroughFake(def, fake, { region: 'na' });
    expect(callback.has('code')).toBe(false);
    expect(rc.callbackMetadata).toEqual({ selling_partner_id: SP_API_SELLER_ID });
    const exchange = fake.tokenRequests()[0]!;
    expect(exchange.bodyFormat).toBe('form');
    expect(exchange.params.get('client_secret')).toBe(fake.clientSecret);
    expect(exchange.headers.authorization).toBeUndefined();
    expect(client.apiHeaders(rc, tokens.accessToken)).toEqual({ 'x-amz-access-token': tokens.accessToken });
    fake.expireClientSecret();
    const err = await failure(client.refresh(rc, tokens.refreshToken!));
    expect(err).toMatchObject({ failure: 'client_broken', reason: 'client_secret_expired' });
  });

  it('eBay: Basic with the plain client id, the RuName as redirect_uri, an 18-month refresh lifetime', async () => {
    const fake = await started(startFakeEbay);
    const { tokens } = await connectThroughFake(BUILTIN_CONNECTORS.ebay, fake, { redirectUri: EBAY_RUNAME });
    const exchange = fake.tokenRequests()[0]!;
    expect(exchange.basic).toEqual({ id: fake.clientId, secret: fake.clientSecret });
    expect(exchange.params.get('redirect_uri')).toBe(EBAY_RUNAME);
    expect(exchange.params.has('client_secret')).toBe(false);
    const months = (tokens.refreshExpiresAt!.getTime() - Date.now()) / (30 * 86_400_000);
    expect(months).toBeGreaterThan(17);
    expect(months).toBeLessThan(19);
  });

  it('Etsy: PKCE verifier and client_id only at the token endpoint; x-api-key only with includeSecret', async () => {
    const fake = await started(startFakeEtsy);
    const def = BUILTIN_CONNECTORS.etsy;
    const { rc, tokens } = await connectThroughFake(def, fake);
    const exchange = fake.tokenRequests()[0]!;
    expect(exchange.params.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(exchange.params.get('client_id')).toBe(fake.clientId);
    expect(exchange.params.has('client_secret')).toBe(false);
    expect(client.apiHeaders(rc, tokens.accessToken)).not.toHaveProperty('x-api-key');
    expect(client.apiHeaders(rc, tokens.accessToken, { includeSecret: true })['x-api-key']).toBe(`${fake.clientId}:${fake.clientSecret}`);
    const noSecret = resolveConnector({ ...rc, registration: { ...rc.registration, clientSecret: 'wrong-shared-secret' } });
    const probe = await client.probe(noSecret, tokens.accessToken);
    expect(probe).toMatchObject({ ok: false, status: 403, failure: 'client_broken', reason: 'shared_secret_missing' });
    // Etsy's token endpoint sometimes answers a bare 500; a retry succeeds.
    fake.failNext('/v3/public/oauth/token', { status: 500, text: 'Internal Server Error', headers: { 'content-type': 'text/html' } });
    expect((await failure(client.refresh(rc, tokens.refreshToken!))).failure).toBe('transient');
    expect((await client.refresh(rc, tokens.refreshToken!)).refreshToken).not.toBe(tokens.refreshToken);
  });

  it('Shopify: JSON with expiring=1, comma scopes, the grace for a lost refresh answer, uninstall as revocation', async () => {
    const fake = await started(startFakeShopify);
    const def = BUILTIN_CONNECTORS.shopify;
    const { rc, tokens } = await connectThroughFake(def, fake);
    expect(rc.callbackMetadata).toEqual({ shop: SHOPIFY_SHOP });
    const exchange = fake.tokenRequests()[0]!;
    expect(exchange.bodyFormat).toBe('json');
    expect(exchange.params.get('expiring')).toBe('1');
    expect(tokens.scopes).toEqual(['read_orders', 'write_products']);
    const second = await client.refresh(rc, tokens.refreshToken!);
    // The answer "got lost": the previous refresh token still works until its replacement is used.
    const retry = await client.refresh(rc, tokens.refreshToken!);
    expect(retry.refreshToken).not.toBe(second.refreshToken);
    await client.refresh(rc, retry.refreshToken!);
    expect((await failure(client.refresh(rc, tokens.refreshToken!))).failure).toBe('consent_gone');

    const live = await client.refresh(rc, (await client.refresh(rc, (await connectThroughFake(def, fake)).tokens.refreshToken!)).refreshToken!);
    await client.revoke(rc, live.accessToken, 'access_token');
    const uninstall = fake.requestsTo('/admin/api_permissions/current.json').at(-1)!;
    expect(uninstall.method).toBe('DELETE');
    expect(uninstall.headers['x-shopify-access-token']).toBe(live.accessToken);
    expect(fake.isAccessTokenLive(live.accessToken)).toBe(false);
    expect((await failure(client.refresh(rc, live.refreshToken!))).failure).toBe('consent_gone');
  });

  it('Shopify: a legacy answer without expires_in is a non-expiring token (the 2027-01-01 deadline applies)', async () => {
    const legacy = new FakeServer().route('POST', '/admin/oauth/access_token', () => ({ status: 200, json: { access_token: 'shpat_legacy0123456789', scope: 'read_orders' } }));
    await legacy.start();
    try {
      const def = BUILTIN_CONNECTORS.shopify;
      const rc = resolveConnector({ connector: def, registration: registration(def, { endpointOverrides: overridesToFake(def, legacy.url) }), settings: SAMPLE_SETTINGS.shopify! });
      const tokens = await client.exchangeCode(rc, { code: 'legacy-code', codeVerifier: null, redirectUri: RELAY });
      expect(tokens).toMatchObject({ accessExpiresAt: null, refreshToken: null, scopes: ['read_orders'] });
      expect(def.consent.deadline).toMatchObject({ date: '2027-01-01', appliesWhen: 'non_expiring_token' });
    } finally {
      await legacy.close();
    }
  });

  it('Walmart: camelCase callback sellerId becomes WM_PARTNER.ID; WM_* headers on token and API calls', async () => {
    const fake = await started(startFakeWalmart);
    const { rc, tokens } = await connectThroughFake(BUILTIN_CONNECTORS.walmart, fake);
    expect(rc.callbackMetadata).toEqual({ sellerId: WALMART_SELLER_ID });
    const exchange = fake.tokenRequests()[0]!;
    expect(exchange.basic).toEqual({ id: fake.clientId, secret: fake.clientSecret });
    expect(exchange.headers['wm_partner.id']).toBe(WALMART_SELLER_ID);
    expect(exchange.headers['wm_svc.name']).toBe('Walmart Marketplace');
    expect(exchange.headers['wm_qos.correlation_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(exchange.headers.accept).toBe('application/json');
    const probe = await client.probe(rc, tokens.accessToken);
    expect(probe.scopes).toEqual(expect.arrayContaining(['item:full_access', 'inventory:full_access', 'price:full_access']));
    const second = await client.refresh(rc, tokens.refreshToken!);
    expect(fake.tokenRequests()[1]!.headers['wm_qos.correlation_id']).not.toBe(exchange.headers['wm_qos.correlation_id']);
    expect(second.refreshToken).toBeNull();
  });

  it('Allegro: parameters in the query of a POST with Basic; the echoed refresh token is redacted', async () => {
    const fake = await started(startFakeAllegro);
    const { rc, tokens } = await connectThroughFake(BUILTIN_CONNECTORS.allegro, fake);
    const exchange = fake.tokenRequests()[0]!;
    expect(exchange.method).toBe('POST');
    expect(exchange.url.searchParams.get('grant_type')).toBe('authorization_code');
    expect(exchange.bodyFormat).not.toBe('form');
    expect(exchange.basic?.id).toBe(fake.clientId);
    fake.revokeConsent();
    const err = await failure(client.refresh(rc, tokens.refreshToken!));
    expect(err.message).not.toContain(tokens.refreshToken!);
    expect(err.failure).toBe('consent_gone');
  });

  it('TikTok Shop: GET with app_key/app_secret/auth_code, authorized_code, envelope, timestamp expiries, signed probe', async () => {
    const fake = await started(startFakeTikTokShop);
    const { rc, tokens } = await connectThroughFake(BUILTIN_CONNECTORS['tiktok-shop'], fake);
    const exchange = fake.tokenRequests()[0]!;
    expect(exchange.method).toBe('GET');
    expect(Object.fromEntries(exchange.url.searchParams)).toMatchObject({ app_key: fake.clientId, app_secret: fake.clientSecret, grant_type: 'authorized_code' });
    expect(exchange.url.searchParams.get('auth_code')).toMatch(/^tiktok-shop-code-/);
    expect(tokens.extra).toMatchObject({ open_id: 'open-7f3a', seller_name: 'Acme Shop' });
    const days = (tokens.accessExpiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    expect(tokens.refreshExpiresAt!.getUTCFullYear()).toBe(2125);
    await client.refresh(rc, tokens.refreshToken!);
    expect(fake.tokenRequests()[1]!.path).toBe('/api/v2/token/refresh');
    const probe = await client.probe(rc, tokens.accessToken);
    expect(probe.ok).toBe(true);
    const signed = fake.requestsTo('/authorization/202309/shops').at(-1)!;
    expect(signed.url.searchParams.get('sign')).toMatch(/^[0-9a-f]{64}$/);
    expect(signed.headers['x-tts-access-token']).toBe(tokens.accessToken);
    fake.revokeConsent();
    const err = await failure(client.refresh(rc, tokens.refreshToken!));
    expect(err).toMatchObject({ failure: 'consent_gone', reason: 'invalid_grant', status: 400 });
    expect(err.message).not.toContain(fake.clientSecret);
  });

  it('Amazon Ads: ClientId header always, the profile Scope header once a profile is chosen', async () => {
    const fake = await started(startFakeAmazonAds);
    const def = BUILTIN_CONNECTORS['amazon-ads'];
    const { rc, tokens } = await connectThroughFake(def, fake, { region: 'eu' });
    expect(client.apiHeaders(rc, tokens.accessToken)).toMatchObject({ 'Amazon-Advertising-API-ClientId': fake.clientId, 'Amazon-Advertising-API-Scope': '3456789012' });
    const noProfile = resolveConnector({ ...rc, settings: {} });
    expect(client.apiHeaders(noProfile, tokens.accessToken)).not.toHaveProperty('Amazon-Advertising-API-Scope');
    expect((await client.probe(noProfile, tokens.accessToken)).ok).toBe(true);
  });
});
