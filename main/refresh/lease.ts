// Cross-process single-flight: one refresh lease per grant (rows of refresh_leases, through
// LeasesRepo). Taken by one atomic upsert that only overwrites an expired lease or one whose
// holder is provably dead; held with a random owner token and a heartbeat; released only by its
// owner (inside the commit that records the refresh, when there is one).
//
// The owner token carries the holder's identity after the random part:
//   <32 hex>?pid=4242&space=<boot id>/pid:[4026531836]&start=123456&host=build-7
// so the table needs no new columns (older versions treat the token as opaque and are treated as
// "cannot tell", i.e. time-out only). holder.ts says when a holder counts as dead, and why only then.
import { randomBytes } from 'node:crypto';
import type { LeasesRepo } from '../repos/leases';
import { currentHolder, holderIsDead, platformProcessTable } from './holder';
import type { HolderIdentity, ProcessTable } from './holder';

export interface LeaseOptions {
  /** A lease whose owner stops heart-beating is free after this long. */
  readonly ttlMs: number;
  /** How often waiters look again. */
  readonly pollMs: number;
  /** How long a waiter waits before giving up. */
  readonly waitMs: number;
}

export const DEFAULT_LEASE_OPTIONS: LeaseOptions = { ttlMs: 30_000, pollMs: 50, waitMs: 40_000 };

export interface LeaseIdentityOptions {
  /** Who we are (defaults to this process); tests give two lease sets in one process two identities. */
  readonly holder?: HolderIdentity;
  /** How to check other processes (defaults to /proc on Linux, nothing elsewhere). */
  readonly processes?: ProcessTable;
}

export class HeldLease {
  private timer: NodeJS.Timeout | null;
  private released = false;

  constructor(
    private readonly leases: RefreshLeases,
    readonly grantId: string,
    readonly owner: string,
    heartbeatMs: number,
    /** The pid of a dead holder whose lease this one replaced (for the log), else null. */
    readonly tookOverFrom: number | null,
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

  /**
   * Deletes the lease row inside the caller's open transaction. Nothing is settled until that
   * transaction commits: call committed() then; if it rolls back, release() still deletes it.
   */
  releaseInTransaction(): void {
    if (!this.released) this.leases.releaseOwned(this.grantId, this.owner);
  }

  /** The transaction holding releaseInTransaction() committed: the lease is gone. */
  committed(): void {
    this.released = true;
    this.stop();
  }

  /** Deletes the lease row if (and only if) it is still ours. */
  release(): boolean {
    if (this.released) return false;
    this.released = true;
    this.stop();
    return this.leases.releaseOwned(this.grantId, this.owner);
  }
}

export type AcquireResult = { readonly kind: 'held'; readonly lease: HeldLease } | { readonly kind: 'changed' } | { readonly kind: 'timeout' };

export function encodeOwner(nonce: string, holder: HolderIdentity): string {
  const fields = new URLSearchParams({ pid: String(holder.pid), host: holder.host });
  if (holder.pidSpace !== null && holder.startedAt !== null) {
    fields.set('space', holder.pidSpace);
    fields.set('start', holder.startedAt);
  }
  return `${nonce}?${fields.toString()}`;
}

/** The identity in an owner token; null for tokens without one (older versions). */
export function decodeOwner(owner: string): HolderIdentity | null {
  const at = owner.indexOf('?');
  if (at < 0) return null;
  const fields = new URLSearchParams(owner.slice(at + 1));
  const pid = Number(fields.get('pid'));
  if (!Number.isSafeInteger(pid) || pid <= 0) return null;
  return { pid, host: fields.get('host') ?? 'unknown', pidSpace: fields.get('space'), startedAt: fields.get('start') };
}

export class RefreshLeases {
  // Owner tokens: a random prefix per lease set plus a counter, unique without a CSPRNG call per
  // refresh (the token names a holder; it guards nothing, so it need not be unpredictable).
  private readonly nonce = randomBytes(12).toString('hex');
  private taken = 0;
  /** "?pid=…": the same for every lease this set takes. */
  private readonly identitySuffix: string;
  /** This process, as its leases name it. */
  private readonly self: HolderIdentity;
  private readonly processes: ProcessTable;
  /** First attempts of the acquire() calls made this turn of the event loop, taken together. */
  private batch: Array<{ readonly grantId: string; readonly done: (lease: HeldLease | null) => void; readonly fail: (err: unknown) => void }> | null = null;

