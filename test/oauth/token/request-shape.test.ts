// How token requests leave the machine for each connector shape, checked on the wire of a local
// fake marketplace: client auth (basic / post / query / none), GET and query-string parameters,
// renamed grant types and parameters, JSON bodies, extra headers, signing, separate endpoints.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorDefinition, HookContext, HttpRequestSpec } from '../../../connectors/types';
import { createTokenClient } from '../../../main/oauth/token-client';
import { bodyParams, startFakeMarketplace, type FakeMarketplace } from './fake-marketplace';
import { resolved, testConnector, testRegistration, type ConnectorOverrides } from './fixtures';

let fake: FakeMarketplace;
const client = createTokenClient({ userAgent: 'FiveX-Test/1.0' });
const SECRET = 'SECRET-client-1-xyz';

beforeAll(async () => {
  fake = await startFakeMarketplace();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
  fake.reply(() => ({ body: { access_token: 'at-1', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt-2' } }));
});

function connector(overrides: ConnectorOverrides = {}): ConnectorDefinition {
  return testConnector({ endpoints: { token: fake.url('/oauth/token'), revoke: fake.url('/oauth/revoke') }, ...overrides });
}

const exchange = (c: ConnectorDefinition, extra: Parameters<typeof resolved>[2] = {}, params: Record<string, string> = {}) =>
  client.exchangeCode(resolved(c, testRegistration({ params }), extra), { code: 'code-123', codeVerifier: 'v'.repeat(43), redirectUri: 'http://127.0.0.1:5555/cb' });

describe('client authentication on the wire', () => {
  it('basic: credentials in the Authorization header only', async () => {
    await exchange(connector({ clientAuth: 'basic' }));
    const req = fake.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`client-1:${SECRET}`).toString('base64')}`);
    const body = bodyParams(req);
    expect(body).toMatchObject({ grant_type: 'authorization_code', code: 'code-123', redirect_uri: 'http://127.0.0.1:5555/cb', code_verifier: 'v'.repeat(43) });
    expect(body.client_secret).toBeUndefined();
    expect(req.url.search).toBe('');
  });

  it('post: client_id and client_secret in the body, no Authorization header', async () => {
    await exchange(connector({ clientAuth: 'post' }));
    const req = fake.requests[0]!;
    expect(req.headers.authorization).toBeUndefined();
    expect(bodyParams(req)).toMatchObject({ client_id: 'client-1', client_secret: SECRET });
  });

  it('query: credentials in the query string, the rest in the body', async () => {
    await exchange(connector({ clientAuth: 'query' }));
    const req = fake.requests[0]!;
    expect(req.url.searchParams.get('client_id')).toBe('client-1');
    expect(req.url.searchParams.get('client_secret')).toBe(SECRET);
    const body = bodyParams(req);
    expect(body.client_secret).toBeUndefined();
    expect(body.code).toBe('code-123');
  });

  it('none: only client_id in the body (public client with PKCE)', async () => {
    await client.exchangeCode(resolved(connector({ clientAuth: 'none' }), testRegistration({ clientSecret: null })), {
      code: 'code-123',
      codeVerifier: 'v'.repeat(43),
      redirectUri: 'http://127.0.0.1:5555/cb',
    });
    const req = fake.requests[0]!;
    expect(req.headers.authorization).toBeUndefined();
    const body = bodyParams(req);
    expect(body.client_id).toBe('client-1');
    expect(body.client_secret).toBeUndefined();
  });

  it('no code_verifier when the connector uses no PKCE', async () => {
    await client.exchangeCode(resolved(connector({ pkce: 'none' })), { code: 'code-123', codeVerifier: null, redirectUri: 'http://127.0.0.1:5555/cb' });
    expect(bodyParams(fake.requests[0]!).code_verifier).toBeUndefined();
  });
});

describe('request shapes', () => {
  it('GET with everything in the query, renamed grant type and parameters (TikTok Shop)', async () => {
    const tiktok = connector({
      clientAuth: 'query',
      tokenRequest: {
        method: 'GET',
        bodyFormat: 'query',
        grantTypeNames: { authorization_code: 'authorized_code' },
        paramNames: { code: 'auth_code', client_id: 'app_key', client_secret: 'app_secret' },
      },
      pkce: 'none',
    });
    await client.exchangeCode(resolved(tiktok), { code: 'code-123', codeVerifier: null, redirectUri: 'http://127.0.0.1:5555/cb' });
    const req = fake.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.body).toBe('');
    expect(req.headers['content-type']).toBeUndefined();
    expect(Object.fromEntries(req.url.searchParams)).toMatchObject({ grant_type: 'authorized_code', auth_code: 'code-123', app_key: 'client-1', app_secret: SECRET });
    expect(req.url.searchParams.has('code')).toBe(false);
    expect(req.url.searchParams.has('client_id')).toBe(false);
  });

  it('POST with parameters in the query string (Allegro-style bodyFormat query)', async () => {
    await exchange(connector({ tokenRequest: { method: 'POST', bodyFormat: 'query' } }));
    const req = fake.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.body).toBe('');
    expect(req.url.searchParams.get('grant_type')).toBe('authorization_code');
    expect(req.url.searchParams.get('code')).toBe('code-123');
  });

  it('JSON body with the JSON content type (Shopify/Etsy accept it)', async () => {
    await exchange(connector({ clientAuth: 'post', tokenRequest: { method: 'POST', bodyFormat: 'json' } }));
    const req = fake.requests[0]!;
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toMatchObject({ grant_type: 'authorization_code', code: 'code-123', client_id: 'client-1', client_secret: SECRET });
  });

  it('extra parameters and header templates: {param}, {callback.x}, {uuid}', async () => {
    const walmart = connector({
      tokenRequest: {
        method: 'POST',
        bodyFormat: 'form',
        extraParams: { expiring: '1', app: '{applicationId}' },
        headers: { 'WM_PARTNER.ID': '{callback.sellerId}', 'WM_SVC.NAME': '{svcName}', 'WM_QOS.CORRELATION_ID': '{uuid}' },
      },
    });
    await exchange(walmart, { callbackMetadata: { sellerId: 'seller-42' } }, { svcName: 'Walmart Marketplace', applicationId: 'app-9' });
    const req = fake.requests[0]!;
    expect(req.headers['wm_partner.id']).toBe('seller-42');
    expect(req.headers['wm_svc.name']).toBe('Walmart Marketplace');
    expect(req.headers['wm_qos.correlation_id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bodyParams(req)).toMatchObject({ expiring: '1', app: 'app-9' });
  });

  it('a header template without a value is a configuration error saying how to set it', async () => {
    const err = await exchange(connector({ tokenRequest: { method: 'POST', bodyFormat: 'form', headers: { 'X-Shop': '{shopId}' } } })).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'client_broken', reason: 'configuration' });
    expect((err as Error).message).toMatch(/--param shopId=/);
    expect(fake.requests).toHaveLength(0);
  });

  it('our User-Agent, not the library default', async () => {
    await exchange(connector());
    expect(fake.requests[0]!.headers['user-agent']).toBe('FiveX-Test/1.0');
  });

  it('the signing hook sees the final request and its changes go out', async () => {
    const seen: { spec?: HttpRequestSpec; ctx?: HookContext } = {};
    const signed = connector({
      clientAuth: 'query',
      tokenRequest: { method: 'GET', bodyFormat: 'query' },
      hooks: {
        signRequest: (spec, ctx) => {
          seen.spec = spec;
          seen.ctx = ctx;
          const url = new URL(spec.url);
          url.searchParams.set('timestamp', String(Math.floor(ctx.now() / 1000)));
          url.searchParams.set('sign', `signed-with-${ctx.clientSecret === SECRET ? 'secret' : 'nothing'}`);
          return { ...spec, url };
        },
      },
    });
    await exchange(signed);
    const req = fake.requests[0]!;
    expect(req.url.searchParams.get('sign')).toBe('signed-with-secret');
    expect(req.url.searchParams.get('timestamp')).toMatch(/^\d{10}$/);
    expect(seen.spec?.method).toBe('GET');
    expect(seen.spec?.url.searchParams.get('code')).toBe('code-123');
    expect(seen.ctx?.clientId).toBe('client-1');
  });

  it('refresh goes to a separate `refresh` endpoint when the connector has one', async () => {
    const c = connector({ endpoints: { token: fake.url('/token/get'), refresh: fake.url('/token/refresh') } });
    await client.refresh(resolved(c), 'rt-1');
    const req = fake.requests[0]!;
    expect(req.url.pathname).toBe('/token/refresh');
    expect(bodyParams(req)).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'rt-1' });
  });

  it('client credentials send the base scopes with the connector separator', async () => {
    const c = connector({ grant: 'client_credentials', scopes: { base: ['access_token_only'] } });
    await client.clientCredentials(resolved(c));
    expect(bodyParams(fake.requests[0]!)).toMatchObject({ grant_type: 'client_credentials', scope: 'access_token_only' });
  });

  it('refuses a plain-http token endpoint that is not loopback, before any request', async () => {
    const c = testConnector({ endpoints: { token: 'http://token.example.com/oauth/token' } });
    const err = await client.refresh(resolved(c), 'rt-1').catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'client_broken', reason: 'configuration' });
  });
});
