// The channels without a loopback port: completion codes and URLs pasted by a person (relay,
// remote consent), and deep links routed to the pending attempt (T1, T4, T5), with an injected
// clock for expiry. The marketplace here is a fake: its callbacks are written by hand.
import { describe, expect, it } from 'vitest';
import { createConsentService, createState, encodeCompletionCode } from '../../main/oauth/protocol';
import type { BeginInput, ConsentFlow } from '../../main/oauth/protocol';
import { auditRecorder, onCleanup, openTestVault, resolved, spApiLikeConnector, testClock, testConnector } from '../oauth/protocol/support';

const RELAY = 'https://agency.example/fivex/relay';

function setup() {
  const tv = openTestVault();
  const clock = testClock();
  const audit = auditRecorder();
  const consent = createConsentService({ db: tv.vault.db, clock: clock.now, audit: audit.sink });
  const begin = async (over: Partial<BeginInput> = {}): Promise<ConsentFlow> => {
    const flow = await consent.begin({
      rc: resolved(spApiLikeConnector(), { params: { applicationId: 'amzn1.sp.solution.abc' }, redirectUri: RELAY }),
      tenantId: tv.tenantId,
      operator: 'maria',
      ...over,
    });
    onCleanup(() => flow.cancel());
    return flow;
  };
  return { tv, clock, audit, consent, begin };
}

function stateOf(flow: ConsentFlow): string {
  return new URL(flow.authorizeUrl).searchParams.get('state')!;
}

function relayCode(pairs: Array<[string, string]>, relay = RELAY): string {
  return encodeCompletionCode([...pairs, ['fxc_relay', relay]]);
}

describe('relay: pasted completion code (remote consent)', () => {
  it('completes with the code the relay page showed, keeping the seller id', async () => {
    const { begin } = setup();
    const flow = await begin();
    expect(flow.strategy).toBe('relay');
    expect(flow.redirectUri).toBe(RELAY);
    expect(flow.codeLifetimeSeconds).toBe(300);
    const code = relayCode([['state', stateOf(flow)], ['selling_partner_id', 'A3SELLER'], ['spapi_oauth_code', 'ANcode123']]);
    const result = await flow.completeWithPasted(`\n${code}\n`);
    expect(result).toMatchObject({ kind: 'authorized', code: 'ANcode123', metadata: { selling_partner_id: 'A3SELLER' }, codeVerifier: null, redirectUri: RELAY });
  });

  it('refuses a guessed state and still completes with the genuine code (T2)', async () => {
    const { begin, audit } = setup();
    const flow = await begin();
    const forged = await flow.completeWithPasted(relayCode([['state', createState()], ['spapi_oauth_code', 'evil']]));
    expect(forged).toMatchObject({ kind: 'refused', reason: 'state_mismatch' });
    const junk = await flow.completeWithPasted('thanks, done!');
    expect(junk).toMatchObject({ kind: 'refused', reason: 'not_a_callback' });
    const genuine = await flow.completeWithPasted(relayCode([['state', stateOf(flow)], ['spapi_oauth_code', 'ANcode123']]));
    expect(genuine.kind).toBe('authorized');
    expect(audit.events.filter((e) => e.action === 'consent.callback_refused').map((e) => e.detail.reason)).toEqual(['state_mismatch', 'not_a_callback']);
  });

  it('refuses a code shown by another relay page without ending the attempt (R6 mix-up)', async () => {
    const { begin } = setup();
    const flow = await begin();
    const pairs: Array<[string, string]> = [['state', stateOf(flow)], ['spapi_oauth_code', 'ANcode123']];
    expect(await flow.completeWithPasted(relayCode(pairs, 'https://agency.example/fivex/relay-ebay'))).toMatchObject({ kind: 'refused', reason: 'redirect_mismatch' });
    expect(await flow.completeWithPasted(encodeCompletionCode(pairs))).toMatchObject({ kind: 'refused', reason: 'redirect_mismatch' });
    expect((await flow.completeWithPasted(relayCode(pairs))).kind).toBe('authorized');
  });

  it('accepts the callback URL itself when a person pastes it', async () => {
    const { begin } = setup();
    const flow = await begin();
    const url = `${RELAY}?state=${stateOf(flow)}&spapi_oauth_code=ANcode123&selling_partner_id=A3SELLER`;
    expect(await flow.completeWithPasted(url)).toMatchObject({ kind: 'authorized', metadata: { selling_partner_id: 'A3SELLER' } });
  });

  it('refuses a replayed code (T3) and a code after the session expired', async () => {
    const { begin, clock, tv } = setup();
    const flow = await begin();
    const code = relayCode([['state', stateOf(flow)], ['spapi_oauth_code', 'ANcode123']]);
    expect((await flow.completeWithPasted(code)).kind).toBe('authorized');
    expect(await flow.completeWithPasted(code)).toMatchObject({ kind: 'refused', reason: 'not_pending' });

    const late = await begin();
    clock.advance(10 * 60 * 1000);
    expect(await late.completeWithPasted(relayCode([['state', stateOf(late)], ['spapi_oauth_code', 'x']]))).toMatchObject({ kind: 'refused', reason: 'expired' });
    const row = tv.vault.db.prepare<[string], { outcome: string }>('SELECT outcome FROM consent_sessions WHERE id = ?').get(late.sessionId);
    expect(row?.outcome).toBe('expired');
  });

  it('passes a declined consent from the relay on as declined', async () => {
    const { begin } = setup();
    const flow = await begin();
    const result = await flow.completeWithPasted(relayCode([['error', 'access_denied'], ['error_description', '<b>no</b>'], ['state', stateOf(flow)]]));
    expect(result).toMatchObject({ kind: 'declined', description: '<b>no</b>' });
  });

  it('asks for the relay page address when none is registered', async () => {
    const { consent, tv } = setup();
    await expect(
      consent.begin({ rc: resolved(spApiLikeConnector(), { params: { applicationId: 'a' } }), tenantId: tv.tenantId, operator: 'maria' }),
    ).rejects.toThrow(/relay page.*app set sp-like --redirect-uri https:/);
  });
});

