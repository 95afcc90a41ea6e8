// Settings → operators (preload/operator-channels.ts) through the real desktop API on a real
// vault: the OS user adds the first operator (an admin, nothing else), after which nobody acts
// until someone signs in; the admin adds an operator, changes its role, grants it a client until a
// date and takes the grant back; the last admin keeps the role; an operator who owns nothing is
// removed. Every change is audited with the signed-in admin as actor, no reply or event holds a
// PIN, and a role changed elsewhere takes effect in a signed-in session at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDesktopApi, type DesktopApi } from '../../main/desktop/api';
import { NO_LAUNCH_AT_LOGIN } from '../../main/desktop/types';
import { valueOf } from './desk';

const PASSPHRASE = 'correct horse battery';
const ADMIN_PIN = 'admin-pin-4821';
const PIN = 'carla-pin-7730';
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function desk(): DesktopApi {
  const root = mkdtempSync(join(tmpdir(), 'fivex-operators-'));
  const api = createDesktopApi({
    vaultDir: join(root, 'vault'),
    keychain: null,
    launchAtLogin: NO_LAUNCH_AT_LOGIN,
    actor: 'os:tester',
    mode: 'desktop',
    version: '0.0.0-test',
    scrypt: { N: 2 ** 10, r: 8, p: 1 },
    log: () => undefined,
    browser: { kind: 'system', open: () => Promise.resolve() },
  });
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  cleanups.push(() => void api.close());
  return api;
}

describe('operators in Settings', () => {
  it('adds the first operator as an admin, then manages roles and grants as that admin, audited', async () => {
    const api = desk();
    valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    const tenant = valueOf(await api.call('tenants:add', { name: 'Acme Outdoor' }));
    expect(valueOf(await api.call('operators:list'))).toEqual([]);

    const notAdmin = await api.call('operators:add', { name: 'Ana', role: 'support', pin: ADMIN_PIN });
    expect(notAdmin).toMatchObject({ ok: false, error: { message: expect.stringContaining('first operator must have the role admin') } });
    const short = await api.call('operators:add', { name: 'Ana', role: 'admin', pin: '123' });
    expect(short).toMatchObject({ ok: false, error: { message: expect.stringContaining('at least 6') } });
    expect(valueOf(await api.call('operators:add', { name: 'Ana', role: 'admin', pin: ADMIN_PIN }))).toEqual([{ name: 'Ana', role: 'admin', grants: [] }]);

    // The vault has operators now: this computer's user no longer acts.
    expect(await api.call('tenants:list')).toMatchObject({ ok: false, error: { code: 'operator_required' } });
    expect(await api.call('operators:list')).toMatchObject({ ok: false, error: { code: 'operator_required' } });
    valueOf(await api.call('session:signIn', { name: 'Ana', pin: ADMIN_PIN }));

    valueOf(await api.call('operators:add', { name: 'Carla', role: 'support', pin: PIN }));
    valueOf(await api.call('operators:setRole', { name: 'Carla', role: 'account_manager' }));
    const granted = valueOf(await api.call('grants:add', { operator: 'Carla', tenantId: tenant.id, connector: null, until: '2027-03-31T23:59:59.000Z' }));
    expect(granted.find((o) => o.name === 'Carla')).toEqual({
      name: 'Carla',
      role: 'account_manager',
      grants: [{ tenantId: tenant.id, tenant: 'Acme Outdoor', connector: null, until: '2027-03-31T23:59:59.000Z' }],
    });
    const narrowed = valueOf(await api.call('grants:add', { operator: 'Carla', tenantId: tenant.id, connector: 'demo', until: null }));
    expect(narrowed.find((o) => o.name === 'Carla')!.grants.map((g) => g.connector).sort()).toEqual(['demo', null].sort());
    const back = valueOf(await api.call('grants:remove', { operator: 'Carla', tenantId: tenant.id, connector: 'demo' }));
    expect(back.find((o) => o.name === 'Carla')!.grants.map((g) => g.connector)).toEqual([null]);
    expect(await api.call('grants:remove', { operator: 'Carla', tenantId: tenant.id, connector: 'demo' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('holds no grant') } });

    // Someone must be able to administer: the last admin keeps the role.
    expect(await api.call('operators:setRole', { name: 'Ana', role: 'auditor' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('last admin') } });
    expect(await api.call('operators:setRole', { name: 'Nobody', role: 'auditor' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('unknown operator') } });

    expect(valueOf(await api.call('operators:remove', { name: 'Carla' }))).toEqual([{ name: 'Ana', role: 'admin', grants: [] }]);

    const s = api.session.services();
    const events = s.audit.list({}).filter((e) => /^(operator|grant)\./.test(e.action) && e.action !== 'operator.sign_in');
    expect(events.map((e) => [e.action, e.actor, e.outcome])).toEqual([
      ['operator.add', 'os:tester', 'ok'],
      ['operator.add', 'Ana', 'ok'],
      ['operator.role', 'Ana', 'ok'],
      ['grant.add', 'Ana', 'ok'],
      ['grant.add', 'Ana', 'ok'],
      ['grant.remove', 'Ana', 'ok'],
      ['operator.remove', 'Ana', 'ok'],
    ]);
    expect(JSON.stringify(s.audit.list({}))).not.toContain(PIN);
    expect(JSON.stringify(s.audit.list({}))).not.toContain(ADMIN_PIN);
  });

  it('lets a signed-in operator act with a role changed elsewhere (the CLI) at once', async () => {
    const api = desk();
    valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    valueOf(await api.call('operators:add', { name: 'Ana', role: 'admin', pin: ADMIN_PIN }));
    valueOf(await api.call('session:signIn', { name: 'Ana', pin: ADMIN_PIN }));
    valueOf(await api.call('operators:add', { name: 'Carla', role: 'admin', pin: PIN }));
    valueOf(await api.call('session:signOut'));
    valueOf(await api.call('session:signIn', { name: 'Carla', pin: PIN }));
    expect(valueOf(await api.call('operators:list')).length).toBe(2);

    // Ana, from the command line, makes Carla an auditor while Carla's window is open.
    const s = api.session.services();
    const ana = s.operators.byName('Ana')!;
    s.operatorAdmin.setRole({ kind: 'operator', actor: 'Ana', id: ana.id, name: 'Ana', role: 'admin' }, 'Carla', 'auditor');
    expect(valueOf(await api.call('session:current'))).toMatchObject({ name: 'Carla', role: 'auditor' });
    expect(await api.call('operators:list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await api.call('tenants:add', { name: 'Not for auditors' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
