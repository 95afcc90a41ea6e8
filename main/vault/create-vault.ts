// Creating a vault: everything is written to a temporary file in the target folder, which gets the
// vault's name only once complete, so no reader ever meets a half-written vault.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SIDE_FILE_SUFFIXES, enableWal, migrate, openDatabase } from './database';
import { KEY_BYTES, keyCheckDigest } from './envelope';
import { newId, nowIso } from './ids';
import { DEFAULT_SCRYPT, checkPassphrase, checkScrypt, insertSlot, makePassphraseSlot, makePassphraseSlotAsync } from './key-slots';
import { checkKeychain, makeKeychainSlot } from './keychain-slots';
import type { SlotRow } from './key-slots';
import { restrictFolderToOwner, tightenedFolderNotice } from '../fs/private-file';
import { MIGRATIONS } from './migrations';
import type { Migration } from './migrations';
import { VAULT_FILE_NAME, VaultError } from './types';
import type { CreateVaultAsyncOptions, CreateVaultOptions, ScryptParams, Vault } from './types';
import { UnlockedVault } from './vault';
import { writeVaultMeta } from './vault-meta';

const POSIX = process.platform !== 'win32';
// Errors of file systems without hard links (FAT, some network shares): fall back to rename.
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

function vaultExists(folder: string, why: string): VaultError {
  return new VaultError('vault_exists', `${why} in ${folder}. Open that vault, or choose an empty folder; nothing was changed.`);
}

function assertNoVault(folder: string, file: string): void {
  if (existsSync(file)) throw vaultExists(folder, 'A FiveX vault already exists');
  // SQLite would replay a stale WAL into a new file of the same name and corrupt it.
  const stray = SIDE_FILE_SUFFIXES.find((suffix) => existsSync(file + suffix));
  if (stray !== undefined) throw vaultExists(folder, `${VAULT_FILE_NAME}${stray} (left by a vault that was moved or deleted) is still`);
}

function syncPath(path: string, flags: string): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename or link durable; Windows cannot open a folder for fsync and has no need to. */
function syncFolder(folder: string): void {
  if (POSIX) syncPath(folder, 'r');
}

interface NewVault {
  readonly id: string;
  readonly key: Buffer;
  readonly scrypt: ScryptParams;
  readonly options: CreateVaultOptions;
  readonly migrations: ReadonlyArray<Migration>;
  /** Already derived off the calling thread (createVaultAsync); else derived here. */
  readonly passphraseSlot?: SlotRow;
  /** Wrapped by the OS keychain beforehand (createVaultAsync): its API is asynchronous. */
  readonly keychainSlot?: SlotRow;
}

function writeVaultFile(temp: string, vault: NewVault): void {
  // Created here, exclusively and owner-only, before SQLite opens it: SQLite gives its -wal and
  // -shm files the mode of the database file.
  closeSync(openSync(temp, 'wx', 0o600));
  const db = openDatabase(temp, { fileMustExist: true, nativeBinding: vault.options.nativeBinding });
  try {
    enableWal(db);
    migrate(db, vault.migrations);
    db.transaction(() => {
      writeVaultMeta(db, { vaultId: vault.id, keyCheck: keyCheckDigest(vault.key, vault.id), createdAt: nowIso() });
      insertSlot(db, vault.passphraseSlot ?? makePassphraseSlot(vault.id, vault.key, vault.options.passphrase, vault.scrypt, 'passphrase'));
      if (vault.keychainSlot !== undefined) insertSlot(db, vault.keychainSlot);
    }).immediate();
  } finally {
    db.close();
  }
  // Closing the last connection checkpoints the WAL into the file; a leftover means it did not.
  const leftover = SIDE_FILE_SUFFIXES.find((suffix) => existsSync(temp + suffix));
  if (leftover !== undefined) throw new Error(`SQLite left ${temp}${leftover} behind; the new vault is incomplete`);
  syncPath(temp, 'r+');
}

