// The built-in connector definitions (connectors/*) through the token client, with their
// endpoints overridden to a local fake: proves the §4 quirks are handled from each connector's
// data alone (TikTok Shop, Walmart, eBay, Allegro, Etsy), not from per-marketplace code here.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_CONNECTORS } from '../../../connectors/registry';
import type { ConnectorDefinition } from '../../../connectors/types';
import { createTokenClient } from '../../../main/oauth/token-client';
import { TokenEndpointError } from '../../../main/oauth/token-types';
import { bodyParams, startFakeMarketplace, type FakeMarketplace } from './fake-marketplace';
import { resolved, testRegistration } from './fixtures';

let fake: FakeMarketplace;
const NOW = Date.parse('2026-11-27T12:00:00Z');
const client = createTokenClient({ now: () => NOW });

beforeAll(async () => {
  fake = await startFakeMarketplace();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

function at(connector: ConnectorDefinition, opts: { clientId?: string; params?: Record<string, string>; callbackMetadata?: Record<string, string> } = {}) {
  const endpointOverrides = { token: fake.url('/token'), refresh: fake.url('/token/refresh'), revoke: fake.url('/revoke'), probe: fake.url('/probe'), api: fake.url('/api') };
  const registration = testRegistration({ connectorId: connector.id, clientId: opts.clientId ?? 'client-1', endpointOverrides, params: opts.params ?? {} });
  return resolved(connector, registration, { callbackMetadata: opts.callbackMetadata ?? {} });
}

describe('TikTok Shop', () => {
  const tiktok = BUILTIN_CONNECTORS['tiktok-shop'];

  it('exchanges a code over GET with renamed parameters, unwraps the envelope, reads timestamp expiries', async () => {
    fake.reply(() => ({
      body: { code: 0, message: 'success', data: { access_token: 'TTS-AT', access_token_expire_in: NOW / 1000 + 604_800, refresh_token: 'TTS-RT', refresh_token_expire_in: 4_900_000_000, open_id: 'o-1', seller_name: 'Shop' } },
    }));
    const tokens = await client.exchangeCode(at(tiktok, { params: { serviceId: '7' } }), { code: 'AUTH-CODE-1', codeVerifier: null, redirectUri: 'https://relay.example/cb' });
    const req = fake.requests[0]!;
    expect(req.method).toBe('GET');
    expect(Object.fromEntries(req.url.searchParams)).toMatchObject({ app_key: 'client-1', app_secret: 'SECRET-client-1-xyz', auth_code: 'AUTH-CODE-1', grant_type: 'authorized_code' });
    expect(tokens).toMatchObject({ accessToken: 'TTS-AT', refreshToken: 'TTS-RT', tokenType: 'bearer', extra: { open_id: 'o-1', seller_name: 'Shop' } });
    expect(tokens.accessExpiresAt).toEqual(new Date(NOW + 604_800_000));
    expect(tokens.refreshExpiresAt).toEqual(new Date(4_900_000_000_000));
  });

  it('refreshes at its own endpoint; an HTTP-200 envelope error about the refresh token is consent_gone', async () => {
    fake.reply(() => ({ status: 200, body: { code: 105002, message: 'invalid refresh_token', data: null } }));
    const err = await client.refresh(at(tiktok, { params: { serviceId: '7' } }), 'TTS-RT-OLD').catch((e: unknown) => e);
    expect(fake.requests[0]!.url.pathname).toBe('/token/refresh');
    expect(fake.requests[0]!.url.searchParams.get('grant_type')).toBe('refresh_token');
    expect(err).toBeInstanceOf(TokenEndpointError);
    expect(err).toMatchObject({ failure: 'consent_gone', reason: 'invalid_grant', oauthError: '105002' });
    expect((err as Error).message).not.toContain('SECRET-client-1-xyz');
  });

  it('signs the probe (API path) but not the token calls', async () => {
    fake.reply(() => ({ body: { code: 0, data: { shops: [] } } }));
    const result = await client.probe(at(tiktok, { params: { serviceId: '7' } }), 'TTS-AT');
    expect(result.ok).toBe(true);
    const req = fake.requests[0]!;
    expect(req.headers['x-tts-access-token']).toBe('TTS-AT');
    expect(req.url.searchParams.get('sign')).toMatch(/^[0-9a-f]{64}$/);
    expect(req.url.searchParams.get('timestamp')).toBe(String(NOW / 1000));
  });
});

describe('Walmart', () => {
  it('Basic auth and the WM_* headers with the seller id from the callback', async () => {
    fake.reply(() => ({ body: { access_token: 'WM-AT', token_type: 'Bearer', expires_in: 900, refresh_token: 'WM-RT' } }));
    const rc = at(BUILTIN_CONNECTORS.walmart, { params: { clientType: 'seller' }, callbackMetadata: { sellerId: '10001' } });
    const tokens = await client.exchangeCode(rc, { code: 'WM-CODE', codeVerifier: null, redirectUri: 'https://relay.example/cb' });
    const req = fake.requests[0]!;
    expect(req.headers['wm_partner.id']).toBe('10001');
    expect(req.headers['wm_qos.correlation_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(req.headers.accept).toBe('application/json');
    expect(req.headers.authorization).toMatch(/^Basic /);
    expect(tokens.refreshExpiresAt).toEqual(new Date(NOW + 365 * 86_400_000));
  });
});

describe('eBay', () => {
  it('sends Basic credentials as they are (dashes included) and takes "User Access Token" as bearer', async () => {
    fake.reply(() => ({ body: { access_token: 'v^1.1#AT', token_type: 'User Access Token', expires_in: 7200, refresh_token_expires_in: 47_304_000 } }));
    const ebayId = 'MyAgency-FiveX-PRD-1a2b3c4d5-6e7f8a9b';
    const tokens = await client.refresh(at(BUILTIN_CONNECTORS.ebay, { clientId: ebayId }), 'v^1.1#RT');
    expect(fake.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${ebayId}:SECRET-client-1-xyz`).toString('base64')}`);
    expect(tokens).toMatchObject({ accessToken: 'v^1.1#AT', tokenType: 'bearer', refreshToken: null });
    expect(tokens.refreshExpiresAt).toEqual(new Date(NOW + 47_304_000_000));
  });
});

describe('Allegro', () => {
  it('posts with the parameters in the query string', async () => {
    fake.reply(() => ({ headers: { 'content-type': 'application/vnd.allegro.public.v1+json' }, body: { access_token: 'AL-AT', token_type: 'bearer', expires_in: 43199, refresh_token: 'AL-RT2', jti: 'j-1' } }));
    const tokens = await client.refresh(at(BUILTIN_CONNECTORS.allegro), 'AL-RT1');
    const req = fake.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url.searchParams.get('refresh_token')).toBe('AL-RT1');
    expect(tokens).toMatchObject({ refreshToken: 'AL-RT2', extra: { jti: 'j-1' } });
  });
});

describe('Etsy', () => {
  it('public client with PKCE at the token endpoint; the probe carries x-api-key', async () => {
    fake.reply(() => ({ body: { access_token: '123.AT', token_type: 'Bearer', expires_in: 3600, refresh_token: '123.RT' } }));
    const rc = at(BUILTIN_CONNECTORS.etsy);
    await client.exchangeCode(rc, { code: 'E-CODE', codeVerifier: 'v'.repeat(43), redirectUri: 'https://relay.example/cb' });
    expect(bodyParams(fake.requests[0]!)).toMatchObject({ client_id: 'client-1', code_verifier: 'v'.repeat(43) });
    expect(fake.requests[0]!.headers.authorization).toBeUndefined();
    await client.probe(rc, '123.AT');
    expect(fake.requests[1]!.headers['x-api-key']).toBe('client-1:SECRET-client-1-xyz');
    expect(client.apiHeaders(rc, '123.AT')).not.toHaveProperty('x-api-key');
  });
});
