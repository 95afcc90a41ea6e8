// The demo marketplace over real HTTP on 127.0.0.1: the consent page, approve/decline, redirect
// checks, PKCE, refresh rotation with reuse detection, RFC 7009 revocation, the bearer probe,
// short access tokens, and the revoke-all / outage knobs.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoMarketplace } from '../../connectors/demo/server';
import type { DemoMarketplace, DemoMarketplaceOptions } from '../../connectors/demo/server';

const REDIRECT = 'http://127.0.0.1:51234/oauth/callback';

let demo: DemoMarketplace;
let clock = Date.now();

async function start(opts: DemoMarketplaceOptions = {}): Promise<void> {
  await demo?.close();
  clock = Date.now();
  demo = await startDemoMarketplace({ now: () => clock, ...opts });
}

beforeEach(() => start());
afterEach(() => demo.close());

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(params: Record<string, string | null>): string {
  const url = new URL('/oauth/authorize', demo.url);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return url.href;
}

async function openConsent(over: Record<string, string | null> = {}): Promise<{ res: Response; html: string; requestId: string | null; verifier: string }> {
  const { verifier, challenge } = pkce();
  const res = await fetch(
    authorizeUrl({ response_type: 'code', client_id: 'demo', redirect_uri: REDIRECT, state: 'st-123', code_challenge: challenge, code_challenge_method: 'S256', scope: 'profile reports.read', ...over }),
    { redirect: 'manual' },
  );
  const html = await res.text();
  return { res, html, requestId: /name="request" value="([^"]+)"/.exec(html)?.[1] ?? null, verifier };
}

async function decide(requestId: string, decision: 'approve' | 'decline'): Promise<Response> {
  return fetch(`${demo.url}/oauth/authorize/decision`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: requestId, decision }),
  });
}

async function post(path: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${demo.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(params) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

async function connect(): Promise<{ access: string; refresh: string }> {
  const consent = await openConsent();
  const location = new URL((await decide(consent.requestId!, 'approve')).headers.get('location')!);
  const t = await post('/oauth/token', { grant_type: 'authorization_code', code: location.searchParams.get('code')!, redirect_uri: REDIRECT, client_id: 'demo', code_verifier: consent.verifier });
  expect(t.status).toBe(200);
  return { access: t.json.access_token as string, refresh: t.json.refresh_token as string };
}

const me = (token: string) => fetch(`${demo.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
const refresh = (rt: string) => post('/oauth/token', { grant_type: 'refresh_token', refresh_token: rt, client_id: 'demo' });

describe('demo marketplace consent page', () => {
  it('shows Approve and Decline as plain HTML with no script or external resource', async () => {
    const { res, html, requestId } = await openConsent();
    expect(res.status).toBe(200);
    expect(requestId).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(html).toContain('value="approve"');
    expect(html).toContain('value="decline"');
    expect(html).toContain('reports.read');
    expect(html).not.toMatch(/<script|javascript:|\son[a-z]+=/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain('http://127.0.0.1:51234');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const css = await fetch(`${demo.url}/demo.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
  });

  it('approve redirects to the redirect_uri with code, state and issuer', async () => {
    const { requestId } = await openConsent();
    const res = await decide(requestId!, 'approve');
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('code')).toMatch(/^demo_code_/);
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(location.searchParams.get('iss')).toBe(demo.url);
  });

  it('decline redirects with error=access_denied and the state, and no code', async () => {
    const { requestId } = await openConsent();
    const location = new URL((await decide(requestId!, 'decline')).headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st-123');
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('answers each request once: a replayed decision is refused', async () => {
    const { requestId } = await openConsent();
    expect((await decide(requestId!, 'approve')).status).toBe(303);
    const again = await decide(requestId!, 'approve');
    expect(again.status).toBe(400);
    expect(again.headers.get('location')).toBeNull();
  });

  it('refuses an unknown client or a foreign redirect_uri with a page, never a redirect', async () => {
    const unknown = await openConsent({ client_id: 'someone-else' });
    expect(unknown.res.status).toBe(400);
    expect(unknown.res.headers.get('location')).toBeNull();
    expect(unknown.html).toContain('--client-id demo');
    for (const redirect of ['https://evil.example/cb', 'http://192.168.1.5:8080/cb', 'fivex-connect://oauth/other', 'http://127.0.0.1:5/cb#frag']) {
      const r = await openConsent({ redirect_uri: redirect });
      expect(r.res.status, redirect).toBe(400);
      expect(r.res.headers.get('location'), redirect).toBeNull();
    }
  });

  it('accepts loopback, the app deep link, and a configured relay page', async () => {
    for (const ok of ['http://[::1]:7000/cb', 'http://localhost:7000/x', 'fivex-connect://oauth/callback']) {
      expect((await openConsent({ redirect_uri: ok })).res.status, ok).toBe(200);
    }
    expect((await openConsent({ redirect_uri: 'https://relay.example/fivex/callback' })).res.status).toBe(400);
    await start({ relayRedirectUris: ['https://relay.example/fivex/callback'] });
    expect((await openConsent({ redirect_uri: 'https://relay.example/fivex/callback' })).res.status).toBe(200);
  });

  it('sends a deep-link approval to fivex-connect://oauth/callback', async () => {
    const { requestId } = await openConsent({ redirect_uri: 'fivex-connect://oauth/callback' });
    const location = (await decide(requestId!, 'approve')).headers.get('location')!;
    expect(location).toMatch(/^fivex-connect:\/\/oauth\/callback\?code=demo_code_[^&]+&state=st-123&iss=/);
  });

  it('requires PKCE S256, and says so on the redirect', async () => {
    const overrides: Array<Record<string, string | null>> = [{ code_challenge: null }, { code_challenge_method: 'plain' }];
    for (const over of overrides) {
      const { res } = await openConsent(over);
      expect(res.status).toBe(303);
      const location = new URL(res.headers.get('location')!);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('error_description')).toContain('S256');
    }
  });

  it('refuses a parameter sent twice', async () => {
    const res = await fetch(`${authorizeUrl({ client_id: 'demo' })}&client_id=demo`);
    expect(res.status).toBe(400);
  });
});

