// Where the audit chain's head is kept outside the database, so that a wiped log, a cut-off end
// or a database file replaced by an older copy of itself is noticed. A store only keeps a small
// text durably; the record's MAC and its meaning belong to the audit log (chain.ts).
//
// Two stores exist: a sidecar file in the vault folder (always; it travels with the vault), and
// one protected by the OS keychain that the desktop app supplies, kept outside the vault folder
// (so a restore of the whole folder, sidecar included, is caught on that machine).
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KeychainProtector } from '../vault/types';
import { writeFileAtomic } from './atomic-file';
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
  /** The stored text, or null when there is none. Throws when the store cannot be read now. */
  read(): string | null;
  /** Replaces the stored text durably and atomically: a crash leaves the old text or the new. */
  write(text: string): void;
}

export const SIDECAR_ANCHOR_FILE = 'fivex-vault.audit-anchor.json';

function readIfExists(file: string): Buffer | null {
  try {
    return readFileSync(file);
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

  read(): string | null {
    return readIfExists(this.file)?.toString('utf8') ?? null;
  }

  write(text: string): void {
    writeFileAtomic(this.file, text);
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

  read(): string | null {
    const wrapped = readIfExists(this.file);
    if (wrapped === null) return null;
    if (!this.keychain.isAvailable()) throw new Error('the OS keychain is not available now');
    return this.keychain.decrypt(wrapped).toString('utf8');
  }

  write(text: string): void {
    if (!this.keychain.isAvailable()) throw new Error('the OS keychain is not available now');
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    writeFileAtomic(this.file, this.keychain.encrypt(Buffer.from(text, 'utf8')));
  }
}
