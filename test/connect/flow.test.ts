// Whole consent attempts against node oidc-provider as the real authorization server: loopback
// with a real browser walk and a real code exchange (PKCE checked by the AS), a declined consent,
// a guessed state racing the genuine callback, mix-up between two attempts, timeouts and cancel.
import { describe, expect, it } from 'vitest';
import { browseToCallback } from '../support/browser';
import { startOidcServer } from '../support/oidc-server';
import type { OidcServer } from '../support/oidc-server';
import { createCodeVerifier, createConsentService, createState } from '../../main/oauth/protocol';
import type { ConsentFlow } from '../../main/oauth/protocol';
import { get, tryConnect } from '../oauth/protocol/raw-http';
import { auditRecorder, onCleanup, openTestVault, resolved, testConnector } from '../oauth/protocol/support';

async function authServer(): Promise<OidcServer> {
  const as = await startOidcServer();
  onCleanup(() => as.close());
  return as;
}

function setup(as: OidcServer, opts: { id?: string; loopbackPath?: string } = {}) {
  const tv = openTestVault();
  const audit = auditRecorder();
  const consent = createConsentService({ db: tv.vault.db, audit: audit.sink });
  const connector = testConnector({
    id: opts.id ?? 'oidc-market',
    name: 'OIDC Market',
    clientAuth: 'none',
    pkce: 'required',
    scopes: { base: ['orders.read'], listings: ['listings.read'] },
    redirect: { default: 'loopback', supported: ['loopback', 'relay', 'deeplink'], loopbackPath: opts.loopbackPath ?? '/oauth/callback' },
  });
  const rc = resolved(connector, {
    clientId: as.clients.public.clientId,
    redirectUri: as.clients.public.redirectUri,
    endpointOverrides: { authorize: as.endpoints.authorize, token: as.endpoints.token },
  });
  const begin = async (over: Partial<Parameters<typeof consent.begin>[0]> = {}): Promise<ConsentFlow> => {
    const flow = await consent.begin({ rc, tenantId: tv.tenantId, operator: 'maria', ...over });
    onCleanup(() => flow.cancel());
    return flow;
  };
  return { tv, audit, consent, rc, begin };
}

