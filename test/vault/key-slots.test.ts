// Key slots: passphrase and OS-keychain slots wrap one vault key; changing them never re-encrypts
// secrets, never leaves the vault without a slot, and a failed unlock changes nothing.
import { describe, expect, it } from 'vitest';
import { VaultError, createVault, createVaultAsync, newId, nowIso, openVault, openVaultWithKeychain } from '../../main/vault';
import type { Vault, VaultErrorCode } from '../../main/vault';
import { FakeKeychain } from './fake-keychain';
import { PASSPHRASE, TEST_SCRYPT, rawExec, rawQuery, snapshotFiles, tempVaultDir } from './helpers';

interface SlotDump {
  id: string;
  kind: string;
  wrapped_key: Buffer;
  kdf: string | null;
  backend: string | null;
}

function slotDump(dir: string): SlotDump[] {
  return rawQuery<SlotDump>(dir, 'SELECT id, kind, wrapped_key, kdf, backend FROM key_slots ORDER BY id');
}

function expectCode(fn: () => unknown, code: VaultErrorCode): VaultError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(VaultError);
  expect((thrown as VaultError).code).toBe(code);
  return thrown as VaultError;
}

async function expectCodeAsync(fn: () => Promise<unknown>, code: VaultErrorCode): Promise<VaultError> {
  let thrown: unknown;
  try {
    await fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(VaultError);
  expect((thrown as VaultError).code).toBe(code);
  return thrown as VaultError;
}

interface WithSecret {
  dir: string;
  sealed: Buffer;
  ref: { table: string; rowId: string; column: string };
}

/** A vault holding one sealed refresh token, so tests can tell the key still opens real data. */
function vaultWithSecret(): WithSecret {
  const dir = tempVaultDir();
  return withSecret(dir, createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT }));
}

/** The same, created with a keychain slot too (createVaultAsync: the keychain is asynchronous). */
async function keychainVaultWithSecret(keychain: FakeKeychain): Promise<WithSecret> {
  const dir = tempVaultDir();
  return withSecret(dir, await createVaultAsync(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT, keychain }));
}

function withSecret(dir: string, vault: Vault): WithSecret {
  const grantId = newId('grt');
  const ref = { table: 'credentials', rowId: grantId, column: 'refresh_token' };
  const sealed = vault.seal('refresh-token-value', ref);
  vault.transaction(() => {
    vault.db.prepare("INSERT INTO grants (id, connector_id, created_at, updated_at) VALUES (?, 'shopify', ?, ?)").run(grantId, nowIso(), nowIso());
    vault.db.prepare('INSERT INTO credentials (grant_id, refresh_token) VALUES (?, ?)').run(grantId, sealed);
  });
  vault.close();
  return { dir, sealed, ref };
}

function storedToken(dir: string): Buffer {
  return rawQuery<{ refresh_token: Buffer }>(dir, 'SELECT refresh_token FROM credentials')[0]!.refresh_token;
}

