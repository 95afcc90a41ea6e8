// The engine's standard path against a real authorization server (node oidc-provider, rotating
// refresh tokens with reuse detection, RFC 7009): refresh, 503 then success, probes, the
// scheduler, pause/resume, revocation (done, pending then retried, unsupported, shared grants),
// the revocation preview and deletion.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorDefinition } from '../../connectors/types';
import { createTokenClient } from '../../main/oauth/token-client';
import { resolveConnector } from '../../main/oauth/resolve';
import type { TokenSet } from '../../main/oauth/token-types';
import { toConnectionJson } from '../../main/cli/connection-json';
import { startOidcServer } from '../support/oidc-server';
import type { OidcServer } from '../support/oidc-server';
import { consentCode, oidcConnection } from '../oauth/token/fixtures';
import { createHarness, sleep } from './support/harness';
import type { Harness } from './support/harness';

let as: OidcServer;
let h: Harness;
const client = createTokenClient({ timeoutMs: 5_000 });

beforeAll(async () => {
  as = await startOidcServer({ accessTokenTtl: 120 });
});
afterAll(async () => {
  await as.close();
});
afterEach(() => {
  h?.close();
});

function setup(overrides: Partial<ConnectorDefinition> = {}): Harness {
  const rc = oidcConnection(as, as.clients.confidential, overrides);
  h = createHarness({ connector: rc.connector, clientId: as.clients.confidential.clientId, clientSecret: as.clients.confidential.clientSecret });
  return h;
}

async function consentTokens(): Promise<TokenSet> {
  const consent = await consentCode(as, as.clients.confidential);
  return client.exchangeCode(rcFor(), consent);
}

function rcFor() {
  const connector = h.connectors.get('test-market')!;
  return resolveConnector({ connector, registration: h.registrations.get('test-market')! });
}

/** Asks the AS directly whether a refresh token still works. */
async function refreshWorks(refreshToken: string): Promise<boolean> {
  try {
    await client.refresh(rcFor(), refreshToken);
    return true;
  } catch {
    return false;
  }
}

function refreshTokenOf(grantId: string): string | null {
  const row = h.engine.context.credentials.get(grantId)!;
  return h.engine.context.credentials.openRefreshToken(row);
}

describe('refresh against oidc-provider', () => {
  it('rotates: the new pair is stored, the old refresh token is dead, and the family lives on', async () => {
    setup();
    const tokens = await consentTokens();
    const conn = h.connect(tokens);
    const before = as.stats.tokenRequests;
    const r = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect(r.outcome).toBe('refreshed');
    expect(as.stats.tokenRequests - before).toBe(1);
    const rotated = refreshTokenOf(conn.grantId!)!;
    expect(rotated).not.toBe(tokens.refreshToken);
    const again = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect(again.outcome).toBe('refreshed');
    expect(again.connection.state).toBe('active');
    expect(toConnectionJson(again.connection)).toEqual({
      id: conn.id,
      tenantId: h.tenantId,
      tenant: 'Acme Shoes',
      connector: 'test-market',
      account: 'Main store',
      region: null,
      state: 'active',
      reason: null,
      accessExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      consentExpiresAt: null,
      lastRefreshAt: expect.stringMatching(/^\d{4}-/) as unknown,
      lastProbeAt: null,
      owner: null,
    });
  });

  it('503 then success: degraded, then active', async () => {
    setup();
    const conn = h.connect(await consentTokens());
    as.failNextTokenRequests(1, 503);
    const failed = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect([failed.connection.state, failed.connection.reason]).toEqual(['degraded', 'temporarily_unavailable']);
    const ok = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect([ok.connection.state, ok.connection.reason]).toEqual(['active', null]);
    expect(h.audits.filter((a) => a.action === 'connection.refresh').map((a) => a.outcome)).toEqual(['failed', 'ok']);
  });
});

