// Creating and opening vaults: the happy path, the pragmas, file modes, and every refusal.
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIN_PASSPHRASE_LENGTH, VAULT_FILE_NAME, VaultError, createVault, newId, nowIso, openVault } from '../../main/vault';
import type { VaultErrorCode } from '../../main/vault';
import { PASSPHRASE, TEST_SCRYPT, dbFile, rawExec, rawQuery, sha256, snapshotFiles, tempRoot, tempVaultDir } from './helpers';

const POSIX = process.platform !== 'win32';

function vaultErrorOf(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (err) {
    if (err instanceof VaultError) return err;
    throw err;
  }
  throw new Error('expected a VaultError, nothing was thrown');
}

function expectCode(fn: () => unknown, code: VaultErrorCode): VaultError {
  const err = vaultErrorOf(fn);
  expect(err.code).toBe(code);
  return err;
}

describe('createVault / openVault with a passphrase', () => {
  it('creates the folder and the file, and reopens with the same id and secrets', () => {
    const dir = tempVaultDir();
    const vault = createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
    expect(vault.file).toBe(join(dir, VAULT_FILE_NAME));
    expect(vault.id).toMatch(/^vlt_[0-9a-f]{32}$/);
    const ref = { table: 'credentials', rowId: 'grt_1', column: 'refresh_token' };
    const sealed = vault.seal('rt-value-1', ref);
    const id = vault.id;
    vault.close();

    const reopened = openVault(dir, { passphrase: PASSPHRASE });
    try {
      expect(reopened.id).toBe(id);
      expect(reopened.openString(sealed, ref)).toBe('rt-value-1');
      expect(reopened.listSlots().map((slot) => slot.kind)).toEqual(['passphrase']);
    } finally {
      reopened.close();
    }
  });

  it('sets the pragmas tokens need on every connection', () => {
    const vault = createVault(tempVaultDir(), { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
    try {
      const pragma = (name: string): unknown => vault.db.pragma(name, { simple: true });
      expect(pragma('journal_mode')).toBe('wal');
      expect(pragma('foreign_keys')).toBe(1);
      expect(pragma('secure_delete')).toBe(1);
      expect(pragma('temp_store')).toBe(2); // MEMORY
      expect(pragma('synchronous')).toBe(2); // FULL
      expect(pragma('busy_timeout')).toBe(5000);
      expect(pragma('user_version')).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      vault.close();
    }
  });

  it('enforces foreign keys through vault.db', () => {
    const vault = createVault(tempVaultDir(), { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
    try {
      const insert = vault.db.prepare(
        "INSERT INTO connections (id, tenant_id, connector_id, account, state, created_at, updated_at) VALUES (?, 'ten_missing', 'shopify', 'a', 'active', ?, ?)",
      );
      expect(() => insert.run(newId('con'), nowIso(), nowIso())).toThrow(/FOREIGN KEY/);
    } finally {
      vault.close();
    }
  });

  it('transaction() is all or nothing', () => {
    const vault = createVault(tempVaultDir(), { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
    try {
      const insert = vault.db.prepare('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)');
      expect(() =>
        vault.transaction(() => {
          insert.run(newId('ten'), 'Acme', nowIso());
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(vault.db.prepare('SELECT COUNT(*) AS n FROM tenants').get()).toEqual({ n: 0 });
      expect(vault.transaction(() => insert.run(newId('ten'), 'Acme', nowIso()).changes)).toBe(1);
    } finally {
      vault.close();
    }
  });

  it.skipIf(!POSIX)('writes the file and its side files 0600 inside a 0700 folder', () => {
    const dir = tempVaultDir();
    const vault = createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
    try {
      vault.db.prepare('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)').run(newId('ten'), 'Acme', nowIso());
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const names = readdirSync(dir).sort();
      expect(names).toEqual([VAULT_FILE_NAME, `${VAULT_FILE_NAME}-shm`, `${VAULT_FILE_NAME}-wal`]);
      for (const name of names) expect({ name, mode: statSync(join(dir, name)).mode & 0o777 }).toEqual({ name, mode: 0o600 });
    } finally {
      vault.close();
    }
  });

  it.skipIf(!POSIX)('tightens a vault file that came back world-readable from a copy', () => {
    const dir = tempVaultDir();
    createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT }).close();
    chmodSync(dbFile(dir), 0o644);
    openVault(dir, { passphrase: PASSPHRASE }).close();
    expect(statSync(dbFile(dir)).mode & 0o777).toBe(0o600);
  });

  it('refuses to create over an existing vault and leaves it intact', () => {
    const dir = tempVaultDir();
    createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT }).close();
    const before = snapshotFiles(dir);
    const err = expectCode(() => createVault(dir, { passphrase: 'another passphrase', scrypt: TEST_SCRYPT }), 'vault_exists');
    expect(err.message).toContain(dir);
    expect(snapshotFiles(dir)).toEqual(before);
    expect(readdirSync(dir)).toEqual([VAULT_FILE_NAME]);
    openVault(dir, { passphrase: PASSPHRASE }).close();
  });

  it('refuses to create where a stale WAL of a removed vault would be replayed into the new file', () => {
    const dir = tempVaultDir();
    mkdirSync(dir);
    writeFileSync(`${dbFile(dir)}-wal`, 'stale');
    expectCode(() => createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT }), 'vault_exists');
    expect(readdirSync(dir)).toEqual([`${VAULT_FILE_NAME}-wal`]);
  });

  it(`rejects an empty passphrase and one shorter than ${MIN_PASSPHRASE_LENGTH} characters, before touching the disk`, () => {
    const dir = tempVaultDir();
    expect(expectCode(() => createVault(dir, { passphrase: '', scrypt: TEST_SCRYPT }), 'invalid_passphrase').message).toMatch(/empty/);
    expect(expectCode(() => createVault(dir, { passphrase: 'seven77', scrypt: TEST_SCRYPT }), 'invalid_passphrase').message).toMatch(/at least 8/);
    expect(statSync(tempRoot()).isDirectory()).toBe(true);
    expect(() => statSync(dir)).toThrow(/ENOENT/);
    // Eight characters counted as characters, not UTF-16 units or bytes.
    createVault(dir, { passphrase: '🔑🔑🔑🔑🔑🔑🔑🔑', scrypt: TEST_SCRYPT }).close();
    openVault(dir, { passphrase: '🔑🔑🔑🔑🔑🔑🔑🔑' }).close();
  });

  it('matches a passphrase typed in another Unicode normalization form', () => {
    const dir = tempVaultDir();
    const composed = 'passé-phrase'.normalize('NFC');
    createVault(dir, { passphrase: composed, scrypt: TEST_SCRYPT }).close();
    openVault(dir, { passphrase: composed.normalize('NFD') }).close();
  });

  it('rejects an empty passphrase on open as invalid, not as wrong', () => {
    const dir = tempVaultDir();
    createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT }).close();
    expectCode(() => openVault(dir, { passphrase: '' }), 'invalid_passphrase');
  });
});

describe('openVault on something that is not a vault', () => {
  it('a missing folder, or a folder without the file, names the folder and says what to do', () => {
    const missing = join(tempRoot(), 'nowhere');
    const err = expectCode(() => openVault(missing, { passphrase: PASSPHRASE }), 'not_a_vault');
    expect(err.message).toContain(missing);
    expect(err.message).toMatch(/create a vault there|choose the folder/);
    expect(() => statSync(missing)).toThrow(/ENOENT/);

    const empty = tempRoot();
    expect(expectCode(() => openVault(empty, { passphrase: PASSPHRASE }), 'not_a_vault').message).toContain(empty);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('a file that is not SQLite is refused and left untouched', () => {
    const dir = tempRoot();
    const junk = Buffer.from('{"tokens": "not a database at all, just some JSON someone saved here"}');
    writeFileSync(dbFile(dir), junk);
    expectCode(() => openVault(dir, { passphrase: PASSPHRASE }), 'not_a_vault');
    expect(snapshotFiles(dir)).toEqual(new Map([[VAULT_FILE_NAME, sha256(junk)]]));
  });

  it('an empty file is refused and left empty', () => {
    const dir = tempRoot();
    writeFileSync(dbFile(dir), '');
    expectCode(() => openVault(dir, { passphrase: PASSPHRASE }), 'not_a_vault');
    expect(snapshotFiles(dir)).toEqual(new Map([[VAULT_FILE_NAME, sha256(Buffer.alloc(0))]]));
  });

  it('another application\'s SQLite database is refused without being switched to WAL', () => {
    const dir = tempRoot();
    const other = new Database(dbFile(dir));
    other.exec('CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES (\'hello\')');
    other.pragma('user_version = 1');
    other.close();
    const before = snapshotFiles(dir);
    const err = expectCode(() => openVault(dir, { passphrase: PASSPHRASE }), 'not_a_vault');
    expect(err.message).toContain(dir);
    expect(snapshotFiles(dir)).toEqual(before);
    expect(rawQuery<{ journal_mode: string }>(dir, 'PRAGMA journal_mode')[0]?.journal_mode).toBe('delete');
  });

  it('a vault written by a newer FiveX Connect is refused and not touched', () => {
    const dir = tempVaultDir();
    createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT }).close();
    rawExec(dir, (db) => db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`));
    const before = snapshotFiles(dir);
    const err = expectCode(() => openVault(dir, { passphrase: PASSPHRASE }), 'newer_schema');
    expect(err.message).toMatch(/newer FiveX Connect/);
    expect(snapshotFiles(dir)).toEqual(before);
  });
});