/** link() never replaces an existing file, so two processes creating at once cannot clobber. */
function publish(temp: string, file: string, folder: string): void {
  try {
    linkSync(temp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') throw vaultExists(folder, 'A FiveX vault was created at the same time');
    if (!NO_HARD_LINKS.has(code)) throw err;
    assertNoVault(folder, file);
    renameSync(temp, file);
    syncFolder(folder);
    return;
  }
  unlinkSync(temp);
  syncFolder(folder);
}

function removeAttempt(temp: string): void {
  for (const path of [temp, ...SIDE_FILE_SUFFIXES.map((suffix) => temp + suffix)]) rmSync(path, { force: true });
}

/**
 * Creates `<dir>/fivex-vault.db` with a passphrase slot and returns it unlocked. Everything that
 * can be refused is checked before the disk is touched. With an OS keychain: createVaultAsync.
 */
export function createVault(dir: string, opts: CreateVaultOptions): Vault {
  return createVaultWithSchema(dir, opts, MIGRATIONS);
}

/** createVault at a given schema: tests build a vault of an older version to upgrade it. */
export function createVaultWithSchema(dir: string, opts: CreateVaultOptions, migrations: ReadonlyArray<Migration>): Vault {
  const prepared = prepareCreate(dir, opts, migrations);
  return finishCreate(prepared, prepared.vault);
}

/**
 * createVault with the passphrase slot's scrypt on libuv's thread pool, so the calling thread
 * (the desktop's main process) keeps serving its windows while the recovery key is derived, and
 * with an OS keychain slot when a keychain is given (wrapped before the file is written).
 */
export async function createVaultAsync(dir: string, opts: CreateVaultAsyncOptions): Promise<Vault> {
  const { keychain, acceptInsecureKeychain } = opts;
  checkPassphrase(opts.passphrase);
  if (keychain !== undefined) await checkKeychain(keychain, acceptInsecureKeychain === true);
  const prepared = prepareCreate(dir, opts, MIGRATIONS);
  const { vault } = prepared;
  let passphraseSlot: SlotRow;
  let keychainSlot: SlotRow | undefined;
  try {
    passphraseSlot = await makePassphraseSlotAsync(vault.id, vault.key, opts.passphrase, vault.scrypt, 'passphrase');
    if (keychain !== undefined) keychainSlot = await makeKeychainSlot(vault.key, keychain, { acceptInsecure: acceptInsecureKeychain === true });
    // Someone may have created one meanwhile: checked again before the disk is touched.
    assertNoVault(prepared.folder, prepared.file);
  } catch (err) {
    vault.key.fill(0);
    throw err;
  }
  return finishCreate(prepared, { ...vault, passphraseSlot, ...(keychainSlot === undefined ? {} : { keychainSlot }) });
}

interface PreparedCreate {
  readonly folder: string;
  readonly file: string;
  readonly vault: NewVault;
}

/** Everything that can be refused is checked before the disk is touched. */
function prepareCreate(dir: string, opts: CreateVaultOptions, migrations: ReadonlyArray<Migration>): PreparedCreate {
  checkPassphrase(opts.passphrase);
  const scrypt = checkScrypt(opts.scrypt ?? DEFAULT_SCRYPT);
  const folder = resolve(dir);
  const file = join(folder, VAULT_FILE_NAME);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  // mkdir's mode applies to a new folder only; one made beforehand keeps its own.
  const previousMode = restrictFolderToOwner(folder);
  if (previousMode !== null) opts.notice?.(tightenedFolderNotice(folder, previousMode));
  assertNoVault(folder, file);
  return { folder, file, vault: { id: newId('vlt'), key: randomBytes(KEY_BYTES), scrypt, options: opts, migrations } };
}

function finishCreate(prepared: PreparedCreate, vault: NewVault): Vault {
  const { folder, file } = prepared;
  const opts = vault.options;
  const temp = join(folder, `.${VAULT_FILE_NAME}.${randomBytes(8).toString('hex')}.creating`);
  try {
    try {
      writeVaultFile(temp, vault);
      publish(temp, file, folder);
    } catch (err) {
      removeAttempt(temp);
      throw err;
    }
    const db = openDatabase(file, { fileMustExist: true, nativeBinding: opts.nativeBinding });
    try {
      enableWal(db);
      return new UnlockedVault({ dir: folder, file, id: vault.id, keyCheck: keyCheckDigest(vault.key, vault.id), db, key: vault.key, scrypt: vault.scrypt });
    } catch (err) {
      db.close();
      throw err;
    }
  } finally {
    vault.key.fill(0);
  }
}
