// `fivex-connect dossier` through main() on a real vault: the JSON model's shape, the HTML in
// English and Spanish, escaping of names people typed, --out written 0600, an unknown tenant, and
// the dossier.export audit event that names the chain head the document shows.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierModel } from '../../main/dossier';
import { escapeHtml, renderDossierHtml } from '../../main/dossier/html';
import { createServices } from '../../main/services';
import { openVault } from '../../main/vault';
import { runCli, tempDir, TEST_PASSPHRASE } from '../support/cli';

const EVIL_TENANT = '<script>alert("t")</script> & Co';
const EVIL_ACCOUNT = '<img src=x onerror=alert(1)>';

let dir: string;
let cleanup: () => void;
let vault: string;
const ids: { tenant: string; etsy: string; amazon: string; revoked: string } = { tenant: '', etsy: '', amazon: '', revoked: '' };
const v = (...args: string[]): string[] => ['--vault', vault, ...args];

const tokens = (scopes: ReadonlyArray<string> | null) => ({
  accessToken: 'at-not-shown',
  refreshToken: 'rt-not-shown',
  tokenType: 'bearer',
  accessExpiresAt: new Date(Date.now() + 3_600_000),
  refreshExpiresAt: null,
  scopes,
  extra: {},
});

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  vault = join(dir, 'vault');
  expect((await runCli(v('init'))).code).toBe(0);
  const added = await runCli(v('--json', 'tenant', 'add', EVIL_TENANT));
  expect(added.code, added.stderr).toBe(0);
  ids.tenant = added.json<{ id: string }>().id;
  expect((await runCli(v('tenant', 'add', 'Empty Client'))).code).toBe(0);

  // Connections with scopes, a region and a revocation, made by the engine on the same vault.
  const opened = openVault(vault, { passphrase: TEST_PASSPHRASE });
  try {
    const s = createServices(opened);
    ids.etsy = s.engine.store.createConnectionWithGrant({
      tenantId: ids.tenant,
      connectorId: 'etsy',
      account: EVIL_ACCOUNT,
      grant: { scopesRequested: ['shops_r', 'transactions_r', 'listings_r', 'billing_r'] },
      tokens: tokens(['shops_r', 'transactions_r', 'listings_r']),
    }).id;
    ids.amazon = s.engine.store.createConnectionWithGrant({
      tenantId: ids.tenant,
      connectorId: 'amazon-sp-api',
      account: 'EU seller',
      region: 'eu',
      grant: { scopesRequested: ['Selling Partner Insights', 'Finance and Accounting'] },
      tokens: tokens(null),
    }).id;
    ids.revoked = s.engine.store.createConnectionWithGrant({ tenantId: ids.tenant, connectorId: 'etsy', account: 'Old shop', tokens: tokens(null) }).id;
    // Etsy has no revocation endpoint: nothing goes over the network.
    await s.engine.revocation.revokeConnection(ids.revoked, { actor: 'test' });
    await s.engine.flush();
  } finally {
    opened.close();
  }
});
afterAll(() => cleanup());

async function dossierJson(...extra: string[]): Promise<DossierModel> {
  const r = await runCli(v('--json', 'dossier', ids.tenant, ...extra));
  expect(r.code, r.stderr).toBe(0);
  return r.json<DossierModel>();
}