describe('passphrase slots', () => {
  it('store their scrypt cost and a random salt beside the wrapped key; N=2^17, r=8, p=1 by default', () => {
    const dir = tempVaultDir();
    const vault = createVault(dir, { passphrase: PASSPHRASE });
    vault.close();
    const other = vaultWithSecret();
    const kdfs = [slotDump(dir)[0]!, slotDump(other.dir)[0]!].map((row) => JSON.parse(row.kdf!) as Record<string, unknown>);
    expect(kdfs[0]).toMatchObject({ alg: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
    expect(kdfs[1]).toMatchObject({ alg: 'scrypt', ...TEST_SCRYPT });
    for (const kdf of kdfs) expect(Buffer.from(kdf.salt as string, 'base64')).toHaveLength(16);
    expect(kdfs[0]!.salt).not.toBe(kdfs[1]!.salt);
    // 1 version byte + 12 nonce + 32 key + 16 tag
    expect(slotDump(dir)[0]!.wrapped_key).toHaveLength(61);
  });

  it('a wrong passphrase is refused and changes neither the file bytes nor the slots', () => {
    const { dir } = vaultWithSecret();
    const files = snapshotFiles(dir);
    const slots = slotDump(dir);
    const err = expectCode(() => openVault(dir, { passphrase: 'not the passphrase' }), 'wrong_passphrase');
    expect(err.message).not.toContain('not the passphrase');
    expect(err.message).toContain(dir);
    expect(snapshotFiles(dir)).toEqual(files);
    expect(slotDump(dir)).toEqual(slots);
  });

  it('a doctored kdf column (cheaper N) does not unlock with the wrong passphrase, nor with the right one', () => {
    const { dir } = vaultWithSecret();
    rawExec(dir, (db) => db.prepare("UPDATE key_slots SET kdf = json_set(kdf, '$.N', 2) WHERE kind = 'passphrase'").run());
    expectCode(() => openVault(dir, { passphrase: PASSPHRASE }), 'wrong_passphrase');
  });

  it('refuses a kdf column that asks for absurd scrypt memory instead of allocating it', () => {
    const { dir } = vaultWithSecret();
    rawExec(dir, (db) => db.prepare("UPDATE key_slots SET kdf = json_set(kdf, '$.N', 1073741824) WHERE kind = 'passphrase'").run());
    // Said as what it is (an edited file), not as a wrong passphrase the user would retype.
    const err = expectCode(() => openVault(dir, { passphrase: PASSPHRASE }), 'unsafe_kdf');
    expect(err.message).toMatch(/beyond the safe limits \(N=1073741824 .*\), so it was not tried: the vault file was probably edited\. Nothing was changed/);
  });

  it('a second passphrase slot opens the vault too, and either can be removed', () => {
    const { dir, sealed, ref } = vaultWithSecret();
    const vault = openVault(dir, { passphrase: PASSPHRASE }, { scrypt: TEST_SCRYPT });
    const recovery = vault.addPassphraseSlot('recovery words go here', 'recovery');
    expect(recovery).toMatchObject({ kind: 'passphrase', label: 'recovery', backend: null });
    const first = vault.listSlots().find((slot) => slot.id !== recovery.id)!;
    vault.removeSlot(first.id);
    vault.close();
    expectCode(() => openVault(dir, { passphrase: PASSPHRASE }), 'wrong_passphrase');
    const viaRecovery = openVault(dir, { passphrase: 'recovery words go here' });
    expect(viaRecovery.openString(sealed, ref)).toBe('refresh-token-value');
    viaRecovery.close();
  });

  it('changePassphrase: the old one stops working, the new one works, secrets are not re-encrypted', () => {
    const { dir, sealed, ref } = vaultWithSecret();
    const vault = openVault(dir, { passphrase: PASSPHRASE }, { scrypt: TEST_SCRYPT });
    const [before] = vault.listSlots();
    vault.changePassphrase(PASSPHRASE, 'a brand new passphrase');
    const after = vault.listSlots();
    expect(after).toHaveLength(1);
    expect(after[0]!.id).not.toBe(before!.id);
    expect(after[0]!.label).toBe(before!.label);
    vault.close();

    expect(storedToken(dir).equals(sealed)).toBe(true);
    expectCode(() => openVault(dir, { passphrase: PASSPHRASE }), 'wrong_passphrase');
    const reopened = openVault(dir, { passphrase: 'a brand new passphrase' });
    expect(reopened.openString(storedToken(dir), ref)).toBe('refresh-token-value');
    reopened.close();
  });

  it('changePassphrase with a wrong old passphrase or an invalid new one changes nothing', () => {
    const { dir } = vaultWithSecret();
    const vault = openVault(dir, { passphrase: PASSPHRASE }, { scrypt: TEST_SCRYPT });
    const slots = slotDump(dir);
    expectCode(() => vault.changePassphrase('wrong old passphrase', 'a brand new passphrase'), 'wrong_passphrase');
    expectCode(() => vault.changePassphrase(PASSPHRASE, 'short'), 'invalid_passphrase');
    expectCode(() => vault.changePassphrase(PASSPHRASE, ''), 'invalid_passphrase');
    expect(slotDump(dir)).toEqual(slots);
    vault.close();
    openVault(dir, { passphrase: PASSPHRASE }).close();
  });

  it('a wrapped key copied from another vault does not unlock this one', () => {
    const mine = vaultWithSecret();
    const theirs = vaultWithSecret();
    const foreign = slotDump(theirs.dir)[0]!;
    rawExec(mine.dir, (db) => db.prepare("UPDATE key_slots SET wrapped_key = ?, kdf = ? WHERE kind = 'passphrase'").run(foreign.wrapped_key, foreign.kdf));
    expectCode(() => openVault(mine.dir, { passphrase: PASSPHRASE }), 'wrong_passphrase');
  });
});

describe('OS keychain slots', () => {
  it('unlocks through the keychain; add and remove slots without touching secrets', async () => {
    const keychain = new FakeKeychain();
    const { dir, sealed, ref } = vaultWithSecret();
    const vault = openVault(dir, { passphrase: PASSPHRASE }, { scrypt: TEST_SCRYPT });
    const slot = await vault.addKeychainSlot(keychain);
    expect(slot).toMatchObject({ kind: 'keychain', backend: 'gnome_libsecret' });
    vault.close();
    expect(slotDump(dir).find((row) => row.kind === 'keychain')!.wrapped_key.includes(Buffer.from('refresh-token-value'))).toBe(false);

    const viaKeychain = await openVaultWithKeychain(dir, keychain);
    expect(viaKeychain.openString(sealed, ref)).toBe('refresh-token-value');
    viaKeychain.removeSlot(slot.id);
    expect(viaKeychain.listSlots().map((s) => s.kind)).toEqual(['passphrase']);
    viaKeychain.close();
    expect(storedToken(dir).equals(sealed)).toBe(true);
    await expectCodeAsync(() => openVaultWithKeychain(dir, keychain), 'no_slot');
  });

  it('createVault can add the keychain slot at once', async () => {
    const keychain = new FakeKeychain('keychain');
    const { dir } = await keychainVaultWithSecret(keychain);
    const vault = await openVaultWithKeychain(dir, keychain);
    expect(vault.listSlots().map((slot) => [slot.kind, slot.backend])).toEqual([
      ['passphrase', null],
      ['keychain', 'keychain'],
    ]);
    vault.close();
  });

  it.each(['basic_text', 'unknown'])('refuses the %s backend unless explicitly accepted', async (backend) => {
    const insecure = new FakeKeychain(backend);
    const dir = tempVaultDir();
    const err = await expectCodeAsync(() => createVaultAsync(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT, keychain: insecure }), 'keychain_insecure');
    expect(err.message).toContain(backend);
    expect(insecure.encryptCalls).toBe(0);
    expect(() => openVault(dir, { passphrase: PASSPHRASE })).toThrow(VaultError);

    const vault = createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
    await expectCodeAsync(() => vault.addKeychainSlot(insecure), 'keychain_insecure');
    await expectCodeAsync(() => vault.addKeychainSlot(insecure, { acceptInsecure: false }), 'keychain_insecure');
    expect(vault.listSlots()).toHaveLength(1);
    const accepted = await vault.addKeychainSlot(insecure, { acceptInsecure: true });
    expect(accepted.backend).toBe(backend);
    vault.close();
    (await openVaultWithKeychain(dir, insecure)).close();

    const other = tempVaultDir();
    (await createVaultAsync(other, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT, keychain: insecure, acceptInsecureKeychain: true })).close();
    (await openVaultWithKeychain(other, insecure)).close();
  });

  it('detects a backend change (R32): refuses, and overwrites nothing', async () => {
    const keychain = new FakeKeychain('gnome_libsecret');
    const { dir } = await keychainVaultWithSecret(keychain);
    const files = snapshotFiles(dir);
    const slots = slotDump(dir);
    keychain.backendName = 'basic_text';
    const err = await expectCodeAsync(() => openVaultWithKeychain(dir, keychain), 'keychain_changed');
    expect(err.message).toContain('gnome_libsecret');
    expect(err.message).toContain('basic_text');
    expect(err.message).toContain('--password-store=gnome-libsecret');
    expect(keychain.decryptCalls).toBe(0);
    expect(keychain.encryptCalls).toBe(1);
    expect(snapshotFiles(dir)).toEqual(files);
    expect(slotDump(dir)).toEqual(slots);

    keychain.backendName = 'gnome_libsecret';
    (await openVaultWithKeychain(dir, keychain)).close();
  });

  it('a vault copied to another machine (another keychain key) is refused as changed, nothing written', async () => {
    const { dir } = await keychainVaultWithSecret(new FakeKeychain('dpapi'));
    const files = snapshotFiles(dir);
    const elsewhere = new FakeKeychain('dpapi');
    await expectCodeAsync(() => openVaultWithKeychain(dir, elsewhere), 'keychain_changed');
    expect(elsewhere.decryptCalls).toBe(1);
    expect(snapshotFiles(dir)).toEqual(files);
    openVault(dir, { passphrase: PASSPHRASE }).close();
  });

  it('an unavailable keychain is reported as such, before any decrypt', async () => {
    const keychain = new FakeKeychain();
    const { dir } = await keychainVaultWithSecret(keychain);
    keychain.available = false;
    await expectCodeAsync(() => openVaultWithKeychain(dir, keychain), 'keychain_unavailable');
    expect(keychain.decryptCalls).toBe(0);
    const vault = openVault(dir, { passphrase: PASSPHRASE }, { scrypt: TEST_SCRYPT });
    await expectCodeAsync(() => vault.addKeychainSlot(keychain), 'keychain_unavailable');
    vault.close();
  });

  it('a keychain slot unwrapping to a key that fails the key-check is not accepted', async () => {
    const keychain = new FakeKeychain();
    const { dir } = await keychainVaultWithSecret(keychain);
    const wrongKey = await keychain.encrypt(Buffer.alloc(32, 7));
    rawExec(dir, (db) => db.prepare("UPDATE key_slots SET wrapped_key = ? WHERE kind = 'keychain'").run(wrongKey));
    await expectCodeAsync(() => openVaultWithKeychain(dir, keychain), 'keychain_changed');
  });
});

