// Sealing secrets (T32): AES-256-GCM with a fresh nonce, a 16-byte tag, and associated data that
// binds each blob to its vault, table, row and column. Every alteration must fail authentication.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VaultError, createVault } from '../../main/vault';
import type { SecretRef, Vault } from '../../main/vault';
import { PASSPHRASE, TEST_SCRYPT, tempVaultDir } from './helpers';

const REF: SecretRef = { table: 'credentials', rowId: 'grt_0123', column: 'refresh_token' };
const SECRET = 'Atzr|IwEBIHq-secret-refresh-token-value';

let vault: Vault;
beforeEach(() => {
  vault = createVault(tempVaultDir(), { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
});
afterEach(() => vault.close());

function flipBit(blob: Buffer, index: number, bit = 0): Buffer {
  const copy = Buffer.from(blob);
  copy[index]! ^= 1 << bit;
  return copy;
}

function expectTampered(sealed: Uint8Array, ref: SecretRef = REF, by: Vault = vault): VaultError {
  let thrown: unknown;
  try {
    by.open(sealed, ref);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(VaultError);
  const err = thrown as VaultError;
  expect(err.code).toBe('secret_tampered');
  expect(err.message).not.toContain(SECRET);
  if (sealed.length >= 8) expect(err.message).not.toContain(Buffer.from(sealed).toString('hex').slice(0, 16));
  return err;
}

describe('seal / open', () => {
  it('round-trips strings, bytes and the empty string', () => {
    expect(vault.openString(vault.seal(SECRET, REF), REF)).toBe(SECRET);
    const bytes = Uint8Array.from([0, 1, 2, 255]);
    expect([...vault.open(vault.seal(bytes, REF), REF)]).toEqual([0, 1, 2, 255]);
    expect(vault.openString(vault.seal('', REF), REF)).toBe('');
    expect(vault.openString(vault.seal('ünïcødé 🔑', REF), REF)).toBe('ünïcødé 🔑');
  });

  it('stores version byte || 96-bit nonce || ciphertext || 16-byte tag', () => {
    const sealed = vault.seal(SECRET, REF);
    expect(sealed[0]).toBe(1);
    expect(sealed.length).toBe(1 + 12 + Buffer.byteLength(SECRET) + 16);
    expect(sealed.includes(Buffer.from(SECRET))).toBe(false);
  });

  it('uses a fresh nonce every time, so equal plaintexts never give equal blobs', () => {
    const nonces = new Set<string>();
    const blobs = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const sealed = vault.seal(SECRET, REF);
      nonces.add(sealed.subarray(1, 13).toString('hex'));
      blobs.add(sealed.toString('hex'));
    }
    expect(nonces.size).toBe(200);
    expect(blobs.size).toBe(200);
  });

  it('never hands out a nonce twice across refills of the nonce pool, and every blob opens', () => {
    // 4 KiB of pooled random bytes give 341 nonces: 2,000 seals span several refills.
    const nonces = new Set<string>();
    const sealedAll: Buffer[] = [];
    for (let i = 0; i < 2000; i += 1) {
      const sealed = vault.seal(`${SECRET}-${i}`, REF);
      nonces.add(sealed.subarray(1, 13).toString('hex'));
      sealedAll.push(sealed);
    }
    expect(nonces.size).toBe(2000);
    // A nonce is copied out of the pool: refilling it later leaves earlier blobs as they were.
    sealedAll.forEach((sealed, i) => expect(vault.openString(sealed, REF)).toBe(`${SECRET}-${i}`));
    expect(nonces.has('0'.repeat(24))).toBe(false);
  });

  it('opens a blob that sits inside a larger buffer (as SQLite may hand it back)', () => {
    const sealed = vault.seal(SECRET, REF);
    const padded = Buffer.concat([Buffer.from('xxxx'), sealed, Buffer.from('yy')]);
    expect(vault.openString(padded.subarray(4, 4 + sealed.length), REF)).toBe(SECRET);
  });

  it('refuses an empty table, row or column rather than sealing without a place', () => {
    expect(() => vault.seal(SECRET, { ...REF, rowId: '' })).toThrow(/rowId/);
    expect(() => vault.seal(SECRET, { ...REF, table: '' })).toThrow(/table/);
    expect(() => vault.open(vault.seal(SECRET, REF), { ...REF, column: '' })).toThrow(/column/);
  });

  it('refuses to work once closed', () => {
    const sealed = vault.seal(SECRET, REF);
    const dir = vault.dir;
    vault.close();
    expect(() => vault.open(sealed, REF)).toThrow(/closed/);
    expect(() => vault.seal(SECRET, REF)).toThrow(/closed/);
    vault = createVault(`${dir}-next`, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
  });
});

describe('tampering (T32)', () => {
  it('a flipped bit anywhere — version, nonce, ciphertext or tag — fails authentication', () => {
    const sealed = vault.seal(SECRET, REF);
    const regions = { version: [0], nonce: [1, 6, 12], ciphertext: [13, 20, sealed.length - 17], tag: [sealed.length - 16, sealed.length - 1] };
    for (const [, indexes] of Object.entries(regions)) {
      for (const index of indexes) {
        for (const bit of [0, 7]) expectTampered(flipBit(sealed, index, bit));
      }
    }
    // And exhaustively, one bit per byte position.
    for (let index = 0; index < sealed.length; index += 1) expectTampered(flipBit(sealed, index, index % 8));
    expect(vault.openString(sealed, REF)).toBe(SECRET);
  });

  it.each([4, 8, 12])('a tag truncated to %i bytes is rejected', (tagBytes) => {
    const sealed = vault.seal(SECRET, REF);
    expectTampered(sealed.subarray(0, sealed.length - 16 + tagBytes));
  });

  it('too short, empty, or with an unknown version byte is rejected', () => {
    const sealed = vault.seal('', REF);
    expect(sealed.length).toBe(29);
    expectTampered(sealed.subarray(0, 28));
    expectTampered(Buffer.alloc(0));
    const otherVersion = Buffer.from(sealed);
    otherVersion[0] = 2;
    expectTampered(otherVersion);
    otherVersion[0] = 0;
    expectTampered(otherVersion);
  });

  it('a ciphertext moved to another row, column or table fails', () => {
    const sealed = vault.seal(SECRET, REF);
    expectTampered(sealed, { ...REF, rowId: 'grt_0124' });
    expectTampered(sealed, { ...REF, column: 'access_token' });
    expectTampered(sealed, { ...REF, table: 'pending_revocations' });
    const err = expectTampered(sealed, { ...REF, rowId: 'grt_other' });
    expect(err.message).toContain('credentials.refresh_token');
    expect(err.message).toContain('grt_other');
  });

  it('field boundaries are unambiguous: (a|bc) and (ab|c) are different places', () => {
    const sealed = vault.seal(SECRET, { table: 't', rowId: 'a', column: 'bc' });
    expectTampered(sealed, { table: 't', rowId: 'ab', column: 'c' });
    const other = vault.seal(SECRET, { table: 'ta', rowId: 'b', column: 'c' });
    expectTampered(other, { table: 't', rowId: 'ab', column: 'c' });
  });

  it('a ciphertext swapped between two rows fails in both places', () => {
    const a: SecretRef = { ...REF, rowId: 'grt_a' };
    const b: SecretRef = { ...REF, rowId: 'grt_b' };
    const sealedA = vault.seal('token-of-a', a);
    const sealedB = vault.seal('token-of-b', b);
    expectTampered(sealedA, b);
    expectTampered(sealedB, a);
  });

  it('a ciphertext from another vault fails, even at the same place', () => {
    const other = createVault(tempVaultDir(), { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
    try {
      expectTampered(other.seal(SECRET, REF));
      expectTampered(vault.seal(SECRET, REF), REF, other);
    } finally {
      other.close();
    }
  });
});
