// The refresh engine against a scriptable marketplace token endpoint on 127.0.0.1, through the
// real token client and a real vault: single-flight, write-then-use, the rotation rules, failure
// classes into health, shared grants, and that no secret is ever said out loud.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../main/refresh';
import { accessTokenRef, refreshTokenRef } from '../../main/repos/credentials';
import { connectorAt, createHarness, reopen, spoken, tokenSet } from './support/harness';
import type { Harness } from './support/harness';
import { startFakeTokenServer, tokenAnswer } from './support/fake-token-server';
import type { FakeTokenServer } from './support/fake-token-server';
import type { ConnectorOverrides } from '../oauth/token/fixtures';

let server: FakeTokenServer;
let h: Harness;
const SECRET = 'client-secret-DO-NOT-LEAK-123';

function setup(overrides: ConnectorOverrides = {}): Harness {
  h = createHarness({ connector: connectorAt(server.endpoints, overrides), clientId: 'client-1', clientSecret: SECRET });
  return h;
}

function storedRefreshToken(grantId: string): string | null {
  const row = h.engine.context.credentials.get(grantId)!;
  return row.refreshToken === null ? null : h.vault.openString(row.refreshToken, refreshTokenRef(grantId));
}

function storedAccessToken(grantId: string): string | null {
  const row = h.engine.context.credentials.get(grantId)!;
  return row.accessToken === null ? null : h.vault.openString(row.accessToken, accessTokenRef(grantId));
}

beforeEach(async () => {
  server = await startFakeTokenServer();
});
afterEach(async () => {
  h?.close();
  await server.close();
});

describe('single-flight in one process', () => {
  it('20 concurrent refreshes of one connection make exactly one token request', async () => {
    setup();
    server.handle(() => ({ ...tokenAnswer(), delayMs: 100 }));
    const conn = h.connect(tokenSet());
    const results = await Promise.all(Array.from({ length: 20 }, () => h.engine.refresh.refreshConnection(conn.id, { force: true })));
    expect(server.count('/token')).toBe(1);
    expect(results.every((r) => r.outcome === 'refreshed')).toBe(true);
    expect(h.engine.context.credentials.get(conn.grantId!)!.version).toBe(2);
  });

  it('a second engine on the same vault (another process) reuses the result instead of refreshing again', async () => {
    setup();
    server.handle(() => ({ ...tokenAnswer(), delayMs: 300 }));
    const conn = h.connect(tokenSet());
    const other = reopen(h, { connector: h.connectors.get('test-market')!, clientId: 'client-1', clientSecret: SECRET });
    try {
      const [a, b] = await Promise.all([
        h.engine.refresh.refreshConnection(conn.id, { force: true }),
        other.engine.refresh.refreshConnection(conn.id, { force: true }),
      ]);
      expect(server.count('/token')).toBe(1);
      expect([a.outcome, b.outcome].sort()).toEqual(['refreshed', 'refreshed_elsewhere']);
      // The lease row is gone once its owner released it.
      expect(h.engine.context.leases.holder(conn.grantId!)).toBeUndefined();
    } finally {
      other.vault.close();
    }
  });

  it('does not refresh what is not due unless forced', async () => {
    setup();
    const conn = h.connect(tokenSet({ expiresInSec: 3600 }));
    const r = await h.engine.refresh.refreshConnection(conn.id);
    expect(r.outcome).toBe('fresh');
    expect(server.count('/token')).toBe(0);
  });
});

