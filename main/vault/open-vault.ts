// Opening an existing vault: tell it from any other file, refuse a newer schema, unlock through a
// key slot, and only then write (WAL mode, migrations), so a failed unlock changes nothing.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { enableWal, looksLikeSqlite, migrate, openDatabase, restrictToOwner } from './database';
import type { Database } from 'better-sqlite3';
import { DEFAULT_SCRYPT, checkScrypt, readSlots, unwrapWithPassphrase, unwrapWithPassphraseAsync } from './key-slots';
import { freshKeychainWrap, replaceKeychainWrap, unwrapWithKeychain } from './keychain-slots';
import type { KeychainUnwrapped } from './keychain-slots';
import type { SlotRow } from './key-slots';
import { restrictFolderToOwner, tightenedFolderNotice } from '../fs/private-file';
import { MIGRATIONS } from './migrations';
import { VAULT_FILE_NAME } from './types';
import type { KeychainProtector, OpenVaultOptions, PassphraseUnlock, ScryptParams, Vault } from './types';
import { UnlockedVault } from './vault';
import { notAVault, readVaultIdentity } from './vault-meta';

export function vaultFile(dir: string): string {
  return join(resolve(dir), VAULT_FILE_NAME);
}

/** What is known before any key slot is tried: the file is ours and its slots are read. */
interface Opening {
  readonly folder: string;
  readonly file: string;
  readonly db: Database;
  readonly identity: { readonly vaultId: string; readonly keyCheck: string };
  readonly slots: ReadonlyArray<SlotRow>;
  readonly scrypt: ScryptParams;
}

function beginOpen(dir: string, opts: OpenVaultOptions): Opening {
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
    return { folder, file, db, identity: readVaultIdentity(db, folder, MIGRATIONS.length), slots: readSlots(db), scrypt };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** With the vault key in hand: WAL, migrations, and the unlocked vault (the key buffer is zeroed). */
function finishOpen(o: Opening, key: Buffer): Vault {
  try {
    enableWal(o.db);
    // After the unlock: someone without a key cannot make an old vault upgrade itself.
    migrate(o.db, MIGRATIONS);
    return new UnlockedVault({ dir: o.folder, file: o.file, id: o.identity.vaultId, keyCheck: o.identity.keyCheck, db: o.db, key, scrypt: o.scrypt });
  } finally {
    key.fill(0);
  }
}

/**
 * Throws VaultError: not_a_vault, newer_schema, no_slot, invalid_passphrase, wrong_passphrase or
 * unsafe_kdf; in each case the file is left as it was.
 */
export function openVault(dir: string, unlock: PassphraseUnlock, opts: OpenVaultOptions = {}): Vault {
  const o = beginOpen(dir, opts);
  try {
    const { key } = unwrapWithPassphrase(o.identity.vaultId, o.identity.keyCheck, o.slots, unlock.passphrase, o.folder);
    return finishOpen(o, key);
  } catch (err) {
    o.db.close();
    throw err;
  }
}

/**
 * openVault by passphrase with scrypt on libuv's thread pool, so the calling thread keeps
 * serving while the key is derived (the desktop's main process: its windows never freeze).
 */
export async function openVaultWithPassphrase(dir: string, passphrase: string, opts: OpenVaultOptions = {}): Promise<Vault> {
  const o = beginOpen(dir, opts);
  try {
    const { key } = await unwrapWithPassphraseAsync(o.identity.vaultId, o.identity.keyCheck, o.slots, passphrase, o.folder);
    return finishOpen(o, key);
  } catch (err) {
    o.db.close();
    throw err;
  }
}

/**
 * openVault through an OS keychain slot (safeStorage's asynchronous API). Throws VaultError:
 * not_a_vault, newer_schema, no_slot, keychain_unavailable or keychain_changed, leaving the file as
 * it was. When the keychain asks for re-encryption, the slot is wrapped again once the vault is
 * open (keychain-slots.ts); a re-wrap that fails leaves the old slot and still opens.
 */
export async function openVaultWithKeychain(dir: string, keychain: KeychainProtector, opts: OpenVaultOptions = {}): Promise<Vault> {
  const o = beginOpen(dir, opts);
  let unwrapped: KeychainUnwrapped;
  let rewrap: Buffer | null;
  try {
    unwrapped = await unwrapWithKeychain(o.identity.vaultId, o.identity.keyCheck, o.slots, keychain, o.folder);
    // Wrapped again while the key is in hand; written once the vault is open (after migrations).
    rewrap = unwrapped.shouldReEncrypt ? await freshKeychainWrap(keychain, unwrapped.key) : null;
  } catch (err) {
    o.db.close();
    throw err;
  }
  let vault: Vault;
  try {
    vault = finishOpen(o, unwrapped.key);
  } catch (err) {
    o.db.close();
    throw err;
  }
  if (rewrap !== null) {
    try {
      replaceKeychainWrap(o.db, unwrapped.slot, rewrap);
    } catch {
      // Busy or read-only now: the old wrap still opens, and the next unlock tries again.
    }
  }
  return vault;
}
