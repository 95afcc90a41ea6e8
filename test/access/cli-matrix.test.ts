// Every CLI command × every role, in a real vault: a refused command exits 1 with
// {"error":"forbidden"}, changes nothing and leaves a `refused` audit event with the operator as
// actor; an allowed one is never refused (it may still fail for its own reasons, e.g. the demo
// marketplace is not running). Naming a connection of an ungranted tenant is refused the same way.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MATRIX } from '../../main/access/matrix';
import { ALLOWED, type TestAction } from './permission-table';
import { makeWorld, nameOf, ROLES, type TestRole, type World } from './support';

let w: World;
beforeAll(async () => {
  w = await makeWorld();
}, 120_000);
afterAll(() => w.cleanup());

interface Case {
  readonly action: TestAction;
  /** The argv, built when it runs (a case may need a fresh connection). */
  args(role: TestRole): Promise<string[]> | string[];
  readonly stdin?: (role: TestRole) => string;
}

const importLine = (role: TestRole): string => `${JSON.stringify({ tenant: 'Tenant A', connector: 'demo', account: `Imported ${role}`, refreshToken: `rt-imported-${role}-0123456789abcdef` })}\n`;

const CASES: ReadonlyArray<Case> = [
  { action: 'tenant.list', args: () => ['tenant', 'list'] },
  { action: 'connection.list', args: () => ['connections'] },
  { action: 'revoke.preview', args: () => ['revoke', w.conA, '--dry-run'] },
  { action: 'dossier', args: () => ['dossier', 'Tenant A', '--format', 'json'] },
  { action: 'connection.refresh', args: () => ['refresh', w.conA] },
  { action: 'connection.probe', args: () => ['probe', w.conA] },
  { action: 'connection.connect', args: () => ['connect', 'Tenant A', 'demo', '--redirect', 'manual', '--no-browser', '--timeout', '1'] },
  { action: 'connection.reconnect', args: () => ['reconnect', w.conA, '--redirect', 'manual', '--no-browser', '--timeout', '1'] },
  { action: 'connection.import', args: () => ['import', '-'], stdin: importLine },
  { action: 'token', args: () => ['token', w.conA] },
  { action: 'connection.pause', args: () => ['pause', w.conA] },
  { action: 'connection.resume', args: () => ['resume', w.conA] },
  { action: 'connection.revoke', args: async (role) => ['revoke', await w.importConnection('Tenant A', `Revokable ${role}`), '--yes'] },
  { action: 'connection.transfer', args: () => ['transfer', w.conA, '--to', nameOf('admin')] },
  { action: 'tenant.add', args: (role) => ['tenant', 'add', `Added by ${role}`] },
  { action: 'app.set', args: () => ['app', 'set', 'demo', '--client-id', 'demo-client', '--param', 'baseUrl=http://127.0.0.1:9'] },
  {
    action: 'connector.add',
    args: (role) => {
      const file = join(w.dir, `custom-${role}.json`);
      const id = `custom-${role.replace('_', '-')}`;
      writeFileSync(file, JSON.stringify({ id, name: id, authorizationEndpoint: 'https://example.com/authorize', tokenEndpoint: 'https://example.com/token', scopes: ['read'] }));
      return ['connector', 'add', file];
    },
  },
  { action: 'webhook', args: () => ['webhook', 'show'] },
  { action: 'webhook', args: () => ['webhook', 'clear'] },
  { action: 'operator', args: () => ['operator', 'list'] },
  { action: 'operator', args: () => ['operator', 'remove', 'nobody-such'] },
  { action: 'operator', args: () => ['operator', 'set-role', 'nobody-such', '--role', 'support'] },
  { action: 'grant', args: () => ['grant', 'list'] },
  { action: 'grant', args: () => ['grant', 'add', nameOf('support'), 'Tenant A'] },
  { action: 'handover', args: () => ['handover', nameOf('partner'), '--to', nameOf('admin'), '--dry-run'] },
  { action: 'audit.list', args: () => ['audit', 'list'] },
  { action: 'audit.export', args: () => ['audit', 'export', '--format', 'json'] },
  { action: 'audit.verify', args: () => ['audit', 'verify'] },
  { action: 'audit.prune', args: () => ['audit', 'prune', '--before', '2000-01-01'] },
  { action: 'connector.list', args: () => ['connector', 'list'] },
  { action: 'monitor', args: () => ['monitor', '--once'] },
];

