// main/connect/connect-service.ts against a real authorization server (node oidc-provider on
// 127.0.0.1) and a real vault: loopback consent to an active connection, declined consent,
// reconnect healing the same connection id, a relay completion code pasted after a stranger's,
// client credentials (as.clients.service), the manual strategy with a pasted refresh token, and
// the refusals that stop a request before anything starts. No event carries a secret.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectError, PASTE_TIMEOUT_MESSAGE } from '../../main/connect';
import type { ConsentAttempt, PreparedConnect } from '../../main/connect';
import { callbackFromDeepLink, callbackFromPaste, encodeCompletionCode, RELAY_MARKER_PARAM } from '../../main/oauth/protocol';
import { createTokenClient } from '../../main/oauth/token-client';
import { consentCode, resolved, testRegistration } from '../oauth/token/fixtures';
import { tokenSet } from '../refresh/support/harness';
import { browseToCallback } from '../support/browser';
import { startOidcServer } from '../support/oidc-server';
import type { OidcServer } from '../support/oidc-server';
import { createConnectKit, oidcConnector, recorder } from './support';
import type { ConnectKit } from './support';

let as: OidcServer;
let kit: ConnectKit;

beforeAll(async () => {
  as = await startOidcServer({ accessTokenTtl: 300 });
});
afterAll(async () => {
  await as.close();
});
beforeEach(() => {
  as.denyConsent(false);
});
afterEach(async () => {
  await kit.close();
});

function browser(prepared: PreparedConnect): Extract<PreparedConnect, { kind: 'browser' }> {
  if (prepared.kind !== 'browser') throw new Error(`expected a browser consent, got ${prepared.kind}`);
  return prepared;
}

/** Approves (or declines) in the "browser" and lets it land on the loopback receiver. */
async function approveLoopback(attempt: ConsentAttempt): Promise<number | undefined> {
  const redirect = new URL(attempt.authorizeUrl).searchParams.get('redirect_uri')!;
  const { delivery } = await browseToCallback(attempt.authorizeUrl, { stopAt: redirect, deliver: true });
  return delivery?.status;
}

