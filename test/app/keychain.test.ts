// main/app/keychain.ts: the safeStorage adapter reports unavailable before ready, names the
// backend per platform, uses only safeStorage's asynchronous API (the synchronous one is
// deprecated), passes shouldReEncrypt on, round-trips a vault key, and works as a real vault's
// keychain slot.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createSafeStorageKeychain } from '../../main/app/keychain';
import type { SafeStorageLike } from '../../main/app/keychain';
import { createVaultAsync, openVaultWithKeychain } from '../../main/vault';
import { PASSPHRASE, TEST_SCRYPT, tempVaultDir } from './helpers';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/**
 * Electron's safeStorage as the adapter may use it: the async methods, plus the deprecated sync
 * ones, which throw here (a call to them fails the test).
 */
function fakeSafeStorage(backend: Backend = 'gnome_libsecret', opts: { readonly shouldReEncrypt?: boolean } = {}) {
  const key = randomBytes(32);
  const syncCalled = (): never => {
    throw new Error('the deprecated synchronous safeStorage API was called');
  };
  return {
    isEncryptionAvailable: vi.fn(syncCalled),
    encryptString: vi.fn(syncCalled),
    decryptString: vi.fn(syncCalled),
    isAsyncEncryptionAvailable: vi.fn(() => Promise.resolve(true)),
    getSelectedStorageBackend: vi.fn(() => backend),
    encryptStringAsync: vi.fn((text: string) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      return Promise.resolve(Buffer.concat([iv, cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]));
    }),
    decryptStringAsync: vi.fn((wrapped: Buffer) => {
      const decipher = createDecipheriv('aes-256-gcm', key, wrapped.subarray(0, 12));
      decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
      const result = Buffer.concat([decipher.update(wrapped.subarray(12, wrapped.length - 16)), decipher.final()]).toString('utf8');
      return Promise.resolve({ result, shouldReEncrypt: opts.shouldReEncrypt === true });
    }),
  } satisfies SafeStorageLike & Record<'isEncryptionAvailable' | 'encryptString' | 'decryptString', unknown>;
}

