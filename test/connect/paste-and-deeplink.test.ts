// The channels without a loopback port, through the one ConsentAttempt against an SP-API-shaped
// marketplace fake over real HTTP: completion codes and URLs pasted by a person (relay, remote
// consent), and deep links routed by the registry to the waiting attempt (T1, T4, T5, T7, T13),
// with an injected clock for expiry. What the attempt took is proven by what reached the token
// endpoint (the code, the redirect URI) and by the connection it wrote.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorDefinition } from '../../connectors/types';
import { ConnectService, ConsentSessions } from '../../main/connect';
import type { BeginOptions, ConsentAttempt } from '../../main/connect';
import { callbackFromDeepLink, callbackFromPaste, createState, encodeCompletionCode } from '../../main/oauth/protocol';
import type { ConsentAuditEvent } from '../../main/oauth/protocol';
import { FakeOAuthMarketplace } from '../fakes/fake-oauth';
import { createHarness } from '../refresh/support/harness';
import type { Harness } from '../refresh/support/harness';
import { spApiLikeConnector, testClock, testConnector } from '../oauth/protocol/support';
import { ConsentSessionsRepo } from '../../main/repos/consent-sessions';

const RELAY = 'https://agency.example/fivex/relay';
const SELLER = 'A3SELLER';

const open: Array<{ fake: FakeOAuthMarketplace; h: Harness; connect: ConnectService }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.connect.cancelAll();
    o.h.close();
    await o.fake.close();
  }
});

async function setup(connector: ConnectorDefinition = spApiLikeConnector(), opts: { ttlMs?: number } = {}) {
  const fake = await FakeOAuthMarketplace.start({
    name: 'sp-like',
    // The test connectors authenticate with HTTP Basic.
    clientAuth: 'basic',
    paths: { token: '/auth/o2/token' },
    rotation: 'static',
    accessTtlSeconds: 3600,
    callback: (code, state) => ({ state, selling_partner_id: SELLER, spapi_oauth_code: code }),
    errorReply: (kind) => ({ status: kind === 'invalid_grant' ? 400 : 401, json: { error: kind } }),
  });
  const h = createHarness({ connector, clientId: fake.clientId, clientSecret: fake.clientSecret });
  h.registrations.set({ connectorId: connector.id, clientId: fake.clientId, redirectUri: RELAY, endpoints: { token: `${fake.url}/auth/o2/token` }, params: { applicationId: 'amzn1.sp.solution.abc' } });
  const clock = testClock(Date.now());
  const audits: ConsentAuditEvent[] = [];
  const sessions = new ConsentSessions({ repo: new ConsentSessionsRepo(h.vault.db), clock: clock.now, audit: (e) => void audits.push(e), ...(opts.ttlMs ? { ttlMs: opts.ttlMs } : {}) });
  const connect = new ConnectService({ registrations: h.registrations, sessions, tokenClient: h.tokenClient, store: h.engine.store, refresh: h.engine.refresh, clock: () => new Date(clock.now()) });
  open.push({ fake, h, connect });
  const begin = (over: BeginOptions & { readonly strategy?: string } = {}): Promise<ConsentAttempt> => {
    const { strategy, ...beginOpts } = over;
    const prepared = connect.prepare({ tenantId: h.tenantId, connector, region: null, account: null, settings: {}, connection: null, actor: 'maria', ...(strategy ? { strategy } : {}) });
    if (prepared.kind !== 'browser') throw new Error(prepared.kind);
    return prepared.begin(beginOpts);
  };
  return { fake, h, clock, audits, sessions, connect, begin };
}

const stateOf = (attempt: ConsentAttempt): string => new URL(attempt.authorizeUrl).searchParams.get('state')!;
const relayCode = (pairs: Array<[string, string]>, relay = RELAY): string => encodeCompletionCode([...pairs, ['fxc_relay', relay]]);
const paste = (attempt: ConsentAttempt, text: string) => attempt.accept(callbackFromPaste(text));

/** The seller approves at the fake: its callback pairs (state, selling_partner_id, spapi_oauth_code). */
function approve(fake: FakeOAuthMarketplace, attempt: ConsentAttempt, redirectUri = RELAY): Array<[string, string]> {
  return [...fake.consent({ state: stateOf(attempt), redirectUri })];
}