describe('browser consent', () => {
  it('connects over loopback: authorize, the callback, the exchange, an active connection', async () => {
    kit = createConnectKit(as, oidcConnector(as));
    const connector = kit.h.connectors.get('oidc-market')!;
    const heard = recorder();
    const prepared = browser(kit.connect.prepare(kit.request(connector, { account: 'Main store' })));
    expect(prepared.strategy).toBe('loopback');
    const attempt = await prepared.begin({ listener: heard.listener });
    expect(heard.names()).toEqual(['authorize']);
    const url = new URL(attempt.authorizeUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    expect(kit.connect.pending(attempt.sessionId)).toBe(attempt);

    expect(await approveLoopback(attempt)).toBe(200);
    const outcome = await attempt.result;
    expect(outcome.kind).toBe('connected');
    if (outcome.kind !== 'connected') return;
    expect(outcome.connection).toMatchObject({ tenantId: kit.h.tenantId, connectorId: 'oidc-market', account: 'Main store', state: 'active' });
    expect(heard.names()).toEqual(['authorize', 'connected']);
    expect(kit.connect.pending(attempt.sessionId)).toBeUndefined();
    expect(kit.h.engine.store.listConnections({ tenantId: kit.h.tenantId }).map((c) => c.id)).toEqual([outcome.connection.id]);

    // The tokens work: a forced refresh against the real AS keeps it active.
    const refreshed = await kit.h.engine.refresh.refreshConnection(outcome.connection.id, { force: true });
    expect(refreshed.connection.state).toBe('active');
    const said = JSON.stringify([heard.events.filter((e) => e.event !== 'connected'), kit.consentAudits]);
    expect(said).not.toMatch(/code=|access_token|refresh_token|code_verifier/);
  });

  it('reports declined consent as failed access_denied and creates nothing', async () => {
    kit = createConnectKit(as, oidcConnector(as));
    as.denyConsent(true);
    const heard = recorder();
    const attempt = await browser(kit.connect.prepare(kit.request(kit.h.connectors.get('oidc-market')!))).begin({ listener: heard.listener });
    await approveLoopback(attempt);
    const outcome = await attempt.result;
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'access_denied' });
    expect(heard.names()).toEqual(['authorize', 'failed']);
    expect(kit.h.engine.store.listConnections({ tenantId: kit.h.tenantId })).toEqual([]);
  });

  it('reconnect renews the grant of a connection that needs consent: the same id comes back active', async () => {
    kit = createConnectKit(as, oidcConnector(as));
    const connector = kit.h.connectors.get('oidc-market')!;
    // A connection whose refresh token the AS does not know: the first refresh needs consent.
    const stale = kit.h.connect(tokenSet({ expiresInSec: 1 }));
    const broken = await kit.h.engine.refresh.refreshConnection(stale.id, { force: true });
    expect(broken.connection).toMatchObject({ state: 'needs_consent', reason: 'invalid_grant' });

    const request = kit.request(connector, { connection: broken.connection, account: broken.connection.account });
    const attempt = await browser(kit.connect.prepare(request)).begin();
    await approveLoopback(attempt);
    const outcome = await attempt.result;
    expect(outcome).toMatchObject({ kind: 'connected', connection: { id: stale.id, state: 'active', reason: null } });
    expect(kit.h.engine.store.listConnections({ tenantId: kit.h.tenantId }).map((c) => c.id)).toEqual([stale.id]);
    const again = await kit.h.engine.refresh.refreshConnection(stale.id, { force: true });
    expect(again.connection.state).toBe('active');
  });

  it('completes a relay consent from a pasted completion code, refusing a stranger\'s code first', async () => {
    const relay = 'http://127.0.0.1:9/oauth/callback';
    const connector = oidcConnector(as, { redirect: { default: 'relay', supported: ['relay', 'loopback'], loopbackPath: '/oauth/callback' } });
    kit = createConnectKit(as, connector);
    kit.h.registrations.set({ connectorId: connector.id, clientId: as.clients.confidential.clientId, redirectUri: relay });
    const heard = recorder();
    const prepared = browser(kit.connect.prepare(kit.request(connector)));
    expect(prepared.strategy).toBe('relay');
    const attempt = await prepared.begin({ listener: heard.listener });
    const { callbackUrl } = await browseToCallback(attempt.authorizeUrl, { stopAt: relay });

    const forged = await attempt.accept(callbackFromPaste(encodeCompletionCode([['code', 'stolen'], ['state', 'x'.repeat(43)]])));
    expect(forged).toMatchObject({ kind: 'refused', reason: 'state_mismatch' });
    const done = await attempt.accept(callbackFromPaste(encodeCompletionCode([...callbackUrl.searchParams, [RELAY_MARKER_PARAM, relay]])));
    expect(done).toMatchObject({ kind: 'done', outcome: { kind: 'connected', connection: { state: 'active' } } });
    expect(heard.names()).toEqual(['authorize', 'refused', 'connected']);
    // One ending, recorded after the connection was saved, naming it.
    const connection = done.kind === 'done' && done.outcome.kind === 'connected' ? done.outcome.connection : null;
    const finished = kit.consentAudits.filter((e) => e.action === 'consent.finished');
    expect(finished).toEqual([expect.objectContaining({ outcome: 'connected', connectionId: connection?.id, detail: expect.objectContaining({ sessionId: attempt.sessionId, channel: 'paste', reason: null }) as unknown })]);
    expect(kit.sessions.get(attempt.sessionId)?.outcome).toBe('connected');
  });

  it('records an attempt whose caller gave up as abandoned, and a later code is refused', async () => {
    const relay = 'https://relay.example/fivex/';
    const connector = oidcConnector(as, { redirect: { default: 'relay', supported: ['relay'], loopbackPath: '/oauth/callback' } });
    kit = createConnectKit(as, connector);
    kit.h.registrations.set({ connectorId: connector.id, clientId: as.clients.confidential.clientId, redirectUri: relay });
    const attempt = await browser(kit.connect.prepare(kit.request(connector))).begin();
    const state = new URL(attempt.authorizeUrl).searchParams.get('state')!;
    await attempt.abandon('cancelled', 'standard input ended before a completion code was pasted');
    expect(await attempt.result).toEqual({ kind: 'failed', reason: 'cancelled', message: 'standard input ended before a completion code was pasted' });
    expect(kit.sessions.get(attempt.sessionId)?.outcome).toBe('abandoned');
    expect(kit.consentAudits.filter((e) => e.action === 'consent.finished').map((e) => [e.outcome, e.detail.reason])).toEqual([['abandoned', 'cancelled']]);
    const late = await attempt.accept(callbackFromPaste(`${relay}?code=abc&state=${state}`));
    expect(late).toMatchObject({ kind: 'refused', reason: 'not_pending' });
    expect(kit.connect.pending(attempt.sessionId)).toBeUndefined();
  });

  it('ends a relay attempt nobody completes with a timeout, and refuses a link no attempt waits for', async () => {
    const relay = 'https://relay.example/fivex/';
    const connector = oidcConnector(as, { redirect: { default: 'relay', supported: ['relay'], loopbackPath: '/oauth/callback' } });
    kit = createConnectKit(as, connector);
    kit.h.registrations.set({ connectorId: connector.id, clientId: as.clients.confidential.clientId, redirectUri: relay });
    const attempt = await browser(kit.connect.prepare(kit.request(connector))).begin({ timeoutMs: 150 });
    expect(await attempt.result).toEqual({ kind: 'failed', reason: 'timeout', message: PASTE_TIMEOUT_MESSAGE });
    expect(kit.connect.pending(attempt.sessionId)).toBeUndefined();
    expect(kit.sessions.get(attempt.sessionId)?.outcome).toBe('expired');
    expect(kit.consentAudits.filter((e) => e.action === 'consent.finished').map((e) => e.outcome)).toEqual(['expired']);

    const link = await kit.connect.deliver(callbackFromDeepLink(`fivex-connect://oauth/callback?code=abc&state=${'s'.repeat(43)}`));
    expect(link).toMatchObject({ kind: 'refused', reason: 'not_pending' });
  });
});