describe('write-then-use and rotation', () => {
  it('persists a rotated refresh token before anyone sees the new access token', async () => {
    setup();
    server.handle(() => tokenAnswer({ refresh: 'RT-rotated-2', access: 'AT-new-2' }));
    const seenAtUse: Array<string | null> = [];
    h.close();
    h = createHarness({
      connector: connectorAt(server.endpoints),
      clientId: 'client-1',
      clientSecret: SECRET,
      // The audit of the handout runs before the token is returned: what is stored then is durable.
      audit: (e) => {
        if (e.action === 'credential.use') seenAtUse.push(storedRefreshToken(String(e.detail.grantId)));
      },
    });
    const conn = h.connect(tokenSet({ expiresInSec: -5 }));
    const fresh = await h.engine.refresh.getFreshAccessToken(conn.id, 'script:report');
    expect(fresh.accessToken).toBe('AT-new-2');
    expect(seenAtUse).toEqual(['RT-rotated-2']);
    expect(server.requests[0]!.form.get('refresh_token')).toMatch(/^RT-initial-/);
  });

  it('rotating connector answering without a refresh token: keeps none, degraded no_refresh_token, then needs_consent at expiry', async () => {
    setup({ tokens: { rotation: 'rotating', refreshMarginSeconds: 60 } });
    server.handle(() => tokenAnswer({ refresh: null, expiresIn: 2 }));
    const conn = h.connect(tokenSet());
    const r = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect(r.outcome).toBe('refreshed');
    expect(r.reason).toBe('no_refresh_token');
    expect(storedRefreshToken(conn.grantId!)).toBeNull();
    expect(r.connection.state).toBe('degraded');
    expect(r.connection.reason).toBe('no_refresh_token');
    // The access token still works meanwhile, and the scheduler comes back at its expiry.
    expect(Date.parse(r.connection.accessExpiresAt!) - Date.parse(h.engine.context.connections.get(conn.id)!.nextRefreshAt!)).toBeLessThanOrEqual(0);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const after = await h.engine.refresh.refreshConnection(conn.id);
    expect(after.connection.state).toBe('needs_consent');
    expect(after.connection.reason).toBe('no_refresh_token');
    expect(server.count('/token')).toBe(1);
  });

  it('static connector answering without a refresh token keeps the old one and stays active', async () => {
    setup({ tokens: { rotation: 'static' } });
    server.handle(() => tokenAnswer({ refresh: null }));
    const conn = h.connect(tokenSet({ refreshToken: 'RT-static-forever' }));
    const r = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect(r.connection.state).toBe('active');
    expect(storedRefreshToken(conn.grantId!)).toBe('RT-static-forever');
    await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect(server.requests.map((q) => q.form.get('refresh_token'))).toEqual(['RT-static-forever', 'RT-static-forever']);
  });

  it("'unknown' rotation follows RFC 6749 §6: no new refresh token means the old one stays valid", async () => {
    setup({ tokens: { rotation: 'unknown' } });
    server.handle(() => tokenAnswer({ refresh: null }));
    const conn = h.connect(tokenSet({ refreshToken: 'RT-old' }));
    const r = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect(r.connection.state).toBe('active');
    expect(storedRefreshToken(conn.grantId!)).toBe('RT-old');
  });

  it('a new refresh token always replaces the old one', async () => {
    setup({ tokens: { rotation: 'static' } });
    server.handle(() => tokenAnswer({ refresh: 'RT-new' }));
    const conn = h.connect(tokenSet({ refreshToken: 'RT-old' }));
    await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect(storedRefreshToken(conn.grantId!)).toBe('RT-new');
  });
});

describe('imported refresh tokens', () => {
  it('an import without an access token is due at once, and the first refresh gets one', async () => {
    setup();
    server.handle(() => tokenAnswer({ access: 'AT-first' }));
    const conn = h.connect(tokenSet({ accessToken: '', accessExpiresAt: null, refreshToken: 'RT-imported' }), { dueNow: true });
    // Not checked with the marketplace yet: the health says so instead of claiming active.
    expect(conn).toMatchObject({ state: 'degraded', reason: 'not_verified', lastRefreshAt: null });
    expect(storedAccessToken(conn.grantId!)).toBeNull();
    const tick = await h.engine.scheduler.runDue();
    expect(tick).toMatchObject({ due: 1, refreshed: 1 });
    expect(h.engine.store.require(conn.id)).toMatchObject({ state: 'active', reason: null });
    expect(server.requests[0]!.form.get('refresh_token')).toBe('RT-imported');
    expect((await h.engine.refresh.getFreshAccessToken(conn.id, 'script')).accessToken).toBe('AT-first');
  });
});