describe('relay: pasted completion code (remote consent)', () => {
  it('completes with the code the relay page showed, keeping the seller id', async () => {
    const s = await setup();
    const attempt = await s.begin();
    expect(attempt.strategy).toBe('relay');
    expect(attempt.redirectUri).toBe(RELAY);
    expect(attempt.codeLifetimeSeconds).toBe(300);
    const pairs = approve(s.fake, attempt);
    const result = await paste(attempt, `\n${relayCode(pairs)}\n`);
    expect(result).toMatchObject({ kind: 'done', outcome: { kind: 'connected', connection: { externalAccount: SELLER, account: SELLER } } });
    const [exchange] = s.fake.tokenRequests();
    expect(exchange!.params.get('code')).toBe(pairs.find(([n]) => n === 'spapi_oauth_code')![1]);
    expect(exchange!.params.get('redirect_uri')).toBe(RELAY);
    expect(exchange!.params.get('code_verifier')).toBeNull();
  });

  it('refuses a guessed state and junk, and still completes with the genuine code (T2)', async () => {
    const s = await setup();
    const attempt = await s.begin();
    expect(await paste(attempt, relayCode([['state', createState()], ['spapi_oauth_code', 'evil']]))).toMatchObject({ kind: 'refused', reason: 'state_mismatch' });
    expect(await paste(attempt, 'thanks, done!')).toMatchObject({ kind: 'refused', reason: 'not_a_callback' });
    expect((await paste(attempt, relayCode(approve(s.fake, attempt)))).kind).toBe('done');
    expect(s.audits.filter((e) => e.action === 'consent.callback_refused').map((e) => e.detail.reason)).toEqual(['state_mismatch', 'not_a_callback']);
    expect(s.fake.tokenRequests()).toHaveLength(1);
  });

  it('refuses a code shown by another relay page without ending the attempt (R6 mix-up)', async () => {
    const s = await setup();
    const attempt = await s.begin();
    const pairs = approve(s.fake, attempt);
    expect(await paste(attempt, relayCode(pairs, 'https://agency.example/fivex/relay-ebay'))).toMatchObject({ kind: 'refused', reason: 'redirect_mismatch' });
    expect(await paste(attempt, encodeCompletionCode(pairs))).toMatchObject({ kind: 'refused', reason: 'redirect_mismatch' });
    expect(s.fake.tokenRequests()).toHaveLength(0);
    expect(await paste(attempt, relayCode(pairs))).toMatchObject({ kind: 'done', outcome: { kind: 'connected' } });
  });

  it('accepts the callback URL itself when a person pastes it', async () => {
    const s = await setup();
    const attempt = await s.begin();
    const url = `${RELAY}?${new URLSearchParams(approve(s.fake, attempt)).toString()}`;
    expect(await paste(attempt, url)).toMatchObject({ kind: 'done', outcome: { kind: 'connected', connection: { externalAccount: SELLER } } });
  });

  it('refuses a replayed code (T3) and a code after the session expired', async () => {
    const s = await setup();
    const attempt = await s.begin();
    const code = relayCode(approve(s.fake, attempt));
    expect((await paste(attempt, code)).kind).toBe('done');
    expect(await paste(attempt, code)).toMatchObject({ kind: 'refused', reason: 'not_pending' });

    const late = await s.begin();
    s.clock.advance(10 * 60 * 1000);
    expect(await paste(late, relayCode(approve(s.fake, late)))).toMatchObject({ kind: 'refused', reason: 'expired' });
    expect(await late.result).toMatchObject({ kind: 'failed', reason: 'timeout' });
    expect(s.sessions.get(late.sessionId)?.outcome).toBe('expired');
  });

  it('passes a declined consent from the relay on as declined', async () => {
    const s = await setup();
    const attempt = await s.begin();
    const result = await paste(attempt, relayCode([['error', 'access_denied'], ['error_description', '<b>no</b>'], ['state', stateOf(attempt)]]));
    expect(result).toMatchObject({ kind: 'done', outcome: { kind: 'failed', reason: 'access_denied' } });
    expect(s.sessions.get(attempt.sessionId)?.outcome).toBe('declined');
  });

  it('asks for the relay page address when none is registered', async () => {
    const s = await setup();
    s.h.registrations.set({ connectorId: 'sp-like', clientId: s.fake.clientId, redirectUri: '' });
    await expect(s.begin()).rejects.toThrow(/relay page.*app set sp-like --redirect-uri https:/);
  });
});

