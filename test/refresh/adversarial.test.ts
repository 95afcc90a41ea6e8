// Adversarial refresh cases from security.md Part 4 not covered elsewhere (T21–T23 live in
// refresh-engine.test.ts and cross-process.test.ts): a lost refresh response (T24), an AS that
// answers invalid_grant to everything (T25), clock skew (T26) and revocation details (T27).
// Real vault, real token client, real oidc-provider where its behaviour is the point.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTokenClient } from '../../main/oauth/token-client';
import { resolveConnector } from '../../main/oauth/resolve';
import { SettingsRepo } from '../../main/repos/settings';
import { startOidcServer } from '../support/oidc-server';
import type { OidcServer } from '../support/oidc-server';
import { consentCode, oidcConnection } from '../oauth/token/fixtures';
import { connectorAt, createHarness, sleep, spoken, tokenSet } from './support/harness';
import type { Harness } from './support/harness';
import { startFakeTokenServer, tokenAnswer } from './support/fake-token-server';
import type { FakeRequest, FakeTokenServer } from './support/fake-token-server';
import { startLossyProxy } from './support/lossy-proxy';
import type { LossyProxy } from './support/lossy-proxy';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

let rotating: OidcServer;
let graceful: OidcServer;
let h: Harness | undefined;
let proxy: LossyProxy | undefined;
let server: FakeTokenServer | undefined;

beforeAll(async () => {
  rotating = await startOidcServer({ accessTokenTtl: 300 });
  graceful = await startOidcServer({ accessTokenTtl: 300, rotateRefreshTokens: false });
});
afterAll(async () => {
  await rotating.close();
  await graceful.close();
});
afterEach(async () => {
  h?.close();
  h = undefined;
  await proxy?.close();
  proxy = undefined;
  await server?.close();
  server = undefined;
});

/** A connection consented at `as`, whose refreshes go through a lossy proxy (consent itself goes direct). */
async function connectedThroughProxy(as: OidcServer) {
  proxy = await startLossyProxy(as.issuer);
  const rc = oidcConnection(as, as.clients.confidential, {
    endpoints: { authorize: as.endpoints.authorize, token: `${proxy.origin}/token`, revoke: as.endpoints.revoke, api: as.endpoints.api },
  });
  const harness = createHarness({ connector: rc.connector, clientId: as.clients.confidential.clientId, clientSecret: as.clients.confidential.clientSecret });
  h = harness;
  const direct = resolveConnector({ connector: { ...rc.connector, endpoints: { ...rc.connector.endpoints, token: as.endpoints.token } }, registration: harness.registrations.get('test-market')! });
  const tokens = await createTokenClient().exchangeCode(direct, await consentCode(as, as.clients.confidential));
  return { h: harness, proxy, conn: harness.connect(tokens), tokens };
}

