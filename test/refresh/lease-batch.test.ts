// The first lease attempts of one event-loop turn are taken together, in one write transaction:
// every lease is committed (visible to another connection) before its caller goes on, a lease the
// batch cannot take is left to the usual path (busy: wait; dead holder: take over), and a batch
// that fails is retried alone per caller.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { opaqueProcessTable } from '../../main/refresh/holder';
import { RefreshLeases } from '../../main/refresh/lease';
import { LeasesRepo } from '../../main/repos/leases';
import { createVault, VAULT_FILE_NAME } from '../../main/vault';
import type { Vault } from '../../main/vault/types';
import { PASSPHRASE, TEST_SCRYPT, tempDir } from './support/harness';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});

function vault(): Vault {
  const root = tempDir();
  const v = createVault(join(root, 'vault'), { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
  cleanup.push(() => rmSync(root, { recursive: true, force: true }), () => v.close());
  return v;
}

const OPTIONS = { ttlMs: 30_000, pollMs: 10, waitMs: 200 };
const self = { pid: process.pid, host: 'here', pidSpace: null, startedAt: null };

/** Counts the write transactions the leases' statements commit outside any caller's transaction. */
function countingRepo(v: Vault): { repo: LeasesRepo; batches: () => number } {
  const repo = new LeasesRepo(v.db);
  let batches = 0;
  const takeMany = repo.takeMany.bind(repo);
  repo.takeMany = (takes) => {
    batches += 1;
    return takeMany(takes);
  };
  return { repo, batches: () => batches };
}

describe('lease batches', () => {
  it('takes the leases asked for in one turn in one transaction, each committed before its caller goes on', async () => {
    const v = vault();
    const { repo, batches } = countingRepo(v);
    const leases = new RefreshLeases(repo, Date.now, OPTIONS, { holder: self, processes: opaqueProcessTable });
    // Another connection to the same file, as another process would read it.
    const other = new Database(join(v.dir, VAULT_FILE_NAME), { readonly: true });
    cleanup.push(() => other.close());
    const seen: number[] = [];
    const results = await Promise.all(
      ['grt_a', 'grt_b', 'grt_c'].map(async (g) => {
        const got = await leases.acquire(g, () => false);
        seen.push((other.prepare('SELECT COUNT(*) AS n FROM refresh_leases WHERE grant_id = ?').get(g) as { n: number }).n);
        return got;
      }),
    );
    expect(results.map((r) => r.kind)).toEqual(['held', 'held', 'held']);
    expect(batches()).toBe(1);
    expect(seen).toEqual([1, 1, 1]);
    for (const r of results) if (r.kind === 'held') expect(r.lease.release()).toBe(true);
  });

  it('leaves a busy lease to the wait, and calls onWait once when the polling starts', async () => {
    const v = vault();
    const repo = new LeasesRepo(v.db);
    const leases = new RefreshLeases(repo, Date.now, OPTIONS, { holder: self, processes: opaqueProcessTable });
    // Held by a live holder this process cannot judge: only its release frees it.
    expect(repo.take({ grantId: 'grt_busy', owner: 'someone-else', pid: 1, expiresAt: Date.now() + 30_000, now: Date.now(), deadOwner: null })).toBe(true);
    let waits = 0;
    const pending = leases.acquire('grt_busy', () => false, () => void (waits += 1));
    const free = leases.acquire('grt_free', () => false);
    setTimeout(() => repo.release('grt_busy', 'someone-else'), 40);
    const [busy, other] = await Promise.all([pending, free]);
    expect(other.kind).toBe('held');
    expect(busy.kind).toBe('held');
    expect(waits).toBe(1);
  });

  it('a failed batch is retried alone for each caller', async () => {
    const v = vault();
    const repo = new LeasesRepo(v.db);
    repo.takeMany = () => {
      throw new Error('database is locked');
    };
    const leases = new RefreshLeases(repo, Date.now, OPTIONS, { holder: self, processes: opaqueProcessTable });
    const [a, b] = await Promise.all([leases.acquire('grt_1', () => false), leases.acquire('grt_2', () => false)]);
    expect([a.kind, b.kind]).toEqual(['held', 'held']);
    expect(leases.holder('grt_1')?.pid).toBe(process.pid);
  });
});
