// What makes a file a FiveX vault: its identity row in vault_meta (format, id, key-check digest)
// and the checks that tell a vault from any other file before anything is written to it.
import type { Database } from 'better-sqlite3';
import { VAULT_FORMAT, assertKnownSchema, hasTable, schemaVersion } from './database';
import { VaultError, VAULT_FILE_NAME } from './types';

export interface VaultIdentity {
  readonly vaultId: string;
  readonly keyCheck: string;
  readonly createdAt: string;
}

export function notAVault(folder: string, why: string): VaultError {
  return new VaultError(
    'not_a_vault',
    `No FiveX vault in ${folder}: ${why}. Choose the folder that holds your ${VAULT_FILE_NAME}, or create a vault there (fivex-connect init); nothing was changed.`,
  );
}

export function writeVaultMeta(db: Database, identity: VaultIdentity): void {
  const insert = db.prepare('INSERT INTO vault_meta (key, value) VALUES (?, ?)');
  insert.run('format', VAULT_FORMAT);
  insert.run('vault_id', identity.vaultId);
  insert.run('key_check', identity.keyCheck);
  insert.run('created_at', identity.createdAt);
}

/** Reads only: a file that turns out not to be ours, or to be newer than us, is left untouched. */
export function readVaultIdentity(db: Database, folder: string, knownSchema: number): VaultIdentity {
  let version: number;
  try {
    version = schemaVersion(db);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw notAVault(folder, `${VAULT_FILE_NAME} is not a readable SQLite database`);
    }
    throw err;
  }
  assertKnownSchema(version, knownSchema, folder);
  if (version < 1 || !hasTable(db, 'vault_meta')) {
    throw notAVault(folder, `${VAULT_FILE_NAME} is an SQLite database of something else (it has no vault identity)`);
  }
  const rows = db.prepare('SELECT key, value FROM vault_meta').all() as ReadonlyArray<{ key: string; value: string }>;
  const meta = new Map(rows.map((row) => [row.key, row.value]));
  const vaultId = meta.get('vault_id');
  const keyCheck = meta.get('key_check');
  if (meta.get('format') !== VAULT_FORMAT || vaultId === undefined || keyCheck === undefined) {
    throw notAVault(folder, `${VAULT_FILE_NAME} has an incomplete vault identity`);
  }
  return { vaultId, keyCheck, createdAt: meta.get('created_at') ?? '' };
}
