// The SQLite side of the vault: opening a file with the pragmas tokens need, telling a vault file
// from anything else, and running the numbered forward-only migrations.
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { chmodSync, closeSync, openSync, readSync, statSync } from 'node:fs';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations';
import { VaultError } from './types';

export const VAULT_FORMAT = 'fivex-vault';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const BUSY_TIMEOUT_MS = 5000;
/** SQLite's own side files: they hold pages of the vault, so they get the same care as the file. */
export const SIDE_FILE_SUFFIXES: ReadonlyArray<string> = ['-wal', '-shm', '-journal'];
const POSIX = process.platform !== 'win32';

/**
 * Opens a connection and sets what holds for every connection. journal_mode is left to
 * enableWal(): it is the one pragma that writes to the file, and a file that is not ours yet must
 * not be changed by looking at it.
 */
export function openDatabase(file: string, opts: { readonly nativeBinding?: string | undefined; readonly fileMustExist: boolean }): SqliteDatabase {
  // better-sqlite3 loads its bundled addon when nativeBinding is undefined.
  const db = new Database(file, { fileMustExist: opts.fileMustExist, nativeBinding: opts.nativeBinding });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    // Freed pages are zeroed, so deleted (sealed) tokens leave no residue in the file (R37).
    db.pragma('secure_delete = ON');
    // No temp files on disk for sorts and indices (R38).
    db.pragma('temp_store = MEMORY');
    // A refreshed token that is not durable before use is lost on power failure while the old one
    // is already rotated away; FULL syncs the WAL on every commit.
    db.pragma('synchronous = FULL');
    // Truncate the WAL after each checkpoint: small writes, and old frames do not linger (R37).
    db.pragma('journal_size_limit = 0');
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function enableWal(db: SqliteDatabase): void {
  const mode: unknown = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`SQLite refused WAL mode (journal_mode is ${String(mode)})`);
}

export function schemaVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function hasTable(db: SqliteDatabase, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** True when the file starts with SQLite's magic header; cheaper and clearer than a failed query. */
export function looksLikeSqlite(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, head, 0, head.length, 0);
    return read === head.length && head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/**
 * A vault restored from a backup or copied by hand may have come back readable by others (R38).
 * Best effort: file systems without POSIX modes (FAT, SMB) refuse chmod, and the secrets in the
 * file are sealed either way, so that must not stop the vault from opening.
 */
export function restrictToOwner(file: string): void {
  if (!POSIX) return;
  for (const path of [file, ...SIDE_FILE_SUFFIXES.map((suffix) => file + suffix)]) {
    try {
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    } catch {
      // ENOENT (no such side file) or a file system that keeps no modes.
    }
  }
}

export function assertKnownSchema(version: number, known: number, where: string): void {
  if (version > known) {
    throw new VaultError(
      'newer_schema',
      `The vault in ${where} was written by a newer FiveX Connect (schema ${version}; this version knows up to ${known}). Update FiveX Connect to open it; the vault was not changed.`,
    );
  }
}

function checkSequence(migrations: ReadonlyArray<Migration>): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations must be numbered 1..n in order; position ${index} holds version ${migration.version} (${migration.name})`);
    }
  });
}

/**
 * Brings the schema up to the last of `migrations`, each in its own IMMEDIATE transaction that
 * also bumps user_version, so a failure leaves the previous version intact. Tests pass a prefix of
 * MIGRATIONS to build an older vault. Returns the resulting version.
 */
export function migrate(db: SqliteDatabase, migrations: ReadonlyArray<Migration> = MIGRATIONS): number {
  checkSequence(migrations);
  const target = migrations.length;
  assertKnownSchema(schemaVersion(db), target, db.name);
  if (schemaVersion(db) === target) return target;
  // foreign_keys cannot change inside a transaction; it is off so a migration may rebuild a table
  // (SQLite's ALTER recipe), and foreign_key_check below stands in for it before each commit.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    for (const migration of migrations) {
      db.transaction(() => {
        // Read inside the write lock: another process may have migrated while we waited.
        if (schemaVersion(db) >= migration.version) return;
        db.exec(migration.sql);
        const broken = db.pragma('foreign_key_check') as ReadonlyArray<unknown>;
        if (broken.length > 0) {
          throw new Error(`Migration ${migration.version} (${migration.name}) leaves ${broken.length} foreign key violations`);
        }
        // PRAGMA takes no bound parameters; the version is an integer checked by checkSequence.
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    }
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
  return schemaVersion(db);
}
