// The desktop's vault lifecycle over main/vault: which state the vault folder is in (missing,
// locked, unlocked), creating it on first run (passphrase = recovery key, plus an OS keychain slot
// when the keychain is secure or the user accepted basic_text), unlocking by keychain or
// passphrase, and locking. Holds the one open Vault and the services built on it.
import { existsSync } from 'node:fs';
import { INSECURE_KEYCHAIN_BACKENDS, MIN_PASSPHRASE_LENGTH, createVaultAsync, openVaultWithKeychain, openVaultWithPassphrase, vaultErrorCode, vaultFile } from '../vault-access';
import type { KeychainProtector, ScryptParams, Vault } from '../vault-access';
import type { CreateVaultArgs, KeychainInfo, KeychainProblem, UnlockVaultArgs, VaultStatus } from '../../preload/contract';
import { DesktopError } from './errors';

export interface VaultSessionOptions<S> {
  readonly dir: string;
  /** The OS keychain (safeStorage in the app); null where there is none (the browser preview). */
  readonly keychain: KeychainProtector | null;
  readonly buildServices: (vault: Vault) => S;
  readonly scrypt?: ScryptParams;
  /** better-sqlite3's addon built for Electron's ABI (main/app/native.ts). */
  readonly nativeBinding?: string;
  /** Told after every change of state, with the new status. */
  readonly onChange?: (status: VaultStatus) => void;
  /**
   * Told just before the vault closes (lock, quit), while its services can still write; the
   * vault closes once what it returns settles (pending audit anchor writes are awaited there).
   */
  readonly onClosing?: (services: S) => void | Promise<void>;
  /** Told after an unlock or create, to write the audit log through the new services. */
  readonly onOpened?: (services: S, how: { readonly action: 'vault.create' | 'vault.unlock'; readonly via: 'keychain' | 'passphrase'; readonly keychainSlotAdded: boolean }) => void;
}

interface Open<S> {
  readonly vault: Vault;
  readonly services: S;
  readonly via: 'keychain' | 'passphrase';
}

const KEYCHAIN_PROBLEMS: ReadonlySet<string> = new Set<KeychainProblem>(['no_slot', 'keychain_unavailable', 'keychain_changed', 'keychain_insecure']);

export class VaultSession<S> {
  #open: Open<S> | null = null;
  #keychainProblem: KeychainProblem | null = null;
  #unlocking = false;
  /** The keychain's availability when last asked (safeStorage answers asynchronously; status() does not wait). */
  #keychainAvailable = false;
  /** What a new passphrase must reach (Settings checks it before sending). */
  readonly minPassphraseLength = MIN_PASSPHRASE_LENGTH;

  constructor(private readonly opts: VaultSessionOptions<S>) {}

