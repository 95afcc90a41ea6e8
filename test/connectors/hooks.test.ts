// The two code hooks, checked on their own: TikTok Shop's request signing against an independent
// implementation of the documented algorithm, and Shopify's uninstall against a fake shop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorHookError } from '../../connectors/hook-error';
import { shopifyHooks } from '../../connectors/shopify/hooks';
import { tiktokShopHooks, tiktokShopSignature } from '../../connectors/tiktok-shop/hooks';
import type { HookContext, HttpRequestSpec } from '../../connectors/types';
import { hookHttp } from '../../main/oauth/http';
import { gotTransport } from '../../main/oauth/http-transport';
import { FakeServer } from '../fakes/fake-marketplace';
import type { RecordedRequest } from '../fakes/fake-marketplace';
import { expectedTikTokSign } from '../fakes/tiktok-shop';

const NOW = Date.parse('2026-11-27T12:00:00Z');

function ctx(over: Partial<HookContext> = {}): HookContext {
  return { clientId: 'app-key-1', clientSecret: 'app-secret-1', params: {}, settings: {}, callbackMetadata: {}, now: () => NOW, ...over };
}

function asRecorded(spec: HttpRequestSpec): RecordedRequest {
  return { method: spec.method, path: spec.url.pathname, url: spec.url, headers: {}, body: spec.body ?? '', params: spec.url.searchParams, bodyFormat: 'json', basic: null };
}

describe('TikTok Shop signing hook', () => {
  const sign = tiktokShopHooks.signRequest!;

  it('adds app_key, a 10-digit timestamp and the documented HMAC-SHA256 sign', () => {
    const spec: HttpRequestSpec = {
      method: 'POST',
      url: new URL('https://open-api.tiktokglobalshop.com/product/202309/products/search?shop_cipher=GCP_X&page_size=20&access_token=never-signed'),
      headers: { 'content-type': 'application/json' },
      body: '{"status":"ACTIVATE"}',
    };
    const signed = sign(spec, ctx());
    expect(signed.url.searchParams.get('app_key')).toBe('app-key-1');
    expect(signed.url.searchParams.get('timestamp')).toBe(String(NOW / 1000));
    expect(signed.url.searchParams.get('sign')).toBe(expectedTikTokSign('app-secret-1', asRecorded(signed)));
    // The original request object is not modified.
    expect(spec.url.searchParams.has('sign')).toBe(false);
  });

  it('changes the signature when the path, a parameter or the body changes', () => {
    const base = tiktokShopSignature('s', '/a', new URLSearchParams({ x: '1' }), '');
    expect(tiktokShopSignature('s', '/b', new URLSearchParams({ x: '1' }), '')).not.toBe(base);
    expect(tiktokShopSignature('s', '/a', new URLSearchParams({ x: '2' }), '')).not.toBe(base);
    expect(tiktokShopSignature('s', '/a', new URLSearchParams({ x: '1' }), '{}')).not.toBe(base);
    expect(tiktokShopSignature('s', '/a', new URLSearchParams({ x: '1', sign: 'old', access_token: 't' }), '')).toBe(base);
  });

  it('leaves multipart bodies out of the signature', () => {
    const spec: HttpRequestSpec = { method: 'POST', url: new URL('https://open-api.tiktokglobalshop.com/product/202309/images/upload'), headers: { 'Content-Type': 'multipart/form-data; boundary=x' }, body: '--x\r\n...' };
    const signed = sign(spec, ctx());
    expect(signed.url.searchParams.get('sign')).toBe(tiktokShopSignature('app-secret-1', signed.url.pathname, signed.url.searchParams, ''));
  });

  it('does not sign token calls, whose secret already travels in the query', () => {
    const spec: HttpRequestSpec = { method: 'GET', url: new URL('https://auth.tiktok-shops.com/api/v2/token/refresh?app_key=k&app_secret=s&grant_type=refresh_token'), headers: {} };
    expect(sign(spec, ctx())).toBe(spec);
  });

  it('says how to fix a missing app secret, without signing', () => {
    const spec: HttpRequestSpec = { method: 'GET', url: new URL('https://open-api.tiktokglobalshop.com/authorization/202309/shops'), headers: {} };
    expect(() => sign(spec, ctx({ clientSecret: null }))).toThrow(/app set tiktok-shop --client-secret-env/);
  });
});

describe('Shopify uninstall hook', () => {
  const shop = new FakeServer();
  const status = { next: 200 };
  beforeAll(async () => {
    shop.route('DELETE', '/admin/api_permissions/current.json', () => ({ status: status.next, json: {}, headers: status.next === 429 ? { 'retry-after': '2' } : undefined }));
    await shop.start();
  });
  afterAll(() => shop.close());

  // The app's real HTTP client, as the token client hands it to hooks.
  const http = hookHttp({ transport: gotTransport({ timeoutMs: 5_000 }), timeoutMs: 5_000, userAgent: 'hooks-test' });
  const revoke = (over: Partial<HookContext> & { accessToken?: string | null } = {}) =>
    shopifyHooks.revoke!({ ...ctx({ endpoint: () => new URL(`${shop.url}/admin/api_permissions/current.json`), http, ...over }), refreshToken: null, accessToken: over.accessToken === undefined ? 'shpat_live' : over.accessToken });

  it('uninstalls with DELETE and the access token header', async () => {
    status.next = 200;
    await revoke();
    const req = shop.requests.at(-1)!;
    expect(req.method).toBe('DELETE');
    expect(req.headers['x-shopify-access-token']).toBe('shpat_live');
    expect(req.headers['user-agent']).toBe('hooks-test');
  });

  it('a lost answer is asked again (uninstalling is idempotent), and a 503 retried', async () => {
    status.next = 200;
    const before = shop.requestsTo('/admin/api_permissions/current.json').length;
    // A bare 503 (no Retry-After beyond the transport's 5 s patience) is asked again once.
    shop.failNext('/admin/api_permissions/current.json', { status: 503, json: { errors: 'maintenance' } });
    await revoke();
    expect(shop.requestsTo('/admin/api_permissions/current.json').length - before).toBe(2);
  });

  it('refuses to run without the HTTP client from its context (no global fetch behind its back)', async () => {
    await expect(revoke({ http: undefined })).rejects.toThrow(/no HTTP client/);
  });

  it('counts an already uninstalled app (401/404) as done', async () => {
    for (const s of [401, 404]) {
      status.next = s;
      await expect(revoke()).resolves.toBeUndefined();
    }
  });

  it('reports other answers with their status and Retry-After, never the token', async () => {
    status.next = 429;
    const err = (await revoke().catch((e: unknown) => e)) as ConnectorHookError;
    expect(err).toBeInstanceOf(ConnectorHookError);
    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBe(2000);
    expect(err.message).not.toContain('shpat_live');
  });

  it('needs an access token and a shop', async () => {
    await expect(revoke({ accessToken: null })).rejects.toThrow(/needs a current access token/);
    await expect(shopifyHooks.revoke!({ ...ctx(), refreshToken: 'rt', accessToken: 'at' })).rejects.toThrow(/no "shop" setting/);
  });

  it('reports an unreachable shop as not reached (status null)', async () => {
    const err = (await revoke({ endpoint: () => new URL('http://127.0.0.1:9/admin/api_permissions/current.json') }).catch((e: unknown) => e)) as ConnectorHookError;
    expect(err).toBeInstanceOf(ConnectorHookError);
    expect(err.status).toBeNull();
  });
});