describe('deep links routed to the waiting attempt', () => {
  const deeplinkConnector = (): ConnectorDefinition =>
    testConnector({ pkce: 'none', callback: { codeParam: 'code', keepParams: [], codeLifetimeSeconds: 300 }, redirect: { default: 'deeplink', supported: ['deeplink', 'relay'], loopbackPath: '/oauth/callback' } });
  const codeFor = (fake: FakeOAuthMarketplace, attempt: ConsentAttempt, redirectUri: string): string => approve(fake, attempt, redirectUri).find(([n]) => n === 'spapi_oauth_code')![1];

  it('drops a forged link while no attempt is waiting, and audits it (T1)', async () => {
    const s = await setup();
    const result = await s.connect.deliver(callbackFromDeepLink(`fivex-connect://oauth/callback?code=x&state=${createState()}`));
    expect(result).toMatchObject({ kind: 'refused', reason: 'not_pending' });
    expect(s.audits).toEqual([
      expect.objectContaining({ action: 'consent.callback_without_pending_flow', outcome: 'refused', detail: expect.objectContaining({ reason: 'not_pending', channel: 'deeplink' }) as unknown }),
    ]);
  });

  it('routes a link to its attempt exactly once, even when delivered twice (T4)', async () => {
    const s = await setup(deeplinkConnector());
    const attempt = await s.begin();
    expect(attempt.redirectUri).toBe('fivex-connect://oauth/callback');
    const link = callbackFromDeepLink(`fivex-connect://oauth/callback?code=${codeFor(s.fake, attempt, attempt.redirectUri)}&state=${stateOf(attempt)}`);
    const results = await Promise.all([s.connect.deliver(link), s.connect.deliver(link)]);
    expect(results.map((r) => r.kind).sort()).toEqual(['done', 'refused']);
    expect(s.fake.tokenRequests()).toHaveLength(1);
  });

  it('accepts a relay-forwarded link for a relay attempt, and refuses link variants (T7)', async () => {
    const s = await setup(deeplinkConnector());
    const attempt = await s.begin({ strategy: 'relay' });
    const q = `code=${codeFor(s.fake, attempt, RELAY)}&state=${stateOf(attempt)}&fxc_relay=${encodeURIComponent(RELAY)}`;
    expect(await s.connect.deliver(callbackFromDeepLink(`FIVEX-CONNECT://oauth/callback?${q}`))).toMatchObject({ kind: 'refused', reason: 'not_a_callback' });
    expect(await s.connect.deliver(callbackFromDeepLink(`fivex-connect://oauth/callback/x?${q}`))).toMatchObject({ kind: 'refused', reason: 'not_a_callback' });
    // A direct deep link (no relay marker) did not come through this attempt's redirect URI.
    const direct = await s.connect.deliver(callbackFromDeepLink(`fivex-connect://oauth/callback?code=x&state=${stateOf(attempt)}`));
    expect(direct).toMatchObject({ kind: 'refused', reason: 'redirect_mismatch' });
    expect(await s.connect.deliver(callbackFromDeepLink(`fivex-connect://oauth/callback?${q}`))).toMatchObject({ kind: 'done', outcome: { kind: 'connected' } });
  });

  it('ignores next= and redirect= in a link (T13)', async () => {
    const s = await setup(deeplinkConnector());
    const attempt = await s.begin();
    const code = codeFor(s.fake, attempt, attempt.redirectUri);
    const result = await s.connect.deliver(callbackFromDeepLink(`fivex-connect://oauth/callback?code=${code}&state=${stateOf(attempt)}&next=https%3A%2F%2Fevil.example&redirect=file%3A%2F%2F%2Fetc`));
    expect(result).toMatchObject({ kind: 'done', outcome: { kind: 'connected' } });
    expect(JSON.stringify(result.kind === 'done' ? result.outcome : null)).not.toMatch(/evil|file:/);
  });
});

describe('choosing the redirect URI', () => {
  it('uses the RFC 8252 loopback default when the registration holds the relay page', async () => {
    const s = await setup(testConnector({ id: 'sp-like', redirect: { default: 'relay', supported: ['relay', 'loopback'], loopbackPath: '/oauth/callback' } }));
    const attempt = await s.begin({ strategy: 'loopback' });
    expect(attempt.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    await expect(s.begin({ strategy: 'loopback', redirectUri: RELAY })).rejects.toThrow(/http:\/\/127\.0\.0\.1\/oauth\/callback/);
  });

  it('ends a paste attempt at its deadline, even if nothing arrives, and stops routing links to it', async () => {
    const s = await setup(spApiLikeConnector(), { ttlMs: 100 });
    const attempt = await s.begin();
    expect(await attempt.result).toMatchObject({ kind: 'failed', reason: 'timeout' });
    const late = relayCode([['state', stateOf(attempt)], ['spapi_oauth_code', 'x']]);
    expect(await paste(attempt, late)).toMatchObject({ kind: 'refused', reason: 'not_pending' });
    expect(await s.connect.deliver(callbackFromDeepLink(`fivex-connect://oauth/callback?code=x&state=${stateOf(attempt)}`))).toMatchObject({ kind: 'refused', reason: 'not_pending' });
    expect(s.sessions.get(attempt.sessionId)?.outcome).toBe('expired');
  });
});
