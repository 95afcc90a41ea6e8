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

  it('waits for announced writers up to maxDelayMs, so groups grow under load', async () => {
    const { vault, counted, transactions } = vaults();
    const q = new CommitQueue(counted, 200);
    const insert = vault.db.prepare("INSERT INTO settings (key, value) VALUES (?, 'v')");
    const straggler = q.begin();
    const slots = Array.from({ length: 5 }, () => q.begin());
    const started = performance.now();
    const written = [];
    for (const [i, slot] of slots.entries()) {
      written.push(slot.run(() => insert.run(`k${i}`)));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    // The straggler is still out: nothing is committed before the deadline.
    expect(transactions()).toBe(0);
    await Promise.all(written);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(transactions()).toBe(1);
    straggler.cancel();
  });

  it('commits at once when every announced writer is waiting for it (a lone refresh, the end of a tick)', async () => {
    const { vault, counted, transactions } = vaults();
    const q = new CommitQueue(counted, 10_000);
    const insert = vault.db.prepare("INSERT INTO settings (key, value) VALUES (?, 'v')");
    const a = q.begin();
    const b = q.begin();
    const c = q.begin();
    const started = performance.now();
    const first = a.run(() => insert.run('a'));
    const second = b.run(() => insert.run('b'));
    // c gives up (its token call failed some other way): a and b are all that is left to wait for.
    c.cancel();
    await Promise.all([first, second]);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(transactions()).toBe(1);
    // A slot writes once: a second use is refused, a late cancel does nothing.
    await expect(a.run(() => insert.run('again'))).rejects.toThrow(/already used/);
    c.cancel();
    const lone = q.begin();
    await lone.run(() => insert.run('lone'));
    expect(transactions()).toBe(2);
  });
});