  constructor(
    private readonly repo: LeasesRepo,
    private readonly clock: () => number,
    readonly options: LeaseOptions = DEFAULT_LEASE_OPTIONS,
    identity: LeaseIdentityOptions = {},
  ) {
    this.processes = identity.processes ?? platformProcessTable();
    this.self = identity.holder ?? currentHolder(this.processes);
    this.identitySuffix = encodeOwner('', this.self);
  }

  /** Takes the lease if it is free, expired, or held by a process proved dead. */
  tryAcquire(grantId: string): HeldLease | null {
    const owner = this.nextOwner();
    const take = { grantId, owner, pid: this.self.pid, expiresAt: this.clock() + this.options.ttlMs };
    if (this.repo.take({ ...take, now: this.clock(), deadOwner: null })) return this.held(grantId, owner, null);
    const current = this.repo.get(grantId);
    const holder = current ? decodeOwner(current.owner) : null;
    if (!current || !holder || !holderIsDead(holder, this.self, this.processes)) return null;
    // Compare-and-set on the dead holder's token: if anyone else took it meanwhile, we did not.
    return this.repo.take({ ...take, now: this.clock(), deadOwner: current.owner }) ? this.held(grantId, owner, holder.pid) : null;
  }

  private nextOwner(): string {
    return `${this.nonce}${(this.taken++).toString(16).padStart(8, '0')}${this.identitySuffix}`;
  }

  /**
   * tryAcquire() for every caller that asks in this turn of the event loop, in one write
   * transaction (many refreshes start together: a tick, the answers of one poll phase). Each
   * lease is committed, so visible to other processes, before its caller goes on. A lease the
   * batch did not get (busy, a holder to prove dead) or a batch that failed is tried alone again.
   */
  private tryAcquireSoon(grantId: string): Promise<HeldLease | null> {
    return new Promise((done, fail) => {
      if (this.batch === null) {
        this.batch = [];
        setImmediate(() => this.takeBatch());
      }
      this.batch.push({ grantId, done, fail });
    });
  }

  private takeBatch(): void {
    const batch = this.batch ?? [];
    this.batch = null;
    const now = this.clock();
    const takes = batch.map(({ grantId }) => ({ grantId, owner: this.nextOwner(), pid: this.self.pid, expiresAt: now + this.options.ttlMs, now, deadOwner: null }));
    let taken: ReadonlyArray<boolean> = [];
    try {
      taken = this.repo.takeMany(takes);
    } catch {
      // Each caller tries alone below, and meets the error itself if it persists.
    }
    batch.forEach(({ grantId, done, fail }, i) => {
      if (taken[i] === true) return done(this.held(grantId, takes[i]!.owner, null));
      try {
        done(this.tryAcquire(grantId));
      } catch (err) {
        fail(err);
      }
    });
  }

  private held(grantId: string, owner: string, tookOverFrom: number | null): HeldLease {
    return new HeldLease(this, grantId, owner, Math.max(10, Math.floor(this.options.ttlMs / 3)), tookOverFrom);
  }

  /**
   * Waits for the lease. Stops early when `changed()` says someone else already did the work
   * (the credentials version moved), and gives up after waitMs (real time, not the clock).
   * `onWait` is called once, when the lease is busy and the polling starts.
   */
  async acquire(grantId: string, changed: () => boolean, onWait?: () => void): Promise<AcquireResult> {
    const deadline = performance.now() + this.options.waitMs;
    for (let first = true; ; first = false) {
      const lease = first ? await this.tryAcquireSoon(grantId) : this.tryAcquire(grantId);
      if (lease) return { kind: 'held', lease };
      if (changed()) return { kind: 'changed' };
      if (performance.now() >= deadline) return { kind: 'timeout' };
      if (first) onWait?.();
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs));
    }
  }

  renew(lease: HeldLease): boolean {
    return this.repo.renew(lease.grantId, lease.owner, this.clock() + this.options.ttlMs);
  }

  releaseOwned(grantId: string, owner: string): boolean {
    return this.repo.release(grantId, owner);
  }

  /** Who holds the lease (tests, diagnostics). Never a secret: the owner token only names a holder. */
  holder(grantId: string): { readonly owner: string; readonly pid: number | null; readonly expiresAt: number; readonly identity: HolderIdentity | null } | undefined {
    const r = this.repo.get(grantId);
    return r ? { owner: r.owner, pid: r.pid, expiresAt: r.expiresAt, identity: decodeOwner(r.owner) } : undefined;
  }
}
