// Recovery is news: a connection back to active from degraded or needs_consent is announced by the
// webhook (saying what it recovered from) and emitted as a 'recovered' health event the desktop can
// forward; other changes are emitted as 'changed'. Real vault, real token client, real HTTP.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HealthNewsEmitter, isRecovery, recoveredNotice } from '../../main/health/news';
import type { HealthNews } from '../../main/health/news';
import type { StateChange } from '../../main/health/recorder';
import { webhookText } from '../../main/health/webhook';
import { SettingsRepo } from '../../main/repos/settings';
import { connectorAt, createHarness, tokenSet } from '../refresh/support/harness';
import type { Harness } from '../refresh/support/harness';
import { startFakeTokenServer, tokenAnswer } from '../refresh/support/fake-token-server';
import type { FakeTokenServer } from '../refresh/support/fake-token-server';

const change = (from: StateChange['from'], to: StateChange['to']): StateChange => ({
  connectionId: 'con_1',
  tenantId: 'ten_1',
  connectorId: 'etsy',
  account: 'Shop 1',
  from,
  to,
  at: '2026-06-01T00:00:00.000Z',
});
const ACTIVE = { state: 'active', reason: null, detail: null } as const;

describe('what counts as a recovery', () => {
  it('is a return to active from degraded or needs_consent, nothing else', () => {
    expect(isRecovery(change({ state: 'degraded', reason: 'offline', detail: null }, ACTIVE))).toBe(true);
    expect(isRecovery(change({ state: 'needs_consent', reason: 'invalid_grant', detail: null }, ACTIVE))).toBe(true);
    expect(isRecovery(change({ state: 'disconnected', reason: 'revoked', detail: null }, ACTIVE))).toBe(false);
    expect(isRecovery(change(ACTIVE, { state: 'active', reason: 'paused', detail: null }))).toBe(false);
    expect(isRecovery(change(ACTIVE, { state: 'degraded', reason: 'offline', detail: null }))).toBe(false);
  });

  it('the webhook line says recovered and from what', () => {
    const text = webhookText([change({ state: 'degraded', reason: 'offline', detail: null }, ACTIVE)], () => ({ tenant: 'Acme Shoes', connector: 'Etsy' }));
    expect(text).toBe('FiveX Connect: Acme Shoes · Etsy · Shop 1: recovered, degraded (offline) → active. It is working again; nobody needs to act.');
  });

  it('has a notification text in English and Spanish for the desktop to show', () => {
    const c = change({ state: 'needs_consent', reason: 'invalid_grant', detail: null }, ACTIVE);
    const names = { tenant: 'Acme Shoes', connector: 'Etsy' };
    expect(recoveredNotice(c, names, 'en')).toEqual({ title: 'Connection recovered', body: 'Acme Shoes: Etsy (Shop 1) needed reconnecting and works again.' });
    expect(recoveredNotice(c, names, 'es')).toEqual({ title: 'Conexión recuperada', body: 'Acme Shoes: Etsy (Shop 1) necesitaba reconexión y vuelve a funcionar.' });
  });

  it('a listener that throws does not keep the others from hearing', () => {
    const emitter = new HealthNewsEmitter();
    const heard: HealthNews[] = [];
    emitter.on(() => {
      throw new Error('closed window');
    });
    const off = emitter.on((n) => heard.push(n));
    emitter.emit([change({ state: 'needs_consent', reason: 'invalid_grant', detail: null }, ACTIVE)]);
    off();
    emitter.emit([change(ACTIVE, { state: 'degraded', reason: 'offline', detail: null })]);
    expect(heard.map((n) => n.kind)).toEqual(['recovered']);
  });
});

describe('recovery from the engine', () => {
  let server: FakeTokenServer;
  let h: Harness;
  let hook: Server;
  let hookUrl: string;
  const bodies: string[] = [];

  beforeEach(async () => {
    bodies.length = 0;
    hook = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        bodies.push((JSON.parse(raw) as { text: string }).text);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', () => resolve()));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/services/T0/B0/SECRETPATH`;
    server = await startFakeTokenServer();
    h = createHarness({ connector: connectorAt(server.endpoints), clientId: 'c', clientSecret: 's' });
    new SettingsRepo(h.vault).setWebhookUrl(hookUrl);
  });
  afterEach(async () => {
    h.close();
    await server.close();
    hook.closeAllConnections();
    await new Promise<void>((resolve) => hook.close(() => resolve()));
  });

  it('degraded by a 503, then a good refresh: the webhook says recovered and the app hears it', async () => {
    const heard: HealthNews[] = [];
    h.engine.context.news.on((n) => heard.push(n));
    const conn = h.connect(tokenSet({ refreshToken: 'RT-1' }));
    server.handle(() => ({ status: 503, body: { error: 'temporarily_unavailable' } }));
    expect((await h.engine.refresh.refreshConnection(conn.id, { force: true })).connection.state).toBe('degraded');
    server.handle(() => tokenAnswer({ refresh: 'RT-2' }));
    expect((await h.engine.refresh.refreshConnection(conn.id, { force: true })).connection.state).toBe('active');
    await h.engine.flush();

    expect(heard.map((n) => [n.kind, n.change.from.state, n.change.to.state])).toEqual([
      ['changed', 'active', 'degraded'],
      ['recovered', 'degraded', 'active'],
    ]);
    expect(heard[1]!.change.from.reason).toBe('temporarily_unavailable');
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe('FiveX Connect: Acme Shoes · Test Market · Main store: recovered, degraded (temporarily_unavailable) → active. It is working again; nobody needs to act.');
  });
});