describe('keychain re-encryption (safeStorage shouldReEncrypt)', () => {
  it('rewrites the slot with a fresh wrap in one transaction, and the vault still opens through it', async () => {
    const keychain = new FakeKeychain();
    const { dir, sealed, ref } = await keychainVaultWithSecret(keychain);
    const before = slotDump(dir).find((row) => row.kind === 'keychain')!;
    // The keychain's key was rotated: what it wrapped so far should be wrapped again.
    keychain.reEncryptBefore = keychain.encryptCalls + 1;
    const vault = await openVaultWithKeychain(dir, keychain);
    expect(vault.openString(sealed, ref)).toBe('refresh-token-value');
    vault.close();
    const after = slotDump(dir).find((row) => row.kind === 'keychain')!;
    expect(after).toMatchObject({ id: before.id, kind: 'keychain', backend: before.backend, kdf: null });
    expect(after.wrapped_key.equals(before.wrapped_key)).toBe(false);
    expect(slotDump(dir)).toHaveLength(2);

    // The new wrap is current: the next unlock opens it and writes nothing.
    const files = snapshotFiles(dir);
    const again = await openVaultWithKeychain(dir, keychain);
    expect(again.openString(sealed, ref)).toBe('refresh-token-value');
    again.close();
    expect(slotDump(dir).find((row) => row.kind === 'keychain')!.wrapped_key.equals(after.wrapped_key)).toBe(true);
    expect(snapshotFiles(dir)).toEqual(files);
    openVault(dir, { passphrase: PASSPHRASE }).close();
  });

  it('keychainUnlocks rewraps too; a keychain that cannot read back its new wrap leaves the old slot', async () => {
    const keychain = new FakeKeychain();
    const { dir } = await keychainVaultWithSecret(keychain);
    const original = slotDump(dir).find((row) => row.kind === 'keychain')!.wrapped_key;
    keychain.reEncryptBefore = Number.MAX_SAFE_INTEGER;
    // Every wrap now reads back as stale, but still opens: the fresh wrap is kept only if it reads back as the key.
    const vault = openVault(dir, { passphrase: PASSPHRASE }, { scrypt: TEST_SCRYPT });
    expect(await vault.keychainUnlocks(keychain)).toBe(true);
    const rewrapped = slotDump(dir).find((row) => row.kind === 'keychain')!.wrapped_key;
    expect(rewrapped.equals(original)).toBe(false);

    const broken = new FakeKeychain('gnome_libsecret', keychain.machineKey);
    broken.reEncryptBefore = Number.MAX_SAFE_INTEGER;
    broken.encrypt = () => Promise.resolve(Buffer.alloc(48, 1));
    expect(await vault.keychainUnlocks(broken)).toBe(true);
    vault.close();
    expect(slotDump(dir).find((row) => row.kind === 'keychain')!.wrapped_key.equals(rewrapped)).toBe(true);
    (await openVaultWithKeychain(dir, keychain)).close();
  });
});