describe('without a browser', () => {
  it('connects a client-credentials connector with as.clients.service', async () => {
    const connector = oidcConnector(as, { id: 'oidc-service', name: 'OIDC Service', grant: 'client_credentials', scopes: { base: ['orders.read'] } });
    kit = createConnectKit(as, connector, as.clients.service);
    const heard = recorder();
    const prepared = kit.connect.prepare(kit.request(connector, { account: 'Warehouse' }));
    expect(prepared.kind).toBe('client_credentials');
    if (prepared.kind !== 'client_credentials') return;
    const outcome = await prepared.run(heard.listener);
    expect(outcome).toMatchObject({ kind: 'connected', connection: { connectorId: 'oidc-service', account: 'Warehouse', state: 'active' } });
    expect(heard.names()).toEqual(['connected']);
  });

  it('manual: takes a pasted self-authorized refresh token and proves it with a refresh at once', async () => {
    const connector = oidcConnector(as, {
      acceptsImportedRefreshTokens: true,
      redirect: { default: 'loopback', supported: ['loopback', 'manual'], loopbackPath: '/oauth/callback' },
    });
    kit = createConnectKit(as, connector);
    const client = as.clients.confidential;
    const consent = await consentCode(as, client);
    const rc = resolved(connector, testRegistration({ connectorId: connector.id, clientId: client.clientId, clientSecret: client.clientSecret }));
    const { refreshToken } = await createTokenClient().exchangeCode(rc, consent);
    expect(refreshToken).toEqual(expect.any(String));
    const before = as.stats.tokenRequests;

    const manual = kit.connect.prepare(kit.request(connector, { strategy: 'manual', account: 'Private app' }));
    expect(manual.kind).toBe('manual');
    if (manual.kind !== 'manual') return;
    const heard = recorder();
    const outcome = await manual.run(`  ${refreshToken!}\n`, heard.listener);
    expect(outcome).toMatchObject({ kind: 'connected', connection: { account: 'Private app', state: 'active' } });
    expect(as.stats.tokenRequests).toBe(before + 1);

    const spaced = await manual.run('two tokens pasted');
    expect(spaced).toMatchObject({ kind: 'failed', reason: 'whitespace' });
    const unknown = await manual.run('not-a-token-the-server-issued', heard.listener);
    expect(unknown).toMatchObject({ kind: 'failed', reason: 'invalid_grant', message: 'the pasted refresh token did not work (invalid_grant)' });
    expect(JSON.stringify(heard.events.filter((e) => e.event === 'failed'))).not.toContain(refreshToken!);
  });
});

describe('refused before anything starts', () => {
  it('names a missing or broken registration, an unknown strategy and an unsupported one', () => {
    const connector = oidcConnector(as);
    kit = createConnectKit(as, connector);
    const other = oidcConnector(as, { id: 'no-reg', name: 'No Reg' });
    kit.h.connectors.set(other.id, other);
    const refusal = (fn: () => unknown): ConnectError => {
      try {
        fn();
      } catch (err) {
        if (err instanceof ConnectError) return err;
        throw err;
      }
      throw new Error('expected a ConnectError');
    };
    expect(refusal(() => kit.connect.prepare(kit.request(other)))).toMatchObject({ code: 'no_app_registration', message: expect.stringContaining('app set no-reg') });
    expect(refusal(() => kit.connect.prepare(kit.request(connector, { strategy: 'carrier-pigeon' }))).code).toBe('invalid_redirect');
    expect(refusal(() => kit.connect.prepare(kit.request(connector, { strategy: 'relay' })))).toMatchObject({ code: 'unsupported_redirect', message: expect.stringContaining('supports loopback') });
    kit.h.vault.db.prepare("UPDATE app_registrations SET broken_reason = 'invalid_client' WHERE connector_id = ?").run(connector.id);
    expect(refusal(() => kit.connect.prepare(kit.request(connector))).code).toBe('app_registration_broken');
  });
});
