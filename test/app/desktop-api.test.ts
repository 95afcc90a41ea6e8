// main/desktop/api.ts against a real vault on disk: first run, keychain and passphrase unlock
// (including basic_text acceptance and a changed backend), tenants, connections as DTOs with no
// token fields, connectors and the consent channel before and after it is wired.
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { FakeKeychain } from '../vault/fake-keychain';
import type { DesktopEvent } from '../../main/desktop/events';
import { ConnectionsRepo } from '../../main/repos/connections';
import type { Vault } from '../../main/vault';
import { PASSPHRASE, errorOf, tempVaultDir, testApi, testServices, valueOf } from './helpers';

const CONNECTION_DTO_KEYS = [
  'account', 'connectorId', 'connectorName', 'id', 'lastRefreshAt', 'paused', 'reason', 'reasonText',
  'region', 'renewBy', 'state', 'tenantId', 'updatedAt',
];

async function createdApi(dir = tempVaultDir()) {
  let vault: Vault | undefined;
  const api = testApi(dir, {
    buildServices: (v) => {
      vault = v;
      return testServices(v);
    },
  });
  valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
  if (vault === undefined) throw new Error('no vault');
  return { api, vault, dir };
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
    first.close();

    const second = testApi(dir, { keychain });
    expect(second.session.tryKeychainUnlock()).toMatchObject({ state: 'unlocked', unlockedWith: 'keychain' });
  });

  it('on basic_text creates a passphrase-only vault unless the risk is accepted, then remembers after an explicit opt-in', async () => {
    const dir = tempVaultDir();
    const keychain = new FakeKeychain('basic_text');
    const first = testApi(dir, { keychain });
    expect(valueOf(await first.call('vault:status')).keychain).toEqual({ available: true, backend: 'basic_text', secure: false });
    valueOf(await first.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    expect(keychain.encryptCalls).toBe(0);
    first.close();

    const second = testApi(dir, { keychain });
    expect(second.session.tryKeychainUnlock()).toMatchObject({ state: 'locked', keychainProblem: 'no_slot' });
    expect(errorOf(await second.call('vault:unlock', { passphrase: 'not the passphrase', rememberOnThisDevice: false, acceptInsecureKeychain: false })).code).toBe(
      'wrong_passphrase',
    );
    const unlocked = valueOf(await second.call('vault:unlock', { passphrase: PASSPHRASE, rememberOnThisDevice: true, acceptInsecureKeychain: true }));
    expect(unlocked).toMatchObject({ state: 'unlocked', unlockedWith: 'passphrase', insecureKeychainAccepted: true });
    second.close();

    const third = testApi(dir, { keychain });
    expect(third.session.tryKeychainUnlock()).toMatchObject({ state: 'unlocked', unlockedWith: 'keychain', insecureKeychainAccepted: true });
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
    first.close();

    keychain.backendName = 'kwallet6';
    const second = testApi(dir, { keychain });
    expect(second.session.tryKeychainUnlock()).toMatchObject({ state: 'locked', keychainProblem: 'keychain_changed' });
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
    expect(events.map((e) => (e.channel === 'vault:changed' ? e.payload.state : e.channel))).toEqual(['unlocked', 'locked']);
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
      await api.dispatch('vault:unlock', [{ passphrase: secret, rememberOnThisDevice: 'yes', acceptInsecureKeychain: false }]),
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
      .run('con_1', tenantId, 'Shop <img src=x onerror=alert(1)>', 'needs_consent', 'seller_suspended', '2026-11-21T09:00:00.000Z', at, at);
    vault.db
      .prepare(
        `INSERT INTO connections (id, tenant_id, connector_id, grant_id, account, region, state, reason, last_refresh_at, created_at, updated_at)
         VALUES ('con_2', ?, 'testmart', 'grt_1', 'Second shop', NULL, 'degraded', 'offline', NULL, ?, ?)`,
      )
      .run(tenantId, at, at);
  }

  it('lists the tenant\'s connections as DTOs: state, reason in both languages, renew-by, last refresh, and no token field', async () => {
    const { api, vault } = await createdApi();
    const tenant = valueOf(await api.call('tenants:add', { name: 'Acme' }));
    const canary = `CANARY-RT-${randomBytes(12).toString('hex')}`;
    seedConnection(vault, tenant.id, canary);

    const list = valueOf(await api.call('connections:list', { tenantId: tenant.id }));
    expect(list).toHaveLength(2);
    for (const dto of list) expect(Object.keys(dto).sort()).toEqual(CONNECTION_DTO_KEYS);
    const first = list.find((c) => c.id === 'con_1');
    expect(first).toMatchObject({
      connectorName: 'TestMart',
      state: 'needs_consent',
      reason: 'seller_suspended',
      reasonText: { en: 'The TestMart seller account is suspended.', es: 'La cuenta de vendedor de TestMart está suspendida.' },
      renewBy: '2027-11-20T10:00:00.000Z',
      lastRefreshAt: '2026-11-21T09:00:00.000Z',
      paused: false,
    });
    const second = list.find((c) => c.id === 'con_2');
    expect(second?.reasonText?.en).toMatch(/could not reach the marketplace/);
    expect(second?.reasonText?.es).toMatch(/no pudo llegar al marketplace/);
    expect(JSON.stringify(list)).not.toContain(canary);
    expect(JSON.stringify(list)).not.toMatch(/token/i);
  });

  it('prefers the engine\'s connection store and its renew-by forecast when the composition gives one', async () => {
    const dir = tempVaultDir();
    let forecastFails = false;
    const api = testApi(dir, {
      connectionsFor: (s) => {
        const repo = new ConnectionsRepo(s.vault.db);
        return {
          list: (filter) => repo.list(filter),
          renewBy: () => {
            if (forecastFails) throw new Error('unknown connector');
            return { date: '2027-01-01T00:00:00.000Z' };
          },
        };
      },
    });
    valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    const tenant = valueOf(await api.call('tenants:add', { name: 'Acme' }));
    const db = api.session.services().vault.db;
    const at = '2026-11-20T10:00:00.000Z';
    db.prepare('INSERT INTO grants (id, connector_id, consent_expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run('grt_9', 'testmart', '2027-11-20T10:00:00.000Z', at, at);
    db.prepare("INSERT INTO connections (id, tenant_id, connector_id, grant_id, account, state, created_at, updated_at) VALUES ('con_9', ?, 'testmart', 'grt_9', 'Shop', 'active', ?, ?)").run(tenant.id, at, at);
    expect(valueOf(await api.call('connections:list', { tenantId: tenant.id }))[0]?.renewBy).toBe('2027-01-01T00:00:00.000Z');
    forecastFails = true;
    expect(valueOf(await api.call('connections:list', { tenantId: tenant.id }))[0]?.renewBy).toBe('2027-11-20T10:00:00.000Z');
  });

  it('refuses an unknown tenant and a malformed id', async () => {
    const { api } = await createdApi();
    expect(errorOf(await api.call('connections:list', { tenantId: `ten_${'0'.repeat(32)}` })).code).toBe('unknown_tenant');
    expect(errorOf(await api.call('connections:list', { tenantId: "ten_1' OR 1=1 --" })).code).toBe('invalid_args');
  });
});

describe('connectors and consent', () => {
  it('lists connectors with why Connect is not available yet', async () => {
    const dir = tempVaultDir();
    const api = testApi(dir, { openExternal: () => Promise.resolve() });
    valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    const list = valueOf(await api.call('connectors:list'));
    expect(list.map((c) => [c.id, c.consentAvailable])).toEqual([['testmart', false], ['ownmart', false]]);
    expect(list[0]?.unavailableText?.en).toMatch(/not available in this version/);
    expect(list[1]?.unavailableText?.en).toMatch(/does not use a browser sign-in/);
    expect(list[0]?.regions).toEqual([{ id: 'eu', label: { en: 'Europe', es: 'Europa' } }, { id: 'na', label: { en: 'North America', es: 'Norteamérica' } }]);
  });

  it('says "not available" for consent:start until consent is wired, and "preview" without a browser opener', async () => {
    const desktop = testApi(tempVaultDir(), { openExternal: () => Promise.resolve() });
    valueOf(await desktop.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    const tenant = valueOf(await desktop.call('tenants:add', { name: 'Acme' }));
    expect(valueOf(await desktop.call('consent:start', { tenantId: tenant.id, connectorId: 'testmart', region: 'eu' }))).toMatchObject({
      status: 'unavailable',
      reason: 'not_wired',
    });

    const preview = testApi(tempVaultDir(), { mode: 'preview' });
    valueOf(await preview.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    const t2 = valueOf(await preview.call('tenants:add', { name: 'Acme' }));
    expect(valueOf(await preview.call('consent:start', { tenantId: t2.id, connectorId: 'testmart', region: null }))).toMatchObject({
      status: 'unavailable',
      reason: 'preview',
    });
  });

  it('once wired, opens the authorization URL in main and hands the renderer only the session id', async () => {
    const url = new URL('https://auth.testmart.example/authorize?state=SECRET-STATE&code_challenge=abc');
    const begin = vi.fn(() => Promise.resolve({ sessionId: 'cs_1', authorizationUrl: url, expiresAt: '2026-11-27T10:10:00.000Z' }));
    const openExternal = vi.fn(() => Promise.resolve());
    const api = testApi(tempVaultDir(), { openExternal, consent: { begin } });
    valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    const tenant = valueOf(await api.call('tenants:add', { name: 'Acme' }));

    const reply = valueOf(await api.call('consent:start', { tenantId: tenant.id, connectorId: 'testmart', region: 'na' }));
    expect(reply).toEqual({ status: 'opened', sessionId: 'cs_1', expiresAt: '2026-11-27T10:10:00.000Z', acceptsPaste: false });
    expect(begin).toHaveBeenCalledWith({ tenantId: tenant.id, connectorId: 'testmart', region: 'na', actor: 'os:tester' });
    expect(openExternal).toHaveBeenCalledWith(url);
    expect(JSON.stringify(reply)).not.toContain('SECRET-STATE');

    expect(errorOf(await api.call('consent:start', { tenantId: tenant.id, connectorId: 'nomart', region: null })).code).toBe('unknown_connector');
    expect(errorOf(await api.call('consent:start', { tenantId: tenant.id, connectorId: 'testmart', region: 'mars' })).code).toBe('invalid_args');
  });

  it('turns a missing app registration into "not configured"', async () => {
    const begin = () => {
      const err = new Error('TestMart has no app registration');
      err.name = 'ConfigError';
      return Promise.reject(err);
    };
    const api = testApi(tempVaultDir(), { openExternal: () => Promise.resolve(), consent: { begin } });
    valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    const tenant = valueOf(await api.call('tenants:add', { name: 'Acme' }));
    expect(valueOf(await api.call('consent:start', { tenantId: tenant.id, connectorId: 'testmart', region: null }))).toMatchObject({
      status: 'unavailable',
      reason: 'not_configured',
    });
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

  it('no reply of any channel has a field named like a token, code, verifier, secret or passphrase', async () => {
    const { api, vault } = await createdApi();
    const tenant = valueOf(await api.call('tenants:add', { name: 'Acme' }));
    const at = '2026-11-20T10:00:00.000Z';
    vault.db.prepare('INSERT INTO grants (id, connector_id, created_at, updated_at) VALUES (?, ?, ?, ?)').run('grt_t', 'testmart', at, at);
    vault.db.prepare('INSERT INTO credentials (grant_id, access_token, refresh_token) VALUES (?, ?, ?)').run(
      'grt_t',
      vault.seal('CANARY-AT', { table: 'credentials', rowId: 'grt_t', column: 'access_token' }),
      vault.seal('CANARY-RT', { table: 'credentials', rowId: 'grt_t', column: 'refresh_token' }),
    );
    vault.db.prepare("INSERT INTO connections (id, tenant_id, connector_id, grant_id, account, state, created_at, updated_at) VALUES ('con_t', ?, 'testmart', 'grt_t', 'Shop', 'active', ?, ?)").run(tenant.id, at, at);
    const replies = [
      await api.call('app:info'),
      await api.call('vault:status'),
      await api.call('tenants:list'),
      await api.call('connectors:list'),
      await api.call('connections:list', { tenantId: tenant.id }),
      await api.call('consent:start', { tenantId: tenant.id, connectorId: 'testmart', region: null }),
    ];
    const keys = [...keysOf(replies)];
    expect(keys.filter((k) => /token|secret|verifier|passphrase|^code$|state_?hash|wrapped|key$/i.test(k))).toEqual([]);
    expect(JSON.stringify(replies)).not.toMatch(/CANARY/);
  });
});

describe('dispatch', () => {
  it('rejects unknown channels, wrong argument counts and extra fields with clear errors', async () => {
    const api = testApi(tempVaultDir());
    expect(errorOf(await api.dispatch('vault:delete', []))).toEqual({ code: 'invalid_args', message: 'Unknown channel "vault:delete".' });
    expect(errorOf(await api.dispatch('vault:status', [1])).message).toBe('Invalid arguments for vault:status: args: expected 0 arguments, got 1');
    expect(errorOf(await api.dispatch('tenants:add', [{ name: 'A', admin: true }])).message).toBe(
      'Invalid arguments for tenants:add: args[0].admin: is not a known field',
    );
    expect(errorOf(await api.dispatch('tenants:add', 'Acme')).message).toBe('Invalid arguments for tenants:add: args: expected an argument list, got a string');
  });

  it('hides unexpected failures behind "internal" and logs a scrubbed line', async () => {
    const lines: string[] = [];
    const api = testApi(tempVaultDir(), {
      log: (line) => lines.push(line),
      buildServices: () => {
        throw new Error(`boom at https://x.example/cb?code=${'A'.repeat(12)}&state=s1`);
      },
    });
    const error = errorOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    expect(error).toEqual({ code: 'internal', message: 'Something went wrong in FiveX Connect; the details are in its log.' });
    expect(lines.join('\n')).toContain('code=[redacted]&state=[redacted]');
    expect(lines.join('\n')).not.toContain('A'.repeat(12));
  });
});
