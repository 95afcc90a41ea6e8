// Shared set-up for the vault specs: throwaway folders under the OS temp dir, cheap scrypt, and
// raw looks at the files that do not go through the vault.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { VAULT_FILE_NAME } from '../../main/vault/types';
import type { ScryptParams } from '../../main/vault/types';

/** Cheap enough for dozens of unlocks per run; production uses DEFAULT_SCRYPT. */
export const TEST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };
export const PASSPHRASE = 'correct horse battery';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder removed after the test; the vault goes in a subfolder the vault creates itself. */
export function tempRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fivex-vault-test-'));
  made.push(dir);
  return dir;
}

export function tempVaultDir(): string {
  return join(tempRoot(), 'vault');
}

export function dbFile(dir: string): string {
  return join(dir, VAULT_FILE_NAME);
}

export function canary(): string {
  return `CANARY-RT-${randomBytes(12).toString('hex')}`;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The database and its side files as they are on disk right now, as SHA-256 digests: equal
 * snapshots mean byte-identical files (and compare fast, unlike deep equality over Buffers).
 */
export function snapshotFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const path = dbFile(dir) + suffix;
    if (existsSync(path)) files.set(VAULT_FILE_NAME + suffix, sha256(readFileSync(path)));
  }
  return files;
}

/** Reads the file with plain better-sqlite3, bypassing the vault (as an attacker with the file would). */
export function rawQuery<T>(dir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbFile(dir), { fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function rawExec(dir: string, fn: (db: Database.Database) => void): void {
  const db = new Database(dbFile(dir), { fileMustExist: true });
  try {
    fn(db);
  } finally {
    db.close();
  }
}