  /** The OS keychain as last seen by refreshKeychain (every unlock, create and status request asks it again). */
  keychainInfo(): KeychainInfo {
    const keychain = this.opts.keychain;
    if (keychain === null) return { available: false, backend: 'none', secure: false };
    const backend = keychain.backend();
    return { available: this.#keychainAvailable, backend, secure: !INSECURE_KEYCHAIN_BACKENDS.has(backend) };
  }

  /** Asks the OS keychain whether it is available now, and remembers the answer for status(). */
  async refreshKeychain(): Promise<KeychainInfo> {
    const keychain = this.opts.keychain;
    this.#keychainAvailable = keychain !== null && (await keychain.isAvailable());
    return this.keychainInfo();
  }

  status(): VaultStatus {
    const dir = this.opts.dir;
    const keychain = this.keychainInfo();
    if (this.#open !== null) {
      const insecureKeychainAccepted = this.#open.vault
        .listSlots()
        .some((slot) => slot.kind === 'keychain' && slot.backend !== null && INSECURE_KEYCHAIN_BACKENDS.has(slot.backend));
      return { state: 'unlocked', dir, keychain, unlockedWith: this.#open.via, insecureKeychainAccepted };
    }
    if (!existsSync(vaultFile(dir))) return { state: 'missing', dir, keychain, minPassphraseLength: MIN_PASSPHRASE_LENGTH };
    return { state: 'locked', dir, keychain, keychainProblem: this.#keychainProblem, minPassphraseLength: MIN_PASSPHRASE_LENGTH };
  }

  /** The services of the unlocked vault; vault_missing / vault_locked otherwise. */
  services(): S {
    if (this.#open !== null) return this.#open.services;
    const state = this.status().state;
    throw state === 'missing'
      ? new DesktopError('vault_missing', 'There is no vault yet: create one first.')
      : new DesktopError('vault_locked', 'The vault is locked: unlock it first.');
  }

  /**
   * At start: open through the OS keychain when the vault has a slot for it. Never throws for a
   * keychain failure; the reason is kept for the unlock screen and nothing on disk changes.
   */
  async tryKeychainUnlock(): Promise<VaultStatus> {
    const keychain = this.opts.keychain;
    if (this.#open !== null || this.#unlocking || keychain === null) return this.status();
    await this.refreshKeychain();
    if (this.#open !== null || this.#unlocking || !existsSync(vaultFile(this.opts.dir))) return this.status();
    this.#unlocking = true;
    try {
      const vault = await openVaultWithKeychain(this.opts.dir, keychain, this.#vaultOptions());
      this.#adopt(vault, 'keychain', 'vault.unlock', false);
    } catch (err) {
      const code = vaultErrorCode(err);
      if (code === null || !KEYCHAIN_PROBLEMS.has(code)) throw err;
      this.#keychainProblem = code as KeychainProblem;
    } finally {
      this.#unlocking = false;
    }
    return this.#changed();
  }

  /** The recovery key's scrypt runs on the thread pool too: the first-run window keeps answering. */
  async create(args: CreateVaultArgs): Promise<VaultStatus> {
    if (this.#open !== null || existsSync(vaultFile(this.opts.dir))) {
      throw new DesktopError('vault_exists', `A vault already exists in ${this.opts.dir}: unlock it instead.`);
    }
    if (this.#unlocking) throw new DesktopError('vault_exists', 'The vault is being created already; wait for it.');
    this.#unlocking = true;
    let vault: Vault;
    let keychain: KeychainProtector | null;
    try {
      keychain = await this.#usableKeychain(args.acceptInsecureKeychain);
      vault = await createVaultAsync(this.opts.dir, {
        passphrase: args.passphrase,
        ...(keychain === null ? {} : { keychain, acceptInsecureKeychain: args.acceptInsecureKeychain }),
        ...this.#vaultOptions(),
      });
    } finally {
      this.#unlocking = false;
    }
    this.#keychainProblem = null;
    this.#adopt(vault, 'passphrase', 'vault.create', keychain !== null);
    return this.#changed();
  }

  /**
   * By passphrase, with scrypt on the thread pool: the window keeps answering while the key is
   * derived. One unlock at a time; a second one while the first derives is told it is busy.
   */
  async unlock(args: UnlockVaultArgs): Promise<VaultStatus> {
    if (this.#open !== null) throw new DesktopError('vault_unlocked', 'The vault is already unlocked.');
    if (this.#unlocking) throw new DesktopError('vault_unlocked', 'The vault is being unlocked already; wait for it.');
    this.#unlocking = true;
    let vault: Vault;
    let slotAdded = false;
    try {
      vault = await openVaultWithPassphrase(this.opts.dir, args.passphrase, this.#vaultOptions());
      if (this.#open !== null) {
        vault.close();
        throw new DesktopError('vault_unlocked', 'The vault is already unlocked.');
      }
      try {
        // Asked again now: the services built below add a keychain anchor only where it is available.
        await this.refreshKeychain();
        const keychain = args.rememberOnThisDevice ? await this.#usableKeychain(args.acceptInsecureKeychain) : null;
        if (keychain !== null && (await this.#needsKeychainSlot(vault, keychain))) {
          await vault.addKeychainSlot(keychain, { acceptInsecure: args.acceptInsecureKeychain });
          slotAdded = true;
        }
      } catch (err) {
        vault.close();
        throw err;
      }
    } finally {
      this.#unlocking = false;
    }
    this.#keychainProblem = null;
    this.#adopt(vault, 'passphrase', 'vault.unlock', slotAdded);
    return this.#changed();
  }

  /** The open vault itself (Settings → vault security changes its key slots); vault_locked otherwise. */
  vault(): Vault {
    if (this.#open === null) this.services();
    return this.#open!.vault;
  }

  /**
   * This machine's OS keychain slot on the open vault (moving to a new machine: opened with the
   * recovery passphrase, the next start unlocks by itself). Returns whether a slot was added.
   */
  async rememberOnThisDevice(acceptInsecure: boolean): Promise<boolean> {
    const vault = this.vault();
    const info = await this.refreshKeychain();
    if (this.opts.keychain === null || !info.available) {
      throw new DesktopError('keychain_unavailable', 'There is no OS keychain here to remember the vault in (locked, or no secret service running); the passphrase still unlocks it.');
    }
    const keychain = await this.#usableKeychain(acceptInsecure);
    if (keychain === null) {
      throw new DesktopError('keychain_insecure', `The OS keychain backend '${info.backend}' only obfuscates with a built-in password: accept insecure storage explicitly to use it.`);
    }
    if (!(await this.#needsKeychainSlot(vault, keychain))) return false;
    await vault.addKeychainSlot(keychain, { acceptInsecure });
    this.#keychainProblem = null;
    this.#changed();
    return true;
  }

  async lock(): Promise<VaultStatus> {
    await this.close();
    return this.#changed();
  }

  /**
   * onClosing's synchronous part runs while the vault is still the session's (as before); from
   * its first await on the session is locked, and the file closes once onClosing settles.
   */
  async close(): Promise<void> {
    const open = this.#open;
    if (open === null) return;
    let closing: void | Promise<void>;
    try {
      closing = this.opts.onClosing?.(open.services);
    } finally {
      this.#open = null;
    }
    try {
      await closing;
    } finally {
      open.vault.close();
    }
  }

  /** The keychain when it may hold a slot: available, and secure or explicitly accepted. */
  async #usableKeychain(acceptInsecure: boolean): Promise<KeychainProtector | null> {
    const keychain = this.opts.keychain;
    if (keychain === null) return null;
    const info = await this.refreshKeychain();
    if (!info.available) return null;
    return info.secure || acceptInsecure ? keychain : null;
  }

  /**
   * Whether this machine needs a slot of its own: none of the vault's keychain slots opens here
   * (a vault copied from another machine, or a changed backend). Old slots are kept (R32).
   */
  async #needsKeychainSlot(vault: Vault, keychain: KeychainProtector): Promise<boolean> {
    if (this.#keychainProblem === 'keychain_changed') return true;
    return !(await vault.keychainUnlocks(keychain));
  }

  /** Whether the OS keychain here opens the vault by itself at the next start. */
  async rememberedOnThisDevice(): Promise<boolean> {
    const keychain = this.opts.keychain;
    if (keychain === null || this.#open === null) return false;
    const vault = this.#open.vault;
    if (!(await this.refreshKeychain()).available) return false;
    return vault.keychainUnlocks(keychain);
  }

  #adopt(vault: Vault, via: 'keychain' | 'passphrase', action: 'vault.create' | 'vault.unlock', keychainSlotAdded: boolean): void {
    let services: S;
    try {
      services = this.opts.buildServices(vault);
    } catch (err) {
      vault.close();
      throw err;
    }
    this.#open = { vault, services, via };
    this.opts.onOpened?.(services, { action, via, keychainSlotAdded });
  }

  #changed(): VaultStatus {
    const status = this.status();
    this.opts.onChange?.(status);
    return status;
  }

  #vaultOptions(): { scrypt?: ScryptParams; nativeBinding?: string } {
    return {
      ...(this.opts.scrypt === undefined ? {} : { scrypt: this.opts.scrypt }),
      ...(this.opts.nativeBinding === undefined ? {} : { nativeBinding: this.opts.nativeBinding }),
    };
  }
}
