// Electron's safeStorage as the vault's KeychainProtector, on its asynchronous API (R33; the
// synchronous isEncryptionAvailable/encryptString/decryptString are deprecated in Electron 45 and
// go away later). safeStorage is usable only after `ready` (R29): before it, the adapter reports
// unavailable instead of letting Electron throw. backend(): getSelectedStorageBackend() on Linux
// (basic_text = hard-coded key, R30/R31; it stays synchronous), 'keychain' on macOS, 'dpapi' on
// Windows. Data wrapped by the old encryptString opens with decryptStringAsync, which then reports
// shouldReEncrypt: the vault wraps that key slot again (main/vault/keychain-slots.ts).
import type { SafeStorage } from 'electron';
import type { KeychainDecrypted, KeychainProtector } from '../vault';

export type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

export interface SafeStorageKeychainOptions {
  readonly platform: NodeJS.Platform;
  readonly isReady: () => boolean;
}

export function createSafeStorageKeychain(safeStorage: SafeStorageLike, opts: SafeStorageKeychainOptions): KeychainProtector {
  const requireReady = (): void => {
    if (!opts.isReady()) throw new Error('The OS keychain cannot be used before the app is ready.');
  };
  return {
    async isAvailable(): Promise<boolean> {
      if (!opts.isReady()) return false;
      try {
        return await safeStorage.isAsyncEncryptionAvailable();
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
    async encrypt(plain: Buffer): Promise<Buffer> {
      requireReady();
      return safeStorage.encryptStringAsync(plain.toString('base64'));
    },
    async decrypt(wrapped: Buffer): Promise<KeychainDecrypted> {
      requireReady();
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(wrapped);
      const plain = Buffer.from(result, 'base64');
      if (plain.toString('base64') !== result) throw new Error('The OS keychain returned something that is not a wrapped vault key.');
      return { plain, shouldReEncrypt };
    },
  };
}
