// Safer files: exports written owner-only even over a file that existed with a wider mode, the
// vault folder tightened to 0700 on open (and the person told once, on stderr through the CLI),
// and scrypt parameters read from the file capped so a doctored slot cannot make unlock allocate
// gigabytes. Real files, a real vault, the real CLI entry point.
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restrictFolderToOwner, writePrivateFile } from '../../main/fs/private-file';
import { MAX_SCRYPT_MEMORY_BYTES, scryptProblem } from '../../main/vault/key-slots';
import { createVault, openVault } from '../../main/vault';
import { runCli } from '../support/cli';
import { PASSPHRASE, TEST_SCRYPT, tempRoot, tempVaultDir } from './helpers';

const mode = (path: string): number => statSync(path).mode & 0o777;
const posix = process.platform !== 'win32';

describe.skipIf(!posix)('writePrivateFile', () => {
  it('creates a new file 0600 with the data', () => {
    const file = join(tempRoot(), 'audit.csv');
    writePrivateFile(file, 'id,at\n1,2026\n');
    expect(readFileSync(file, 'utf8')).toBe('id,at\n1,2026\n');
    expect(mode(file)).toBe(0o600);
  });

  it('tightens a file that existed world-readable, replacing its content', () => {
    const file = join(tempRoot(), 'export.json');
    writeFileSync(file, 'old content that was longer than the new one');
    chmodSync(file, 0o644);
    writePrivateFile(file, Buffer.from('[]'));
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('[]');
  });

  it('leaves no temporary file behind when it cannot finish', () => {
    const root = tempRoot();
    // The target is a folder: the rename fails after the data was written to the temporary file.
    const target = join(root, 'taken');
    writePrivateFile(join(root, 'other.txt'), 'x');
    chmodSync(root, 0o700);
    mkdirSync(join(target, 'inside'), { recursive: true });
    expect(() => writePrivateFile(target, 'data')).toThrow();
    expect(readdirSync(root).sort()).toEqual(['other.txt', 'taken']);
  });
});

describe.skipIf(!posix)('vault folder mode', () => {
  it('an existing 0755 folder is tightened on open and the person told once', () => {
    const dir = tempVaultDir();
    createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT }).close();
    chmodSync(dir, 0o755);
    const notices: string[] = [];
    openVault(dir, { passphrase: PASSPHRASE }, { notice: (l) => notices.push(l) }).close();
    expect(mode(dir)).toBe(0o700);
    expect(notices).toEqual([`Note: the vault folder ${dir} was open to other users (mode 0755); it is now owner-only (0700).`]);
    openVault(dir, { passphrase: PASSPHRASE }, { notice: (l) => notices.push(l) }).close();
    expect(notices).toHaveLength(1);
  });

  it('init into a folder made beforehand with 0755 tightens it too, saying so once', async () => {
    const dir = tempVaultDir();
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const run = await runCli(['--vault', dir, '--json', 'init']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([`Note: the vault folder ${dir} was open to other users (mode 0755); it is now owner-only (0700).`]);
    expect(mode(dir)).toBe(0o700);
  });

  it('restrictFolderToOwner leaves a private folder alone', () => {
    const dir = tempRoot();
    chmodSync(dir, 0o700);
    expect(restrictFolderToOwner(dir)).toBeNull();
    chmodSync(dir, 0o750);
    expect(restrictFolderToOwner(dir)).toBe(0o750);
    expect(mode(dir)).toBe(0o700);
  });

  it('through the CLI: one line on stderr, the JSON on stdout untouched', async () => {
    const dir = tempVaultDir();
    expect((await runCli(['--vault', dir, '--json', 'init'])).code).toBe(0);
    chmodSync(dir, 0o777);
    const run = await runCli(['--vault', dir, '--json', 'tenant', 'list']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toEqual([]);
    expect(run.stderr.trim().split('\n')).toEqual([`Note: the vault folder ${dir} was open to other users (mode 0777); it is now owner-only (0700).`]);
    expect(mode(dir)).toBe(0o700);
    const again = await runCli(['--vault', dir, '--json', 'tenant', 'list']);
    expect(again.stderr).toBe('');
  });
});

describe('scrypt limits for parameters read from a file', () => {
  it('caps memory and work, not only each parameter on its own', () => {
    expect(scryptProblem({ N: 2 ** 17, r: 8, p: 1 })).toBeNull();
    expect(scryptProblem({ N: 2 ** 18, r: 8, p: 1 })).toBeNull(); // exactly the memory limit
    expect(MAX_SCRYPT_MEMORY_BYTES).toBe(256 * 2 ** 20);
    // Each within its own bound, 4 GiB together.
    expect(scryptProblem({ N: 2 ** 20, r: 32, p: 1 })).toMatch(/needs 4096 MiB, more than the 256 MiB limit/);
    expect(scryptProblem({ N: 2 ** 17, r: 8, p: 16 })).toBeNull();
    expect(scryptProblem({ N: 2 ** 18, r: 8, p: 16 })).toMatch(/more than 16 times the default work/);
    expect(scryptProblem({ N: 3, r: 8, p: 1 })).toMatch(/N a power of two/);
    expect(scryptProblem({ N: 2 ** 10, r: 0, p: 1 })).toMatch(/outside the limits/);
  });

  it('a slot doctored to N=2^20, r=32 is refused as unsafe_kdf before any allocation', () => {
    const dir = tempVaultDir();
    createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT }).close();
    const db = new Database(join(dir, 'fivex-vault.db'));
    db.prepare("UPDATE key_slots SET kdf = json_set(kdf, '$.N', 1048576, '$.r', 32) WHERE kind = 'passphrase'").run();
    db.close();
    const started = performance.now();
    let code: string | undefined;
    try {
      openVault(dir, { passphrase: PASSPHRASE });
    } catch (err) {
      code = (err as { code?: string }).code;
    }
    expect(code).toBe('unsafe_kdf');
    // Deriving 4 GiB would take seconds (or fail); refusing takes nothing.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(existsSync(join(dir, 'fivex-vault.db-wal'))).toBe(false);
  });
});
