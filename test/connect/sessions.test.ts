// Consent sessions on a real vault: one-time states, expiry on an injected clock, bindings, the
// mix-up defence, outcomes, audit without secrets, and two connections racing for one state.
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ConsentSessions, CONSENT_SESSION_TTL_MS } from '../../main/connect';
import type { StartSessionInput } from '../../main/connect';
import { ConfigError } from '../../main/oauth/resolve';
import { auditRecorder, FOREIGN_STATE, openTestVault, resolved, spApiLikeConnector, testClock, testConnector } from '../oauth/protocol/support';
import { ConsentSessionsRepo } from '../../main/repos/consent-sessions';

const LOOPBACK = 'http://127.0.0.1:51000/oauth/callback';

function setup() {
  const tv = openTestVault();
  const clock = testClock();
  const audit = auditRecorder();
  const sessions = new ConsentSessions({ repo: new ConsentSessionsRepo(tv.vault.db), clock: clock.now, audit: audit.sink });
  const input = (over: Partial<StartSessionInput> = {}): StartSessionInput => ({
    rc: resolved(testConnector()),
    tenantId: tv.tenantId,
    operator: 'maria',
    strategy: 'loopback',
    redirectUri: LOOPBACK,
    ...over,
  });
  return { tv, clock, audit, sessions, input };
}