describe('every command × every role', () => {
  it('covers every action of the matrix that a command takes', () => {
    const cli = new Set(CASES.map((c) => c.action));
    const desktopOnly = new Set(['demo', 'settings.set', 'app.list', 'workspace.status']);
    expect(Object.keys(MATRIX).filter((a) => !cli.has(a as TestAction) && !desktopOnly.has(a)).sort()).toEqual([]);
    // The matrix agrees with the contract's table for every role (granted counts as allowed here).
    for (const [action, row] of Object.entries(ALLOWED)) {
      for (const role of ROLES) expect(MATRIX[action as TestAction][role] !== 'none', `${action} × ${role}`).toBe(row[role]);
    }
  });

  for (const [i, c] of CASES.entries()) {
    it(`${c.action} (case ${i + 1}) as each role`, async () => {
      for (const role of ROLES) {
        const args = await c.args(role);
        const before = w.state();
        const events = w.auditCount();
        const refused = w.auditCount('refused');
        const run = await w.run(role, args, c.stdin ? { stdin: c.stdin(role) } : {});
        const label = `${args.join(' ')} as ${role}`;
        if (ALLOWED[c.action][role]) {
          expect(run.stdout.includes('"forbidden"'), `${label}: ${run.stdout}`).toBe(false);
          expect(w.auditCount('refused'), `${label}: ${run.stderr}`).toBe(refused);
        } else {
          expect(run.code, label).toBe(1);
          expect(run.json<{ error: string; message: string }>(), label).toMatchObject({ error: 'forbidden', message: expect.stringContaining(role) });
          expect(run.stdout).not.toMatch(/rt-|accessToken/);
          expect(w.state(), `${label} changed the vault`).toBe(before);
          // The sign-in (audited as every CLI sign-in is), then the refusal.
          expect(w.auditCount(), label).toBe(events + 2);
          expect(w.lastAudit(), label).toMatchObject({ actor: nameOf(role), action: c.action, outcome: 'refused' });
        }
      }
    });
  }
});

describe('grants bound what an operator sees and names', () => {
  it('leaves an ungranted tenant out of lists, and refuses naming its connection, audited', async () => {
    for (const role of ['account_manager', 'support', 'finance', 'partner'] as const) {
      const tenants = (await w.run(role, ['tenant', 'list'])).json<Array<{ name: string }>>();
      expect(tenants.map((t) => t.name)).toContain('Tenant A');
      expect(tenants.map((t) => t.name)).not.toContain('Tenant B');
      const conns = (await w.run(role, ['connections'])).json<Array<{ id: string }>>();
      expect(conns.map((c) => c.id)).not.toContain(w.conB);
      const before = w.state();
      const named = await w.run(role, ['revoke', w.conB, '--dry-run']);
      expect(named.code).toBe(1);
      expect(named.json()).toMatchObject({ error: 'forbidden', message: expect.stringContaining('no grant') });
      expect(w.state()).toBe(before);
      expect(w.lastAudit()).toMatchObject({ actor: nameOf(role), action: 'revoke.preview', outcome: 'refused', connection_id: w.conB });
      const filtered = await w.run(role, ['connections', '--tenant', 'Tenant B']);
      expect(filtered.json()).toMatchObject({ error: 'forbidden' });
    }
    const admin = (await w.run('admin', ['tenant', 'list'])).json<Array<{ name: string }>>();
    expect(admin.map((t) => t.name)).toEqual(expect.arrayContaining(['Tenant A', 'Tenant B']));
  });

  it("leaves other tenants' events out of an account manager's or finance's audit list and export", async () => {
    for (const role of ['account_manager', 'finance'] as const) {
      const events = (await w.run(role, ['audit', 'list'])).json<Array<{ tenant: string | null }>>();
      expect(events.length).toBeGreaterThan(0);
      const visible = (await w.run(role, ['tenant', 'list'])).json<Array<{ id: string }>>().map((t) => t.id);
      expect(events.every((e) => e.tenant !== null && visible.includes(e.tenant))).toBe(true);
      const exported = await w.run(role, ['audit', 'export', '--format', 'json']);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).not.toContain(w.conB);
    }
    const all = (await w.run('auditor', ['audit', 'list'])).json<Array<{ connection: string | null }>>();
    expect(all.some((e) => e.connection === w.conB)).toBe(true);
  });
});
