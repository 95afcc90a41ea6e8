// The plain-Node pieces the app and the preview share: the callback router (only the canonical
// consent callback reaches the engine; URLs never logged), the attention bookkeeping behind the
// tray count and notifications, and the static file resolver (no traversal out of out/renderer).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallbackRouter } from '../../main/desktop/callback-router';
import { AttentionTracker, needsAttention, needsConsentNotice } from '../../main/desktop/attention';
import { resolveStaticFile } from '../../main/desktop/static-files';
import type { ConnectionDto, ConsentFinished } from '../../preload/contract';

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

  it('ignores a callback while the vault is locked, and a refused callback changes nothing', async () => {
    const log = vi.fn();
    createCallbackRouter({ handleConsentCallback: () => undefined, onFinished: vi.fn(), log })(CALLBACK);
    expect(log).toHaveBeenCalledWith('[deep-link] a consent callback arrived while the vault is locked; ignored');
    const onFinished = vi.fn();
    const handle = vi.fn(() => Promise.resolve(null));
    createCallbackRouter({ handleConsentCallback: () => handle, onFinished, log })(CALLBACK);
    await vi.waitFor(() => expect(handle).toHaveBeenCalled());
    expect(onFinished).not.toHaveBeenCalled();
  });
});

describe('attention (tray count and notices)', () => {
  const dto = (id: string, state: ConnectionDto['state'], paused = false): Pick<ConnectionDto, 'id' | 'tenantId' | 'connectorName' | 'account' | 'state' | 'paused'> => ({
    id, tenantId: 'ten_a', connectorName: 'TestMart', account: 'Shop', state, paused,
  });
  const change = (...connections: ReturnType<typeof dto>[]) => ({ connections: connections as ConnectionDto[], removed: [] });

  it('counts what needs a person on the first look and announces nothing', () => {
    const tracker = new AttentionTracker(() => 'Acme');
    expect(tracker.reset([dto('c1', 'needs_consent'), dto('c2', 'degraded'), dto('c3', 'degraded', true), dto('c4', 'active')])).toEqual({ count: 2, nowNeedConsent: [] });
  });

  it('announces each connection that newly needs consent, once, and follows removals', () => {
    const tracker = new AttentionTracker(() => 'Acme');
    tracker.reset([dto('c1', 'active'), dto('c2', 'needs_consent')]);
    const lost = tracker.apply(change(dto('c1', 'needs_consent'), dto('c2', 'needs_consent')));
    expect(lost).toEqual({ count: 2, nowNeedConsent: [{ connectionId: 'c1', tenantName: 'Acme', connectorName: 'TestMart', account: 'Shop' }] });
    expect(tracker.apply(change(dto('c1', 'needs_consent'))).nowNeedConsent).toEqual([]);
    expect(tracker.apply({ connections: [], removed: ['c1', 'c2'] }).count).toBe(0);
    expect(needsAttention({ state: 'needs_consent', paused: true })).toBe(false);
  });

  it('words the notice in English and Spanish', () => {
    const conn = { connectionId: 'c1', tenantName: 'Acme', connectorName: 'TestMart', account: 'Shop' };
    expect(needsConsentNotice(conn, 'en')).toEqual({ title: 'Reconnection needed', body: "Acme: TestMart (Shop) needs the seller's consent again." });
    expect(needsConsentNotice(conn, 'es').title).toBe('Hace falta reconectar');
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
