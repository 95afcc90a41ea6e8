// Group commit on a real vault: results of one event-loop turn share one transaction, a failing
// item is undone alone, and nobody is resolved before the commit is visible to other connections.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitQueue } from '../../main/refresh/commit-queue';
import type { EngineVault } from '../../main/refresh';
import { createVault, openVault } from '../../main/vault';
import type { Vault } from '../../main/vault/types';
import { PASSPHRASE, TEST_SCRYPT, tempDir } from './support/harness';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});

function vaults(): { vault: Vault; other: Vault; counted: EngineVault; transactions: () => number } {
  const root = tempDir();
  const vault = createVault(join(root, 'vault'), { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
  const other = openVault(join(root, 'vault'), { passphrase: PASSPHRASE });
  cleanup.push(() => rmSync(root, { recursive: true, force: true }), () => vault.close(), () => other.close());
  let n = 0;
  const counted: EngineVault = {
    db: vault.db,
    seal: (p, r) => vault.seal(p, r),
    open: (s, r) => vault.open(s, r),
    openString: (s, r) => vault.openString(s, r),
    scrub: () => vault.scrub(),
    transaction: (fn) => {
      n++;
      return vault.transaction(fn);
    },
  };
  return { vault, other, counted, transactions: () => n };
}

describe('group commit', () => {
  it('commits what arrives in one turn together, and resolves only once others can read it', async () => {
    const { vault, other, counted, transactions } = vaults();
    const q = new CommitQueue(counted);
    const insert = vault.db.prepare("INSERT INTO settings (key, value) VALUES (?, 'v')");
    const visible = other.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM settings WHERE key = ?');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        q.run(() => {
          insert.run(`k${i}`);
          return i;
        }).then((v) => ({ v, seenByOther: visible.get(`k${i}`)!.n })),
      ),
    );
    expect(transactions()).toBe(1);
    expect(results.map((r) => r.v)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(results.every((r) => r.seenByOther === 1)).toBe(true);
  });

  it('a failing item is undone alone and its caller gets the error', async () => {
    const { vault, counted } = vaults();
    const q = new CommitQueue(counted);
    const insert = vault.db.prepare("INSERT INTO settings (key, value) VALUES (?, 'v')");
    const ok = q.run(() => insert.run('a'));
    const bad = q.run(() => {
      insert.run('b');
      throw new Error('boom');
    });
    const ok2 = q.run(() => insert.run('c'));
    await expect(bad).rejects.toThrow('boom');
    await ok;
    await ok2;
    const keys = vault.db.prepare<[], { key: string }>('SELECT key FROM settings ORDER BY key').all().map((r) => r.key);
    expect(keys).toEqual(['a', 'c']);
  });

  it('under load, commits come at most every minIntervalMs, so groups grow', async () => {
    const { vault, counted, transactions } = vaults();
    const q = new CommitQueue(counted, 30);
    const insert = vault.db.prepare("INSERT INTO settings (key, value) VALUES (?, 'v')");
    await q.run(() => insert.run('first'));
    const later = [];
    for (let i = 0; i < 5; i++) {
      later.push(q.run(() => insert.run(`k${i}`)));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await Promise.all(later);
    // Five results spread over ~10 ms of turns, one commit: the first one's 30 ms had not passed.
    expect(transactions()).toBe(2);
  });
});
