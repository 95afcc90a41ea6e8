// Migration 5 (audit indexes): on a fresh database, and upgrading a schema-3 vault whose audit log
// has events: the log still verifies, and filtered pages walk an index newest first, no sort.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../main/audit/audit-log';
import { AuditEventsRepo } from '../../main/repos/audit-events';
import { MIGRATIONS, createVaultWithSchema, migrate, openVault, schemaVersion } from '../../main/vault';
import { tempDir, TEST_PASSPHRASE } from '../support/cli';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function auditIndexes(db: Database.Database): Record<string, string> {
  const rows = db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' AND sql IS NOT NULL").all();
  return Object.fromEntries(rows.map((r) => [r.name, r.sql.replace(/\s+/g, ' ')]));
}

function planOf(db: Database.Database, sql: string, params: Record<string, unknown>): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
}

describe('migration 5', () => {
  it('indexes every audit filter and replaces the (tenant_id, at) index', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 3));
    expect(auditIndexes(db).audit_events_tenant).toMatch(/\(tenant_id, at\)/);
    migrate(db, MIGRATIONS.slice(0, 5));
    expect(schemaVersion(db)).toBe(5);
    const indexes = auditIndexes(db);
    expect(indexes.audit_events_tenant).toMatch(/ON audit_events\(tenant_id\)$/);
    expect(Object.keys(indexes).sort()).toEqual([
      'audit_events_action', 'audit_events_action_outcome', 'audit_events_at', 'audit_events_connection', 'audit_events_outcome',
      'audit_events_tenant', 'audit_events_tenant_action', 'audit_events_tenant_actor', 'audit_events_tenant_at', 'audit_events_tenant_outcome', 'audit_events_actor',
    ].sort());
    db.close();
  });

  it('upgrades a schema-3 vault with an audit log that keeps verifying, and pages walk an index without sorting', async () => {
    const vaultDir = join(dir, 'vault');
    const old = createVaultWithSchema(vaultDir, { passphrase: TEST_PASSPHRASE, scrypt: { N: 2 ** 10, r: 8, p: 1 } }, MIGRATIONS.slice(0, 3));
    const before = new AuditLog(old, new AuditEventsRepo(old.db));
    for (let i = 0; i < 20; i++) before.append({ actor: `os:u${i % 3}`, tenantId: `ten_${i % 4}`, action: i % 2 ? 'token' : 'connection.refresh', outcome: i % 5 ? 'ok' : 'refused' });
    await before.flushAnchors();
    old.close();

    const vault = openVault(vaultDir, { passphrase: TEST_PASSPHRASE });
    try {
      expect(schemaVersion(vault.db)).toBe(MIGRATIONS.length);
      const log = new AuditLog(vault, new AuditEventsRepo(vault.db));
      expect(await log.verify()).toMatchObject({ ok: true, events: 20 });
      expect(log.list({ tenantId: 'ten_1', outcome: 'refused' }).map((e) => e.id)).toEqual([6]);
      // The shape the repository builds for a tenant + outcome (+ action) page: the pair index, no sort.
      const repo = new AuditEventsRepo(vault.db);
      expect(repo.query({ tenantId: 'ten_1', outcome: 'refused' }, { limit: 2 }).map((r) => r.id)).toEqual([6]);
      const plan = planOf(vault.db, 'SELECT * FROM audit_events WHERE tenant_id = @t AND outcome = @o AND +action = @a ORDER BY id DESC LIMIT 2', { t: 'ten_1', o: 'refused', a: 'token' });
      expect(plan).toMatch(/USING INDEX audit_events_tenant_outcome/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    } finally {
      vault.close();
    }
  });
});
