// An unlocked vault: seals and opens secrets under the vault key and manages its key slots.
// Holding the key in a KeyObject keeps it out of logs and inspection, where a Buffer would print.
import { createSecretKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { SecretAad, gcmOpen, gcmSeal } from './envelope';
import { checkPassphrase, insertSlot, makePassphraseSlot, makePassphraseSlotAsync, readSlots, slotInfo, unwrapWithPassphrase, unwrapWithPassphraseAsync } from './key-slots';
import { makeKeychainSlot, rewrapKeychainSlot, unwrapWithKeychain } from './keychain-slots';
import type { SlotRow } from './key-slots';
import { VaultError } from './types';
import type { KeychainProtector, KeySlotInfo, ScryptParams, SecretRef, Vault } from './types';

export interface UnlockedVaultInit {
  readonly dir: string;
  readonly file: string;
  readonly id: string;
  readonly keyCheck: string;
  readonly db: Database;
  /** Copied into a KeyObject; the caller zeroes its buffer. */
  readonly key: Buffer;
  /** Cost of passphrase slots written from now on. */
  readonly scrypt: ScryptParams;
}

function checkRef(ref: SecretRef): void {
  if (ref.table === '' || ref.rowId === '' || ref.column === '') {
    throw new Error('A SecretRef needs a table, a rowId and a column: they are what binds a secret to its place');
  }
}

export class UnlockedVault implements Vault {
  readonly dir: string;
  readonly file: string;
  readonly id: string;
  readonly db: Database;
  readonly #keyCheck: string;
  readonly #scrypt: ScryptParams;
  readonly #aad: SecretAad;
  #key: KeyObject | null;

  constructor(init: UnlockedVaultInit) {
    this.dir = init.dir;
    this.file = init.file;
    this.id = init.id;
    this.db = init.db;
    this.#keyCheck = init.keyCheck;
    this.#scrypt = init.scrypt;
    this.#aad = new SecretAad(init.id);
    this.#key = createSecretKey(init.key);
  }

  #liveKey(): KeyObject {
    if (this.#key === null) throw new Error('The vault is closed');
    return this.#key;
  }

  /** A raw copy of the key for wrapping into a new slot; zeroed by #withRawKey as soon as it is wrapped. */
  #withRawKey<T>(fn: (raw: Buffer) => T): T {
    const raw = this.#liveKey().export();
    try {
      return fn(raw);
    } finally {
      raw.fill(0);
    }
  }

  /** #withRawKey for an asynchronous wrap (the OS keychain): the copy lives until it settles. */
  async #withRawKeyAsync<T>(fn: (raw: Buffer) => Promise<T>): Promise<T> {
    const raw = this.#liveKey().export();
    try {
      return await fn(raw);
    } finally {
      raw.fill(0);
    }
  }

  seal(plaintext: string | Uint8Array, ref: SecretRef): Buffer {
    checkRef(ref);
    const aad = this.#aad.for(ref.table, ref.rowId, ref.column);
    if (typeof plaintext !== 'string') return gcmSeal(this.#liveKey(), plaintext, aad);
    const bytes = Buffer.from(plaintext, 'utf8');
    try {
      return gcmSeal(this.#liveKey(), bytes, aad);
    } finally {
      bytes.fill(0);
    }
  }

  open(sealed: Uint8Array, ref: SecretRef): Buffer {
    checkRef(ref);
    const plain = gcmOpen(this.#liveKey(), sealed, this.#aad.for(ref.table, ref.rowId, ref.column));
    if (plain === null) {
      // Names the place, never the bytes: this message may reach logs and the UI.
      throw new VaultError(
        'secret_tampered',
        `The sealed ${ref.table}.${ref.column} of row ${ref.rowId} failed authentication: it was altered, moved from another row or column, or sealed by another vault.`,
      );
    }
    return plain;
  }

  openString(sealed: Uint8Array, ref: SecretRef): string {
    const plain = this.open(sealed, ref);
    try {
      return plain.toString('utf8');
    } finally {
      plain.fill(0);
    }
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  listSlots(): ReadonlyArray<KeySlotInfo> {
    return readSlots(this.db).map(slotInfo);
  }

  addPassphraseSlot(passphrase: string, label = 'passphrase'): KeySlotInfo {
    const slot = this.#withRawKey((raw) => makePassphraseSlot(this.id, raw, passphrase, this.#scrypt, label));
    insertSlot(this.db, slot);
    return slotInfo(slot);
  }

  async addKeychainSlot(keychain: KeychainProtector, opts: { acceptInsecure?: boolean; label?: string } = {}): Promise<KeySlotInfo> {
    const slot = await this.#withRawKeyAsync((raw) => makeKeychainSlot(raw, keychain, opts));
    // Closed while the keychain wrapped: nothing to write into.
    this.#liveKey();
    insertSlot(this.db, slot);
    return slotInfo(slot);
  }

  async keychainUnlocks(keychain: KeychainProtector): Promise<boolean> {
    this.#liveKey();
    let unwrapped;
    try {
      unwrapped = await unwrapWithKeychain(this.id, this.#keyCheck, readSlots(this.db), keychain, this.dir);
    } catch (err) {
      if (err instanceof VaultError) return false;
      throw err;
    }
    try {
      if (unwrapped.shouldReEncrypt && this.#key !== null) await rewrapKeychainSlot(this.db, unwrapped, keychain);
      return true;
    } finally {
      unwrapped.key.fill(0);
    }
  }

  removeSlot(id: string): void {
    this.transaction(() => {
      const slots = readSlots(this.db);
      if (!slots.some((slot) => slot.id === id)) {
        throw new VaultError('no_slot', `The vault has no key slot ${id}.`);
      }
      if (slots.length === 1) {
        throw new VaultError('last_slot', 'This is the vault\'s last key slot: without it nothing could unlock the vault. Add another slot first.');
      }
      const target = slots.find((slot) => slot.id === id);
      if (target?.kind === 'passphrase' && !slots.some((slot) => slot.id !== id && slot.kind === 'passphrase')) {
        // The passphrase slot is the recovery key and the CLI's way in: an OS keychain alone is lost
        // with the machine or the user account.
        throw new VaultError('last_slot', 'This is the vault\'s last passphrase slot, its recovery key: add another passphrase slot (or change the passphrase) instead of removing it.');
      }
      this.db.prepare('DELETE FROM key_slots WHERE id = ?').run(id);
    });
  }

  changePassphrase(oldPassphrase: string, newPassphrase: string): void {
    checkPassphrase(newPassphrase);
    this.#liveKey();
    // The old passphrase must open a slot of this vault; that slot is the one replaced.
    const found = unwrapWithPassphrase(this.id, this.#keyCheck, readSlots(this.db), oldPassphrase, this.dir);
    found.key.fill(0);
    const next = this.#withRawKey((raw) => makePassphraseSlot(this.id, raw, newPassphrase, this.#scrypt, found.slot.label));
    this.#replaceSlot(found.slot, next);
  }

  async changePassphraseAsync(oldPassphrase: string, newPassphrase: string): Promise<void> {
    checkPassphrase(newPassphrase);
    this.#liveKey();
    const found = await unwrapWithPassphraseAsync(this.id, this.#keyCheck, readSlots(this.db), oldPassphrase, this.dir);
    // The old slot's unwrap is the vault key itself: wrap the new slot with it, then zero it.
    try {
      const next = await makePassphraseSlotAsync(this.id, found.key, newPassphrase, this.#scrypt, found.slot.label);
      this.#liveKey();
      this.#replaceSlot(found.slot, next);
    } finally {
      found.key.fill(0);
    }
  }

  /** One transaction: at every instant some slot opens the vault. */
  #replaceSlot(replaced: SlotRow, next: SlotRow): void {
    this.transaction(() => {
      insertSlot(this.db, next);
      const removed = this.db.prepare('DELETE FROM key_slots WHERE id = ?').run(replaced.id);
      if (removed.changes !== 1) throw new Error('The passphrase slot changed while the new one was being written; try again');
    });
  }

  scrub(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    if (this.#key === null) return;
    this.#key = null;
    this.db.close();
  }
}
