// Every IPC invoke channel × every role, through the real createDesktopApi and its one dispatcher
// on a vault the CLI set up: a refused channel answers {code:"forbidden"}, changes nothing and is
// audited as refused by the operator; an allowed one is never refused. Until someone signs in,
// only the app, vault and session channels answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopApi } from '../../main/desktop/api';
import { CHANNEL_ACCESS } from '../../main/desktop/channel-access';
import { INVOKE_CHANNELS, type InvokeChannel, type Reply } from '../../preload/contract';
import { TEST_PASSPHRASE } from '../support/cli';
import { ALLOWED, type TestAction } from './permission-table';
import { desktopOn, makeWorld, nameOf, PIN, ROLES, type TestRole, type World } from './support';

let w: World;
let api: DesktopApi;
let tenantA: string;

beforeAll(async () => {
  w = await makeWorld();
  api = desktopOn(w);
  const unlocked = await api.call('vault:unlock', { passphrase: TEST_PASSPHRASE, rememberOnThisDevice: false, acceptInsecureKeychain: false });
  expect(unlocked.ok).toBe(true);
  tenantA = api.session.services().tenants.find('Tenant A')!.id;
}, 120_000);
afterAll(async () => {
  await api.close();
  w.cleanup();
});

interface ChannelCase {
  readonly channel: InvokeChannel;
  /** The contract row the channel falls under (the test's own reading, not channel-access.ts). */
  readonly action: TestAction;
  args(role: TestRole): unknown;
}

const CASES: ReadonlyArray<ChannelCase> = [
  { channel: 'tenants:list', action: 'tenant.list', args: () => undefined },
  { channel: 'tenants:add', action: 'tenant.add', args: (role) => ({ name: `Desk ${role}` }) },
  { channel: 'connectors:list', action: 'connector.list', args: () => undefined },
  { channel: 'connections:list', action: 'connection.list', args: () => ({ tenantId: tenantA }) },
  { channel: 'connections:refresh', action: 'connection.refresh', args: () => ({ connectionId: w.conA }) },
  { channel: 'connections:reconnect', action: 'connection.reconnect', args: () => ({ connectionId: w.conA }) },
  { channel: 'connections:pause', action: 'connection.pause', args: () => ({ connectionId: w.conA }) },
  { channel: 'connections:resume', action: 'connection.resume', args: () => ({ connectionId: w.conA }) },
  { channel: 'connections:revokePreview', action: 'revoke.preview', args: () => ({ connectionId: w.conA }) },
  { channel: 'connections:revoke', action: 'connection.revoke', args: async (role) => ({ connectionId: await w.importConnection('Tenant A', `Desk revokable ${role}`) }) },
  { channel: 'consent:start', action: 'connection.connect', args: () => ({ tenantId: tenantA, connectorId: 'demo', region: null }) },
  { channel: 'consent:paste', action: 'connection.connect', args: () => ({ sessionId: `consent_${'0'.repeat(32)}`, text: 'not a code' }) },
  { channel: 'workspace:status', action: 'workspace.status', args: () => undefined },
  { channel: 'workspace:tenants', action: 'tenant.list', args: () => undefined },
  { channel: 'workspace:connections', action: 'connection.list', args: () => ({ tenantId: tenantA }) },
  { channel: 'workspace:attention', action: 'connection.list', args: () => undefined },
  { channel: 'workspace:connectionsOf', action: 'connection.list', args: () => ({ tenantIds: [tenantA] }) },
  { channel: 'workspace:detail', action: 'connection.list', args: () => ({ connectionId: w.conA }) },
  { channel: 'audit:list', action: 'audit.list', args: () => ({ filter: {}, limit: 100 }) },
  // The connect dialog: demo is an authorization-code marketplace, so the credential channels refuse it
  // as invalid for an allowed role (never forbidden), before any network call.
  { channel: 'connect:options', action: 'connector.list', args: () => undefined },
  { channel: 'connect:browser', action: 'connection.connect', args: () => ({ tenantId: tenantA, connectorId: 'demo', region: null, settings: {}, strategy: 'loopback' }) },
  { channel: 'connect:renew', action: 'connection.reconnect', args: () => ({ connectionId: w.conA, strategy: null }) },
  { channel: 'connect:sellerCredentials', action: 'connection.connect', args: () => ({ tenantId: tenantA, connectorId: 'demo', region: null, settings: {}, account: null, clientId: 'seller-id-1', clientSecret: 'seller-secret-1' }) },
  { channel: 'connect:agencyCredentials', action: 'connection.connect', args: () => ({ tenantId: tenantA, connectorId: 'demo', region: null, settings: {}, account: null }) },
  { channel: 'connect:refreshToken', action: 'connection.import', args: (role) => ({ tenantId: tenantA, connectorId: 'demo', region: null, settings: {}, account: `Desk token ${role}`, refreshToken: 'not-a-real-refresh-token' }) },
  { channel: 'security:get', action: 'workspace.status', args: () => undefined },
  { channel: 'security:changePassphrase', action: 'settings.set', args: () => ({ oldPassphrase: 'not the vault passphrase', newPassphrase: 'a new recovery passphrase' }) },
  { channel: 'security:rememberHere', action: 'settings.set', args: () => ({ acceptInsecureKeychain: false }) },
  { channel: 'dossier:html', action: 'dossier', args: () => ({ tenantId: tenantA }) },
  // No PDF printer outside the app: an allowed role gets that refusal, never forbidden.
  { channel: 'dossier:save-pdf', action: 'dossier', args: () => ({ tenantId: tenantA }) },
  { channel: 'audit:verify', action: 'audit.verify', args: () => undefined },
  { channel: 'audit:export', action: 'audit.export', args: () => ({ filter: { tenantId: tenantA }, format: 'json' }) },
  { channel: 'apps:list', action: 'app.list', args: () => undefined },
  { channel: 'apps:set', action: 'app.set', args: () => ({ connectorId: 'demo', clientId: 'demo-client', params: { baseUrl: 'http://127.0.0.1:9' } }) },
  { channel: 'settings:get', action: 'webhook', args: () => undefined },
  { channel: 'settings:set', action: 'settings.set', args: () => ({ notifications: true }) },
  // Settings → operators, in this order on one operator the admin adds (the others are refused).
  { channel: 'operators:list', action: 'operator', args: () => undefined },
  { channel: 'operators:add', action: 'operator', args: () => ({ name: 'Desk operator', role: 'support', pin: 'desk-pin-1234' }) },
  { channel: 'operators:setRole', action: 'operator', args: () => ({ name: 'Desk operator', role: 'finance' }) },
  { channel: 'grants:add', action: 'grant', args: () => ({ operator: 'Desk operator', tenantId: tenantA, connector: null, until: null }) },
  { channel: 'grants:remove', action: 'grant', args: () => ({ operator: 'Desk operator', tenantId: tenantA, connector: null }) },
  { channel: 'operators:remove', action: 'operator', args: () => ({ name: 'Desk operator' }) },
];

