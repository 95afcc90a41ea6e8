// main/app/keychain.ts: the safeStorage adapter reports unavailable before ready, names the
// backend per platform, round-trips a vault key, and works as a real vault's keychain slot.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createSafeStorageKeychain } from '../../main/app/keychain';
import type { SafeStorageLike } from '../../main/app/keychain';
import { createVault, openVault } from '../../main/vault';
import { PASSPHRASE, TEST_SCRYPT, tempVaultDir } from './helpers';

function fakeSafeStorage(backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']> = 'gnome_libsecret'): SafeStorageLike {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: vi.fn(() => true),
    getSelectedStorageBackend: vi.fn(() => backend),
    encryptString: (text: string) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      return Buffer.concat([iv, cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    },
    decryptString: (wrapped: Buffer) => {
      const decipher = createDecipheriv('aes-256-gcm', key, wrapped.subarray(0, 12));
      decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
      return Buffer.concat([decipher.update(wrapped.subarray(12, wrapped.length - 16)), decipher.final()]).toString('utf8');
    },
  };
}

describe('safeStorage keychain', () => {
  it('is unavailable and touches nothing before ready (R29)', () => {
    const storage = fakeSafeStorage();
    const keychain = createSafeStorageKeychain(storage, { platform: 'linux', isReady: () => false });
    expect(keychain.isAvailable()).toBe(false);
    expect(keychain.backend()).toBe('unknown');
    expect(() => keychain.encrypt(Buffer.alloc(32))).toThrow(/before the app is ready/);
    expect(storage.isEncryptionAvailable).not.toHaveBeenCalled();
    expect(storage.getSelectedStorageBackend).not.toHaveBeenCalled();
  });

  it('names the backend: the selected one on Linux, keychain on macOS, dpapi on Windows', () => {
    const ready = { isReady: () => true };
    expect(createSafeStorageKeychain(fakeSafeStorage('basic_text'), { platform: 'linux', ...ready }).backend()).toBe('basic_text');
    expect(createSafeStorageKeychain(fakeSafeStorage('kwallet6'), { platform: 'linux', ...ready }).backend()).toBe('kwallet6');
    expect(createSafeStorageKeychain(fakeSafeStorage(), { platform: 'darwin', ...ready }).backend()).toBe('keychain');
    expect(createSafeStorageKeychain(fakeSafeStorage(), { platform: 'win32', ...ready }).backend()).toBe('dpapi');
  });

  it('reports unavailable when safeStorage throws', () => {
    const storage = { ...fakeSafeStorage(), isEncryptionAvailable: () => { throw new Error('dbus hung'); } };
    expect(createSafeStorageKeychain(storage, { platform: 'linux', isReady: () => true }).isAvailable()).toBe(false);
  });

  it('wraps and unwraps a 32-byte key, and opens a real vault through its keychain slot', () => {
    const keychain = createSafeStorageKeychain(fakeSafeStorage(), { platform: 'linux', isReady: () => true });
    const key = randomBytes(32);
    expect(keychain.decrypt(keychain.encrypt(key)).equals(key)).toBe(true);

    const dir = tempVaultDir();
    createVault(dir, { passphrase: PASSPHRASE, keychain, scrypt: TEST_SCRYPT }).close();
    const vault = openVault(dir, { keychain }, { scrypt: TEST_SCRYPT });
    expect(vault.listSlots().map((s) => [s.kind, s.backend])).toEqual([['passphrase', null], ['keychain', 'gnome_libsecret']]);
    vault.close();
  });
});
