// Numbered forward-only migrations: each on a fresh database, an upgrade of a schema-1 vault with
// data in it, a failed migration leaving the previous version whole, and newer schemas refused.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, VaultError, createVaultWithSchema, migrate, newId, nowIso, openVault, schemaVersion } from '../../main/vault';
import type { Migration } from '../../main/vault';
import { PASSPHRASE, TEST_SCRYPT, rawQuery, tempVaultDir } from './helpers';

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function memoryDb(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  return db;
}

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (row) => row.name,
  );
}

describe('migrate', () => {
  it('the list is numbered 1..n and LATEST_SCHEMA_VERSION is its end', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it.each(MIGRATIONS.map((m) => [m.version, m.name] as const))('migration %i (%s) applies on a fresh database and bumps user_version', (version) => {
    const db = memoryDb();
    expect(migrate(db, MIGRATIONS.slice(0, version - 1))).toBe(version - 1);
    const before = tables(db);
    expect(migrate(db, MIGRATIONS.slice(0, version))).toBe(version);
    expect(schemaVersion(db)).toBe(version);
    const strict = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string; sql: string }[];
    for (const table of strict.filter((t) => !before.includes(t.name))) expect(table.sql, table.name).toMatch(/STRICT\s*$/);
  });

  it('is idempotent: running all migrations twice changes nothing', () => {
    const db = memoryDb();
    migrate(db);
    const schema = db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all();
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare('SELECT sql FROM sqlite_master ORDER BY name').all()).toEqual(schema);
  });

  it('a failing migration rolls back entirely and leaves the previous version', () => {
    const db = memoryDb();
    const foreignKeys: unknown = db.pragma('foreign_keys', { simple: true });
    const broken: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER) STRICT; INSERT INTO no_such_table VALUES (1);' };
    expect(() => migrate(db, [MIGRATIONS[0]!, broken])).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('half_done');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(foreignKeys);
  });

  it('a migration that breaks a foreign key is rolled back', () => {
    const db = memoryDb();
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS);
    const orphan: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'orphan',
      sql: "INSERT INTO access_grants (tenant_id, operator_id, granted_by, granted_at) VALUES ('ten_x', 'op_x', 'os:x', 'now');",
    };
    expect(() => migrate(db, [...MIGRATIONS, orphan])).toThrow(/foreign key/);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare('SELECT COUNT(*) AS n FROM access_grants').get()).toEqual({ n: 0 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('refuses a list that is not numbered 1..n in order', () => {
    const db = memoryDb();
    expect(() => migrate(db, [MIGRATIONS[1]!, MIGRATIONS[0]!])).toThrow(/numbered/);
    expect(() => migrate(db, MIGRATIONS.slice(1))).toThrow(/numbered/);
    expect(schemaVersion(db)).toBe(0);
  });

  it('refuses a database newer than the migrations it is given', () => {
    const db = memoryDb();
    migrate(db, MIGRATIONS);
    let thrown: unknown;
    try {
      migrate(db, MIGRATIONS.slice(0, 1));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(VaultError);
    expect((thrown as VaultError).code).toBe('newer_schema');
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
  });
});

describe('upgrading a vault', () => {
  it('a schema-1 vault opens, is upgraded to the latest schema, and keeps its tenants and key', () => {
    const dir = tempVaultDir();
    const v1 = createVaultWithSchema(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT }, MIGRATIONS.slice(0, 1));
    const tenantId = newId('ten');
    const createdAt = nowIso();
    v1.db.prepare('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)').run(tenantId, 'Acme Outdoor', createdAt);
    const ref = { table: 'settings', rowId: 'relay_secret', column: 'value' };
    const sealed = v1.seal('kept-across-upgrade', ref);
    const vaultId = v1.id;
    v1.close();
    expect(rawQuery<{ user_version: number }>(dir, 'PRAGMA user_version')[0]?.user_version).toBe(1);
    expect(rawQuery(dir, "SELECT name FROM sqlite_master WHERE name = 'connections'")).toEqual([]);

    const vault = openVault(dir, { passphrase: PASSPHRASE });
    try {
      expect(schemaVersion(vault.db)).toBe(LATEST_SCHEMA_VERSION);
      expect(vault.id).toBe(vaultId);
      expect(vault.db.prepare('SELECT id, name, created_at, archived_at, owner_operator_id FROM tenants').all()).toEqual([
        { id: tenantId, name: 'Acme Outdoor', created_at: createdAt, archived_at: null, owner_operator_id: null },
      ]);
      expect(vault.openString(sealed, ref)).toBe('kept-across-upgrade');
      // The new tables exist and take rows that reference the old ones.
      vault.db
        .prepare("INSERT INTO connections (id, tenant_id, connector_id, account, state, created_at, updated_at) VALUES (?, ?, 'shopify', 'acme.myshopify.com', 'active', ?, ?)")
        .run(newId('con'), tenantId, nowIso(), nowIso());
    } finally {
      vault.close();
    }
  });

  it('a wrong passphrase does not upgrade an old vault', () => {
    const dir = tempVaultDir();
    createVaultWithSchema(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT }, MIGRATIONS.slice(0, 1)).close();
    expect(() => openVault(dir, { passphrase: 'not the passphrase' })).toThrow(VaultError);
    expect(rawQuery<{ user_version: number }>(dir, 'PRAGMA user_version')[0]?.user_version).toBe(1);
  });
});

describe('migration 3', () => {
  it('indexes the due-probe and due-revocation questions the scheduler asks every tick', () => {
    const db = new Database(':memory:');
    migrate(db);
    const plan = (sql: string): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan("SELECT id FROM connections WHERE deleted_at IS NULL AND next_probe_at <= '2026-01-01'")).toContain('connections_probe_due');
    expect(plan("SELECT id FROM pending_revocations WHERE next_attempt_at <= '2026-01-01'")).toContain('pending_revocations_due');
    db.close();
  });
});