describe('deep links routed to the pending attempt', () => {
  const deeplinkRc = () => resolved(testConnector({ redirect: { default: 'deeplink', supported: ['deeplink', 'relay'], loopbackPath: '/oauth/callback' } }));

  it('drops a forged link while no attempt is pending, and audits it (T1)', () => {
    const { consent, audit } = setup();
    const result = consent.handleDeepLink(`fivex-connect://oauth/callback?code=x&state=${createState()}`);
    expect(result).toMatchObject({ kind: 'refused', reason: 'not_pending' });
    expect(audit.events).toEqual([
      expect.objectContaining({ action: 'consent.callback_without_pending_flow', outcome: 'refused', detail: expect.objectContaining({ reason: 'not_pending' }) as unknown }),
    ]);
  });

  it('routes a link to its attempt exactly once, even when delivered twice (T4)', async () => {
    const { consent, begin } = setup();
    const flow = await begin({ rc: deeplinkRc() });
    expect(flow.redirectUri).toBe('fivex-connect://oauth/callback');
    const link = `fivex-connect://oauth/callback?code=dl-code&state=${stateOf(flow)}`;
    const results = [consent.handleDeepLink(link), consent.handleDeepLink(link)];
    expect(results.map((r) => r.kind)).toEqual(['authorized', 'refused']);
  });

  it('accepts a relay-forwarded link for a relay attempt, and refuses link variants (T7)', async () => {
    const { consent, begin } = setup();
    const flow = await begin({ rc: deeplinkRc(), strategy: 'relay', redirectUri: RELAY });
    const q = `code=dl-code&state=${stateOf(flow)}&fxc_relay=${encodeURIComponent(RELAY)}`;
    expect(consent.handleDeepLink(`FIVEX-CONNECT://oauth/callback?${q}`)).toMatchObject({ kind: 'refused' });
    expect(consent.handleDeepLink(`fivex-connect://oauth/callback/x?${q}`)).toMatchObject({ kind: 'refused' });
    // A direct deep link (no relay marker) did not come through this attempt's redirect URI.
    expect(flow.handleCallbackUrl(`fivex-connect://oauth/callback?code=dl-code&state=${stateOf(flow)}`)).toMatchObject({ kind: 'refused', reason: 'redirect_mismatch' });
    expect(consent.handleDeepLink(`fivex-connect://oauth/callback?${q}`).kind).toBe('authorized');
  });

  it('ignores next= and redirect= in a link (T13)', async () => {
    const { consent, begin } = setup();
    const flow = await begin({ rc: deeplinkRc() });
    const result = consent.handleDeepLink(`fivex-connect://oauth/callback?code=c&state=${stateOf(flow)}&next=https%3A%2F%2Fevil.example&redirect=file%3A%2F%2F%2Fetc`);
    expect(result.kind).toBe('authorized');
    expect(JSON.stringify(result)).not.toMatch(/evil|file:/);
  });
});

describe('choosing the redirect URI', () => {
  it('uses the RFC 8252 loopback default when the registration holds the relay page', async () => {
    const { begin } = setup();
    const flow = await begin({ strategy: 'loopback' });
    expect(flow.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    await expect(begin({ strategy: 'loopback', redirectUri: RELAY })).rejects.toThrow(/http:\/\/127\.0\.0\.1\/oauth\/callback/);
  });

  it('ends a paste attempt when its session lifetime is over, even if nothing arrives', async () => {
    const tv = openTestVault();
    const consent = createConsentService({ db: tv.vault.db, ttlMs: 100 });
    const flow = await consent.begin({
      rc: resolved(spApiLikeConnector(), { params: { applicationId: 'a' }, redirectUri: RELAY }),
      tenantId: tv.tenantId,
      operator: 'maria',
    });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const late = relayCode([['state', stateOf(flow)], ['spapi_oauth_code', 'x']]);
    expect(await flow.completeWithPasted(late)).toMatchObject({ kind: 'refused', reason: 'not_pending' });
    expect(consent.handleDeepLink(`fivex-connect://oauth/callback?code=x&state=${stateOf(flow)}`)).toMatchObject({ kind: 'refused', reason: 'not_pending' });
    const row = tv.vault.db.prepare<[string], { outcome: string }>('SELECT outcome FROM consent_sessions WHERE id = ?').get(flow.sessionId);
    expect(row?.outcome).toBe('expired');
  });
});
