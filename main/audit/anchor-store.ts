// Where the audit chain's head is kept outside the database, so that a wiped log, a cut-off end
// or a database file replaced by an older copy of itself is noticed. A store only keeps a small
// text durably; the record's MAC and its meaning belong to the audit log (chain.ts).
//
// Two stores exist: a sidecar file in the vault folder (always; it travels with the vault), and
// one protected by the OS keychain that the desktop app supplies, kept outside the vault folder
// (so a restore of the whole folder, sidecar included, is caught on that machine).
//
// Both are asynchronous: the audit log writes them after each commit without waiting, one write
// at a time per store, coalesced to the newest head (anchor-writer.ts).
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { KeychainProtector } from '../vault/types';
import { writeFileAtomicAsync } from './atomic-file';
import { checkStoreName } from './chain';

export interface AuditAnchorStore {
  /** Recorded in the database's head once the log is anchored here: lowercase, digits, dashes. */
  readonly name: string;
  /**
   * True when the store moves with the vault (the sidecar): once the log is anchored there, a
   * missing anchor fails verification. A store tied to one machine (the keychain) is expected to
   * be absent on another machine, so its absence alone proves nothing.
   */
  readonly travelsWithVault: boolean;
  /** The stored text, or null when there is none. Rejects when the store cannot be read now. */
  read(): Promise<string | null>;
  /** Replaces the stored text durably and atomically: a crash leaves the old text or the new. */
  write(text: string): Promise<void>;
}

export const SIDECAR_ANCHOR_FILE = 'fivex-vault.audit-anchor.json';

async function readIfExists(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** The anchor beside the vault file. */
export class SidecarAnchorStore implements AuditAnchorStore {
  readonly name = 'sidecar';
  readonly travelsWithVault = true;
  readonly file: string;

  constructor(vaultDir: string) {
    this.file = join(vaultDir, SIDECAR_ANCHOR_FILE);
  }

  async read(): Promise<string | null> {
    return (await readIfExists(this.file))?.toString('utf8') ?? null;
  }

  write(text: string): Promise<void> {
    return writeFileAtomicAsync(this.file, text);
  }
}

/**
 * The anchor encrypted by the OS keychain (Electron's safeStorage through a KeychainProtector),
 * in a file the app keeps outside the vault folder, one per vault (e.g.
 * `<userData>/audit-anchors/<vaultId>.bin`). Another user, or a copy of the vault folder on
 * another machine, cannot read or replace it without this user's keychain.
 */
export class KeychainAnchorStore implements AuditAnchorStore {
  readonly name: string;
  readonly travelsWithVault = false;

  constructor(
    private readonly keychain: KeychainProtector,
    private readonly file: string,
    name = 'keychain',
  ) {
    this.name = checkStoreName(name);
  }

  // A shouldReEncrypt from the keychain needs nothing here: the next append writes it anew.
  async read(): Promise<string | null> {
    const wrapped = await readIfExists(this.file);
    if (wrapped === null) return null;
    if (!(await this.keychain.isAvailable())) throw new Error('the OS keychain is not available now');
    return (await this.keychain.decrypt(wrapped)).plain.toString('utf8');
  }

  async write(text: string): Promise<void> {
    if (!(await this.keychain.isAvailable())) throw new Error('the OS keychain is not available now');
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFileAtomicAsync(this.file, await this.keychain.encrypt(Buffer.from(text, 'utf8')));
  }
}
