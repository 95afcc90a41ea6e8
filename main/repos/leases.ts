// Repository of refresh leases (refresh_leases): one row per grant being refreshed, taken by an
// atomic upsert, renewed by its owner's heartbeat, deleted by its owner. Statements prepared once.
import type { Database, Statement, Transaction } from 'better-sqlite3';

export interface LeaseRow {
  readonly grantId: string;
  /** The holder's owner token (see main/refresh/lease.ts for what it carries). */
  readonly owner: string;
  readonly pid: number | null;
  /** Epoch ms. */
  readonly expiresAt: number;
}

export interface LeaseTake {
  readonly grantId: string;
  readonly owner: string;
  readonly pid: number;
  readonly expiresAt: number;
  readonly now: number;
  /** A holder the caller proved dead: its lease may be taken before it expires. */
  readonly deadOwner: string | null;
}

/**
 * Lease statements run without the per-commit fsync the vault's synchronous=FULL asks for: a
 * lease is advisory, so losing its last write to a power cut only frees it (or brings back one
 * that then expires), never loses a token; and WAL order keeps it behind earlier commits. Token
 * writes stay FULL. Inside a transaction the statement simply joins it (and its durability).
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
      this.restoreLevel(previous);
    }
  }

  private restoreLevel(previous: number): void {
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

interface RawLease {
  grant_id: string;
  owner: string;
  pid: number | null;
  expires_at: number;
}

export class LeasesRepo {
  private readonly relaxed: RelaxedDurability;
  private readonly s: {
    take: Statement;
    renew: Statement;
    release: Statement;
    get: Statement<[string], RawLease>;
  };

  private readonly takeAll: Transaction<(takes: ReadonlyArray<LeaseTake>) => boolean[]>;

  constructor(db: Database) {
    this.relaxed = new RelaxedDurability(db);
    this.s = {
      // One statement: inserts a free lease, or takes over one that has expired or whose holder
      // was proved dead (compare-and-set on its owner token); a live lease is left alone
      // (changes = 0). Atomic under SQLite's write lock, across processes.
      take: db.prepare(`
        INSERT INTO refresh_leases (grant_id, owner, pid, expires_at) VALUES (@grantId, @owner, @pid, @expiresAt)
        ON CONFLICT(grant_id) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, expires_at = excluded.expires_at
        WHERE refresh_leases.expires_at < @now OR refresh_leases.owner = @deadOwner`),
      renew: db.prepare('UPDATE refresh_leases SET expires_at = @expiresAt WHERE grant_id = @grantId AND owner = @owner'),
      release: db.prepare('DELETE FROM refresh_leases WHERE grant_id = ? AND owner = ?'),
      get: db.prepare('SELECT * FROM refresh_leases WHERE grant_id = ?'),
    };
    this.takeAll = db.transaction((takes: ReadonlyArray<LeaseTake>) => takes.map((t) => this.s.take.run(t).changes === 1));
  }

  /** True when the caller now holds the lease. */
  take(t: LeaseTake): boolean {
    return this.relaxed.run(() => this.s.take.run(t).changes === 1);
  }

  /**
   * take() for several leases in one write transaction: one WAL commit (and its lock round and
   * frames) for all of them instead of one each. Each entry is true when that lease is now held.
   */
  takeMany(takes: ReadonlyArray<LeaseTake>): boolean[] {
    return this.relaxed.run(() => this.takeAll.immediate(takes));
  }

  /** False when the lease is no longer this owner's. */
  renew(grantId: string, owner: string, expiresAt: number): boolean {
    return this.relaxed.run(() => this.s.renew.run({ grantId, owner, expiresAt }).changes === 1);
  }

  /** Deletes the lease if (and only if) it is still this owner's. */
  release(grantId: string, owner: string): boolean {
    return this.relaxed.run(() => this.s.release.run(grantId, owner).changes === 1);
  }

  get(grantId: string): LeaseRow | undefined {
    const r = this.s.get.get(grantId);
    return r ? { grantId: r.grant_id, owner: r.owner, pid: r.pid, expiresAt: r.expires_at } : undefined;
  }
}