describe('probes', () => {
  it('probes the API, respects the interval, and says when it skipped', async () => {
    setup();
    const conn = h.connect(await consentTokens());
    const first = await h.engine.probes.probeConnection(conn.id);
    expect(first.status).toBe('ok');
    expect(first.connection.lastProbeAt).not.toBeNull();
    const second = await h.engine.probes.probeConnection(conn.id);
    expect([second.status, second.skipped]).toEqual(['skipped', 'interval']);
    expect((await h.engine.probes.probeConnection(conn.id, { force: true })).status).toBe('ok');
  });

  it("keeps within the connector's rate limit across connections", async () => {
    setup({ probe: { method: 'GET', endpoint: 'api', intervalSeconds: 60, ratePerSecond: 0.001, burst: 2 } });
    const tokens = [await consentTokens(), await consentTokens(), await consentTokens()];
    const conns = tokens.map((t, i) => h.connect(t, { account: `Store ${i}` }));
    const results = [];
    for (const c of conns) results.push(await h.engine.probes.probeConnection(c.id));
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'skipped']);
    expect(results[2]!.skipped).toBe('rate_limited');
  });

  it('an API that refuses a stale token: degraded api_unauthorized, refreshed at once, active again', async () => {
    setup();
    const tokens = await consentTokens();
    const conn = h.connect(tokens);
    // The stored access token no longer works at the API (as after a marketplace-side reset).
    h.engine.context.credentials.write(conn.grantId!, { ...tokens, accessToken: 'stale-access-token' }, 'keep', new Date().toISOString(), null);
    const probed = await h.engine.probes.probeConnection(conn.id);
    expect(probed.status).toBe('failed');
    expect([probed.connection.state, probed.connection.reason]).toEqual(['degraded', 'api_unauthorized']);
    const tick = await h.engine.scheduler.runDue();
    expect(tick).toMatchObject({ due: 1, refreshed: 1 });
    const healed = h.engine.store.require(conn.id);
    expect([healed.state, healed.reason]).toEqual(['active', null]);
  });

  it('an API that refuses the token because consent was withdrawn: the refresh that follows says needs_consent', async () => {
    setup();
    const tokens = await consentTokens();
    const conn = h.connect(tokens);
    // Revoking the access token at oidc-provider ends the whole grant, as a seller removing the app does.
    await client.revoke(rcFor(), tokens.accessToken, 'access_token');
    const probed = await h.engine.probes.probeConnection(conn.id);
    expect(probed.connection.reason).toBe('api_unauthorized');
    const tick = await h.engine.scheduler.runDue();
    expect(tick).toMatchObject({ due: 1, failed: 1 });
    const after = h.engine.store.require(conn.id);
    expect([after.state, after.reason]).toEqual(['needs_consent', 'invalid_grant']);
  });
});

describe('scheduler, pause and resume', () => {
  it('refreshes what is due, skips paused connections, and resumes them', async () => {
    setup();
    const due = h.connect(await consentTokens(), { account: 'Due', dueNow: true });
    const notDue = h.connect(await consentTokens(), { account: 'Not due' });
    const paused = h.connect(await consentTokens(), { account: 'Paused', dueNow: true });
    h.engine.lifecycle.pause(paused.id, 'alice');
    expect(h.engine.store.require(paused.id).reason).toBe('paused');
    const tick = await h.engine.scheduler.runDue();
    expect(tick).toMatchObject({ due: 1, refreshed: 1, failed: 0 });
    expect(h.engine.store.require(due.id).lastRefreshAt).not.toBe(due.lastRefreshAt);
    expect(h.engine.store.require(notDue.id).lastRefreshAt).toBe(notDue.lastRefreshAt);
    // Paused: no refresh and no probe, tokens kept.
    expect(h.engine.context.credentials.get(paused.grantId!)!.refreshToken).not.toBeNull();
    expect((await h.engine.probes.probeConnection(paused.id, { force: true })).skipped).toBe('paused');
    await expect(h.engine.refresh.refreshConnection(paused.id)).rejects.toThrow(/paused; resume it/);
    h.engine.lifecycle.resume(paused.id, 'alice');
    const next = await h.engine.scheduler.runDue();
    expect(next).toMatchObject({ due: 1, refreshed: 1 });
    expect(h.engine.store.require(paused.id).reason).toBeNull();
    expect(h.audits.filter((a) => a.action.startsWith('connection.p') || a.action === 'connection.resume').map((a) => `${a.action}:${a.actor}`)).toEqual([
      'connection.pause:alice',
      'connection.resume:alice',
    ]);
  });

  it('the monitor loop ticks until stopped', async () => {
    setup();
    h.connect(await consentTokens(), { dueNow: true });
    const ticks: number[] = [];
    const monitor = h.engine.scheduler.monitor({ tickMs: 20, onTick: (r) => ticks.push(r.refreshed) });
    await sleep(300);
    await monitor.stop();
    const count = ticks.length;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(ticks[0]).toBe(1);
    expect(ticks.slice(1).every((n) => n === 0)).toBe(true);
    await sleep(60);
    expect(ticks.length).toBe(count);
  });
});