describe('T24 lost response (R40)', () => {
  // security.md T24: the AS rotates, the answer is lost on the way back. The engine cannot know the
  // request landed, so it reads transient and retries once after backoff, with the same refresh
  // token; a rotating AS with reuse detection answers invalid_grant, and that is final.
  it('rotating AS: degraded, one retry with the same refresh token, invalid_grant → needs_consent, then silence', async () => {
    const { h, proxy, conn, tokens } = await connectedThroughProxy(rotating);
    const before = rotating.stats.tokenRequests;
    proxy.state.dropAnswers = 1;
    const lost = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect(proxy.state.dropped).toBe(1);
    expect(lost.outcome).toBe('failed');
    expect([lost.connection.state, lost.connection.reason]).toEqual(['degraded', 'offline']);
    expect(rotating.stats.tokenRequests - before).toBe(1);

    // Backing off: a tick before retry_after does nothing; the one after it retries.
    const retryAt = Date.parse(h.engine.context.connections.get(conn.id)!.retryAfter!);
    expect((await h.engine.scheduler.runDue({ now: retryAt - 1 })).due).toBe(0);
    const retry = await h.engine.scheduler.runDue({ now: retryAt + 1 });
    expect(retry).toMatchObject({ due: 1, failed: 1 });
    const after = h.engine.store.require(conn.id);
    expect([after.state, after.reason]).toEqual(['needs_consent', 'invalid_grant']);
    expect(rotating.stats.tokenRequests - before).toBe(2);
    // At most one retry, and with the very token that was stored (now rotated away at the AS).
    expect(proxy.state.refreshTokens).toEqual([tokens.refreshToken, tokens.refreshToken]);

    // No storm: later ticks, API callers and probes make no token request for it.
    for (const ahead of [MIN, HOUR, DAY, 30 * DAY]) expect((await h.engine.scheduler.runDue({ now: Date.now() + ahead })).due).toBe(0);
    await expect(h.engine.refresh.getFreshAccessToken(conn.id, 'script')).rejects.toMatchObject({ code: 'needs_consent' });
    expect((await h.engine.probes.probeConnection(conn.id, { force: true })).skipped).toBe('not_connected');
    expect(rotating.stats.tokenRequests - before).toBe(2);
    expect(h.engine.store.healthHistory(conn.id).map((e) => e.state)).toEqual(['active', 'degraded', 'needs_consent']);
    expect(spoken(h)).not.toContain(tokens.refreshToken!);
  }, 30_000);

  // security.md T24 / R40 "some ASes have grace windows and some do not": without rotation the
  // retry with the same refresh token works and the connection is simply active again.
  it('non-rotating AS: the one retry with the same refresh token succeeds, active again', async () => {
    const { h, proxy, conn, tokens } = await connectedThroughProxy(graceful);
    const before = graceful.stats.tokenRequests;
    proxy.state.dropAnswers = 1;
    const lost = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect([lost.connection.state, lost.connection.reason]).toEqual(['degraded', 'offline']);
    const retryAt = Date.parse(h.engine.context.connections.get(conn.id)!.retryAfter!);
    expect(await h.engine.scheduler.runDue({ now: retryAt + 1 })).toMatchObject({ due: 1, refreshed: 1 });
    const back = h.engine.store.require(conn.id);
    expect([back.state, back.reason]).toEqual(['active', null]);
    expect(graceful.stats.tokenRequests - before).toBe(2);
    expect(proxy.state.refreshTokens).toEqual([tokens.refreshToken, tokens.refreshToken]);
    // The new access token works at the API.
    expect((await h.engine.probes.probeConnection(conn.id, { force: true })).status).toBe('ok');
  }, 30_000);
});

describe('T25 reuse-detected storm (R40)', () => {
  // security.md T25: the AS answers invalid_grant to every refresh. One request per connection,
  // then needs_consent with no retry_after and no next refresh: nothing left to back off from.
  it('one token request and one needs_consent change per connection, whatever the scheduler does', async () => {
    server = await startFakeTokenServer();
    const srv = server;
    srv.handle((req) => (req.path === '/token' ? { status: 400, body: { error: 'invalid_grant', error_description: 'refresh token reuse detected' } } : { status: 200, body: '' }));
    const hooks: string[] = [];
    const hookFetch = ((_url: string | URL | Request, init?: RequestInit) => {
      hooks.push(typeof init?.body === 'string' ? init.body : '');
      return Promise.resolve(new Response(null, { status: 204 }));
    }) as typeof fetch;
    h = createHarness({ connector: connectorAt(srv.endpoints), clientId: 'client-1', clientSecret: 'secret-1', fetch: hookFetch });
    const harness = h;
    new SettingsRepo(harness.vault).setWebhookUrl('https://hooks.example.test/services/T0/B0/HOOKSECRET');
    const conns = Array.from({ length: 5 }, (_, i) => harness.connect(tokenSet({ expiresInSec: 600 }), { account: `Store ${i}`, dueNow: true }));
    const t0 = Date.now();

    const first = await harness.engine.scheduler.runDue({ now: t0 });
    expect(first).toMatchObject({ due: 5, failed: 5 });
    // Many ticks, up to long after every access token has expired (the schedule would say "due").
    for (const ahead of [0, 1_000, MIN, HOUR, DAY, 7 * DAY, 30 * DAY]) expect((await harness.engine.scheduler.runDue({ now: t0 + ahead })).due).toBe(0);
    const monitor = harness.engine.scheduler.monitor({ tickMs: 5 });
    await sleep(100);
    await monitor.stop();
    for (const c of conns) {
      // A non-forced refresh judged as of a day later, when the access token is long expired.
      expect(await harness.engine.refresh.refreshOutcome(c.id, { dueAsOf: t0 + DAY })).toEqual({ outcome: 'skipped', reason: 'needs_consent' });
      await expect(harness.engine.refresh.getFreshAccessToken(c.id, 'script')).rejects.toMatchObject({ code: 'needs_consent' });
    }
    expect(srv.count('/token')).toBe(5);

    for (const c of conns) {
      const row = harness.engine.context.connections.get(c.id)!;
      expect([row.state, row.reason, row.retryAfter, row.nextRefreshAt]).toEqual(['needs_consent', 'invalid_grant', null, null]);
      expect(harness.engine.store.healthHistory(c.id).map((e) => e.state)).toEqual(['active', 'needs_consent']);
    }
    // One webhook-worthy change per connection, no more.
    await harness.engine.flush();
    const lines = hooks.flatMap((b) => (JSON.parse(b) as { text: string }).text.split('\n')).filter((l) => l.includes('→ needs_consent'));
    expect(lines).toHaveLength(5);
    for (const c of conns) expect(lines.filter((l) => l.includes(`${c.account}:`))).toHaveLength(1);
    expect(harness.audits.filter((a) => a.action === 'connection.refresh').map((a) => a.outcome)).toEqual(Array(5).fill('failed'));
  });

  // security.md T25, the race: a probe in flight when consent goes comes back 401, which normally
  // schedules a refresh at once. Landing after needs_consent, it must not bring the dead refresh
  // token back to the AS on the next tick.
  it('a 401 probe landing after needs_consent schedules no refresh', async () => {
    server = await startFakeTokenServer();
    const srv = server;
    srv.handle((req) =>
      req.path === '/api' ? { status: 401, body: { error: 'invalid_token' }, delayMs: 300 } : { status: 400, body: { error: 'invalid_grant' } },
    );
    const connector = connectorAt(srv.endpoints, { probe: { method: 'GET', endpoint: 'api', intervalSeconds: 60, ratePerSecond: 100, burst: 100 } });
    h = createHarness({ connector, clientId: 'client-1', clientSecret: 'secret-1' });
    const conn = h.connect(tokenSet());
    const probe = h.engine.probes.probeConnection(conn.id, { force: true });
    for (let i = 0; i < 100 && srv.count('/api') === 0; i++) await sleep(5);
    const refreshed = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect(refreshed.connection.state).toBe('needs_consent');
    expect((await probe).connection.state).toBe('needs_consent');
    expect(h.engine.context.connections.get(conn.id)!.nextRefreshAt).toBeNull();
    for (const ahead of [0, MIN, DAY]) await h.engine.scheduler.runDue({ now: Date.now() + ahead });
    expect(srv.count('/token')).toBe(1);
  });
});