const call = (channel: InvokeChannel, args: unknown): Promise<Reply<unknown>> => api.dispatch(channel, args);

async function signIn(role: TestRole): Promise<void> {
  const reply = await call('session:signIn', { name: nameOf(role), pin: PIN });
  expect(reply, role).toMatchObject({ ok: true, value: { kind: 'operator', name: nameOf(role), role } });
}

describe('the desktop session', () => {
  it('answers nothing but the app, vault and session channels until an operator signs in', async () => {
    expect(await call('session:current', undefined)).toEqual({ ok: true, value: null });
    const listed = await call('session:operators', undefined);
    expect(listed.ok && (listed.value as Array<{ name: string; role: string }>).map((o) => o.role).sort()).toEqual([...ROLES].sort());
    expect(JSON.stringify(listed)).not.toMatch(/pin|hash|salt/i);
    for (const c of CASES) {
      const reply = await call(c.channel, await c.args('admin'));
      expect(reply, c.channel).toMatchObject({ ok: false, error: { code: 'operator_required' } });
    }
    expect((await call('vault:status', undefined)).ok).toBe(true);
    expect((await call('app:info', undefined)).ok).toBe(true);
    const wrong = await call('session:signIn', { name: nameOf('admin'), pin: 'wrong-pin' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'operator_auth' } });
    expect(w.lastAudit()).toMatchObject({ action: 'operator.sign_in', outcome: 'failed', actor: 'os:tester' });
    await signIn('admin');
    expect(await call('session:current', undefined)).toEqual({ ok: true, value: { kind: 'operator', name: nameOf('admin'), role: 'admin' } });
    expect(await call('session:signOut', undefined)).toEqual({ ok: true, value: null });
    expect((await call('tenants:list', undefined)).ok).toBe(false);
  });
});

