// The browser preview: the guard's rules one by one, and a real server on a free port over a
// temp vault answering through the same desktop API (token, Host, Origin, body limit, events,
// and with demo, Connect handing the page the local demo marketplace's sign-in link).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { guardRequest } from '../../main/preview/guard';
import { startPreviewServer } from '../../main/preview/server';
import type { PreviewServer } from '../../main/preview/server';
import { PREVIEW_TOKEN_HEADER } from '../../preload/contract';
import { PASSPHRASE, tempVaultDir } from './helpers';

const TOKEN = 'test-token-0123456789abcdefghij';
const cfg = { port: 4173, token: TOKEN };
const good = { host: '127.0.0.1:4173', origin: 'http://127.0.0.1:4173', 'content-type': 'application/json', [PREVIEW_TOKEN_HEADER]: TOKEN };

describe('preview guard', () => {
  it('lets the page, its API calls and its event stream through', () => {
    expect(guardRequest({ method: 'GET', path: '/', headers: { host: '127.0.0.1:4173' } }, cfg)).toEqual({ ok: true, route: { kind: 'static' } });
    expect(guardRequest({ method: 'POST', path: '/api/invoke/tenants:add', headers: good }, cfg)).toEqual({ ok: true, route: { kind: 'invoke', channel: 'tenants:add' } });
    expect(guardRequest({ method: 'GET', path: '/api/events', headers: { host: '127.0.0.1:4173', [PREVIEW_TOKEN_HEADER]: TOKEN, 'sec-fetch-site': 'same-origin' } }, cfg)).toEqual({
      ok: true,
      route: { kind: 'events' },
    });
  });

  it.each([
    ['a rebinding Host', { ...good, host: 'evil.example:4173' }, 421],
    ['localhost instead of 127.0.0.1', { ...good, host: 'localhost:4173' }, 421],
    ['another port', { ...good, host: '127.0.0.1:4174' }, 421],
    ['a foreign Origin', { ...good, origin: 'http://evil.example' }, 403],
    ['a cross-site fetch', { ...good, 'sec-fetch-site': 'cross-site' }, 403],
    ['no token', { ...good, [PREVIEW_TOKEN_HEADER]: undefined }, 401],
    ['a wrong token', { ...good, [PREVIEW_TOKEN_HEADER]: `${TOKEN}x` }, 401],
    ['a POST without Origin', { ...good, origin: undefined }, 403],
    ['a form post', { ...good, 'content-type': 'application/x-www-form-urlencoded' }, 415],
  ])('refuses %s', (_what, headers, status) => {
    expect(guardRequest({ method: 'POST', path: '/api/invoke/vault:status', headers }, cfg)).toMatchObject({ ok: false, status });
  });

  it('refuses wrong methods and unknown API paths', () => {
    expect(guardRequest({ method: 'GET', path: '/api/invoke/vault:status', headers: good }, cfg)).toMatchObject({ ok: false, status: 405 });
    expect(guardRequest({ method: 'DELETE', path: '/', headers: good }, cfg)).toMatchObject({ ok: false, status: 405 });
    expect(guardRequest({ method: 'POST', path: '/api/other', headers: good }, cfg)).toMatchObject({ ok: false, status: 404 });
  });
});

