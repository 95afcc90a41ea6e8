// The refresh lease on a real vault file (atomic take, owner-only release, expiry, heartbeat,
// waiting) and the pure scheduling arithmetic (margin + jitter, idle keep-alive, backoff with
// Retry-After, rotation rules), plus the semaphore and token bucket.
import { afterEach, describe, expect, it } from 'vitest';
import { RefreshLeases } from '../../main/refresh/lease';
import { LeasesRepo } from '../../main/repos/leases';
import { backoffMs, nextRefreshAt, refreshTokenRule } from '../../main/refresh/schedule';
import { Semaphore, TokenBucket } from '../../main/refresh/concurrency';
import type { TokenPolicy } from '../../connectors/types';
import { createVault, openVault } from '../../main/vault';
import type { Vault } from '../../main/vault/types';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PASSPHRASE, TEST_SCRYPT, sleep, tempDir } from './support/harness';

const opened: Vault[] = [];
const roots: string[] = [];
afterEach(() => {
  for (const v of opened.splice(0)) v.close();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function twoConnections(): [Vault, Vault] {
  const root = tempDir();
  roots.push(root);
  const a = createVault(join(root, 'vault'), { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
  const b = openVault(join(root, 'vault'), { passphrase: PASSPHRASE });
  opened.push(a, b);
  return [a, b];
}

/** A holder in no checkable pid space: only the time-out can free its lease. */
const fakeHolder = (pid: number) => ({ pid, host: 'test-host', pidSpace: null, startedAt: null });

describe('refresh lease', () => {
  it('is taken by one holder at a time, across connections to the file', () => {
    const [a, b] = twoConnections();
    const clock = () => 1_000_000;
    const la = new RefreshLeases(new LeasesRepo(a.db), clock, { ttlMs: 30_000, pollMs: 10, waitMs: 100 }, { holder: fakeHolder(111) });
    const lb = new RefreshLeases(new LeasesRepo(b.db), clock, { ttlMs: 30_000, pollMs: 10, waitMs: 100 }, { holder: fakeHolder(222) });
    const held = la.tryAcquire('grt_1')!;
    expect(held).not.toBeNull();
    expect(lb.tryAcquire('grt_1')).toBeNull();
    const other = lb.tryAcquire('grt_2'); // other grants are independent
    expect(other).not.toBeNull();
    expect(lb.holder('grt_1')).toMatchObject({ owner: held.owner, pid: 111 });
    held.release();
    other!.release();
  });

  it('is released only by its owner', () => {
    const [a, b] = twoConnections();
    const clock = () => 1_000_000;
    const la = new RefreshLeases(new LeasesRepo(a.db), clock);
    const lb = new RefreshLeases(new LeasesRepo(b.db), clock);
    const held = la.tryAcquire('grt_1')!;
    expect(lb.releaseOwned('grt_1', 'someone-else')).toBe(false);
    expect(lb.holder('grt_1')?.owner).toBe(held.owner);
    expect(held.release()).toBe(true);
    expect(lb.holder('grt_1')).toBeUndefined();
  });

  it('expires when its owner stops (dies); the late owner cannot release the new holder', () => {
    const [a, b] = twoConnections();
    let now = 1_000_000;
    const clock = () => now;
    const la = new RefreshLeases(new LeasesRepo(a.db), clock, { ttlMs: 30_000, pollMs: 10, waitMs: 100 });
    const lb = new RefreshLeases(new LeasesRepo(b.db), clock, { ttlMs: 30_000, pollMs: 10, waitMs: 100 });
    const dead = la.tryAcquire('grt_1')!;
    now += 29_999;
    expect(lb.tryAcquire('grt_1')).toBeNull();
    now += 2;
    const taken = lb.tryAcquire('grt_1')!;
    expect(taken).not.toBeNull();
    expect(dead.release()).toBe(false);
    expect(lb.holder('grt_1')?.owner).toBe(taken.owner);
    taken.release();
  });

  it('a live owner keeps its lease past the TTL by heart-beating', async () => {
    const [a, b] = twoConnections();
    const la = new RefreshLeases(new LeasesRepo(a.db), Date.now, { ttlMs: 150, pollMs: 10, waitMs: 100 });
    const lb = new RefreshLeases(new LeasesRepo(b.db), Date.now, { ttlMs: 150, pollMs: 10, waitMs: 100 });
    const held = la.tryAcquire('grt_1')!;
    await sleep(450);
    expect(lb.tryAcquire('grt_1')).toBeNull();
    held.release();
    const next = lb.tryAcquire('grt_1');
    expect(next).not.toBeNull();
    next!.release();
  });

  it('waiters get it when released, stop early when the work was done, or give up', async () => {
    const [a, b] = twoConnections();
    const la = new RefreshLeases(new LeasesRepo(a.db), Date.now, { ttlMs: 5_000, pollMs: 10, waitMs: 300 });
    const lb = new RefreshLeases(new LeasesRepo(b.db), Date.now, { ttlMs: 5_000, pollMs: 10, waitMs: 300 });
    const held = la.tryAcquire('grt_1')!;
    setTimeout(() => held.release(), 50);
    const got = await lb.acquire('grt_1', () => false);
    expect(got.kind).toBe('held');
    let done = false;
    setTimeout(() => (done = true), 50);
    expect((await la.acquire('grt_1', () => done)).kind).toBe('changed');
    expect((await la.acquire('grt_1', () => false)).kind).toBe('timeout');
    if (got.kind === 'held') got.lease.release();
  });
});

const policy = (over: Partial<TokenPolicy> = {}): TokenPolicy => ({
  rotation: 'rotating',
  accessTtlSeconds: 3600,
  refreshTtlSeconds: null,
  refreshIdleTtlSeconds: null,
  refreshMarginSeconds: 300,
  ...over,
});

describe('next refresh', () => {
  const now = 1_000_000_000;
  const base = { now, issuedAt: now, accessExpiresAt: now + 3_600_000, hasRefreshToken: true, grantKind: 'authorization_code' as const, tokens: policy() };

  it('comes the margin plus up to half the margin (at most a tenth of the life) before expiry', () => {
    expect(nextRefreshAt({ ...base, random: () => 0 })).toBe(now + 3_600_000 - 300_000);
    expect(nextRefreshAt({ ...base, random: () => 0.999999 })).toBe(Math.floor(now + 3_600_000 - 300_000 - 0.999999 * 150_000));
  });

  it('never refreshes a short token more than half its life early, nor in the past', () => {
    expect(nextRefreshAt({ ...base, accessExpiresAt: now + 60_000, random: () => 0 })).toBe(now + 30_000);
    expect(nextRefreshAt({ ...base, issuedAt: now - 7_200_000, accessExpiresAt: now - 1, random: () => 0 })).toBe(now);
  });

  it('keeps an idle-expiring refresh token alive', () => {
    const idle = policy({ refreshIdleTtlSeconds: 180 * 86_400 });
    const at = nextRefreshAt({ ...base, accessExpiresAt: null, tokens: idle, random: () => 0 })!;
    expect(at).toBe(now + 180 * 86_400_000 * 0.8);
  });

  it('nothing to schedule for a non-expiring token without idle expiry; expiry itself without a refresh token', () => {
    expect(nextRefreshAt({ ...base, accessExpiresAt: null, random: () => 0 })).toBeNull();
    expect(nextRefreshAt({ ...base, hasRefreshToken: false, random: () => 0.5 })).toBe(now + 3_600_000);
    expect(nextRefreshAt({ ...base, hasRefreshToken: false, grantKind: 'client_credentials', random: () => 0 })).toBe(now + 3_300_000);
  });

  it('spreads tokens issued together', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const times = new Set(Array.from({ length: 100 }, () => nextRefreshAt({ ...base, random })));
    expect(times.size).toBeGreaterThan(90);
  });
});

describe('backoff', () => {
  const opts = { baseMs: 1_000, maxMs: 60_000 };
  it('grows exponentially with jitter and is capped', () => {
    expect(backoffMs(1, opts, () => 0)).toBe(500);
    expect(backoffMs(1, opts, () => 0.999)).toBeLessThanOrEqual(1_000);
    expect(backoffMs(4, opts, () => 0)).toBe(4_000);
    expect(backoffMs(30, opts, () => 1)).toBe(60_000);
  });
  it('waits at least as long as Retry-After says', () => {
    expect(backoffMs(1, opts, () => 0, 120_000)).toBe(120_000);
  });
});

describe('refresh token rule', () => {
  it.each([
    ['rotating', 'RT2', 'replace', false],
    ['static', 'RT2', 'replace', false],
    ['unknown', 'RT2', 'replace', false],
    ['rotating', null, 'drop', true],
    ['static', null, 'keep', false],
    ['unknown', null, 'keep', false],
  ] as const)('%s with %s → %s', (rotation, received, write, missing) => {
    expect(refreshTokenRule(rotation, received)).toEqual({ write, missing });
  });
});

describe('semaphore and token bucket', () => {
  it('the semaphore never runs more than its limit at once', async () => {
    const s = new Semaphore(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        s.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await sleep(5);
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  it('the bucket allows a burst, then the rate', () => {
    const b = new TokenBucket(0.5, 3, 0);
    expect([b.tryTake(0), b.tryTake(0), b.tryTake(0), b.tryTake(0)]).toEqual([true, true, true, false]);
    expect(b.tryTake(1_000)).toBe(false);
    expect(b.tryTake(2_000)).toBe(true);
  });
});
