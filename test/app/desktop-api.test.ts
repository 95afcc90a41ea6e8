// main/desktop/api.ts (the one wiring of the app and the preview) against a real vault on disk:
// first run, keychain and passphrase unlock (including basic_text acceptance and a changed
// backend), tenants, connections as DTOs with no token fields, connectors with their consent
// readiness (no secret opened), and consent starting for real on a custom connector.
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { FakeKeychain } from '../vault/fake-keychain';
import type { DesktopEvent } from '../../main/desktop/events';
import type { Services } from '../../main/services';
import type { Vault } from '../../main/vault';
import { PASSPHRASE, errorOf, tempVaultDir, testApi, valueOf } from './helpers';

const CONNECTION_DTO_KEYS = [
  'account', 'connectorId', 'connectorName', 'id', 'lastRefreshAt', 'paused', 'reason', 'reasonText',
  'region', 'renewBy', 'state', 'tenantId', 'updatedAt',
];

async function createdApi(dir = tempVaultDir(), opts: Parameters<typeof testApi>[1] = {}) {
  const api = testApi(dir, opts);
  valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
  const services: Services = api.session.services();
  const vault: Vault = services.vault;
  return { api, vault, services, dir };
}

describe('vault lifecycle', () => {
  it('reports a missing vault on first run, with the keychain and the passphrase rule', async () => {
    const api = testApi(tempVaultDir(), { keychain: new FakeKeychain('gnome_libsecret') });
    const status = valueOf(await api.call('vault:status'));
    expect(status).toMatchObject({ state: 'missing', minPassphraseLength: 8, keychain: { available: true, backend: 'gnome_libsecret', secure: true } });
  });

  it('refuses a short passphrase and creates nothing', async () => {
    const dir = tempVaultDir();
    const api = testApi(dir);
    const error = errorOf(await api.call('vault:create', { passphrase: 'short', acceptInsecureKeychain: false }));
    expect(error.code).toBe('invalid_passphrase');
    expect(valueOf(await api.call('vault:status')).state).toBe('missing');
  });

  it('creates a vault with a keychain slot on a secure backend, and the next start opens it through the keychain', async () => {
    const dir = tempVaultDir();
    const keychain = new FakeKeychain('gnome_libsecret');
    const first = testApi(dir, { keychain });
    const created = valueOf(await first.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    expect(created).toMatchObject({ state: 'unlocked', unlockedWith: 'passphrase', insecureKeychainAccepted: false });
    await first.close();

    const second = testApi(dir, { keychain });
    expect(await second.session.tryKeychainUnlock()).toMatchObject({ state: 'unlocked', unlockedWith: 'keychain' });
  });

  it('on basic_text creates a passphrase-only vault unless the risk is accepted, then remembers after an explicit opt-in', async () => {
    const dir = tempVaultDir();
    const keychain = new FakeKeychain('basic_text');
    const first = testApi(dir, { keychain });
    expect(valueOf(await first.call('vault:status')).keychain).toEqual({ available: true, backend: 'basic_text', secure: false });
    valueOf(await first.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    expect(keychain.encryptCalls).toBe(0);
    await first.close();

    const second = testApi(dir, { keychain });
    expect(await second.session.tryKeychainUnlock()).toMatchObject({ state: 'locked', keychainProblem: 'no_slot' });
    expect(errorOf(await second.call('vault:unlock', { passphrase: 'not the passphrase', rememberOnThisDevice: false, acceptInsecureKeychain: false })).code).toBe(
      'wrong_passphrase',
    );
    const unlocked = valueOf(await second.call('vault:unlock', { passphrase: PASSPHRASE, rememberOnThisDevice: true, acceptInsecureKeychain: true }));
    expect(unlocked).toMatchObject({ state: 'unlocked', unlockedWith: 'passphrase', insecureKeychainAccepted: true });
    await second.close();

    const third = testApi(dir, { keychain });
    expect(await third.session.tryKeychainUnlock()).toMatchObject({ state: 'unlocked', unlockedWith: 'keychain', insecureKeychainAccepted: true });
  });

  it('does not remember on basic_text when the user asked to remember but did not accept the risk', async () => {
    const dir = tempVaultDir();
    const keychain = new FakeKeychain('basic_text');
    const api = testApi(dir, { keychain });
    valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    valueOf(await api.call('vault:lock'));
    valueOf(await api.call('vault:unlock', { passphrase: PASSPHRASE, rememberOnThisDevice: true, acceptInsecureKeychain: false }));
    expect(keychain.encryptCalls).toBe(0);
  });

  it('keeps the vault locked and says why when the keychain backend changed (R32), without touching the old slot', async () => {
    const dir = tempVaultDir();
    const keychain = new FakeKeychain('gnome_libsecret');
    const first = testApi(dir, { keychain });
    valueOf(await first.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    await first.close();

    keychain.backendName = 'kwallet6';
    const second = testApi(dir, { keychain });
    expect(await second.session.tryKeychainUnlock()).toMatchObject({ state: 'locked', keychainProblem: 'keychain_changed' });
    const unlocked = valueOf(await second.call('vault:unlock', { passphrase: PASSPHRASE, rememberOnThisDevice: true, acceptInsecureKeychain: false }));
    expect(unlocked.state).toBe('unlocked');
    const slots = second.session.services().vault.db.prepare('SELECT backend FROM key_slots WHERE kind = ? ORDER BY created_at').all('keychain');
    expect(slots).toEqual([{ backend: 'gnome_libsecret' }, { backend: 'kwallet6' }]);
  });

  it('answers vault_missing and vault_locked instead of touching data, and emits vault:changed on every change', async () => {
    const dir = tempVaultDir();
    const api = testApi(dir);
    const events: DesktopEvent[] = [];
    api.onEvent((e) => events.push(e));
    expect(errorOf(await api.call('tenants:list')).code).toBe('vault_missing');
    valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    valueOf(await api.call('vault:lock'));
    expect(errorOf(await api.call('tenants:list')).code).toBe('vault_locked');
    expect(events.flatMap((e) => (e.channel === 'vault:changed' ? [e.payload.state] : []))).toEqual(['unlocked', 'locked']);
  });

  it('never puts the passphrase in a reply or an error', async () => {
    const dir = tempVaultDir();
    const secret = `pass-${randomBytes(8).toString('hex')}`;
    const api = testApi(dir, { keychain: new FakeKeychain('gnome_libsecret') });
    const replies = [
      await api.call('vault:create', { passphrase: secret, acceptInsecureKeychain: false }),
      await api.call('vault:lock'),
      await api.call('vault:unlock', { passphrase: `${secret}x`, rememberOnThisDevice: false, acceptInsecureKeychain: false }),
      await api.call('vault:unlock', { passphrase: secret, rememberOnThisDevice: true, acceptInsecureKeychain: false }),
      await api.dispatch('vault:unlock', { passphrase: secret, rememberOnThisDevice: 'yes', acceptInsecureKeychain: false }),
      await api.dispatch('vault:unlock', { passphrase: secret, rememberOnThisDevice: false, acceptInsecureKeychain: false, extra: secret }),
    ];
    expect(JSON.stringify(replies)).not.toContain(secret);
  });
});

describe('tenants', () => {
  it('adds a tenant, audits it, lists it, and refuses a duplicate name', async () => {
    const { api, vault } = await createdApi();
    const added = valueOf(await api.call('tenants:add', { name: '  Acme Retail  ' }));
    expect(added).toEqual({ id: expect.stringMatching(/^ten_[0-9a-f]{32}$/) as unknown, name: 'Acme Retail', connections: 0 });
    expect(valueOf(await api.call('tenants:list'))).toEqual([added]);
    const audit = vault.db.prepare("SELECT actor, action, tenant_id FROM audit_events WHERE action = 'tenant.add'").all();
    expect(audit).toEqual([{ actor: 'os:tester', action: 'tenant.add', tenant_id: added.id }]);
    expect(errorOf(await api.call('tenants:add', { name: 'Acme Retail' })).code).toBe('tenant_exists');
  });

  it('rejects blank names and control characters before they reach the repo', async () => {
    const { api } = await createdApi();
    expect(errorOf(await api.call('tenants:add', { name: '   ' }))).toMatchObject({ code: 'invalid_args', message: expect.stringContaining('must not be empty') as unknown });
    expect(errorOf(await api.call('tenants:add', { name: 'Acme\u0000' })).code).toBe('invalid_args');
    expect(valueOf(await api.call('tenants:list'))).toEqual([]);
  });
});

describe('connections', () => {
  function seedConnection(vault: Vault, tenantId: string, canary: string): void {
    const at = '2026-11-20T10:00:00.000Z';
    vault.db
      .prepare('INSERT INTO grants (id, connector_id, consent_expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run('grt_1', 'testmart', '2027-11-20T10:00:00.000Z', at, at);
    const sealed = vault.seal(canary, { table: 'credentials', rowId: 'grt_1', column: 'refresh_token' });
    vault.db.prepare('INSERT INTO credentials (grant_id, refresh_token, access_expires_at) VALUES (?, ?, ?)').run('grt_1', sealed, '2026-11-20T11:00:00.000Z');
    vault.db
      .prepare(
        `INSERT INTO connections (id, tenant_id, connector_id, grant_id, account, region, state, reason, reason_detail, last_refresh_at, created_at, updated_at)
         VALUES (?, ?, 'testmart', 'grt_1', ?, 'eu', ?, ?, NULL, ?, ?, ?)`,
      )
      .run('con_1', tenantId, 'Shop <img src=x onerror=alert(1)>', 'needs_consent', 'invalid_grant', '2026-11-21T09:00:00.000Z', at, at);
    vault.db
      .prepare(
        `INSERT INTO connections (id, tenant_id, connector_id, grant_id, account, region, state, reason, last_refresh_at, created_at, updated_at)
         VALUES ('con_2', ?, 'testmart', 'grt_1', 'Second shop', NULL, 'degraded', 'offline', NULL, ?, ?)`,
      )
      .run(tenantId, at, at);
  }

  it('lists the tenant\'s connections as DTOs: state, reason in both languages, renew-by, last refresh, and no token field', async () => {
    const { api, vault, services } = await createdApi();
    const tenant = valueOf(await api.call('tenants:add', { name: 'Acme' }));
    const canary = `CANARY-RT-${randomBytes(12).toString('hex')}`;
    seedConnection(vault, tenant.id, canary);

    const list = valueOf(await api.call('connections:list', { tenantId: tenant.id }));
    expect(list).toHaveLength(2);
    for (const dto of list) expect(Object.keys(dto).sort()).toEqual(CONNECTION_DTO_KEYS);
    const first = list.find((c) => c.id === 'con_1');
    expect(first).toMatchObject({
      connectorName: 'TestMart',
      account: 'Shop <img src=x onerror=alert(1)>',
      state: 'needs_consent',
      reason: 'invalid_grant',
      lastRefreshAt: '2026-11-21T09:00:00.000Z',
      paused: false,
    });
    // The renew-by date is the engine's forecast (consent validity, refresh-token lifetime).
    expect(first?.renewBy).toBe(services.engine.store.renewBy('con_1')?.date ?? '2027-11-20T10:00:00.000Z');
    expect(first?.reasonText?.en).toMatch(/TestMart/);
    expect(first?.reasonText?.es).toMatch(/TestMart/);
    const second = list.find((c) => c.id === 'con_2');
    expect(second?.reasonText?.en).toMatch(/could not reach TestMart/);
    expect(second?.reasonText?.es).toMatch(/TestMart/);
    expect(second?.reasonText?.es).not.toBe(second?.reasonText?.en);
    expect(JSON.stringify(list)).not.toContain(canary);
    expect(JSON.stringify(list)).not.toMatch(/token/i);
  });

  it('refuses an unknown tenant and a malformed id', async () => {
    const { api } = await createdApi();
    expect(errorOf(await api.call('connections:list', { tenantId: `ten_${'0'.repeat(32)}` })).code).toBe('unknown_tenant');
    expect(errorOf(await api.call('connections:list', { tenantId: "ten_1' OR 1=1 --" }))).toEqual({
      code: 'invalid_args',
      message: 'Invalid arguments for connections:list: args.tenantId: must be an id like ten_0123…',
    });
  });

  it('answers unknown_connection for an id that is not there, without listing every connection', async () => {
    const { api, services } = await createdApi();
    const list = vi.spyOn(services.engine.store, 'listConnections');
    expect(errorOf(await api.call('connections:pause', { connectionId: `con_${'0'.repeat(32)}` })).code).toBe('unknown_connection');
    expect(errorOf(await api.call('connections:refresh', { connectionId: `con_${'0'.repeat(32)}` })).code).toBe('unknown_connection');
    expect(list).not.toHaveBeenCalled();
  });
});

describe('connectors and consent', () => {
  it('lists every connector with whether Connect works, and opens no client secret to do it', async () => {
    const { api, services } = await createdApi();
    const before = valueOf(await api.call('connectors:list'));
    const testmart = before.find((c) => c.id === 'testmart');
    expect(testmart).toMatchObject({ consentAvailable: false });
    expect(testmart?.unavailableText?.en).toMatch(/fivex-connect app set testmart --client-id/);
    // bol.com uses client credentials: no browser sign-in at all.
    expect(before.find((c) => c.id === 'bol-com')?.unavailableText?.en).toMatch(/does not use a browser sign-in/);
    const amazon = before.find((c) => c.id === 'amazon-sp-api');
    expect(amazon?.regions.length).toBeGreaterThan(1);

    services.registrations.set({ connectorId: 'testmart', clientId: 'testmart-client', clientSecret: 'S3CRET-never-opened' });
    const open = vi.spyOn(services.vault, 'openString');
    const openRaw = vi.spyOn(services.vault, 'open');
    const after = valueOf(await api.call('connectors:list'));
    expect(after.find((c) => c.id === 'testmart')).toMatchObject({ consentAvailable: true, unavailableText: null });
    expect(open).not.toHaveBeenCalled();
    expect(openRaw).not.toHaveBeenCalled();
    expect(JSON.stringify(after)).not.toContain('S3CRET');
  });

  it('says "not configured" for consent:start until the app is registered, with nothing started', async () => {
    const opened: URL[] = [];
    const { api } = await createdApi(tempVaultDir(), { browser: { kind: 'system', open: (url) => Promise.resolve(void opened.push(url)) } });
    const tenant = valueOf(await api.call('tenants:add', { name: 'Acme' }));
    expect(valueOf(await api.call('consent:start', { tenantId: tenant.id, connectorId: 'testmart', region: null }))).toMatchObject({
      status: 'unavailable',
      reason: 'not_configured',
    });
    expect(opened).toEqual([]);
  });

  it('starts a real consent: main opens the authorization URL, the renderer gets only the session id', async () => {
    const opened: URL[] = [];
    const { api, services } = await createdApi(tempVaultDir(), { browser: { kind: 'system', open: (url) => Promise.resolve(void opened.push(url)) } });
    services.registrations.set({ connectorId: 'testmart', clientId: 'testmart-client' });
    const tenant = valueOf(await api.call('tenants:add', { name: 'Acme' }));

    const reply = valueOf(await api.call('consent:start', { tenantId: tenant.id, connectorId: 'testmart', region: null }));
    expect(reply).toEqual({ status: 'opened', sessionId: expect.stringMatching(/^consent_[0-9a-f]{32}$/) as unknown, expiresAt: expect.any(String) as unknown, acceptsPaste: false });
    expect(opened).toHaveLength(1);
    const url = opened[0]!;
    expect(`${url.origin}${url.pathname}`).toBe('https://auth.testmart.example/authorize');
    expect(url.searchParams.get('client_id')).toBe('testmart-client');
    const state = url.searchParams.get('state');
    expect(state).toBeTruthy();
    expect(JSON.stringify(reply)).not.toContain(state);
    expect(JSON.stringify(reply)).not.toContain(url.searchParams.get('code_challenge'));

    expect(errorOf(await api.call('consent:start', { tenantId: tenant.id, connectorId: 'nomart', region: null })).code).toBe('unknown_connector');
    expect(errorOf(await api.call('consent:start', { tenantId: tenant.id, connectorId: 'testmart', region: 'mars' })).code).toBe('invalid_args');
  });

  it('in the preview hands the page the http(s) sign-in link instead of opening a browser', async () => {
    const { api, services } = await createdApi(tempVaultDir(), { browser: { kind: 'link' }, mode: 'preview' });
    services.registrations.set({ connectorId: 'testmart', clientId: 'testmart-client' });
    const tenant = valueOf(await api.call('tenants:add', { name: 'Acme' }));
    const reply = valueOf(await api.call('consent:start', { tenantId: tenant.id, connectorId: 'testmart', region: null }));
    expect(reply.status).toBe('link');
    if (reply.status !== 'link') return;
    expect(new URL(reply.authorizeUrl).origin).toBe('https://auth.testmart.example');
  });
});

describe('no secret crosses the bridge (T16)', () => {
  function keysOf(value: unknown, out = new Set<string>()): Set<string> {
    if (Array.isArray(value)) for (const item of value) keysOf(item, out);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        out.add(key);
        keysOf(inner, out);
      }
    }
    return out;
  }

  const CON_T = `con_${'7'.repeat(32)}`;

  it('no reply of any channel has a field named like a token, code, verifier, secret or passphrase', async () => {
    const { api, vault, services } = await createdApi();
    services.registrations.set({ connectorId: 'testmart', clientId: 'testmart-client', clientSecret: 'CANARY-CS' });
    const tenant = valueOf(await api.call('tenants:add', { name: 'Acme' }));
    const at = '2026-11-20T10:00:00.000Z';
    vault.db.prepare('INSERT INTO grants (id, connector_id, created_at, updated_at) VALUES (?, ?, ?, ?)').run('grt_t', 'testmart', at, at);
    vault.db.prepare('INSERT INTO credentials (grant_id, access_token, refresh_token) VALUES (?, ?, ?)').run(
      'grt_t',
      vault.seal('CANARY-AT', { table: 'credentials', rowId: 'grt_t', column: 'access_token' }),
      vault.seal('CANARY-RT', { table: 'credentials', rowId: 'grt_t', column: 'refresh_token' }),
    );
    vault.db.prepare("INSERT INTO connections (id, tenant_id, connector_id, grant_id, account, state, created_at, updated_at) VALUES (?, ?, 'testmart', 'grt_t', 'Shop', 'active', ?, ?)").run(CON_T, tenant.id, at, at);
    const replies = [
      await api.call('app:info'),
      await api.call('vault:status'),
      await api.call('tenants:list'),
      await api.call('connectors:list'),
      await api.call('connections:list', { tenantId: tenant.id }),
      await api.call('connections:revokePreview', { connectionId: CON_T }),
      await api.call('consent:start', { tenantId: tenant.id, connectorId: 'testmart', region: null }),
    ];
    for (const reply of replies) expect(reply.ok ? null : reply.error).toBeNull();
    const keys = [...keysOf(replies)];
    expect(keys.filter((k) => /token|secret|verifier|passphrase|^code$|state_?hash|wrapped|key$/i.test(k))).toEqual([]);
    expect(JSON.stringify(replies)).not.toMatch(/CANARY/);
  });
});

describe('launch at login', () => {
  it('is off until the person turns it on, through the host\'s login item; the preview cannot set it', async () => {
    let enabled = false;
    const api = testApi(tempVaultDir(), { launchAtLogin: { supported: true, enabled: () => enabled, set: (on) => (enabled = on) } });
    expect(valueOf(await api.call('app:launchAtLogin'))).toEqual({ supported: true, enabled: false });
    expect(valueOf(await api.call('app:setLaunchAtLogin', { enabled: true }))).toEqual({ supported: true, enabled: true });
    expect(valueOf(await api.call('app:launchAtLogin')).enabled).toBe(true);
    expect(errorOf(await api.call('app:setLaunchAtLogin', { enabled: 'yes' } as never)).code).toBe('invalid_args');

    const preview = testApi(tempVaultDir(), { mode: 'preview', browser: { kind: 'link' } });
    expect(valueOf(await preview.call('app:launchAtLogin'))).toEqual({ supported: false, enabled: false });
    expect(errorOf(await preview.call('app:setLaunchAtLogin', { enabled: true })).code).toBe('action_refused');
  });
});

describe('dispatch', () => {
  it('rejects unknown channels, arguments to channels without any, extra fields and non-objects with clear errors', async () => {
    const api = testApi(tempVaultDir());
    expect(errorOf(await api.dispatch('vault:delete', undefined))).toEqual({ code: 'invalid_args', message: 'Unknown channel "vault:delete".' });
    expect(errorOf(await api.dispatch('vault:status', 1)).message).toBe('Invalid arguments for vault:status: args: this channel takes no arguments');
    expect(errorOf(await api.dispatch('tenants:add', { name: 'A', admin: true })).message).toBe('Invalid arguments for tenants:add: args.admin: is not a known field');
    expect(errorOf(await api.dispatch('tenants:add', 'Acme')).message).toBe('Invalid arguments for tenants:add: args: expected an object');
    expect(errorOf(await api.dispatch('tenants:add', {})).message).toBe('Invalid arguments for tenants:add: args.name: is required');
    expect(errorOf(await api.dispatch('vault:create', { passphrase: 7, acceptInsecureKeychain: false })).message).toBe(
      'Invalid arguments for vault:create: args.passphrase: expected string',
    );
  });

  it('hides unexpected failures behind "internal" and logs a scrubbed line', async () => {
    const lines: string[] = [];
    const api = testApi(tempVaultDir(), {
      log: (line) => void lines.push(line),
      onServicesBuilt: () => {
        throw new Error(`boom at https://x.example/cb?code=${'A'.repeat(12)}&state=s1`);
      },
    });
    const error = errorOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    expect(error).toEqual({ code: 'internal', message: 'Something went wrong in FiveX Connect; the details are in its log.' });
    expect(lines.join('\n')).toContain('code=[redacted]&state=[redacted]');
    expect(lines.join('\n')).not.toContain('A'.repeat(12));
  });
});