describe('demo marketplace tokens', () => {
  it('exchanges a code once, with the right verifier and redirect_uri only', async () => {
    const consent = await openConsent();
    const code = new URL((await decide(consent.requestId!, 'approve')).headers.get('location')!).searchParams.get('code')!;
    const wrong = await post('/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'demo', code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toBe('invalid_grant');
    // The failed attempt used the code up.
    const after = await post('/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'demo', code_verifier: consent.verifier });
    expect(after.json.error).toBe('invalid_grant');

    const c2 = await openConsent();
    const code2 = new URL((await decide(c2.requestId!, 'approve')).headers.get('location')!).searchParams.get('code')!;
    const badRedirect = await post('/oauth/token', { grant_type: 'authorization_code', code: code2, redirect_uri: 'http://127.0.0.1:1/x', client_id: 'demo', code_verifier: c2.verifier });
    expect(badRedirect.json.error).toBe('invalid_grant');
  });

  it('revokes the tokens of a code that is replayed', async () => {
    const consent = await openConsent();
    const code = new URL((await decide(consent.requestId!, 'approve')).headers.get('location')!).searchParams.get('code')!;
    const params = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'demo', code_verifier: consent.verifier };
    const first = await post('/oauth/token', params);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ token_type: 'Bearer', expires_in: 120, scope: 'profile reports.read' });
    expect((await post('/oauth/token', params)).json.error).toBe('invalid_grant');
    expect((await me(first.json.access_token as string)).status).toBe(401);
  });

  it('rotates refresh tokens and kills the family when an old one comes back', async () => {
    const t1 = await connect();
    const r2 = await refresh(t1.refresh);
    expect(r2.status).toBe(200);
    const rt2 = r2.json.refresh_token as string;
    expect(rt2).not.toBe(t1.refresh);
    const replay = await refresh(t1.refresh);
    expect(replay.status).toBe(400);
    expect(replay.json).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('reuse detected') as string });
    // The legitimate holder's newer tokens die too.
    expect((await refresh(rt2)).json.error).toBe('invalid_grant');
    expect((await me(r2.json.access_token as string)).status).toBe(401);
  });

  it('protects /api/me with the bearer token and expires access tokens after the configured lifetime', async () => {
    const t = await connect();
    const ok = await me(t.access);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: 'demo-seller-1', scopes: ['profile', 'reports.read'] });
    const none = await fetch(`${demo.url}/api/me`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="demo"');
    clock += 121_000;
    const expired = await me(t.access);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
    // The refresh token outlives the access token: that is what makes refresh visible.
    expect((await refresh(t.refresh)).status).toBe(200);
  });

  it('takes a shorter access lifetime from the options', async () => {
    await start({ accessTtlSeconds: 5 });
    const t = await connect();
    expect((await refresh(t.refresh)).json.expires_in).toBe(5);
  });

  it('revokes per RFC 7009: a refresh token takes its grant along, unknown tokens are fine', async () => {
    const t = await connect();
    const res = await post('/oauth/revoke', { token: t.refresh, token_type_hint: 'refresh_token', client_id: 'demo' });
    expect(res.status).toBe(200);
    expect((await me(t.access)).status).toBe(401);
    expect((await refresh(t.refresh)).json.error).toBe('invalid_grant');
    expect((await post('/oauth/revoke', { token: 'never-issued', client_id: 'demo' })).status).toBe(200);
    expect((await post('/oauth/revoke', { client_id: 'demo' })).json.error).toBe('invalid_request');

    const t2 = await connect();
    expect((await post('/oauth/revoke', { token: t2.access, token_type_hint: 'access_token', client_id: 'demo' })).status).toBe(200);
    expect((await me(t2.access)).status).toBe(401);
    expect((await refresh(t2.refresh)).status).toBe(200);
  });

  it('rejects unknown clients and wrong grant types', async () => {
    const t = await connect();
    const other = await post('/oauth/token', { grant_type: 'refresh_token', refresh_token: t.refresh, client_id: 'intruder' });
    expect(other.status).toBe(401);
    expect(other.json.error).toBe('invalid_client');
    expect((await post('/oauth/token', { grant_type: 'password', client_id: 'demo' })).json.error).toBe('unsupported_grant_type');
    const json = await fetch(`${demo.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
  });

  it('requires the client secret when one is configured, by Basic or in the body', async () => {
    await start({ clientSecret: 's3cret-value' });
    const t = await connect().catch(() => null);
    expect(t).toBeNull(); // connect() sends no secret
    const consent = await openConsent();
    const code = new URL((await decide(consent.requestId!, 'approve')).headers.get('location')!).searchParams.get('code')!;
    const basic = `Basic ${Buffer.from('demo:s3cret-value').toString('base64')}`;
    const ok = await post('/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: consent.verifier }, { authorization: basic });
    expect(ok.status).toBe(200);
    const viaBody = await post('/oauth/token', { grant_type: 'refresh_token', refresh_token: ok.json.refresh_token as string, client_id: 'demo', client_secret: 's3cret-value' });
    expect(viaBody.status).toBe(200);
    const wrong = await post('/oauth/token', { grant_type: 'refresh_token', refresh_token: viaBody.json.refresh_token as string }, { authorization: `Basic ${Buffer.from('demo:nope').toString('base64')}` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Basic');
  });
});

describe('demo marketplace knobs', () => {
  it('revoke-all makes the next refresh fail with invalid_grant', async () => {
    const t = await connect();
    const res = await post('/demo/revoke-all', {});
    expect(res.json.revoked).toBe(1);
    expect((await refresh(t.refresh)).json.error).toBe('invalid_grant');
    expect((await me(t.access)).status).toBe(401);
  });

  it('outage answers 503 with Retry-After until it ends, then everything works again', async () => {
    const t = await connect();
    expect((await post('/demo/outage?seconds=30', {})).status).toBe(200);
    const down = await refresh(t.refresh);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('30');
    expect(down.json.error).toBe('temporarily_unavailable');
    expect((await me(t.access)).status).toBe(503);
    expect((await fetch(authorizeUrl({ client_id: 'demo' }))).status).toBe(503);
    clock += 10_000;
    expect((await refresh(t.refresh)).headers.get('retry-after')).toBe('20');
    clock += 21_000;
    expect((await refresh(t.refresh)).status).toBe(200);
    await post('/demo/outage?seconds=60', {});
    await post('/demo/outage?seconds=0', {});
    expect((await me(t.access)).status).not.toBe(503);
  });

  it('refuses a bad outage length with a message saying what to send', async () => {
    const res = await post('/demo/outage?seconds=soon', {});
    expect(res.status).toBe(400);
    expect(res.json.error_description).toContain('whole number');
    expect((await fetch(`${demo.url}/demo/revoke-all`)).status).toBe(405);
  });

  it('self-authorize hands out a refresh token that works for import', async () => {
    const res = await post('/demo/self-authorize?scope=profile', {});
    const rt = res.json.refresh_token as string;
    expect(rt).toMatch(/^demo_rt_/);
    const t = await refresh(rt);
    expect(t.status).toBe(200);
    expect((await me(t.json.access_token as string)).status).toBe(200);
  });

  it('serves a landing page with the one app set command', async () => {
    const html = await (await fetch(demo.url)).text();
    expect(html).toContain(`fivex-connect app set demo --client-id demo --param baseUrl=${demo.url}`);
  });

  it('listens on 127.0.0.1 on an ephemeral port by default', () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.url).not.toBe('http://127.0.0.1:0');
    expect(demo.clientId).toBe('demo');
  });
});
