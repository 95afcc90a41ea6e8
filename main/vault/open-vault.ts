// Opening an existing vault: tell it from any other file, refuse a newer schema, unlock through a
// key slot, and only then write (WAL mode, migrations), so a failed unlock changes nothing.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { enableWal, looksLikeSqlite, migrate, openDatabase, restrictToOwner } from './database';
import { DEFAULT_SCRYPT, checkScrypt, readSlots, unwrapWithKeychain, unwrapWithPassphrase } from './key-slots';
import { restrictFolderToOwner, tightenedFolderNotice } from '../fs/private-file';
import { MIGRATIONS } from './migrations';
import { VAULT_FILE_NAME } from './types';
import type { OpenVaultOptions, Vault, VaultUnlock } from './types';
import { UnlockedVault } from './vault';
import { notAVault, readVaultIdentity } from './vault-meta';

export function vaultFile(dir: string): string {
  return join(resolve(dir), VAULT_FILE_NAME);
}

/**
 * Throws VaultError: not_a_vault, newer_schema, no_slot, invalid_passphrase, wrong_passphrase,
 * unsafe_kdf, keychain_unavailable or keychain_changed; in each case the file is left as it was.
 */
export function openVault(dir: string, unlock: VaultUnlock, opts: OpenVaultOptions = {}): Vault {
  const folder = resolve(dir);
  const file = join(folder, VAULT_FILE_NAME);
  const scrypt = checkScrypt(opts.scrypt ?? DEFAULT_SCRYPT);
  if (!existsSync(file)) throw notAVault(folder, `${VAULT_FILE_NAME} does not exist there`);
  if (!statSync(file).isFile() || !looksLikeSqlite(file)) {
    throw notAVault(folder, `${VAULT_FILE_NAME} is not an SQLite database`);
  }
  restrictToOwner(file);
  // Created 0700, but a folder made by hand or copied keeps its mode: tokens' metadata, WAL and
  // the audit head live here too, so tighten it and tell the person once.
  const previousMode = restrictFolderToOwner(folder);
  if (previousMode !== null) opts.notice?.(tightenedFolderNotice(folder, previousMode));
  const db = openDatabase(file, { fileMustExist: true, nativeBinding: opts.nativeBinding });
  try {
    const identity = readVaultIdentity(db, folder, MIGRATIONS.length);
    const slots = readSlots(db);
    const { key } =
      'passphrase' in unlock
        ? unwrapWithPassphrase(identity.vaultId, identity.keyCheck, slots, unlock.passphrase, folder)
        : unwrapWithKeychain(identity.vaultId, identity.keyCheck, slots, unlock.keychain, folder);
    try {
      enableWal(db);
      // After the unlock: someone without a key cannot make an old vault upgrade itself.
      migrate(db, MIGRATIONS);
      return new UnlockedVault({ dir: folder, file, id: identity.vaultId, keyCheck: identity.keyCheck, db, key, scrypt });
    } finally {
      key.fill(0);
    }
  } catch (err) {
    db.close();
    throw err;
  }
}
