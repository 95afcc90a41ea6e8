// Migration 6 (operators and access grants) on a schema-5 vault that has operators with the old
// roles and tenant_access rows: ids kept, owner → admin, manager → account_manager, every
// tenant_access row an unnarrowed access grant, tenant_access gone.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../main/vault';

describe('migration 6', () => {
  it('maps the old roles, keeps ids, and turns tenant_access rows into access grants', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 5));
    const now = '2026-01-01T00:00:00.000Z';
    db.prepare("INSERT INTO tenants (id, name, created_at) VALUES ('ten_1', 'Acme', ?)").run(now);
    const op = db.prepare('INSERT INTO operators (id, name, role, created_at) VALUES (?, ?, ?, ?)');
    op.run('op_1', 'Olga', 'owner', now);
    op.run('op_2', 'Manu', 'manager', now);
    op.run('op_3', 'Sam', 'support', now);
    db.prepare("INSERT INTO tenant_access (tenant_id, operator_id, role, granted_at, granted_by) VALUES ('ten_1', 'op_2', 'manager', ?, 'os:me')").run(now);

    migrate(db, MIGRATIONS.slice(0, 6));
    expect(schemaVersion(db)).toBe(6);
    expect(db.prepare('SELECT id, name, role, failed_attempts FROM operators ORDER BY id').all()).toEqual([
      { id: 'op_1', name: 'Olga', role: 'admin', failed_attempts: 0 },
      { id: 'op_2', name: 'Manu', role: 'account_manager', failed_attempts: 0 },
      { id: 'op_3', name: 'Sam', role: 'support', failed_attempts: 0 },
    ]);
    expect(db.prepare('SELECT operator_id, tenant_id, connector_id, until, granted_by FROM access_grants').all()).toEqual([
      { operator_id: 'op_2', tenant_id: 'ten_1', connector_id: null, until: null, granted_by: 'os:me' },
    ]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'tenant_access'").all()).toEqual([]);
    // One grant per operator, tenant and connector; "every connector" counts as one.
    const grant = db.prepare("INSERT INTO access_grants (operator_id, tenant_id, connector_id, granted_by, granted_at) VALUES ('op_2', 'ten_1', ?, 'x', 'now')");
    expect(() => grant.run(null)).toThrow(/UNIQUE/);
    grant.run('ebay');
    expect(() => grant.run('ebay')).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE operators SET role = 'owner' WHERE id = 'op_1'").run()).toThrow(/CHECK/);
    // Removing an operator removes its grants.
    db.prepare("DELETE FROM operators WHERE id = 'op_2'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM access_grants').get()).toEqual({ n: 0 });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
