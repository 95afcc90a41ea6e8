// Electron's safeStorage as the vault's KeychainProtector. safeStorage is usable only after
// `ready` (R29): before it, the adapter reports unavailable instead of letting Electron throw.
// backend(): getSelectedStorageBackend() on Linux (basic_text = hard-coded key, R30/R31),
// 'keychain' on macOS, 'dpapi' on Windows.
import type { SafeStorage } from 'electron';
import type { KeychainProtector } from '../vault';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

export interface SafeStorageKeychainOptions {
  readonly platform: NodeJS.Platform;
  readonly isReady: () => boolean;
}

export function createSafeStorageKeychain(safeStorage: SafeStorageLike, opts: SafeStorageKeychainOptions): KeychainProtector {
  const requireReady = (): void => {
    if (!opts.isReady()) throw new Error('The OS keychain cannot be used before the app is ready.');
  };
  return {
    isAvailable(): boolean {
      if (!opts.isReady()) return false;
      try {
        return safeStorage.isEncryptionAvailable();
      } catch {
        return false;
      }
    },
    backend(): string {
      if (opts.platform === 'darwin') return 'keychain';
      if (opts.platform === 'win32') return 'dpapi';
      if (opts.platform !== 'linux' || !opts.isReady()) return 'unknown';
      return safeStorage.getSelectedStorageBackend();
    },
    // safeStorage takes strings: the key travels as base64. Those intermediate strings cannot be
    // zeroed; they live only for this call, in main.
    encrypt(plain: Buffer): Buffer {
      requireReady();
      return safeStorage.encryptString(plain.toString('base64'));
    },
    decrypt(wrapped: Buffer): Buffer {
      requireReady();
      const text = safeStorage.decryptString(wrapped);
      const plain = Buffer.from(text, 'base64');
      if (plain.toString('base64') !== text) throw new Error('The OS keychain returned something that is not a wrapped vault key.');
      return plain;
    },
  };
}
