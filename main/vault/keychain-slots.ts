// OS-keychain key slots: the vault key wrapped by Electron's safeStorage (through a
// KeychainProtector), tied to this machine, this user and the keychain backend in use. Every
// keychain call is asynchronous (safeStorage's async API); the database work around them is not.
//
// Re-encryption: when the keychain unwraps a slot but says `shouldReEncrypt` (its key was rotated,
// or a stronger one is available; data wrapped by the deprecated synchronous API reports it too),
// the vault wraps its key again and replaces the slot's wrapped_key in one transaction, only if
// the slot still holds the bytes that were unwrapped. The new wrap is unwrapped once before it is
// written, so a keychain that cannot read back what it wrote never costs the vault its slot. A
// failed re-wrap changes nothing: the old wrap still opens, and the next unlock tries again.
import type { Database } from 'better-sqlite3';
import { KEY_BYTES, keyCheckMatches } from './envelope';
import { newId, nowIso } from './ids';
import type { SlotRow, Unwrapped } from './key-slots';
import { INSECURE_KEYCHAIN_BACKENDS, VaultError } from './types';
import type { KeychainProtector } from './types';

/** Throws keychain_unavailable / keychain_insecure before anything is written. */
export async function checkKeychain(keychain: KeychainProtector, acceptInsecure: boolean): Promise<string> {
  if (!(await keychain.isAvailable())) {
    throw new VaultError('keychain_unavailable', 'The OS keychain is not available (locked, or no secret service running). Unlock it and try again, or use the passphrase.');
  }
  const backend = keychain.backend();
  if (INSECURE_KEYCHAIN_BACKENDS.has(backend) && !acceptInsecure) {
    throw new VaultError(
      'keychain_insecure',
      `The OS keychain backend '${backend}' only obfuscates with a built-in password, so it does not protect the vault key. Install or unlock a secret service (GNOME Keyring, KWallet), or accept insecure storage explicitly.`,
    );
  }
  return backend;
}

/** `vaultKey` must stay alive until this settles; the caller zeroes it. */
export async function makeKeychainSlot(vaultKey: Buffer, keychain: KeychainProtector, opts: { readonly acceptInsecure?: boolean; readonly label?: string }): Promise<SlotRow> {
  const backend = await checkKeychain(keychain, opts.acceptInsecure === true);
  const wrapped = await keychain.encrypt(vaultKey);
  return { id: newId('slot'), kind: 'keychain', label: opts.label ?? `OS keychain (${backend})`, wrapped_key: wrapped, kdf: null, backend, created_at: nowIso() };
}

/** An unwrap through the keychain, and whether the keychain asked for the slot to be wrapped again. */
export interface KeychainUnwrapped extends Unwrapped {
  readonly shouldReEncrypt: boolean;
}

/** Chromium's switch that selects a Linux backend again (its names differ from safeStorage's). */
function passwordStoreFlag(backend: string): string | null {
  if (backend === 'basic_text') return '--password-store=basic';
  if (backend === 'gnome_libsecret') return '--password-store=gnome-libsecret';
  if (/^kwallet[56]?$/.test(backend)) return `--password-store=${backend}`;
  return null;
}

/**
 * Only slots written by the backend in use now are tried: a slot from another backend cannot be
 * read, and must not be replaced either, since the old backend may come back (R32).
 */
export async function unwrapWithKeychain(vaultId: string, keyCheck: string, slots: ReadonlyArray<SlotRow>, keychain: KeychainProtector, where: string): Promise<KeychainUnwrapped> {
  const candidates = slots.filter((slot) => slot.kind === 'keychain');
  if (candidates.length === 0) {
    throw new VaultError('no_slot', `The vault in ${where} has no OS keychain slot. Unlock it with the passphrase instead.`);
  }
  if (!(await keychain.isAvailable())) {
    throw new VaultError('keychain_unavailable', 'The OS keychain is not available (locked, or no secret service running). Unlock it and try again, or use the passphrase; nothing was changed.');
  }
  const backend = keychain.backend();
  const matching = candidates.filter((slot) => slot.backend === backend);
  if (matching.length === 0) {
    const written = [...new Set(candidates.map((slot) => slot.backend ?? 'unknown'))];
    const flag = passwordStoreFlag(written[0] ?? '');
    const restart = flag === null ? 'Switch back to the previous keychain' : `Restart FiveX Connect with ${flag}`;
    throw new VaultError(
      'keychain_changed',
      `The vault's keychain slot was written with the '${written.join("', '")}' backend, but the OS keychain now uses '${backend}'. Nothing was changed. ${restart}, or unlock with the passphrase.`,
    );
  }
  for (const slot of matching) {
    const key = await tryDecrypt(keychain, slot.wrapped_key);
    if (key === null) continue;
    if (key.plain.length === KEY_BYTES && keyCheckMatches(key.plain, vaultId, keyCheck)) return { key: key.plain, slot, shouldReEncrypt: key.shouldReEncrypt };
    key.plain.fill(0);
  }
  throw new VaultError(
    'keychain_changed',
    `The OS keychain cannot unwrap the key of the vault in ${where}: it was probably written on another device or by another user. Unlock with the passphrase; nothing was changed.`,
  );
}

async function tryDecrypt(keychain: KeychainProtector, wrapped: Buffer): Promise<{ readonly plain: Buffer; readonly shouldReEncrypt: boolean } | null> {
  try {
    return await keychain.decrypt(wrapped);
  } catch {
    return null;
  }
}

/**
 * A new keychain wrap of `vaultKey` that was read back once, or null when the keychain could not
 * wrap it or cannot read its own wrap (then the old slot is kept). `vaultKey` must stay alive
 * until this settles.
 */
export async function freshKeychainWrap(keychain: KeychainProtector, vaultKey: Buffer): Promise<Buffer | null> {
  let wrapped: Buffer;
  try {
    wrapped = await keychain.encrypt(vaultKey);
  } catch {
    return null;
  }
  const back = await tryDecrypt(keychain, wrapped);
  if (back === null) return null;
  const same = back.plain.equals(vaultKey);
  back.plain.fill(0);
  return same ? wrapped : null;
}

/**
 * Replaces the slot's wrap in one transaction, only if the slot still holds the wrap that was
 * unwrapped (removed or rewrapped meanwhile: left alone). Returns whether it was replaced.
 */
export function replaceKeychainWrap(db: Database, slot: SlotRow, wrapped: Buffer): boolean {
  return db.transaction(() =>
    db.prepare("UPDATE key_slots SET wrapped_key = ? WHERE id = ? AND kind = 'keychain' AND wrapped_key = ?").run(wrapped, slot.id, slot.wrapped_key).changes === 1,
  ).immediate();
}

/** freshKeychainWrap then replaceKeychainWrap, for an unwrap whose keychain asked for it. */
export async function rewrapKeychainSlot(db: Database, unwrapped: KeychainUnwrapped, keychain: KeychainProtector): Promise<boolean> {
  const wrapped = await freshKeychainWrap(keychain, unwrapped.key);
  return wrapped !== null && db.open && replaceKeychainWrap(db, unwrapped.slot, wrapped);
}