describe('T26 clock skew (R39)', () => {
  // security.md T26. What protects: expiry is stored as the engine's clock at issuance plus the
  // AS's relative expires_in (never the AS's absolute time), so skew between this machine and the
  // AS does not matter, and renewal is judged against that stored instant by the same clock.
  // What does not: wall time is not monotonic and the expiry outlives restarts, so a clock jump
  // between issuance and use moves the engine's idea of expiry. Forward: an early refresh
  // (harmless). Backward: the engine believes the token lives longer than it does at the AS; the
  // API's 401 then heals it (probe → api_unauthorized → refresh scheduled now → refresh).
  it('stores issuance clock + expires_in; +24 h refreshes early; −24 h is healed by 401 → probe → refresh', async () => {
    server = await startFakeTokenServer();
    const srv = server;
    const deadAtAs = new Set<string>();
    const bearer = (req: FakeRequest) => String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    srv.handle((req) => {
      if (req.path === '/api') return deadAtAs.has(bearer(req)) ? { status: 401, body: { error: 'invalid_token' } } : { status: 200, body: {} };
      return tokenAnswer({ expiresIn: 3600 });
    });
    const t0 = Date.now();
    let now = t0;
    const clock = () => now;
    const connector = connectorAt(srv.endpoints, { probe: { method: 'GET', endpoint: 'api', intervalSeconds: 60, ratePerSecond: 100, burst: 100 } });
    // The system clock moves for the whole process: engine and token client read the same one.
    h = createHarness({ connector, clientId: 'client-1', clientSecret: 'secret-1', clock, tokenClient: createTokenClient({ now: clock, timeoutMs: 5_000 }) });
    const harness = h;
    const conn = harness.connect(tokenSet({ accessExpiresAt: new Date(t0 + HOUR) }));
    const creds = () => harness.engine.context.credentials.get(conn.grantId!)!;
    const use = () => harness.engine.refresh.getFreshAccessToken(conn.id, 'script');

    await harness.engine.refresh.refreshConnection(conn.id, { force: true });
    expect([creds().issuedAt, creds().accessExpiresAt]).toEqual([iso(t0), iso(t0 + HOUR)]);

    // +24 h: the stored expiry has passed by the engine clock, so the next use refreshes first.
    now = t0 + DAY;
    const forward = await use();
    expect(srv.count('/token')).toBe(2);
    expect(forward.expiresAt).toBe(iso(now + HOUR));

    // −24 h: by the engine clock the token now has 25 h left; nothing refreshes, it is handed out.
    now = t0;
    expect((await use()).accessToken).toBe(forward.accessToken);
    expect(srv.count('/token')).toBe(2);
    // In real time the AS expires it within the hour. The API's 401 is what catches that.
    deadAtAs.add(forward.accessToken);
    const probed = await harness.engine.probes.probeConnection(conn.id, { force: true });
    expect([probed.status, probed.connection.state, probed.connection.reason]).toEqual(['failed', 'degraded', 'api_unauthorized']);
    expect(await harness.engine.scheduler.runDue({ now })).toMatchObject({ due: 1, refreshed: 1 });
    expect(srv.count('/token')).toBe(3);
    expect(harness.engine.store.require(conn.id).state).toBe('active');
    // Stored against the (skewed) issuance clock, and judged by the same clock from then on.
    expect([creds().issuedAt, creds().accessExpiresAt]).toEqual([iso(now), iso(now + HOUR)]);
    const expiry = now + HOUR;
    now = expiry - 61_000; // outside the 60 s refresh margin: used as is
    await use();
    expect(srv.count('/token')).toBe(3);
    now = expiry - 59_000; // inside the margin (and so after expiry too): refreshed before use
    const renewed = await use();
    expect(srv.count('/token')).toBe(4);
    expect(renewed.expiresAt).toBe(iso(now + HOUR));
  });
});