describe('every channel × every role', () => {
  it('gives every channel a rule, and only session, app and vault channels none', () => {
    const open = INVOKE_CHANNELS.filter((c) => CHANNEL_ACCESS[c] === null);
    expect(open.every((c) => /^(app|vault|session):/.test(c))).toBe(true);
    const tested = new Set(CASES.map((c) => c.channel));
    expect(INVOKE_CHANNELS.filter((c) => CHANNEL_ACCESS[c] !== null && !tested.has(c))).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.channel} as each role`, async () => {
      for (const role of ROLES) {
        await signIn(role);
        const args = await c.args(role);
        const before = w.state();
        const events = w.auditCount();
        const refused = w.auditCount('refused');
        const reply = await call(c.channel, args);
        const label = `${c.channel} as ${role}`;
        if (ALLOWED[c.action][role]) {
          expect(reply.ok ? 'ok' : reply.error.code, label).not.toBe('forbidden');
          expect(w.auditCount('refused'), label).toBe(refused);
        } else {
          expect(reply, label).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining(role) } });
          expect(w.state(), `${label} changed the vault`).toBe(before);
          expect(w.auditCount(), label).toBe(events + 1);
          expect(w.lastAudit(), label).toMatchObject({ actor: nameOf(role), outcome: 'refused' });
        }
        await call('session:signOut', undefined);
      }
    });
  }

  it('narrows lists to granted tenants and refuses an ungranted connection or an export of every tenant', async () => {
    for (const role of ['account_manager', 'support', 'finance', 'partner'] as const) {
      await signIn(role);
      const tenants = await call('workspace:tenants', undefined);
      expect(tenants.ok && (tenants.value as Array<{ name: string }>).map((t) => t.name)).not.toContain('Tenant B');
      const detail = await call('workspace:detail', { connectionId: w.conB });
      expect(detail, role).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(w.lastAudit()).toMatchObject({ actor: nameOf(role), outcome: 'refused', connection_id: w.conB });
      const attention = await call('workspace:attention', undefined);
      expect(JSON.stringify(attention)).not.toContain(w.conB);
      await call('session:signOut', undefined);
    }
    await signIn('account_manager');
    expect(await call('audit:export', { filter: {}, format: 'json' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const events = await call('audit:list', { filter: {}, limit: 1000 });
    expect(events.ok && (events.value as { events: Array<{ tenantId: string | null }> }).events.every((e) => e.tenantId !== null)).toBe(true);
    await call('session:signOut', undefined);
    // A tenant an operator adds in the app is its own: owned, and granted.
    await signIn('account_manager');
    const added = await call('tenants:add', { name: 'Desk own client' });
    expect(added.ok).toBe(true);
    const own = await call('tenants:list', undefined);
    expect(own.ok && (own.value as Array<{ name: string }>).map((t) => t.name)).toContain('Desk own client');
    await call('session:signOut', undefined);
    await signIn('admin');
    const all = await call('workspace:tenants', undefined);
    expect(all.ok && (all.value as Array<{ name: string }>).map((t) => t.name)).toContain('Tenant B');
    await call('session:signOut', undefined);
  });
});

describe('an operator removed while signed in', () => {
  it('is signed out at the next call', async () => {
    await signIn('auditor');
    expect((await call('audit:verify', undefined)).ok).toBe(true);
    const removed = await w.run('admin', ['operator', 'remove', nameOf('auditor')]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(await call('audit:verify', undefined)).toMatchObject({ ok: false, error: { code: 'operator_required' } });
    expect(await call('session:current', undefined)).toEqual({ ok: true, value: null });
  });
});

describe('a vault without operators', () => {
  it('lets the OS user act, and nobody sign in', async () => {
    const own = await makeWorld({ operators: false });
    const desk = desktopOn(own);
    try {
      expect((await desk.call('vault:unlock', { passphrase: TEST_PASSPHRASE, rememberOnThisDevice: false, acceptInsecureKeychain: false })).ok).toBe(true);
      expect(await desk.call('session:current')).toEqual({ ok: true, value: { kind: 'os', name: 'os:tester', role: null } });
      expect(await desk.call('session:operators')).toEqual({ ok: true, value: [] });
      expect(await desk.call('session:signIn', { name: 'anyone', pin: PIN })).toMatchObject({ ok: false });
      const pause = await desk.call('connections:pause', { connectionId: own.conA });
      expect(pause.ok).toBe(true);
      expect(own.lastAudit()).toMatchObject({ actor: 'os:tester', action: 'connection.pause' });
    } finally {
      await desk.close();
      own.cleanup();
    }
  });
});