describe('starting a session', () => {
  it('stores the state only as a hash and the verifier not at all (T14)', () => {
    const { tv, sessions, input } = setup();
    const started = sessions.start(input({ account: 'EU store', connectionId: 'con_x' }));
    expect(started.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(started.authorizeUrl.searchParams.get('state')).toBe(started.state);
    const row = sessions.get(started.session.id);
    expect(row).toMatchObject({
      tenantId: tv.tenantId,
      connectorId: 'test-market',
      operator: 'maria',
      redirectStrategy: 'loopback',
      redirectUri: LOOPBACK,
      account: 'EU store',
      connectionId: 'con_x',
      pkce: 'S256',
      consumedAt: null,
      outcome: null,
    });
    expect(Date.parse(row!.expiresAt) - Date.parse(row!.createdAt)).toBe(CONSENT_SESSION_TTL_MS);
    tv.vault.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(tv.vault.file).toString('latin1');
    expect(bytes).not.toContain(started.state);
    expect(bytes).not.toContain(started.codeVerifier!);
    expect(bytes).toContain(row!.stateHash);
  });

  it('records pkce none for a connector without PKCE and hands out no verifier', () => {
    const { sessions, input } = setup();
    const started = sessions.start(input({ rc: resolved(spApiLikeConnector(), { params: { applicationId: 'app-1' } }), strategy: 'relay', redirectUri: 'https://agency.example/relay' }));
    expect(started.codeVerifier).toBeNull();
    expect(started.session.pkce).toBe('none');
  });

  it('audits the start without the state or verifier', () => {
    const { sessions, input, audit } = setup();
    const started = sessions.start(input());
    expect(audit.events).toHaveLength(1);
    expect(audit.events[0]).toMatchObject({ actor: 'maria', action: 'consent.started', outcome: 'ok' });
    const text = JSON.stringify(audit.events);
    expect(text).not.toContain(started.state);
    expect(text).not.toContain(started.codeVerifier!);
  });

  it('refuses bad input with what to do', () => {
    const { sessions, input } = setup();
    expect(() => sessions.start(input({ tenantId: 'ten_missing' }))).toThrow(/no tenant with id ten_missing; add it with tenant add/);
    // The strategy, its support and the grant kind are decided once, by ConnectService.prepare
    // (test/connect/connect-service.test.ts); the session checks the concrete redirect URI.
    expect(() => sessions.start(input({ redirectUri: 'http://evil.example/oauth/callback' }))).toThrow(ConfigError);
    expect(() => sessions.start(input({ strategy: 'relay', redirectUri: 'http://agency.example/relay' }))).toThrow(/https/);
    expect(() => sessions.start(input({ strategy: 'deeplink', redirectUri: 'FIVEX-CONNECT://oauth/callback' }))).toThrow(/exactly fivex-connect/);
    expect(() => sessions.start(input({ operator: '' }))).toThrow(/operator/);
    expect(() => sessions.start(input({ strategy: 'relay', redirectUri: 'RuName_without_landing_address' }))).toThrow(/name, not an address/);
  });
});

describe('consuming a state', () => {
  it('works once; a replay is refused as reused (T3)', () => {
    const { sessions, input } = setup();
    const started = sessions.start(input());
    const first = sessions.consume(started.state, LOOPBACK);
    expect(first).toMatchObject({ ok: true, session: { id: started.session.id } });
    expect(sessions.get(started.session.id)?.consumedAt).not.toBeNull();
    expect(sessions.consume(started.state, LOOPBACK)).toMatchObject({ ok: false, reason: 'reused' });
  });

  it('refuses an expired state and records the outcome expired', () => {
    const { sessions, input, clock, audit } = setup();
    const started = sessions.start(input());
    clock.advance(CONSENT_SESSION_TTL_MS - 1);
    const fresh = sessions.start(input());
    expect(sessions.consume(fresh.state, LOOPBACK).ok).toBe(true);
    clock.advance(1);
    const late = sessions.consume(started.state, LOOPBACK);
    expect(late).toMatchObject({ ok: false, reason: 'expired' });
    expect(sessions.get(started.session.id)).toMatchObject({ outcome: 'expired' });
    expect(audit.events.at(-1)).toMatchObject({ action: 'consent.callback_refused', outcome: 'refused', detail: { reason: 'expired' } });
  });

  it('refuses unknown and malformed states and audits them without the value (T1)', () => {
    const { sessions, audit } = setup();
    expect(sessions.consume(FOREIGN_STATE, LOOPBACK)).toMatchObject({ ok: false, reason: 'unknown_state' });
    expect(sessions.consume('not-a-state', LOOPBACK)).toMatchObject({ ok: false, reason: 'malformed_state' });
    expect(audit.events.map((e) => [e.action, e.detail.reason])).toEqual([
      ['consent.callback_without_pending_flow', 'unknown_state'],
      ['consent.callback_without_pending_flow', 'malformed_state'],
    ]);
    expect(JSON.stringify(audit.events)).not.toContain(FOREIGN_STATE);
  });

  it('refuses a state arriving on another redirect URI without ending the session (T5, R6)', () => {
    const { sessions, input } = setup();
    const started = sessions.start(input());
    for (const other of ['http://127.0.0.1:51001/oauth/callback', 'http://127.0.0.1:51000/other/callback', 'https://agency.example/relay', null]) {
      expect(sessions.consume(started.state, other)).toMatchObject({ ok: false, reason: 'redirect_mismatch' });
    }
    expect(sessions.get(started.session.id)?.consumedAt).toBeNull();
    expect(sessions.consume(started.state, LOOPBACK).ok).toBe(true);
  });

  it('compares redirect URIs in canonical form (host case, default port), never the query', () => {
    const { sessions, input } = setup();
    const started = sessions.start(input({ strategy: 'relay', redirectUri: 'https://Agency.Example:443/relay' }));
    expect(sessions.consume(started.state, 'https://agency.example/relay').ok).toBe(true);
  });

  it('refuses a state bound to another connector, tenant or session (T5)', () => {
    const { tv, sessions, input } = setup();
    const started = sessions.start(input());
    expect(sessions.consume(started.state, LOOPBACK, { connectorId: 'other-market' })).toMatchObject({ ok: false, reason: 'binding_mismatch' });
    expect(sessions.consume(started.state, LOOPBACK, { tenantId: tv.otherTenantId })).toMatchObject({ ok: false, reason: 'binding_mismatch' });
    expect(sessions.consume(started.state, LOOPBACK, { sessionId: 'consent_other' })).toMatchObject({ ok: false, reason: 'binding_mismatch' });
    expect(sessions.consume(started.state, LOOPBACK, { connectorId: 'test-market', tenantId: tv.tenantId, sessionId: started.session.id }).ok).toBe(true);
  });

  it('lets exactly one of two database connections win the same state', () => {
    const { tv, sessions, input, clock } = setup();
    const started = sessions.start(input());
    const second = new Database(tv.vault.file);
    second.pragma('busy_timeout = 5000');
    try {
      const other = new ConsentSessions({ repo: new ConsentSessionsRepo(second), clock: clock.now });
      const results = [other.consume(started.state, LOOPBACK), sessions.consume(started.state, LOOPBACK)];
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toMatchObject([{ reason: 'reused' }]);
    } finally {
      second.close();
    }
  });
});

describe('outcomes', () => {
  it('records the first outcome only, and audits the ending with its exact outcome and no secret', () => {
    const { sessions, input, audit } = setup();
    const started = sessions.start(input());
    expect(sessions.consume(started.state, LOOPBACK).ok).toBe(true);
    expect(sessions.finish(started.session, { outcome: 'connected', reason: null, channel: 'loopback', connectionId: 'con_1' })).toBe(true);
    expect(sessions.finish(started.session, { outcome: 'failed', reason: 'x', channel: 'loopback' })).toBe(false);
    expect(sessions.get(started.session.id)?.outcome).toBe('connected');
    expect(audit.events.find((e) => e.action === 'consent.finished')).toMatchObject({
      actor: 'maria',
      connectionId: 'con_1',
      outcome: 'connected',
      detail: { sessionId: started.session.id, connector: 'test-market', strategy: 'loopback', channel: 'loopback', reason: null },
    });
    expect(JSON.stringify(audit.events)).not.toContain(started.state);
  });

  it('closes an unanswered session so its state stops working, and sweeps stale ones', () => {
    const { sessions, input, clock } = setup();
    const a = sessions.start(input());
    const b = sessions.start(input());
    expect(sessions.close(a.session.id, 'abandoned')).toBe(true);
    expect(sessions.get(a.session.id)?.outcome).toBe('abandoned');
    expect(sessions.consume(a.state, LOOPBACK)).toMatchObject({ ok: false, reason: 'reused' });
    clock.advance(CONSENT_SESSION_TTL_MS);
    expect(sessions.expireStale()).toBe(1);
    expect(sessions.get(b.session.id)).toMatchObject({ outcome: 'expired' });
    expect(sessions.consume(b.state, LOOPBACK)).toMatchObject({ ok: false, reason: 'expired' });
  });
});
