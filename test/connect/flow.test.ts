// Whole consent attempts against node oidc-provider as the real authorization server, through
// the one ConsentAttempt: loopback with a real browser walk and a real code exchange (PKCE checked
// by the AS), the port closed after the first valid hit, a guessed state racing the genuine
// callback, a declined consent, RFC 9207 mix-up, two attempts at once, the deadline and cancel.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentAttempt, PreparedConnect } from '../../main/connect';
import { callbackFromPaste, createState } from '../../main/oauth/protocol';
import { browseToCallback } from '../support/browser';
import { startOidcServer } from '../support/oidc-server';
import type { OidcServer } from '../support/oidc-server';
import { get, tryConnect } from '../oauth/protocol/raw-http';
import { createConnectKit, oidcConnector } from './support';
import type { ConnectKit } from './support';

let as: OidcServer;
let kit: ConnectKit;

beforeAll(async () => {
  as = await startOidcServer();
});
afterAll(async () => {
  await as.close();
});
afterEach(async () => {
  as.denyConsent(false);
  await kit.close();
});

function setup(): ConnectKit {
  kit = createConnectKit(as, oidcConnector(as, { scopes: { base: [as.scopes[0]!], listings: [as.scopes[1]!] } }));
  return kit;
}

function browser(prepared: PreparedConnect): Extract<PreparedConnect, { kind: 'browser' }> {
  if (prepared.kind !== 'browser') throw new Error(prepared.kind);
  return prepared;
}

function begin(k: ConnectKit, opts: Parameters<Extract<PreparedConnect, { kind: 'browser' }>['begin']>[0] = {}, tenantId?: string): Promise<ConsentAttempt> {
  return browser(k.connect.prepare(k.request(k.h.connectors.get('oidc-market')!, tenantId ? { tenantId } : {}))).begin(opts);
}

const portOf = (attempt: ConsentAttempt): number => Number(new URL(attempt.redirectUri).port);