describe('preview server', () => {
  let preview: PreviewServer | null = null;
  let root = '';
  afterEach(async () => {
    await preview?.close();
    preview = null;
    rmSync(root, { recursive: true, force: true });
  });

  async function start(opts: { demo?: boolean } = {}): Promise<PreviewServer> {
    root = mkdtempSync(join(tmpdir(), 'fivex-preview-root-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>FiveX</title>');
    preview = await startPreviewServer({ vaultDir: tempVaultDir(), port: 0, rendererRoot: root, token: TOKEN, log: () => undefined, ...opts });
    return preview;
  }

  function call(p: PreviewServer, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
    return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: p.port, path, method: init.method ?? 'GET', headers: { host: `127.0.0.1:${p.port}`, ...init.headers } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      });
      req.on('error', reject);
      req.end(init.body);
    });
  }

  /** One channel call as the page's HTTP bridge makes it: `{"args": <the one argument>}`. */
  const api = (p: PreviewServer, channel: string, args?: unknown) =>
    call(p, `/api/invoke/${channel}`, {
      method: 'POST',
      headers: { origin: `http://127.0.0.1:${p.port}`, 'content-type': 'application/json', [PREVIEW_TOKEN_HEADER]: TOKEN },
      body: JSON.stringify({ args }),
    });

  it('prints a loopback URL with the token in the fragment only', async () => {
    const p = await start();
    expect(p.url).toBe(`http://127.0.0.1:${p.port}/#token=${TOKEN}`);
  });

  it('serves the renderer with the CSP and answers the contract through the desktop API on a real vault', async () => {
    const p = await start();
    const page = await call(p, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['access-control-allow-origin']).toBeUndefined();

    expect(JSON.parse((await api(p, 'vault:status')).body)).toMatchObject({ ok: true, value: { state: 'missing', keychain: { available: false } } });
    expect(JSON.parse((await api(p, 'vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false })).body)).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect(JSON.parse((await api(p, 'tenants:add', { name: 'Acme' })).body)).toMatchObject({ ok: true, value: { name: 'Acme' } });
    const listed = JSON.parse((await api(p, 'tenants:list')).body) as { value: Array<{ name: string }> };
    expect(listed.value.map((t) => t.name)).toEqual(['Acme']);
    expect(JSON.parse((await api(p, 'tenants:add', { name: 'B', admin: true })).body)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  });

  it('refuses requests without the token, with a foreign Host, and oversize bodies', async () => {
    const p = await start();
    expect((await call(p, '/api/invoke/vault:status', { method: 'POST', headers: { origin: `http://127.0.0.1:${p.port}`, 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await call(p, '/', { headers: { host: `evil.example:${p.port}` } })).status).toBe(421);
    const big = await call(p, '/api/invoke/tenants:add', {
      method: 'POST',
      headers: { origin: `http://127.0.0.1:${p.port}`, 'content-type': 'application/json', [PREVIEW_TOKEN_HEADER]: TOKEN },
      body: JSON.stringify({ args: { name: 'x'.repeat(100_000) } }),
    });
    expect(big.status).toBe(413);
  });

  it('with demo, registers the demo app when the vault opens and hands the page the demo sign-in link', async () => {
    const p = await start({ demo: true });
    expect(p.demo?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await api(p, 'vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false });
    const tenant = (JSON.parse((await api(p, 'tenants:add', { name: 'Acme' })).body) as { value: { id: string } }).value;
    const connectors = (JSON.parse((await api(p, 'connectors:list')).body) as { value: Array<{ id: string; consentAvailable: boolean }> }).value;
    expect(connectors.find((c) => c.id === 'demo')?.consentAvailable).toBe(true);
    expect(connectors.find((c) => c.id === 'ebay')?.consentAvailable).toBe(false);
    const started = JSON.parse((await api(p, 'consent:start', { tenantId: tenant.id, connectorId: 'demo', region: null })).body) as { value: { status: string; authorizeUrl: string } };
    expect(started.value.status).toBe('link');
    expect(new URL(started.value.authorizeUrl).origin).toBe(p.demo?.url);
  });

  it('streams desktop events to the page, the background scheduler\'s ticks included (the same wiring as the app)', async () => {
    const p = await start();
    const received = new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: p.port, path: '/api/events', headers: { host: `127.0.0.1:${p.port}`, [PREVIEW_TOKEN_HEADER]: TOKEN } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('event: vault:changed') && text.includes('event: scheduler:ticked')) {
            resolve(text);
            req.destroy();
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    await new Promise((r) => setTimeout(r, 50));
    await api(p, 'vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false });
    const text = await received;
    expect(text).toContain('"state":"unlocked"');
    expect(text).not.toContain(PASSPHRASE);
  });
});
