// The workspace channels (preload/workspace-channels.ts) through the desktop API's dispatch, on
// real services over a real vault file: sidebar counts, grid rows with real account labels,
// needs-attention selection, connection detail, the audit list / verify / export (and the
// export being audited), app registrations (secret write-only) and settings (webhook host only).
// Arguments and replies are validated by valibot: bad input is refused saying what, never echoing it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createDesktopApi } from '../../main/desktop/api';
import { NO_LAUNCH_AT_LOGIN } from '../../main/desktop/types';
import { ConnectionsRepo } from '../../main/repos/connections';
import type { Services } from '../../main/services';
import type { Reply } from '../../preload/contract';
import { PASSPHRASE, valueOf } from './desk';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  // In order, each awaited: an api closes its vault (and levels its audit anchors) before its folder goes.
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'fivex-workspace-'));
  const api = createDesktopApi({
    vaultDir: join(root, 'vault'),
    keychain: null,
    browser: { kind: 'link' },
    launchAtLogin: NO_LAUNCH_AT_LOGIN,
    actor: 'os:tester',
    mode: 'desktop',
    version: '0.0.0-test',
    scrypt: { N: 2 ** 10, r: 8, p: 1 },
    log: () => undefined,
  });
  cleanups.push(async () => {
    await api.close();
    rmSync(root, { recursive: true, force: true });
  });
  valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
  const s = api.session.services();
  s.registrations.set({ connectorId: 'demo', clientId: 'demo', params: { baseUrl: 'http://127.0.0.1:9' } });
  const call = (channel: string, arg?: unknown): Promise<Reply<unknown>> => api.dispatch(channel, arg);
  return { api, s, call };
}

const tokens = (accessExpiresAt: Date) => ({ accessToken: 'demo_at_secret', refreshToken: 'demo_rt_secret', tokenType: 'bearer', accessExpiresAt, refreshExpiresAt: null, scopes: ['profile', 'reports.read'], extra: {} });

function seed(s: Services) {
  const acme = s.tenants.add('Acme 10');
  const zed = s.tenants.add('Zed 2');
  const make = (tenantId: string, account: string, externalAccount: string | null) =>
    s.engine.store.createConnectionWithGrant({
      tenantId,
      connectorId: 'demo',
      account,
      tokens: tokens(new Date(Date.now() + 3_600_000)),
      grant: { externalAccount, scopesRequested: ['profile', 'reports.read'] },
      settings: { marketplaceId: 'EU-1' },
    });
  const ok = make(acme.id, 'Demo marketplace', 'seller-77');
  const lost = make(acme.id, 'Demo marketplace', null);
  const flaky = make(zed.id, 'Shop North', null);
  const repo = new ConnectionsRepo(s.vault.db);
  const at = new Date().toISOString();
  repo.setHealth(lost.id, { state: 'needs_consent', reason: 'invalid_grant', detail: null }, at);
  repo.setHealth(flaky.id, { state: 'degraded', reason: 'marketplace_outage', detail: null }, at);
  return { acme, zed, ok, lost, flaky };
}

it('lists clients with their health counts and rows with a real account label', async () => {
  const { s, call } = await workspace();
  const { acme, zed, ok, lost } = seed(s);
  const tenants = valueOf(await call('workspace:tenants')) as Array<{ id: string; needsConsent: number; degraded: number; connections: number }>;
  expect(tenants.find((t) => t.id === acme.id)).toMatchObject({ connections: 2, needsConsent: 1, degraded: 0 });
  expect(tenants.find((t) => t.id === zed.id)).toMatchObject({ connections: 1, needsConsent: 0, degraded: 1 });

  const rows = valueOf(await call('workspace:connections', { tenantId: acme.id })) as Array<{ id: string; label: string; state: string; tenantName: string }>;
  expect(rows).toHaveLength(2);
  // The seller id from the callback wins; an account equal to the marketplace's name is replaced by the id.
  expect(rows.find((r) => r.id === ok.id)?.label).toBe('seller-77');
  expect(rows.find((r) => r.id === lost.id)?.label).toBe(lost.id.slice(0, 12));
  expect(rows.every((r) => r.tenantName === 'Acme 10')).toBe(true);
  expect(JSON.stringify(rows)).not.toMatch(/demo_at_|demo_rt_/);
});

it("gives every row the engine's own renew-by forecast, from one batch query", async () => {
  const { s, call } = await workspace();
  const { acme, zed } = seed(s);
  // A connector with a consent deadline and one without: both must match ConnectionStore.renewBy.
  const rows = [
    ...(valueOf(await call('workspace:connections', { tenantId: acme.id })) as Array<{ id: string; renewBy: string | null }>),
    ...(valueOf(await call('workspace:connections', { tenantId: zed.id })) as Array<{ id: string; renewBy: string | null }>),
  ];
  expect(rows).toHaveLength(3);
  for (const r of rows) expect(r.renewBy).toBe(s.engine.store.renewBy(r.id)?.date ?? null);
  // Several clients in one reply: the same rows as asked one client at a time.
  const many = valueOf(await call('workspace:connectionsOf', { tenantIds: [acme.id, zed.id] })) as Array<{ id: string }>;
  const byId = (list: ReadonlyArray<{ id: string }>) => [...list].sort((a, b) => a.id.localeCompare(b.id));
  expect(byId(many)).toEqual(byId(rows));
  expect(await call('workspace:connectionsOf', { tenantIds: [] })).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
});