describe('failures become health', () => {
  it('503 with Retry-After: degraded, backs off as told, then active on the next success', async () => {
    setup();
    server.handle(() => ({ status: 503, headers: { 'retry-after': '120' }, body: { error: 'temporarily_unavailable' } }));
    const conn = h.connect(tokenSet());
    const failed = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect(failed.outcome).toBe('failed');
    expect(failed.connection.state).toBe('degraded');
    expect(failed.connection.reason).toBe('temporarily_unavailable');
    const row = h.engine.context.connections.get(conn.id)!;
    expect(row.failureCount).toBe(1);
    expect(Date.parse(row.retryAfter!) - Date.now()).toBeGreaterThan(110_000);
    // The scheduler skips it until then.
    const tick = await h.engine.scheduler.runDue();
    expect(tick.due).toBe(0);
    // A non-forced refresh respects the backoff too; an explicit (forced) one goes.
    expect((await h.engine.refresh.refreshConnection(conn.id)).outcome).not.toBe('refreshed');
    server.handle(() => tokenAnswer());
    const ok = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect(ok.connection.state).toBe('active');
    expect(ok.connection.reason).toBeNull();
    expect(h.engine.context.connections.get(conn.id)!.failureCount).toBe(0);
    expect(h.engine.store.healthHistory(conn.id).map((e) => e.state)).toEqual(['active', 'degraded', 'active']);
  });

  it('invalid_grant: needs_consent at once and no further attempts by the scheduler', async () => {
    setup();
    server.handle(() => ({ status: 400, body: { error: 'invalid_grant', error_description: 'refresh token revoked' } }));
    const conn = h.connect(tokenSet());
    const r = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect(r.connection.state).toBe('needs_consent');
    expect(r.connection.reason).toBe('invalid_grant');
    expect(h.engine.context.connections.get(conn.id)!.nextRefreshAt).toBeNull();
    const tick = await h.engine.scheduler.runDue({ now: Date.now() + 10 * 86_400_000 });
    expect(tick.due).toBe(0);
    expect(server.count('/token')).toBe(1);
    await expect(h.engine.refresh.getFreshAccessToken(conn.id, 'script')).rejects.toMatchObject({ code: 'needs_consent' });
  });

  it('invalid_grant after the consent validity ran out reads consent_expired', async () => {
    setup({ consent: { validityDays: 365 } });
    server.handle(() => ({ status: 400, body: { error: 'invalid_grant' } }));
    const conn = h.connect(tokenSet(), { grant: { consentGrantedAt: new Date(Date.now() - 366 * 86_400_000).toISOString() } });
    const r = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect(r.connection.state).toBe('needs_consent');
    expect(r.connection.reason).toBe('consent_expired');
  });

  it('client_broken flags the app registration and degrades every connection of it; a success heals', async () => {
    setup();
    const a = h.connect(tokenSet(), { account: 'Store A' });
    const b = h.connect(tokenSet(), { account: 'Store B' });
    server.handle(() => ({ status: 401, body: { error: 'invalid_client' } }));
    await h.engine.refresh.refreshConnection(a.id, { force: true });
    expect(h.registrations.get('test-market')!.brokenReason).toBe('invalid_client');
    for (const id of [a.id, b.id]) {
      const v = h.engine.store.require(id);
      expect([v.state, v.reason]).toEqual(['degraded', 'invalid_client']);
    }
    server.handle(() => tokenAnswer());
    await h.engine.refresh.refreshConnection(a.id, { force: true });
    expect(h.registrations.get('test-market')!.brokenReason).toBeNull();
    expect(h.engine.store.require(a.id).state).toBe('active');
    // B is retried at once now that the registration works, and heals on that refresh.
    expect(Date.parse(h.engine.context.connections.get(b.id)!.nextRefreshAt!)).toBeLessThanOrEqual(Date.now());
    const tick = await h.engine.scheduler.runDue();
    expect(tick.refreshed).toBe(1);
    expect(h.engine.store.require(b.id).state).toBe('active');
  });

  it('no network: degraded with reason offline, never needs_consent, even with an expired access token', async () => {
    setup();
    const conn = h.connect(tokenSet({ expiresInSec: -60 }));
    await server.close();
    const r = await h.engine.refresh.refreshConnection(conn.id);
    expect(r.outcome).toBe('failed');
    expect(r.connection.state).toBe('degraded');
    expect(r.connection.reason).toBe('offline');
    await expect(h.engine.refresh.getFreshAccessToken(conn.id, 'script')).rejects.toMatchObject({ code: 'no_access_token' });
    server = await startFakeTokenServer(); // afterEach closes it
  });
});

