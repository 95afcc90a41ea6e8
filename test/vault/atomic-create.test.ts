// A vault is either complete or absent: failures (thrown, or the process killed) during creation
// leave no file under the vault's name, and a concurrent creator is never overwritten.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, VAULT_FILE_NAME, VaultError, createVault, createVaultAsync, createVaultWithSchema, openVault } from '../../main/vault';
import type { Migration } from '../../main/vault';
import { FakeKeychain } from './fake-keychain';
import { PASSPHRASE, TEST_SCRYPT, tempVaultDir } from './helpers';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CRASH_FIXTURE = fileURLToPath(new URL('./fixtures/create-then-crash.ts', import.meta.url));

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof VaultError ? err.code : `not a VaultError: ${String(err)}`;
  }
  return 'nothing thrown';
}

async function codeOfAsync(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (err) {
    return err instanceof VaultError ? err.code : `not a VaultError: ${String(err)}`;
  }
  return 'nothing thrown';
}

/** One more migration whose SQL, when SQLite is about to run it, calls `during` (mid-creation). */
function migrationsCalling(during: () => string): ReadonlyArray<Migration> {
  return [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'probe', get sql() { return during(); } }];
}

describe('createVault never leaves a half-written vault', () => {
  it('a step that throws mid-creation leaves the folder without any vault file', () => {
    const dir = tempVaultDir();
    let seen: string[] = [];
    const throwing = migrationsCalling(() => {
      // The attempt is real: a temporary file is being written right now.
      seen = readdirSync(dir);
      throw new Error('disk went away');
    });
    expect(() => createVaultWithSchema(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT }, throwing)).toThrow('disk went away');
    expect(seen.some((name) => name.endsWith('.creating'))).toBe(true);
    expect(seen).not.toContain(VAULT_FILE_NAME);
    expect(readdirSync(dir)).toEqual([]);
    expect(codeOf(() => openVault(dir, { passphrase: PASSPHRASE }))).toBe('not_a_vault');

    const vault = createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
    vault.close();
    expect(readdirSync(dir)).toEqual([VAULT_FILE_NAME]);
  });

  it('a keychain that fails while wrapping the key leaves nothing: it is wrapped before the file is written', async () => {
    const dir = tempVaultDir();
    const keychain = new FakeKeychain();
    keychain.onEncrypt = () => {
      throw new Error('keychain went away');
    };
    await expect(createVaultAsync(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT, keychain })).rejects.toThrow('keychain went away');
    expect(readdirSync(dir)).toEqual([]);
    expect(codeOf(() => openVault(dir, { passphrase: PASSPHRASE }))).toBe('not_a_vault');

    keychain.onEncrypt = undefined;
    (await createVaultAsync(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT, keychain })).close();
    expect(readdirSync(dir)).toEqual([VAULT_FILE_NAME]);
  });

  it('a failing migration leaves nothing behind', () => {
    const dir = tempVaultDir();
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', sql: 'SELECT * FROM no_such_table;' }];
    expect(() => createVaultWithSchema(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT }, broken)).toThrow(/no_such_table/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a process killed mid-creation leaves no file under the vault name; the folder stays usable', () => {
    const dir = tempVaultDir();
    const child = spawnSync(process.execPath, ['--import', 'tsx', CRASH_FIXTURE, dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(child.stdout).not.toContain('not killed');
    expect({ signal: child.signal, stderr: child.stderr }).toMatchObject({ signal: 'SIGKILL' });

    const left = readdirSync(dir);
    expect(left).not.toContain(VAULT_FILE_NAME);
    const partial = left.filter((name) => /^\.fivex-vault\.db\.[0-9a-f]+\.creating$/.test(name));
    expect(partial).toHaveLength(1);
    expect(statSync(join(dir, partial[0]!)).size).toBeGreaterThan(0);
    expect(codeOf(() => openVault(dir, { passphrase: 'correct horse battery' }))).toBe('not_a_vault');

    createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT }).close();
    openVault(dir, { passphrase: PASSPHRASE }).close();
  });

  it('a vault created by someone else meanwhile is neither overwritten nor damaged', async () => {
    const dir = tempVaultDir();
    const slow = new FakeKeychain();
    let theirs = '';
    slow.onEncrypt = () => {
      // Another creator finishes while we are half-way.
      const other = createVault(dir, { passphrase: 'their own passphrase', scrypt: TEST_SCRYPT });
      theirs = other.id;
      other.close();
    };
    expect(await codeOfAsync(() => createVaultAsync(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT, keychain: slow }))).toBe('vault_exists');
    expect(readdirSync(dir)).toEqual([VAULT_FILE_NAME]);
    const vault = openVault(dir, { passphrase: 'their own passphrase' });
    expect(vault.id).toBe(theirs);
    vault.close();
  });
});