it('needs attention spans every client: lost consent and degraded, not the healthy ones', async () => {
  const { s, call } = await workspace();
  const { ok, lost, flaky } = seed(s);
  const rows = valueOf(await call('workspace:attention')) as Array<{ id: string; state: string; nextRetryAt: string | null }>;
  const ids = rows.map((r) => r.id).sort();
  expect(ids).toEqual([lost.id, flaky.id].sort());
  expect(ids).not.toContain(ok.id);
  // In two parts: lost consent (first in urgency order), then the rest; together the same rows.
  const consent = valueOf(await call('workspace:attention', { part: 'needs_consent' })) as Array<{ id: string }>;
  const rest = valueOf(await call('workspace:attention', { part: 'rest' })) as Array<{ id: string }>;
  expect(consent.map((r) => r.id)).toEqual([lost.id]);
  expect(rest.map((r) => r.id)).toEqual([flaky.id]);
});

it('gives a connection detail: settings, scopes by purpose, history and its audit trail', async () => {
  const { s, call } = await workspace();
  const { ok } = seed(s);
  const detail = valueOf(await call('workspace:detail', { connectionId: ok.id })) as {
    settings: Array<{ name: string; value: string }>;
    scopes: Array<{ purpose: string; granted: boolean | null }>;
    history: unknown[];
    audit: Array<{ action: string; connectionId: string }>;
    consentGrantedAt: string | null;
  };
  expect(detail.settings).toEqual([{ name: 'marketplaceId', value: 'EU-1' }]);
  expect(detail.scopes.find((p) => p.purpose === 'reporting')?.granted).toBe(true);
  expect(detail.scopes.find((p) => p.purpose === 'finance')?.granted).toBe(false);
  expect(detail.history.length).toBeGreaterThan(0);
  expect(detail.audit.map((e) => e.action)).toContain('connection.create');
  expect(detail.consentGrantedAt).not.toBeNull();
  const missing = await call('workspace:detail', { connectionId: `con_${'0'.repeat(32)}` });
  expect(missing).toMatchObject({ ok: false, error: { code: 'unknown_connection' } });
});

it('filters, verifies and exports the audit log, and records the export', async () => {
  const { s, call } = await workspace();
  const { acme } = seed(s);
  const all = valueOf(await call('audit:list', { filter: {}, limit: 5000 })) as { events: Array<{ id: number; tenantId: string | null }>; total: number };
  expect(all.total).toBeGreaterThan(3);
  // Newest first.
  expect(all.events[0]!.id).toBeGreaterThan(all.events.at(-1)!.id);
  const mine = valueOf(await call('audit:list', { filter: { tenantId: acme.id, action: 'connection.create' }, limit: 10 })) as { events: Array<{ tenantId: string }>; total: number };
  expect(mine.total).toBe(2);
  const none = valueOf(await call('audit:list', { filter: { search: 'no-such-thing-anywhere' }, limit: 10 })) as { total: number };
  expect(none.total).toBe(0);

  expect(valueOf(await call('audit:verify'))).toMatchObject({ ok: true });
  const csv = valueOf(await call('audit:export', { filter: { tenantId: acme.id }, format: 'csv' })) as { content: string; filename: string; events: number };
  expect(csv.filename).toMatch(/\.csv$/);
  expect(csv.content.split('\r\n')[0]).toBe('id,at,actor,tenantId,tenantName,connectionId,action,outcome,detail');
  expect(csv.content).toContain('"Acme 10"');
  const json = valueOf(await call('audit:export', { filter: {}, format: 'json' })) as { content: string; events: number };
  expect((JSON.parse(json.content) as unknown[]).length).toBe(json.events);
  expect(s.audit.list({ action: 'audit.export' })).toHaveLength(2);

  // Tampering is found and said.
  s.vault.db.prepare("UPDATE audit_events SET outcome = 'edited' WHERE id = 2").run();
  expect(valueOf(await call('audit:verify'))).toMatchObject({ ok: false, firstBadEvent: 2 });
});

it('sets an app registration as `app set` does: validation, and the secret never comes back', async () => {
  const { s, call } = await workspace();
  const bad = await call('apps:set', { connectorId: 'demo', clientId: 'demo', params: { baseUrl: 'ftp://nope' } });
  expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  if (!bad.ok) expect(bad.error.message).toContain('baseUrl');
  const unknown = await call('apps:set', { connectorId: 'demo', clientId: 'demo', params: { nope: 'x' } });
  expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_args' } });

  const saved = valueOf(await call('apps:set', { connectorId: 'demo', clientId: 'demo-2', clientSecret: 'hunter2-secret', params: { baseUrl: 'http://127.0.0.1:4680' } })) as { clientId: string; secretSetAt: string | null };
  expect(saved.clientId).toBe('demo-2');
  expect(saved.secretSetAt).not.toBeNull();
  const list = valueOf(await call('apps:list'));
  expect(JSON.stringify(list)).not.toContain('hunter2-secret');
  expect(JSON.stringify(s.audit.list({ action: 'app.set' }))).not.toContain('hunter2-secret');
  // A refused secret is not echoed in the error either.
  const tooLong = await call('apps:set', { connectorId: 'demo', clientId: 'x', clientSecret: 'S'.repeat(5000), params: {} });
  expect(tooLong.ok).toBe(false);
  if (!tooLong.ok) expect(tooLong.error.message).not.toContain('SSSS');
});