describe('shared grants', () => {
  it('one grant, two connections: refreshing either refreshes the grant, failures and renewals apply to both', async () => {
    setup();
    const first = h.connect(tokenSet(), { account: 'Advertiser 1', grant: { externalAccount: 'ads-user-1' } });
    const second = h.engine.store.attachConnection(first.grantId!, { tenantId: h.tenantId, account: 'Advertiser 2' });
    expect(second.grantId).toBe(first.grantId);

    server.handle(() => tokenAnswer({ access: 'AT-shared' }));
    await h.engine.refresh.refreshConnection(second.id, { force: true });
    expect(storedAccessToken(first.grantId!)).toBe('AT-shared');
    expect(h.engine.store.require(first.id).lastRefreshAt).toBe(h.engine.store.require(second.id).lastRefreshAt);

    server.handle(() => ({ status: 400, body: { error: 'invalid_grant' } }));
    await h.engine.refresh.refreshConnection(first.id, { force: true });
    expect(h.engine.store.require(first.id).state).toBe('needs_consent');
    expect(h.engine.store.require(second.id).state).toBe('needs_consent');

    const renewed = h.engine.store.renewGrant(second.id, tokenSet({ accessToken: 'AT-renewed' }), { externalAccount: 'ads-user-1' });
    expect(renewed.id).toBe(second.id);
    expect(renewed.state).toBe('active');
    expect(h.engine.store.require(first.id).state).toBe('active');
    expect(storedAccessToken(first.grantId!)).toBe('AT-renewed');
  });

  it('a reconnect that comes back as another marketplace account is refused', () => {
    setup();
    const conn = h.connect(tokenSet(), { grant: { externalAccount: 'seller-A' } });
    expect(() => h.engine.store.renewGrant(conn.id, tokenSet(), { externalAccount: 'seller-B' })).toThrow(/approved account seller-B/);
  });

  it('lists connections by tenant and state, and refuses an unknown state with the valid ones', () => {
    setup();
    const other = h.addTenant('Other Client');
    const a = h.connect(tokenSet());
    h.connect(tokenSet(), { tenantId: other });
    expect(h.engine.store.listConnections({ tenantId: h.tenantId }).map((c) => c.id)).toEqual([a.id]);
    expect(h.engine.store.listConnections({ state: 'needs_consent' })).toEqual([]);
    expect(() => h.engine.store.listConnections({ state: 'broken' as never })).toThrow('Unknown state "broken"; use one of: active, degraded, needs_consent, disconnected.');
  });

  it('findDuplicateAccounts flags one marketplace account under two tenants', () => {
    setup();
    const other = h.addTenant('Other Client');
    const a = h.connect(tokenSet(), { grant: { externalAccount: 'seller-42' } });
    const b = h.connect(tokenSet(), { tenantId: other, grant: { externalAccount: 'seller-42' } });
    h.connect(tokenSet(), { grant: { externalAccount: 'seller-7' } });
    const dups = h.engine.store.findDuplicateAccounts();
    expect(dups).toHaveLength(1);
    expect(dups[0]!.externalAccount).toBe('seller-42');
    expect(dups[0]!.connections.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
  });
});

describe('credential use', () => {
  it('hands out a fresh token with API headers, refreshing first when due, and audits the use', async () => {
    setup();
    server.handle(() => tokenAnswer({ access: 'AT-fresh' }));
    const conn = h.connect(tokenSet({ expiresInSec: -5 })); // expired: due
    const t = await h.engine.refresh.getFreshAccessToken(conn.id, 'script:nightly');
    expect(t.accessToken).toBe('AT-fresh');
    expect(t.headers).toEqual({ Authorization: 'Bearer AT-fresh' });
    expect(Date.parse(t.expiresAt!)).toBeGreaterThan(Date.now() + 3_000_000);
    const use = h.audits.filter((a) => a.action === 'credential.use');
    expect(use).toHaveLength(1);
    expect(use[0]).toMatchObject({ actor: 'script:nightly', connectionId: conn.id, outcome: 'ok' });
    // Not due now: the second handout makes no token request.
    await h.engine.refresh.getFreshAccessToken(conn.id, 'script:nightly');
    expect(server.count('/token')).toBe(1);
  });

  it('fails closed when the audit log cannot record the handout', async () => {
    h = createHarness({
      connector: connectorAt(server.endpoints),
      clientId: 'client-1',
      clientSecret: SECRET,
      audit: (e) => {
        if (e.action === 'credential.use') throw new Error('audit disk full');
      },
    });
    const conn = h.connect(tokenSet());
    await expect(h.engine.refresh.getFreshAccessToken(conn.id, 'script')).rejects.toThrow('audit disk full');
  });

  it('refuses unknown and paused-and-due connections with errors that say what to do', async () => {
    setup();
    await expect(h.engine.refresh.getFreshAccessToken('con_missing', 'x')).rejects.toThrow(/No connection con_missing; list them/);
    const conn = h.connect(tokenSet({ expiresInSec: -5 }));
    h.engine.lifecycle.pause(conn.id, 'alice');
    const err = await h.engine.refresh.getFreshAccessToken(conn.id, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).message).toMatch(/paused.*resume it first/);
  });
});

