// Cross-process single-flight: one refresh lease per grant in refresh_leases (this module owns
// that table's SQL). Taken by one atomic upsert that only overwrites an expired lease; held with a
// random owner token and a heartbeat; released only by its owner; expires if the owner dies.
import { randomBytes } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';

export interface LeaseOptions {
  /** A lease whose owner stops heart-beating is free after this long. */
  readonly ttlMs: number;
  /** How often waiters look again. */
  readonly pollMs: number;
  /** How long a waiter waits before giving up. */
  readonly waitMs: number;
}

export const DEFAULT_LEASE_OPTIONS: LeaseOptions = { ttlMs: 30_000, pollMs: 50, waitMs: 40_000 };

export class HeldLease {
  private timer: NodeJS.Timeout | null;
  private released = false;

  constructor(
    private readonly leases: RefreshLeases,
    readonly grantId: string,
    readonly owner: string,
    heartbeatMs: number,
  ) {
    // Keeps a slow but live owner's lease; a dead owner stops beating and the lease lapses.
    this.timer = setInterval(() => this.beat(), heartbeatMs);
    this.timer.unref();
  }

  private beat(): void {
    try {
      // Lost it (we stalled past the TTL and someone took over): stop claiming it.
      if (!this.leases.renew(this)) this.stop();
    } catch {
      // The database went away (vault closed): nothing left to keep alive.
      this.stop();
    }
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Deletes the lease row if (and only if) it is still ours. */
  release(): boolean {
    if (this.released) return false;
    this.released = true;
    this.stop();
    return this.leases.releaseOwned(this.grantId, this.owner);
  }
}

/**
 * Lease statements run without the per-commit fsync the vault's synchronous=FULL asks for: a
 * lease is advisory, so losing its last write to a power cut only frees it (or brings back one
 * that then expires), never loses a token; and WAL order keeps it behind earlier commits. Token
 * writes stay FULL. Saves two fsyncs per refresh, the bulk of the engine's own cost.
 */
class RelaxedDurability {
  private readonly read: Statement<[], number>;
  private readonly normal: Statement;
  private readonly restore = new Map<number, Statement>();

  constructor(private readonly db: Database) {
    this.read = db.prepare<[], number>('PRAGMA synchronous').pluck();
    this.normal = db.prepare('PRAGMA synchronous = NORMAL');
  }

  run<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    const previous = this.read.get() ?? 2;
    if (previous <= 1) return fn();
    this.normal.run();
    try {
      return fn();
    } finally {
      // An integer read back from SQLite itself (0-3), never outside input.
      const level = Math.trunc(previous);
      let back = this.restore.get(level);
      if (!back) {
        back = this.db.prepare(`PRAGMA synchronous = ${level}`);
        this.restore.set(level, back);
      }
      back.run();
    }
  }
}

export type AcquireResult = { readonly kind: 'held'; readonly lease: HeldLease } | { readonly kind: 'changed' } | { readonly kind: 'timeout' };

export class RefreshLeases {
  private readonly s: {
    take: Statement;
    renew: Statement;
    release: Statement;
    get: Statement<[string], { owner: string; pid: number | null; expires_at: number }>;
  };
  private readonly relaxed: RelaxedDurability;

  constructor(
    db: Database,
    private readonly clock: () => number,
    readonly options: LeaseOptions = DEFAULT_LEASE_OPTIONS,
    private readonly pid: number = process.pid,
  ) {
    this.relaxed = new RelaxedDurability(db);
    this.s = {
      // One statement: inserts a free lease, or takes over one that has expired; a live lease is
      // left alone (changes = 0). Atomic under SQLite's write lock, across processes.
      take: db.prepare(`
        INSERT INTO refresh_leases (grant_id, owner, pid, expires_at) VALUES (@grantId, @owner, @pid, @expiresAt)
        ON CONFLICT(grant_id) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, expires_at = excluded.expires_at
        WHERE refresh_leases.expires_at < @now`),
      renew: db.prepare('UPDATE refresh_leases SET expires_at = @expiresAt WHERE grant_id = @grantId AND owner = @owner'),
      release: db.prepare('DELETE FROM refresh_leases WHERE grant_id = ? AND owner = ?'),
      get: db.prepare('SELECT owner, pid, expires_at FROM refresh_leases WHERE grant_id = ?'),
    };
  }

  tryAcquire(grantId: string): HeldLease | null {
    const owner = randomBytes(16).toString('hex');
    const now = this.clock();
    const taken = this.relaxed.run(() => this.s.take.run({ grantId, owner, pid: this.pid, expiresAt: now + this.options.ttlMs, now }).changes === 1);
    return taken ? new HeldLease(this, grantId, owner, Math.max(10, Math.floor(this.options.ttlMs / 3))) : null;
  }

  /**
   * Waits for the lease. Stops early when `changed()` says someone else already did the work
   * (the credentials version moved), and gives up after waitMs (real time, not the clock).
   */
  async acquire(grantId: string, changed: () => boolean): Promise<AcquireResult> {
    const deadline = performance.now() + this.options.waitMs;
    for (;;) {
      const lease = this.tryAcquire(grantId);
      if (lease) return { kind: 'held', lease };
      if (changed()) return { kind: 'changed' };
      if (performance.now() >= deadline) return { kind: 'timeout' };
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs));
    }
  }

  renew(lease: HeldLease): boolean {
    return this.relaxed.run(() => this.s.renew.run({ grantId: lease.grantId, owner: lease.owner, expiresAt: this.clock() + this.options.ttlMs }).changes === 1);
  }

  releaseOwned(grantId: string, owner: string): boolean {
    return this.relaxed.run(() => this.s.release.run(grantId, owner).changes === 1);
  }

  /** Who holds the lease (tests, diagnostics). Never a secret: the owner token only names a holder. */
  holder(grantId: string): { readonly owner: string; readonly pid: number | null; readonly expiresAt: number } | undefined {
    const r = this.s.get.get(grantId);
    return r ? { owner: r.owner, pid: r.pid, expiresAt: r.expires_at } : undefined;
  }
}