it('keeps the webhook write-only (only its host comes back) and refuses a non-https one', async () => {
  const { call } = await workspace();
  expect(valueOf(await call('settings:get'))).toEqual({ webhookHost: null, notifications: true });
  const set = valueOf(await call('settings:set', { webhookUrl: 'https://hooks.example.com/services/T000/B000/XXXX', notifications: false }));
  expect(set).toEqual({ webhookHost: 'hooks.example.com', notifications: false });
  const http = await call('settings:set', { webhookUrl: 'http://hooks.example.com/x', notifications: true });
  expect(http).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  if (!http.ok) expect(http.error.message).toContain('https://');
  expect(valueOf(await call('settings:set', { webhookUrl: null, notifications: true }))).toEqual({ webhookHost: null, notifications: true });
});

it('refuses malformed arguments per schema and says where', async () => {
  const { call } = await workspace();
  const reply = await call('workspace:connections', { tenantId: 'nope' });
  expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  if (!reply.ok) expect(reply.error.message).toMatch(/tenantId: must be an id like ten_/);
  expect(await call('audit:list', { filter: {}, limit: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
});

it('hands the dossier of a client as one HTML page, in the language asked for, and audits the export', async () => {
  const { s, call } = await workspace();
  const { acme } = seed(s);
  const reply = valueOf(await call('dossier:html', { tenantId: acme.id, lang: 'es' })) as { filename: string; html: string; connections: number };
  expect(reply.connections).toBe(2);
  expect(reply.filename).toMatch(/^fivex-dossier-acme-10-\d{4}-\d{2}-\d{2}\.html$/);
  expect(reply.html).toContain('Expediente de accesos del cliente');
  expect(reply.html).not.toMatch(/demo_(at|rt)_secret/);
  const events = s.audit.list({ action: 'dossier.export' });
  expect(events.at(-1)).toMatchObject({ tenant: acme.id, outcome: 'ok', actor: 'os:tester', detail: { format: 'html', lang: 'es', via: 'desktop', app: 'desktop' } });
  // Bad arguments are refused by the schema; an unknown tenant by the dossier.
  expect(await call('dossier:html', { tenantId: 'nope' })).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  expect(await call('dossier:html', { tenantId: `ten_${'0'.repeat(32)}` })).toMatchObject({ ok: false, error: { code: 'unknown_tenant' } });
});

it('saves the dossier as PDF through the host\'s saver, audits it, records nothing when cancelled, and refuses where there is no saver', async () => {
  const saved: Array<{ html: string; name: string }> = [];
  let answer: string | null = '/tmp/acme.pdf';
  const root = mkdtempSync(join(tmpdir(), 'fivex-workspace-'));
  const api = createDesktopApi({
    vaultDir: join(root, 'vault'),
    keychain: null,
    browser: { kind: 'link' },
    launchAtLogin: NO_LAUNCH_AT_LOGIN,
    actor: 'os:tester',
    mode: 'desktop',
    version: '0.0.0-test',
    scrypt: { N: 2 ** 10, r: 8, p: 1 },
    log: () => undefined,
    saveDossierPdf: (html, name) => {
      saved.push({ html, name });
      return Promise.resolve(answer);
    },
  });
  cleanups.push(async () => {
    await api.close();
    rmSync(root, { recursive: true, force: true });
  });
  valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
  const s = api.session.services();
  const tenant = s.tenants.add('Acme 10');
  expect(valueOf(await api.dispatch('dossier:save-pdf', { tenantId: tenant.id }))).toEqual({ saved: true, path: '/tmp/acme.pdf', connections: 0 });
  expect(saved[0]!.name).toMatch(/^fivex-dossier-acme-10-.*\.pdf$/);
  expect(saved[0]!.html).toContain('Client access dossier');
  expect(s.audit.list({ action: 'dossier.export' }).at(-1)).toMatchObject({ tenant: tenant.id, detail: { format: 'pdf', via: 'desktop' } });
  answer = null;
  const before = s.audit.list({ action: 'dossier.export' }).length;
  expect(valueOf(await api.dispatch('dossier:save-pdf', { tenantId: tenant.id, lang: 'es' }))).toEqual({ saved: false, path: null, connections: 0 });
  expect(s.audit.list({ action: 'dossier.export' })).toHaveLength(before);

  const { call, s: other } = await workspace();
  const t2 = other.tenants.add('Zed');
  expect(await call('dossier:save-pdf', { tenantId: t2.id })).toMatchObject({ ok: false, error: { code: 'action_refused' } });
});