/** The token exchange a real client makes, straight to the AS (the token client is not under test). */
async function exchange(as: OidcServer, code: string, verifier: string, redirectUri: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(as.endpoints.token, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: as.clients.public.clientId, code_verifier: verifier }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('loopback consent with a real authorization server', () => {
  it('delivers a code the AS exchanges with the flow verifier and redirect URI', async () => {
    const as = await authServer();
    const { begin, tv, audit } = setup(as);
    const flow = await begin({ purposes: ['listings'] });
    expect(flow.strategy).toBe('loopback');
    expect(flow.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    const authorize = new URL(flow.authorizeUrl);
    expect(authorize.searchParams.get('redirect_uri')).toBe(flow.redirectUri);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toBe('orders.read listings.read');

    const waiting = flow.waitForCallback();
    const browser = await browseToCallback(flow.authorizeUrl, { stopAt: flow.redirectUri, deliver: true });
    expect(browser.delivery?.status).toBe(200);
    expect(browser.delivery?.headers.get('referrer-policy')).toBe('no-referrer');
    const result = await waiting;
    if (result.kind !== 'authorized') throw new Error(`expected authorized, got ${result.kind}`);
    expect(result.code).toBe(browser.callbackUrl.searchParams.get('code'));
    expect(result.redirectUri).toBe(flow.redirectUri);
    expect(result.session.id).toBe(flow.sessionId);
    expect(result.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const ok = await exchange(as, result.code, result.codeVerifier!, result.redirectUri);
    expect(ok.status).toBe(200);
    expect(typeof ok.body.access_token).toBe('string');
    flow.finish('connected');

    const { ConsentSessions } = await import('../../main/oauth/protocol');
    expect(new ConsentSessions({ db: tv.vault.db }).get(flow.sessionId)).toMatchObject({ outcome: 'connected' });
    // T3: the port is closed after the first valid hit, a pasted replay is refused, and the AS
    // refuses the code a second time.
    expect(await tryConnect(Number(new URL(flow.redirectUri).port))).toBe('ECONNREFUSED');
    expect(await flow.completeWithPasted(browser.callbackUrl.href)).toMatchObject({ kind: 'refused', reason: 'not_pending' });
    expect((await exchange(as, result.code, result.codeVerifier!, result.redirectUri)).body.error).toBe('invalid_grant');
    // Nothing secret reached the audit log.
    const logged = JSON.stringify(audit.events);
    expect(logged).not.toContain(result.code);
    expect(logged).not.toContain(result.codeVerifier!);
    expect(logged).not.toContain(authorize.searchParams.get('state')!);
  });

  it('binds the code to the verifier: the AS refuses another verifier (T14)', async () => {
    const as = await authServer();
    const { begin } = setup(as);
    const flow = await begin();
    const waiting = flow.waitForCallback();
    await browseToCallback(flow.authorizeUrl, { stopAt: flow.redirectUri, deliver: true });
    const result = await waiting;
    if (result.kind !== 'authorized') throw new Error(result.kind);
    expect((await exchange(as, result.code, createCodeVerifier(), result.redirectUri)).body.error).toBe('invalid_grant');
  });

  it('a guessed state from another local process gets 400 and the genuine callback still succeeds (T2, T11)', async () => {
    const as = await authServer();
    const { begin, audit } = setup(as);
    const flow = await begin();
    const port = Number(new URL(flow.redirectUri).port);
    const waiting = flow.waitForCallback();
    const { callbackUrl } = await browseToCallback(flow.authorizeUrl, { stopAt: flow.redirectUri });
    const guessed = createState();
    const attacker = await get(port, `/oauth/callback?code=attacker-code&state=${guessed}`);
    expect(attacker.statuses).toEqual([400]);
    // T12: the other rejection paths answer once each, and do not finish the flow.
    for (const q of ['?code=x', `?state=${callbackUrl.searchParams.get('state')}`, '?code=x&state=short', `?code=a&code=b&state=${guessed}`]) {
      expect((await get(port, `/oauth/callback${q}`)).statuses).toEqual([400]);
    }
    const genuine = await get(port, callbackUrl.pathname + callbackUrl.search);
    expect(genuine.statuses).toEqual([200]);
    expect((await waiting).kind).toBe('authorized');
    const refused = audit.events.filter((e) => e.action === 'consent.callback_refused').map((e) => e.detail.reason);
    expect(refused).toEqual(['state_mismatch', 'missing_state', 'missing_code', 'malformed_state', 'duplicate_param']);
    expect(JSON.stringify(audit.events)).not.toContain(guessed);
  });

  it('reports a declined consent plainly and records it (declined)', async () => {
    const as = await authServer();
    as.denyConsent(true);
    const { begin, audit, tv } = setup(as);
    const flow = await begin();
    const waiting = flow.waitForCallback();
    const browser = await browseToCallback(flow.authorizeUrl, { stopAt: flow.redirectUri, deliver: true });
    expect(browser.callbackUrl.searchParams.get('error')).toBe('access_denied');
    expect(browser.delivery?.status).toBe(200);
    expect(browser.delivery?.body).toMatch(/declined/);
    const result = await waiting;
    expect(result).toMatchObject({ kind: 'declined', message: expect.stringMatching(/declined, so nothing was connected/) as unknown });
    const row = tv.vault.db.prepare<[string], { outcome: string }>('SELECT outcome FROM consent_sessions WHERE id = ?').get(flow.sessionId);
    expect(row?.outcome).toBe('declined');
    expect(audit.events.some((e) => e.action === 'consent.declined' && e.outcome === 'declined')).toBe(true);
  });

  it('accepts the issuer the AS sends when it is the expected one, and refuses a mix-up (RFC 9207)', async () => {
    const as = await authServer();
    const { begin } = setup(as);
    const wrong = await begin({ expectedIssuer: 'https://other-market.example' });
    const { callbackUrl } = await browseToCallback(wrong.authorizeUrl, { stopAt: wrong.redirectUri });
    // oidc-provider sends iss (RFC 9207 is on by default); without it this test would prove nothing.
    expect(callbackUrl.searchParams.get('iss')).toBe(as.issuer);
    const port = Number(new URL(wrong.redirectUri).port);
    expect((await get(port, callbackUrl.pathname + callbackUrl.search)).statuses).toEqual([400]);
    const right = await begin({ expectedIssuer: as.issuer });
    const waiting = right.waitForCallback();
    await browseToCallback(right.authorizeUrl, { stopAt: right.redirectUri, deliver: true });
    expect((await waiting).kind).toBe('authorized');
  });
});

describe('two attempts at once (T5 mix-up)', () => {
  it('refuses A\'s callback delivered to B\'s receiver and lets both finish with their own', async () => {
    const as = await authServer();
    const a = setup(as, { id: 'market-a', loopbackPath: '/oauth/callback' });
    const flowA = await a.begin();
    const flowB = await a.consent.begin({ rc: resolved(testConnector({ id: 'market-b', clientAuth: 'none', scopes: { base: ['orders.read'] } }), {
      clientId: as.clients.public.clientId,
      redirectUri: as.clients.public.redirectUri,
      endpointOverrides: { authorize: as.endpoints.authorize, token: as.endpoints.token },
    }), tenantId: a.tv.otherTenantId, operator: 'maria' });
    onCleanup(() => flowB.cancel());
    const waitA = flowA.waitForCallback();
    const waitB = flowB.waitForCallback();
    const cbA = (await browseToCallback(flowA.authorizeUrl, { stopAt: flowA.redirectUri })).callbackUrl;
    const cbB = (await browseToCallback(flowB.authorizeUrl, { stopAt: flowB.redirectUri })).callbackUrl;
    const portB = Number(new URL(flowB.redirectUri).port);
    expect((await get(portB, cbA.pathname + cbA.search)).statuses).toEqual([400]);
    // Pasting A's loopback URL into B is refused too.
    expect(await flowB.completeWithPasted(cbA.href)).toMatchObject({ kind: 'refused', reason: 'state_mismatch' });
    expect((await get(Number(new URL(flowA.redirectUri).port), cbA.pathname + cbA.search)).statuses).toEqual([200]);
    expect((await get(portB, cbB.pathname + cbB.search)).statuses).toEqual([200]);
    const [ra, rb] = await Promise.all([waitA, waitB]);
    expect(ra.kind === 'authorized' && ra.session.connectorId).toBe('market-a');
    expect(rb.kind === 'authorized' && rb.session.connectorId).toBe('market-b');
  });
});

describe('endings without a callback', () => {
  it('times out, closes the port and records the session as expired', async () => {
    const as = await authServer();
    const { begin, tv } = setup(as);
    const flow = await begin({ loopbackTimeoutMs: 150 });
    const result = await flow.waitForCallback();
    expect(result.kind).toBe('timeout');
    expect(await tryConnect(Number(new URL(flow.redirectUri).port))).toBe('ECONNREFUSED');
    const row = tv.vault.db.prepare<[string], { outcome: string }>('SELECT outcome FROM consent_sessions WHERE id = ?').get(flow.sessionId);
    expect(row?.outcome).toBe('expired');
  });

  it('honours the timeout given to waitForCallback', async () => {
    const as = await authServer();
    const { begin } = setup(as);
    const flow = await begin();
    const started = Date.now();
    expect((await flow.waitForCallback({ timeoutMs: 100 })).kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('cancel closes the port and fails the session; waitForCallback is loopback-only', async () => {
    const as = await authServer();
    const { begin, tv } = setup(as);
    const flow = await begin();
    const waiting = flow.waitForCallback();
    await flow.cancel();
    expect((await waiting).kind).toBe('cancelled');
    expect(await tryConnect(Number(new URL(flow.redirectUri).port))).toBe('ECONNREFUSED');
    const row = tv.vault.db.prepare<[string], { outcome: string }>('SELECT outcome FROM consent_sessions WHERE id = ?').get(flow.sessionId);
    expect(row?.outcome).toBe('failed');
    const relay = await begin({ strategy: 'relay', redirectUri: 'https://agency.example/relay' });
    await expect(relay.waitForCallback()).rejects.toThrow(/loopback/);
  });

  it('does not open a port when the session cannot start', async () => {
    const as = await authServer();
    const { begin } = setup(as);
    await expect(begin({ tenantId: 'ten_nope' })).rejects.toThrow(/no tenant/);
  });
});
