// The plain-Node pieces the app and the preview share: the callback router (only the canonical
// consent callback reaches the engine; URLs never logged), the health diff behind notifications,
// and the static file resolver (no traversal out of out/renderer).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallbackRouter } from '../../main/desktop/callback-router';
import { HealthWatcher, diffHealth, needsConsentNotice } from '../../main/desktop/health-watch';
import type { WatchedConnection } from '../../main/desktop/health-watch';
import { resolveStaticFile } from '../../main/desktop/static-files';
import type { ConsentFinished } from '../../preload/contract';
import { PASSPHRASE, tempVaultDir, testApi } from './helpers';

const CALLBACK = 'fivex-connect://oauth/callback?code=c0de&state=st4te';

describe('callback router', () => {
  const finished: ConsentFinished = { sessionId: 'consent_1', tenantId: 'ten_1', connectorId: 'testmart', outcome: 'connected', text: null };

  it('hands the canonical callback to the consent engine and reports the outcome', async () => {
    const handle = vi.fn(() => Promise.resolve(finished));
    const onFinished = vi.fn();
    const focus = vi.fn();
    createCallbackRouter({ handleConsentCallback: () => handle, onFinished, focus, log: vi.fn() })(CALLBACK);
    await vi.waitFor(() => expect(onFinished).toHaveBeenCalledWith(finished));
    // Parsed once, here at the edge: the consent use case gets the typed value, not the URL.
    expect(handle).toHaveBeenCalledWith({ ok: true, channel: 'deeplink', raw: { query: [['code', 'c0de'], ['state', 'st4te']], fragment: [], via: 'fivex-connect://oauth/callback' }, stateHash: null });
    expect(focus).toHaveBeenCalled();
  });

  it.each([
    'FIVEX-CONNECT://oauth/callback?code=c0de&state=st4te',
    'fivex-connect:///oauth/callback?code=c0de',
    'fivex-connect://user@oauth/callback?code=c0de',
    'fivex-connect://oauth/callback/../evil?code=c0de',
    'fivex-connect://open?next=https://evil.example',
  ])('drops %s without calling the engine or logging the URL', (url) => {
    const handle = vi.fn(() => Promise.resolve(null));
    const log = vi.fn();
    createCallbackRouter({ handleConsentCallback: () => handle, onFinished: vi.fn(), log })(url);
    expect(handle).not.toHaveBeenCalled();
    expect(log.mock.calls.join()).not.toContain('c0de');
  });

  it('ignores a callback while consent is not wired, and a refused callback changes nothing', async () => {
    const log = vi.fn();
    createCallbackRouter({ handleConsentCallback: () => undefined, onFinished: vi.fn(), log })(CALLBACK);
    expect(log).toHaveBeenCalledWith('[deep-link] a consent callback arrived but consent is not wired in this build; ignored');
    const onFinished = vi.fn();
    const handle = vi.fn(() => Promise.resolve(null));
    createCallbackRouter({ handleConsentCallback: () => handle, onFinished, log })(CALLBACK);
    await vi.waitFor(() => expect(handle).toHaveBeenCalled());
    expect(onFinished).not.toHaveBeenCalled();
  });
});

describe('health diff', () => {
  const conn = (id: string, state: WatchedConnection['state'], tenantId = 'ten_a'): WatchedConnection => ({
    id, tenantId, tenantName: 'Acme', connectorName: 'TestMart', account: 'Shop', state,
  });

  it('announces nothing on the first look', () => {
    expect(diffHealth(null, [conn('c1', 'needs_consent')])).toEqual({ changedTenants: [], nowNeedConsent: [] });
  });

  it('reports changed tenants and each connection that newly needs consent, once', () => {
    const before = new Map([['c1', conn('c1', 'active')], ['c2', conn('c2', 'needs_consent')], ['c3', conn('c3', 'active', 'ten_b')]]);
    const diff = diffHealth(before, [conn('c1', 'needs_consent'), conn('c2', 'needs_consent')]);
    expect(diff.changedTenants).toEqual(['ten_a', 'ten_b']);
    expect(diff.nowNeedConsent.map((c) => c.id)).toEqual(['c1']);
  });

  it('words the notice in English and Spanish', () => {
    expect(needsConsentNotice(conn('c1', 'needs_consent'), 'en')).toEqual({ title: 'Reconnection needed', body: "Acme: TestMart (Shop) needs the seller's consent again." });
    expect(needsConsentNotice(conn('c1', 'needs_consent'), 'es').title).toBe('Hace falta reconectar');
  });

  it('polls through the desktop API: quiet while locked, events and notices once unlocked and changed', async () => {
    const api = testApi(tempVaultDir());
    const notify = vi.fn();
    const events: string[] = [];
    api.onEvent((e) => events.push(e.channel));
    const watcher = new HealthWatcher({ api, notify, lang: () => 'en' });
    await watcher.poll();
    await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false });
    const tenant = await api.call('tenants:add', { name: 'Acme' });
    if (!tenant.ok) throw new Error('tenant');
    await watcher.poll();
    const db = api.session.services().vault.db;
    const at = new Date().toISOString();
    db.prepare("INSERT INTO connections (id, tenant_id, connector_id, account, state, created_at, updated_at) VALUES ('con_1', ?, 'testmart', 'Shop', 'active', ?, ?)").run(tenant.value.id, at, at);
    await watcher.poll();
    db.prepare("UPDATE connections SET state = 'needs_consent', reason = 'invalid_grant' WHERE id = 'con_1'").run();
    await watcher.poll();
    await watcher.poll();
    expect(events.filter((e) => e === 'connections:changed')).toHaveLength(2);
    expect(notify).toHaveBeenCalledTimes(1);
    expect(notify).toHaveBeenCalledWith({ title: 'Reconnection needed', body: "Acme: TestMart (Shop) needs the seller's consent again." });
  });
});

describe('static files', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  function site(): string {
    const root = mkdtempSync(join(tmpdir(), 'fivex-static-'));
    roots.push(root);
    mkdirSync(join(root, 'site', 'assets'), { recursive: true });
    writeFileSync(join(root, 'site', 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'site', 'assets', 'app.js'), '');
    writeFileSync(join(root, 'site', '.env'), 'SECRET');
    writeFileSync(join(root, 'secret.txt'), 'SECRET');
    symlinkSync(join(root, 'secret.txt'), join(root, 'site', 'assets', 'link.txt'));
    return join(root, 'site');
  }

  it('serves index.html for / and known files with their type', () => {
    const root = site();
    expect(resolveStaticFile(root, '/')?.contentType).toBe('text/html; charset=utf-8');
    expect(resolveStaticFile(root, '/assets/app.js')?.contentType).toBe('text/javascript; charset=utf-8');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/.env', '/assets/link.txt', '/assets\\..\\..\\secret.txt', '/index.html%00.js', '/nope.html', '/%E0%A4%A'])(
    'refuses %s',
    (path) => {
      expect(resolveStaticFile(site(), path)).toBeNull();
    },
  );
});