describe('permissions', () => {
  it('a consent without a workflow scope reads degraded / missing_permission naming the workflow', async () => {
    setup({ scopes: { base: [], reporting: ['orders.read'], listings: ['listings.write'] } });
    const conn = h.connect(tokenSet({ scopes: ['orders.read'] }), { grant: { scopesRequested: ['orders.read', 'listings.write'] } });
    expect(conn.state).toBe('degraded');
    expect(conn.reason).toBe('missing_permission');
    expect(conn.reasonDetail).toBe('listings (needs listings.write)');
    expect(h.engine.store.permissions(conn.id).blocked.map((b) => b.purpose)).toEqual(['listings']);
    // A refresh that lists the full scope set clears it; one that lists none says nothing.
    server.handle(() => tokenAnswer({ scope: undefined }));
    expect((await h.engine.refresh.refreshConnection(conn.id, { force: true })).connection.reason).toBe('missing_permission');
    server.handle(() => tokenAnswer({ scope: 'orders.read listings.write' }));
    const healed = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect([healed.connection.state, healed.connection.reason]).toEqual(['active', null]);
  });
});

describe('secrets', () => {
  it('no token or client secret appears in logs, audit events or error messages', async () => {
    setup();
    const conn = h.connect(tokenSet({ accessToken: 'AT-canary-1', refreshToken: 'RT-canary-1' }));
    server.handle(() => ({ status: 400, body: { error: 'invalid_grant', error_description: 'bad token RT-canary-1' } }));
    const r = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    const err: string = await h.engine.refresh.getFreshAccessToken(conn.id, 'x').then(
      () => 'no error',
      (e: unknown) => (e as Error).message,
    );
    const said = spoken(h, [err, JSON.stringify(r.connection)]);
    expect(said).toContain('invalid_grant');
    for (const secret of ['AT-canary-1', 'RT-canary-1', SECRET]) expect(said).not.toContain(secret);
  });
});