async function dossierHtml(lang: string): Promise<string> {
  const r = await runCli(v('dossier', EVIL_TENANT, '--format', 'html', '--lang', lang));
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('dossier --format json', () => {
  it('is the model: the client, the vault, the audit head, and every account with its facts', async () => {
    const head = (await runCli(v('--json', 'audit', 'verify'))).json<{ head: string; events: number }>();
    const model = await dossierJson();
    expect(model).toMatchObject({ kind: 'fivex-connect.dossier', version: 1, lang: 'en', tenant: { id: ids.tenant, name: EVIL_TENANT } });
    expect(model.vault.dir).toBe(vault);
    expect(model.vault.id).toMatch(/^vlt_/);
    expect(model.audit).toEqual({ verified: true, events: head.events, head: head.head, reason: null });
    expect(Date.parse(model.generatedAt)).not.toBeNaN();
    expect(model.connections.map((c) => c.id).sort()).toEqual([ids.etsy, ids.amazon, ids.revoked].sort());

    const etsy = model.connections.find((c) => c.id === ids.etsy)!;
    expect(etsy).toMatchObject({ marketplace: { id: 'etsy', name: 'Etsy' }, account: EVIL_ACCOUNT, region: null, owner: null, state: { code: 'degraded', paused: false, reason: 'missing_permission' } });
    // Granted without billing_r and listings_w: the plain reason says which workflows lack what.
    expect(etsy.state.meaning).toMatch(/permission/);
    expect(etsy.scopes.source).toBe('granted');
    expect(etsy.scopes.groups.map((g) => [g.purpose, g.scopes, g.complete])).toEqual([
      ['base', ['shops_r'], true],
      ['reporting', ['transactions_r', 'listings_r'], true],
      ['finance', ['transactions_r'], false],
      ['listings', ['listings_r'], false],
    ]);
    expect(etsy.consentGrantedAt).not.toBeNull();
    expect(etsy.revoke.stops.length).toBeGreaterThan(0);
    expect(etsy.revoke.remains.length).toBeGreaterThan(0);
    expect(etsy.revoke.marketplaceSteps).toMatch(/\w/);
    expect(etsy.revoke.how).toContain(`fivex-connect revoke ${ids.etsy} --dry-run`);
    expect(etsy.reauthenticate.how).toContain(`fivex-connect reconnect ${ids.etsy}`);
    expect(etsy.reauthenticate).toMatchObject({ canReconnectSource: 'default', canReconnect: [{ name: 'Agency admins', role: 'admin', kind: 'group' }] });

    const amazon = model.connections.find((c) => c.id === ids.amazon)!;
    expect(amazon.region).toEqual({ id: 'eu', label: 'Europe, Middle East, India, Africa' });
    expect(amazon.scopes).toEqual({
      source: 'requested',
      groups: [
        { purpose: 'reporting', label: 'Read orders and sales reports', scopes: ['Selling Partner Insights'], complete: null },
        { purpose: 'finance', label: 'Read payouts, fees and financial statements', scopes: ['Finance and Accounting'], complete: null },
      ],
    });
    // SP-API consent lasts 365 days from approval.
    expect(amazon.renewBy?.cause).toBe('consent_validity');
    expect(Date.parse(amazon.renewBy!.date) - Date.parse(amazon.consentGrantedAt!)).toBe(365 * 86_400_000);

    const revoked = model.connections.find((c) => c.id === ids.revoked)!;
    expect(revoked.state).toMatchObject({ code: 'disconnected', reason: 'revoked' });
    expect(revoked.revoke.revoked).toMatchObject({ remote: 'unsupported' });
    expect(revoked.revoke.stops).toEqual([]);
    expect(revoked.renewBy).toBeNull();
    // No secret in the document.
    expect(JSON.stringify(model)).not.toMatch(/at-not-shown|rt-not-shown/);
  });

  it('takes the tenant by name too, and an empty client has no accounts', async () => {
    const r = await runCli(v('--json', 'dossier', 'Empty Client'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<DossierModel>()).toMatchObject({ tenant: { name: 'Empty Client' }, connections: [] });
  });
});

describe('dossier --format html', () => {
  it('is one self-contained page in English: no script, no external resource, a print stylesheet', async () => {
    const html = await dossierHtml('en');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="en">');
    for (const text of ['Client access dossier', 'Etsy', 'Amazon', 'Europe, Middle East, India, Africa', 'How to revoke', 'How to re-authenticate', 'What stops', 'What remains', 'Read orders and sales reports', 'Agency admins', 'Renew by', 'Disconnected (revoked)']) {
      expect(html, text).toContain(escapeHtml(text));
    }
    expect(html).toContain('@media print');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed|base)\b|@import|url\(/i);
    expect(html).not.toMatch(/\s(src|href)="?[a-z]+:/i);
    expect(html).toContain(`<code>fivex-connect reconnect ${ids.amazon}</code>`);
    expect(html).not.toMatch(/at-not-shown|rt-not-shown/);
  });

  it('is in Spanish with --lang es', async () => {
    const html = await dossierHtml('es');
    expect(html).toContain('<html lang="es">');
    for (const text of ['Expediente de accesos del cliente', 'Cómo revocar', 'Cómo volver a autorizar', 'Qué se detiene', 'Qué se conserva', 'Europa, Oriente Medio, India, África', 'Consultar pedidos e informes de ventas', 'Los administradores de la agencia', 'Fecha límite de renovación', 'Desconectada (revocada)']) {
      expect(html, text).toContain(escapeHtml(text));
    }
    expect(html).not.toContain('How to revoke');
  });

  it('escapes tenant and account names: a name with <script> stays text', async () => {
    const html = await dossierHtml('en');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;script&#62;alert(&#34;t&#34;)&#60;/script&#62; &#38; Co');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });

  it('with --json, the page travels inside one JSON document', async () => {
    const r = await runCli(v('--json', 'dossier', ids.tenant, '--format', 'html'));
    expect(r.code, r.stderr).toBe(0);
    const doc = r.json<{ format: string; html: string; connections: number }>();
    expect(doc.format).toBe('html');
    expect(doc.connections).toBe(3);
    expect(doc.html).toContain('Client access dossier');
  });
});

describe('dossier --out', () => {
  it('writes the file readable by the owner only (0600), also over a wider existing file, and prints {out, connections}', async () => {
    const out = join(dir, 'acme-dossier.html');
    writeFileSync(out, 'old');
    chmodSync(out, 0o644);
    const r = await runCli(v('--json', 'dossier', ids.tenant, '--out', out));
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual({ out, connections: 3 });
    if (process.platform !== 'win32') expect(statSync(out).mode & 0o777).toBe(0o600);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);

    const json = join(dir, 'acme-dossier.json');
    const rj = await runCli(v('--json', 'dossier', ids.tenant, '--format', 'json', '--lang', 'es', '--out', json));
    expect(rj.json()).toEqual({ out: json, connections: 3 });
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ lang: 'es', tenant: { id: ids.tenant } });
  });

  it('says so when the folder does not exist', async () => {
    const r = await runCli(v('--json', 'dossier', ids.tenant, '--out', join(dir, 'no', 'such', 'dir', 'x.html')));
    expect(r.code).toBe(1);
    expect(r.json<{ error: string }>().error).toBe('file_unwritable');
  });
});

describe('dossier errors and audit', () => {
  it('refuses an unknown tenant with exit 1 and unknown_tenant, and a bad flag value with exit 2', async () => {
    const r = await runCli(v('--json', 'dossier', 'Nobody Inc'));
    expect(r.code).toBe(1);
    expect(r.json<{ error: string }>().error).toBe('unknown_tenant');
    expect(r.stderr).toContain('unknown tenant "Nobody Inc"');
    expect(r.stderr).toContain('tenant list');
    expect((await runCli(v('dossier', ids.tenant, '--format', 'pdf'))).code).toBe(2);
    expect((await runCli(v('dossier', ids.tenant, '--lang', 'fr'))).code).toBe(2);
  });

  it('records each export as dossier.export with the tenant, outcome ok, and the head the document shows', async () => {
    const model = await dossierJson();
    const events = (await runCli(v('--json', 'audit', 'list', '--action', 'dossier.export'))).json<Array<{ id: number; tenant: string; outcome: string; actor: string; detail: Record<string, unknown> }>>();
    const last = events.at(-1)!;
    expect(last).toMatchObject({ tenant: ids.tenant, outcome: 'ok', detail: { format: 'json', lang: 'en', connections: 3, via: 'stdout', auditHead: model.audit.head, auditEvents: model.audit.events } });
    expect(last.actor).toMatch(/^os:/);
    // The export event follows the head the document names, and the chain still verifies.
    expect(last.id).toBe(model.audit.events + 1);
    const verify = await runCli(v('--json', 'audit', 'verify'));
    expect(verify.code).toBe(0);
  });
});

describe('the header', () => {
  it('says plainly when the audit chain fails verification', () => {
    const model: DossierModel = {
      kind: 'fivex-connect.dossier', version: 1, lang: 'es', generatedAt: '2026-12-04T10:00:00.000Z',
      tenant: { id: 'ten_x', name: 'Cliente' }, vault: { id: 'vlt_x', dir: '/v' },
      audit: { verified: false, events: 12, head: null, reason: 'rolled_back' }, connections: [],
    };
    const html = renderDossierHtml(model);
    expect(html).toContain('<dd class="warn">NO SUPERA LA VERIFICACIÓN (rolled_back), 12 eventos</dd>');
    expect(html).toContain('Este cliente no tiene cuentas de marketplace conectadas.');
  });
});