describe('T27 revocation details (R17)', () => {
  // security.md T27 "An http: revocation URL in config → refused". The CLI's `app set --endpoint`
  // already refuses it (test/cli/foundation.test.ts); this is a registration written around the
  // CLI: the token client refuses it before any request, and the revocation stays pending.
  it('an http: (non-loopback) revocation endpoint in the registration is refused before any request', async () => {
    let requests = 0;
    const counting: typeof fetch = (input, init) => {
      requests++;
      return fetch(input, init);
    };
    const rc = oidcConnection(rotating, rotating.clients.confidential);
    const { clientId, clientSecret } = rotating.clients.confidential;
    h = createHarness({ connector: rc.connector, clientId, clientSecret, tokenClient: createTokenClient({ fetch: counting, timeoutMs: 5_000 }) });
    const canary = `CANARY-RT-${Math.random().toString(36).slice(2)}`;
    const conn = h.connect(tokenSet({ refreshToken: canary }));
    h.registrations.set({ connectorId: 'test-market', clientId, endpoints: { revoke: 'http://revoke.example.test/token/revocation' } });
    const r = await h.engine.revocation.revokeConnection(conn.id);
    expect([r.state, r.remoteRevocation]).toEqual(['disconnected', 'pending']);
    expect(requests).toBe(0);
    expect(h.engine.context.pendingRevocations.forConnection(conn.id)[0]!.lastError).toBe('configuration');
    expect(h.engine.context.credentials.get(conn.grantId!)!.refreshToken).toBeNull(); // local deletion is immediate
    // The scheduler's retries are refused the same way until the registration is fixed.
    expect((await h.engine.scheduler.runDue({ now: Date.now() + 2 * DAY })).revocations).toEqual({ attempted: 1, done: 0 });
    expect(requests).toBe(0);
    expect(spoken(h)).not.toContain(canary);
  });

  // security.md T27 "200 on an unknown token counts as success" (RFC 7009 §2.2), at oidc-provider.
  it('revoking a token the AS does not know: answered 200, counts as done', async () => {
    const rc = oidcConnection(rotating, rotating.clients.confidential);
    h = createHarness({ connector: rc.connector, clientId: rotating.clients.confidential.clientId, clientSecret: rotating.clients.confidential.clientSecret });
    const conn = h.connect(tokenSet({ refreshToken: `CANARY-RT-unknown-${Math.random().toString(36).slice(2)}` }));
    const before = rotating.stats.revocationRequests;
    const r = await h.engine.revocation.revokeConnection(conn.id);
    expect(rotating.stats.revocationRequests - before).toBe(1);
    expect([r.state, r.remoteRevocation]).toEqual(['disconnected', 'done']);
    expect(h.engine.context.pendingRevocations.forConnection(conn.id)).toEqual([]);
  });
});