describe('revocation', () => {
  it('revokes remotely with the refresh token, shreds locally, reads disconnected / done', async () => {
    setup();
    const tokens = await consentTokens();
    const conn = h.connect(tokens);
    const before = as.stats.revocationRequests;
    const r = await h.engine.revocation.revokeConnection(conn.id, { actor: 'alice' });
    expect(r).toMatchObject({ id: conn.id, state: 'disconnected', remoteRevocation: 'done' });
    expect(as.stats.revocationRequests - before).toBe(1);
    expect(await refreshWorks(tokens.refreshToken!)).toBe(false);
    const creds = h.engine.context.credentials.get(conn.grantId!)!;
    expect([creds.accessToken, creds.refreshToken]).toEqual([null, null]);
    expect(creds.shreddedAt).not.toBeNull();
    const file = readFileSync(h.vault.file);
    expect(file.includes(Buffer.from(tokens.refreshToken!))).toBe(false);
    expect(h.engine.store.require(conn.id).state).toBe('disconnected');
    await expect(h.engine.refresh.getFreshAccessToken(conn.id, 'x')).rejects.toMatchObject({ code: 'disconnected' });
    expect(h.audits.find((a) => a.action === 'connection.revoke')).toMatchObject({ actor: 'alice', outcome: 'ok' });
  });

  it('with the remote endpoint down: pending + disconnected at once, retried by the scheduler until done', async () => {
    setup();
    const tokens = await consentTokens();
    const conn = h.connect(tokens);
    h.registrations.set({ connectorId: 'test-market', clientId: as.clients.confidential.clientId, endpoints: { revoke: 'http://127.0.0.1:1/revoke' } });
    const r = await h.engine.revocation.revokeConnection(conn.id);
    expect(r.remoteRevocation).toBe('pending');
    expect(h.engine.store.require(conn.id).state).toBe('disconnected');
    const creds = h.engine.context.credentials.get(conn.grantId!)!;
    expect(creds.refreshToken).toBeNull();
    const pending = h.engine.context.pendingRevocations.forConnection(conn.id);
    expect(pending).toHaveLength(1);
    expect(pending[0]!.lastError).toBe('offline');
    expect(pending[0]!.token.includes(Buffer.from(tokens.refreshToken!))).toBe(false); // sealed
    // Still down at the next due attempt: stays pending, backs off.
    const stillDown = await h.engine.scheduler.runDue({ now: Date.now() + 86_400_000 });
    expect(stillDown.revocations).toEqual({ attempted: 1, done: 0 });
    expect(h.engine.context.pendingRevocations.forConnection(conn.id)[0]!.attempts).toBe(2);
    // The endpoint is back: done, the sealed token is gone, and the AS no longer honours it.
    h.registrations.set({ connectorId: 'test-market', clientId: as.clients.confidential.clientId, endpoints: { revoke: as.endpoints.revoke } });
    const back = await h.engine.scheduler.runDue({ now: Date.now() + 10 * 86_400_000 });
    expect(back.revocations).toEqual({ attempted: 1, done: 1 });
    expect(h.engine.context.pendingRevocations.forConnection(conn.id)).toEqual([]);
    // Revoking again is idempotent and reports the settled outcome.
    expect((await h.engine.revocation.revokeConnection(conn.id)).remoteRevocation).toBe('done');
    expect(await refreshWorks(tokens.refreshToken!)).toBe(false);
  });

  it("unsupported when the marketplace has no revocation: local shred, and the seller's removal steps", async () => {
    setup({ revocation: { method: 'none' } });
    const conn = h.connect(await consentTokens());
    const before = as.stats.revocationRequests;
    const r = await h.engine.revocation.revokeConnection(conn.id);
    expect(r.remoteRevocation).toBe('unsupported');
    expect(r.removeApp).toBe('Remove the app in the marketplace');
    expect(as.stats.revocationRequests).toBe(before);
    expect(h.engine.context.credentials.get(conn.grantId!)!.refreshToken).toBeNull();
  });

  it('a shared grant: revoking one connection leaves the others working; the last one revokes remotely', async () => {
    setup();
    const tokens = await consentTokens();
    const first = h.connect(tokens, { account: 'Profile 1' });
    const second = h.engine.store.attachConnection(first.grantId!, { tenantId: h.tenantId, account: 'Profile 2' });
    const preview = h.engine.revocation.previewRevocation(first.id);
    expect(preview.remains.join(' ')).toMatch(/also serves 1 other connection\(s\) \(Profile 2\); they keep working/);
    const r1 = await h.engine.revocation.revokeConnection(first.id);
    expect(r1).toMatchObject({ remoteRevocation: 'pending', sharedWith: 1 });
    expect((await h.engine.refresh.getFreshAccessToken(second.id, 'script')).accessToken).toBe(tokens.accessToken);
    const r2 = await h.engine.revocation.revokeConnection(second.id);
    expect(r2.remoteRevocation).toBe('done');
    expect(h.engine.store.require(first.id).remoteRevocation).toBe('done');
    // No refresh ran in between, so the grant still held the consent's own refresh token.
    expect(await refreshWorks(tokens.refreshToken!)).toBe(false);
  });

  it('previews in plain words, in English and Spanish, with who can reconnect', async () => {
    setup();
    const conn = h.connect(await consentTokens());
    const en = h.engine.revocation.previewRevocation(conn.id, 'en');
    expect(en.stops[0]).toBe('FiveX Connect stops renewing and checking Main store (Test Market) for Acme Shoes; scripts and workflows that use it stop getting tokens.');
    expect(en.stops).toContain('Stops access');
    expect(en.remains).toContain('History remains');
    expect(en.canReconnect).toEqual(['The OS user of this computer (this vault has no operators)', 'The seller has to approve again. Connect again']);
    const es = h.engine.revocation.previewRevocation(conn.id, 'es');
    expect(es.stops[0]).toMatch(/^FiveX Connect deja de renovar/);
    // With operators: admins, and the tenant's granted account managers and partners, not support staff.
    const db = h.vault.db;
    const now = new Date().toISOString();
    const op = db.prepare('INSERT INTO operators (id, name, role, created_at) VALUES (?, ?, ?, ?)');
    op.run('op_1', 'Olga Owner', 'admin', now);
    op.run('op_2', 'Manu Manager', 'account_manager', now);
    op.run('op_3', 'Sam Support', 'support', now);
    const grant = db.prepare('INSERT INTO access_grants (tenant_id, operator_id, granted_by, granted_at) VALUES (?, ?, ?, ?)');
    grant.run(h.tenantId, 'op_2', 'os:test', now);
    grant.run(h.tenantId, 'op_3', 'os:test', now);
    expect(h.engine.revocation.previewRevocation(conn.id).canReconnect.slice(0, -1)).toEqual([
      'Manu Manager (account_manager, with access to Acme Shoes)',
      'Olga Owner (admin, with access to Acme Shoes)',
    ]);
  });

  it('deletes only revoked connections; the audit trail stays', async () => {
    setup();
    const conn = h.connect(await consentTokens());
    expect(() => h.engine.lifecycle.deleteConnection(conn.id, 'alice')).toThrow(/revoke it first \(revoke .* --yes\)/);
    await h.engine.revocation.revokeConnection(conn.id);
    expect(h.engine.store.listConnections().map((c) => c.state)).toEqual(['disconnected']);
    h.engine.lifecycle.deleteConnection(conn.id, 'alice');
    expect(h.engine.store.listConnections()).toEqual([]);
    expect(h.engine.store.healthHistory(conn.id).length).toBeGreaterThan(0);
    expect(h.audits.map((a) => a.action)).toEqual(expect.arrayContaining(['connection.create', 'connection.revoke', 'connection.delete']));
  });

  it('reconnect brings a revoked connection back under the same id', async () => {
    setup();
    const conn = h.connect(await consentTokens());
    await h.engine.revocation.revokeConnection(conn.id);
    const back = h.engine.store.renewGrant(conn.id, await consentTokens());
    expect([back.id, back.state, back.remoteRevocation]).toEqual([conn.id, 'active', null]);
    expect((await h.engine.refresh.refreshConnection(conn.id, { force: true })).outcome).toBe('refreshed');
  });
});