describe('safeStorage keychain', () => {
  it('is unavailable and touches nothing before ready (R29)', async () => {
    const storage = fakeSafeStorage();
    const keychain = createSafeStorageKeychain(storage, { platform: 'linux', isReady: () => false });
    expect(await keychain.isAvailable()).toBe(false);
    expect(keychain.backend()).toBe('unknown');
    await expect(keychain.encrypt(Buffer.alloc(32))).rejects.toThrow(/before the app is ready/);
    await expect(keychain.decrypt(Buffer.alloc(48))).rejects.toThrow(/before the app is ready/);
    expect(storage.isAsyncEncryptionAvailable).not.toHaveBeenCalled();
    expect(storage.getSelectedStorageBackend).not.toHaveBeenCalled();
    expect(storage.encryptStringAsync).not.toHaveBeenCalled();
  });

  it('names the backend: the selected one on Linux, keychain on macOS, dpapi on Windows', () => {
    const ready = { isReady: () => true };
    expect(createSafeStorageKeychain(fakeSafeStorage('basic_text'), { platform: 'linux', ...ready }).backend()).toBe('basic_text');
    expect(createSafeStorageKeychain(fakeSafeStorage('kwallet6'), { platform: 'linux', ...ready }).backend()).toBe('kwallet6');
    expect(createSafeStorageKeychain(fakeSafeStorage(), { platform: 'darwin', ...ready }).backend()).toBe('keychain');
    expect(createSafeStorageKeychain(fakeSafeStorage(), { platform: 'win32', ...ready }).backend()).toBe('dpapi');
  });

  it('reports unavailable when safeStorage rejects or throws', async () => {
    const rejecting = { ...fakeSafeStorage(), isAsyncEncryptionAvailable: () => Promise.reject(new Error('dbus hung')) };
    expect(await createSafeStorageKeychain(rejecting, { platform: 'linux', isReady: () => true }).isAvailable()).toBe(false);
    const throwing = { ...fakeSafeStorage(), isAsyncEncryptionAvailable: (): Promise<boolean> => { throw new Error('dbus hung'); } };
    expect(await createSafeStorageKeychain(throwing, { platform: 'linux', isReady: () => true }).isAvailable()).toBe(false);
  });

  it('uses only the asynchronous API, and wraps and unwraps a 32-byte key', async () => {
    const storage = fakeSafeStorage();
    const keychain = createSafeStorageKeychain(storage, { platform: 'linux', isReady: () => true });
    const key = randomBytes(32);
    expect(await keychain.isAvailable()).toBe(true);
    const unwrapped = await keychain.decrypt(await keychain.encrypt(key));
    expect(unwrapped.plain.equals(key)).toBe(true);
    expect(unwrapped.shouldReEncrypt).toBe(false);
    expect(storage.encryptStringAsync).toHaveBeenCalledTimes(1);
    expect(storage.decryptStringAsync).toHaveBeenCalledTimes(1);
    for (const sync of [storage.isEncryptionAvailable, storage.encryptString, storage.decryptString]) expect(sync).not.toHaveBeenCalled();
  });

  it('passes shouldReEncrypt on, and refuses an unwrap that is not a wrapped key', async () => {
    const stale = createSafeStorageKeychain(fakeSafeStorage('gnome_libsecret', { shouldReEncrypt: true }), { platform: 'linux', isReady: () => true });
    expect((await stale.decrypt(await stale.encrypt(randomBytes(32)))).shouldReEncrypt).toBe(true);
    const odd = { ...fakeSafeStorage(), decryptStringAsync: () => Promise.resolve({ result: 'not base64!', shouldReEncrypt: false }) };
    await expect(createSafeStorageKeychain(odd, { platform: 'linux', isReady: () => true }).decrypt(Buffer.alloc(8))).rejects.toThrow(/not a wrapped vault key/);
  });

  it('opens a real vault through its keychain slot, and rewraps the slot when safeStorage asks to', async () => {
    const storage = fakeSafeStorage();
    const keychain = createSafeStorageKeychain(storage, { platform: 'linux', isReady: () => true });
    const dir = tempVaultDir();
    (await createVaultAsync(dir, { passphrase: PASSPHRASE, keychain, scrypt: TEST_SCRYPT })).close();
    const vault = await openVaultWithKeychain(dir, keychain, { scrypt: TEST_SCRYPT });
    expect(vault.listSlots().map((s) => [s.kind, s.backend])).toEqual([['passphrase', null], ['keychain', 'gnome_libsecret']]);
    vault.close();

    // A rotated keychain key: the unwrap says shouldReEncrypt once, the slot is wrapped again.
    storage.decryptStringAsync.mockImplementationOnce(async (wrapped: Buffer) => ({ ...(await fakeDecrypt(storage, wrapped)), shouldReEncrypt: true }));
    const encryptsBefore = storage.encryptStringAsync.mock.calls.length;
    (await openVaultWithKeychain(dir, keychain, { scrypt: TEST_SCRYPT })).close();
    expect(storage.encryptStringAsync.mock.calls.length).toBe(encryptsBefore + 1);
    (await openVaultWithKeychain(dir, keychain, { scrypt: TEST_SCRYPT })).close();
    expect(storage.encryptStringAsync.mock.calls.length).toBe(encryptsBefore + 1);
    for (const sync of [storage.isEncryptionAvailable, storage.encryptString, storage.decryptString]) expect(sync).not.toHaveBeenCalled();
  });
});

/** The fake's own decrypt, for a one-off override that changes only shouldReEncrypt. */
function fakeDecrypt(storage: ReturnType<typeof fakeSafeStorage>, wrapped: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
  return storage.decryptStringAsync.getMockImplementation()!(wrapped);
}