describe('loopback consent with a real authorization server', () => {
  it('exchanges the code with the attempt\'s verifier and redirect URI, once, and closes the port', async () => {
    const k = setup();
    const attempt = await begin(k, { purposes: ['listings'] });
    expect(attempt.strategy).toBe('loopback');
    expect(attempt.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    const authorize = new URL(attempt.authorizeUrl);
    expect(authorize.searchParams.get('redirect_uri')).toBe(attempt.redirectUri);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toBe(`${as.scopes[0]!} ${as.scopes[1]!}`);

    const walked = await browseToCallback(attempt.authorizeUrl, { stopAt: attempt.redirectUri, deliver: true });
    expect(walked.delivery?.status).toBe(200);
    expect(walked.delivery?.headers.get('referrer-policy')).toBe('no-referrer');
    // The AS checked PKCE and the redirect URI on the exchange, or this would be failed invalid_grant.
    expect(await attempt.result).toMatchObject({ kind: 'connected', connection: { state: 'active' } });
    expect(k.sessions.get(attempt.sessionId)).toMatchObject({ outcome: 'connected' });

    // T3: the port is closed after the first valid hit; a pasted replay is refused.
    expect(await tryConnect(portOf(attempt))).toBe('ECONNREFUSED');
    expect(await attempt.accept(callbackFromPaste(walked.callbackUrl.href))).toMatchObject({ kind: 'refused', reason: 'not_pending' });
    // Nothing secret reached the audit log.
    const logged = JSON.stringify(k.consentAudits);
    expect(logged).not.toContain(walked.callbackUrl.searchParams.get('code')!);
    expect(logged).not.toContain(authorize.searchParams.get('state')!);
  });

  it('a guessed state from another local process gets 400 and the genuine callback still succeeds (T2, T11)', async () => {
    const k = setup();
    const attempt = await begin(k);
    const port = portOf(attempt);
    const { callbackUrl } = await browseToCallback(attempt.authorizeUrl, { stopAt: attempt.redirectUri });
    const guessed = createState();
    expect((await get(port, `/oauth/callback?code=attacker-code&state=${guessed}`)).statuses).toEqual([400]);
    // T12: the other rejection paths answer once each, and do not finish the attempt.
    for (const q of ['?code=x', `?state=${callbackUrl.searchParams.get('state')}`, '?code=x&state=short', `?code=a&code=b&state=${guessed}`]) {
      expect((await get(port, `/oauth/callback${q}`)).statuses).toEqual([400]);
    }
    expect((await get(port, callbackUrl.pathname + callbackUrl.search)).statuses).toEqual([200]);
    expect((await attempt.result).kind).toBe('connected');
    const refused = k.consentAudits.filter((e) => e.action === 'consent.callback_refused').map((e) => e.detail.reason);
    expect(refused).toEqual(['state_mismatch', 'missing_state', 'missing_code', 'malformed_state', 'duplicate_param']);
    expect(JSON.stringify(k.consentAudits)).not.toContain(guessed);
  });

  it('reports a declined consent plainly and records it as declined', async () => {
    const k = setup();
    as.denyConsent(true);
    const attempt = await begin(k);
    const walked = await browseToCallback(attempt.authorizeUrl, { stopAt: attempt.redirectUri, deliver: true });
    expect(walked.callbackUrl.searchParams.get('error')).toBe('access_denied');
    expect(walked.delivery?.status).toBe(200);
    expect(walked.delivery?.body).toMatch(/declined/);
    expect(await attempt.result).toMatchObject({ kind: 'failed', reason: 'access_denied', message: expect.stringMatching(/declined, so nothing was connected/) as unknown });
    expect(k.sessions.get(attempt.sessionId)?.outcome).toBe('declined');
    expect(k.consentAudits.filter((e) => e.action === 'consent.finished').map((e) => [e.outcome, e.detail.reason])).toEqual([['declined', 'access_denied']]);
  });

  it('accepts the issuer the AS sends when it is the expected one, and refuses a mix-up (RFC 9207)', async () => {
    const k = setup();
    const wrong = await begin(k, { expectedIssuer: 'https://other-market.example' });
    const { callbackUrl } = await browseToCallback(wrong.authorizeUrl, { stopAt: wrong.redirectUri });
    // oidc-provider sends iss (RFC 9207 is on by default); without it this test would prove nothing.
    expect(callbackUrl.searchParams.get('iss')).toBe(as.issuer);
    expect((await get(portOf(wrong), callbackUrl.pathname + callbackUrl.search)).statuses).toEqual([400]);
    const right = await begin(k, { expectedIssuer: as.issuer });
    await browseToCallback(right.authorizeUrl, { stopAt: right.redirectUri, deliver: true });
    expect((await right.result).kind).toBe('connected');
  });
});

describe('two attempts at once (T5 mix-up)', () => {
  it("refuses A's callback delivered to B's receiver and lets both finish with their own", async () => {
    const k = setup();
    const other = k.h.addTenant('Other Client');
    const a = await begin(k);
    const b = await begin(k, {}, other);
    const cbA = (await browseToCallback(a.authorizeUrl, { stopAt: a.redirectUri })).callbackUrl;
    const cbB = (await browseToCallback(b.authorizeUrl, { stopAt: b.redirectUri })).callbackUrl;
    expect((await get(portOf(b), cbA.pathname + cbA.search)).statuses).toEqual([400]);
    // Pasting A's loopback URL into B is refused too.
    expect(await b.accept(callbackFromPaste(cbA.href))).toMatchObject({ kind: 'refused', reason: 'state_mismatch' });
    expect((await get(portOf(a), cbA.pathname + cbA.search)).statuses).toEqual([200]);
    expect((await get(portOf(b), cbB.pathname + cbB.search)).statuses).toEqual([200]);
    const [ra, rb] = await Promise.all([a.result, b.result]);
    expect(ra.kind === 'connected' && ra.connection.tenantId).toBe(k.h.tenantId);
    expect(rb.kind === 'connected' && rb.connection.tenantId).toBe(other);
  });
});

describe('endings without a callback', () => {
  it('one deadline: it closes the port and records the session as expired', async () => {
    const k = setup();
    const started = Date.now();
    const attempt = await begin(k, { timeoutMs: 150 });
    expect(await attempt.result).toMatchObject({ kind: 'failed', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await tryConnect(portOf(attempt))).toBe('ECONNREFUSED');
    expect(k.sessions.get(attempt.sessionId)?.outcome).toBe('expired');
    expect(k.consentAudits.filter((e) => e.action === 'consent.finished').map((e) => e.outcome)).toEqual(['expired']);
  });

  it('abandon closes the port and records the session as abandoned', async () => {
    const k = setup();
    const attempt = await begin(k);
    await attempt.abandon('cancelled', 'the connection attempt was cancelled');
    expect(await attempt.result).toMatchObject({ kind: 'failed', reason: 'cancelled' });
    expect(await tryConnect(portOf(attempt))).toBe('ECONNREFUSED');
    expect(k.sessions.get(attempt.sessionId)?.outcome).toBe('abandoned');
  });

  it('does not leave a port open when the session cannot start', async () => {
    const k = setup();
    await expect(begin(k, {}, 'ten_nope')).rejects.toThrow(/no tenant/);
  });
});
