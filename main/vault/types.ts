// The vault's public contract: what the rest of main/ may rely on. Implementations live beside it;
// nothing here imports electron (the OS keychain arrives as a KeychainProtector from main/app/).
import type { Database } from 'better-sqlite3';
import { DomainError } from '../errors';

/**
 * The OS keychain as the vault sees it. main/app/ adapts Electron's asynchronous safeStorage API
 * to this (the synchronous one is deprecated and goes away); tests inject a fake. `backend` is
 * safeStorage.getSelectedStorageBackend() on Linux (synchronous there too), or the platform's name
 * elsewhere ('keychain' on macOS, 'dpapi' on Windows).
 */
export interface KeychainProtector {
  isAvailable(): Promise<boolean>;
  backend(): string;
  encrypt(plain: Buffer): Promise<Buffer>;
  decrypt(wrapped: Buffer): Promise<KeychainDecrypted>;
}

/**
 * What the keychain unwrapped. `shouldReEncrypt` is safeStorage's word that the data was wrapped
 * under a rotated or weaker key: it still opens, but should be wrapped again (the vault rewrites
 * its keychain slot when it sees it; see rewrapKeychainSlot in keychain-slots.ts).
 */
export interface KeychainDecrypted {
  readonly plain: Buffer;
  readonly shouldReEncrypt: boolean;
}

/** Backends that only obfuscate with a hard-coded password (Electron's Linux fallback). */
export const INSECURE_KEYCHAIN_BACKENDS: ReadonlySet<string> = new Set(['basic_text', 'unknown']);

/** Where a secret lives: the associated data that binds a ciphertext to its place. */
export interface SecretRef {
  readonly table: string;
  readonly rowId: string;
  readonly column: string;
}

export interface SecretCipher {
  /** AES-256-GCM under the vault key, fresh 96-bit nonce, AAD = vault id + table + row + column. */
  seal(plaintext: string | Uint8Array, ref: SecretRef): Buffer;
  /** Throws VaultError('secret_tampered') when the ciphertext, its place or its vault differ. */
  open(sealed: Uint8Array, ref: SecretRef): Buffer;
  openString(sealed: Uint8Array, ref: SecretRef): string;
}

export type KeySlotKind = 'keychain' | 'passphrase';

export interface KeySlotInfo {
  readonly id: string;
  readonly kind: KeySlotKind;
  readonly label: string;
  /** keychain slots: the backend in use when the slot was written (R32: detect changes). */
  readonly backend: string | null;
  readonly createdAt: string;
}

/** The synchronous unlock (the CLI); the OS keychain unlocks through openVaultWithKeychain. */
export interface PassphraseUnlock {
  readonly passphrase: string;
}

export interface CreateVaultOptions {
  readonly passphrase: string;
  /** scrypt cost; tests lower it. Defaults to N=2^17, r=8, p=1. */
  readonly scrypt?: ScryptParams;
  /** One line for the person, e.g. that an existing folder was tightened to owner-only. */
  readonly notice?: (line: string) => void;
  /** better-sqlite3's nativeBinding, as in OpenVaultOptions. */
  readonly nativeBinding?: string;
}

/** createVaultAsync's options: the keychain is asynchronous, so only the async create takes one. */
export interface CreateVaultAsyncOptions extends CreateVaultOptions {
  /** Adds an OS-keychain slot too. */
  readonly keychain?: KeychainProtector;
  /** Needed to accept a basic_text/unknown keychain backend (it is refused otherwise). */
  readonly acceptInsecureKeychain?: boolean;
}

export interface OpenVaultOptions {
  /** better-sqlite3's nativeBinding, for Electron builds that carry their own addon. */
  readonly nativeBinding?: string;
  readonly scrypt?: ScryptParams;
  /** One line for the person (the CLI prints it on stderr), e.g. that the folder was tightened. */
  readonly notice?: (line: string) => void;
}

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export interface Vault extends SecretCipher {
  readonly dir: string;
  /** The SQLite file, `<dir>/fivex-vault.db`. */
  readonly file: string;
  /** Random id of this vault, part of every secret's associated data. */
  readonly id: string;
  readonly db: Database;
  /** Runs fn in one IMMEDIATE transaction (all or nothing). */
  transaction<T>(fn: () => T): T;
  listSlots(): ReadonlyArray<KeySlotInfo>;
  addPassphraseSlot(passphrase: string, label?: string): KeySlotInfo;
  addKeychainSlot(keychain: KeychainProtector, opts?: { acceptInsecure?: boolean; label?: string }): Promise<KeySlotInfo>;
  /**
   * Whether one of its OS keychain slots opens with this keychain (this machine, this user, this
   * backend). A slot the keychain asks to re-encrypt is rewrapped on the way.
   */
  keychainUnlocks(keychain: KeychainProtector): Promise<boolean>;
  /** Refuses to remove the last slot that can unlock the vault. */
  removeSlot(id: string): void;
  /** Re-wraps the vault key under the new passphrase; secrets are not re-encrypted. */
  changePassphrase(oldPassphrase: string, newPassphrase: string): void;
  /** changePassphrase with both scrypt derivations off the calling thread (the desktop's Settings). */
  changePassphraseAsync(oldPassphrase: string, newPassphrase: string): Promise<void>;
  /** Checkpoints and truncates the WAL so deleted ciphertext does not linger (R37). */
  scrub(): void;
  close(): void;
}

export type VaultErrorCode =
  | 'not_a_vault' // folder has no vault file, or the file is not one of ours
  | 'vault_exists'
  | 'wrong_passphrase'
  | 'keychain_unavailable'
  | 'keychain_insecure' // basic_text without explicit acceptance
  | 'keychain_changed' // the slot was written by another backend or machine
  | 'no_slot' // no slot of the kind asked for
  | 'last_slot'
  | 'secret_tampered'
  | 'newer_schema' // vault written by a newer FiveX Connect
  | 'invalid_passphrase' // empty or too short
  | 'unsafe_kdf'; // a key slot asks for scrypt cost beyond the limits (a doctored file)

/** A vault failure: a DomainError whose code is one of VaultErrorCode. */
export class VaultError extends DomainError {
  declare readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode, message: string) {
    super(code, message);
    this.name = 'VaultError';
  }
}

export const VAULT_FILE_NAME = 'fivex-vault.db';