describe('the last slot', () => {
  function expectLastSlotKept(vault: Vault, dir: string): void {
    const [only] = vault.listSlots();
    expectCode(() => vault.removeSlot(only!.id), 'last_slot');
    expect(vault.listSlots()).toEqual([only]);
    expect(slotDump(dir)).toHaveLength(1);
  }

  it('keeps the last passphrase slot, the recovery key, even beside a keychain slot', async () => {
    const keychain = new FakeKeychain();
    const { dir } = await keychainVaultWithSecret(keychain);
    const vault = await openVaultWithKeychain(dir, keychain, { scrypt: TEST_SCRYPT });
    const passphraseSlot = vault.listSlots().find((slot) => slot.kind === 'passphrase')!;
    const keychainSlot = vault.listSlots().find((slot) => slot.kind === 'keychain')!;
    expectCode(() => vault.removeSlot(passphraseSlot.id), 'last_slot');
    expect(vault.listSlots()).toHaveLength(2);
    // The keychain slot can go: the passphrase still opens the vault.
    vault.removeSlot(keychainSlot.id);
    vault.close();
    openVault(dir, { passphrase: PASSPHRASE }).close();
    await expectCodeAsync(() => openVaultWithKeychain(dir, keychain), 'no_slot');
  });

  it('cannot be removed, whichever kind it is', () => {
    const plain = vaultWithSecret();
    const onlyPassphrase = openVault(plain.dir, { passphrase: PASSPHRASE });
    expectLastSlotKept(onlyPassphrase, plain.dir);
    expectCode(() => onlyPassphrase.removeSlot('slot_does_not_exist'), 'no_slot');
    onlyPassphrase.close();
  });
});
