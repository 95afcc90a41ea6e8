// Verification of the whole audit log: one pass over the chain (from genesis or from the
// retention checkpoint), then the head kept in the database, then every anchor kept outside it.
// Read-only: it never repairs what it finds.
import { createHmac } from 'node:crypto';
import type { AuditEventsRepo } from '../repos/audit-events';
import { AUDIT_SETTING_KEYS } from '../repos/audit-events';
import type { AuditAnchorStore } from './anchor-store';
import { GENESIS, anchorKey, decodeAnchor, decodeCheckpoint, decodeHead, eventHash } from './chain';
import { HmacPool, HmacPoolError, defaultWorkers } from './hmac-pool';
import type { AuditAnchorCheck, AuditCheckpoint, AuditFailureReason, AuditVerification } from './types';

/** An anchor store and what reading it gave: its text (null: none), or null when it could not be read. */
export interface AnchorRead {
  readonly store: AuditAnchorStore;
  readonly read: { readonly text: string | null } | null;
}

export interface VerifyInput {
  readonly repo: AuditEventsRepo;
  /** The chain's key, or null when the vault holds none. */
  readonly key: Buffer | null;
  readonly vaultId: string;
  /**
   * Read before anything in the database (readAnchors), and the head before the chain: the log
   * only grows, so with that order an append running meanwhile in another process can only make
   * the later reads longer, never make an anchor or the head look ahead of the chain.
   */
  readonly anchors: ReadonlyArray<AnchorRead>;
  readonly parallel?: ParallelOptions;
}

/** When and how the chain's HMACs are spread over worker threads (see hmac-pool.ts). */
export interface ParallelOptions {
  /** Logs with fewer events than this are hashed on the calling thread; default 50,000. */
  readonly threshold?: number;
  /** Default: every core, at most 8. Below 2 the log is hashed on the calling thread. */
  readonly workers?: number;
  /** Rows per batch handed to a worker; default 8,192. */
  readonly batch?: number;
  /**
   * Called when a verification used workers (tests, benchmarks): how many, and whether something
   * did not check out, so that the one-thread walk went over the log again to say what.
   */
  readonly onParallel?: (report: { readonly workers: number; readonly walkedAgain: boolean }) => void;
}

const PARALLEL_THRESHOLD = 50_000;
const PARALLEL_BATCH = 8_192;

export function readAnchors(stores: ReadonlyArray<AuditAnchorStore>): Promise<AnchorRead[]> {
  return Promise.all(
    stores.map(async (store) => {
      try {
        return { store, read: { text: await store.read() } };
      } catch {
        return { store, read: null };
      }
    }),
  );
}

// Rows with ids at or below a checkpoint (or below 1) can only be insertions: the walk sees them.
const EVERY_ID = Number.MIN_SAFE_INTEGER;

function failed(reason: AuditFailureReason, events: number, firstBadEvent: number | null = null): AuditVerification {
  return { ok: false, reason, firstBadEvent, events };
}

interface Walk {
  readonly events: number;
  readonly firstBad: number | null;
  readonly lastId: number;
  readonly lastHash: string;
  /** The hashes of the events asked for (the head's, the anchors'), as the walk met them. */
  readonly seen: ReadonlyMap<number, string>;
}

/**
 * Whether the event's stored hash is its HMAC, the way eventHash() computes it from the row. The
 * fast paths hash the message SQLite built: byte-for-byte what eventHash() hashes for every
 * ordinary event; where SQLite's JSON escaping could differ from JavaScript's (control
 * characters), this decides.
 */
function rowHashMatches(repo: AuditEventsRepo, key: Buffer, id: number, hash: string): boolean {
  const row = repo.byId(id);
  if (row === undefined) return false;
  return eventHash(key, {
    id: row.id, at: row.at, actor: row.actor, tenantId: row.tenant_id, connectionId: row.connection_id,
    action: row.action, outcome: row.outcome, detail: row.detail, prevHash: row.prev_hash,
  }) === hash;
}

function hashMatches(repo: AuditEventsRepo, key: Buffer, id: number, hash: string, message: string): boolean {
  return createHmac('sha256', key).update(message).digest('hex') === hash || rowHashMatches(repo, key, id, hash);
}

/** The message starts with the stored previous hash (64 hex digits) and a newline. */
function linked(message: string, prev: string): boolean {
  return typeof message === 'string' && message.length > prev.length && message.charCodeAt(prev.length) === 10 && message.startsWith(prev);
}

interface Start {
  readonly prev: string;
  readonly expected: number;
}

function walkChain(repo: AuditEventsRepo, key: Buffer, start: Start, wanted: ReadonlySet<number>): Walk {
  const seen = new Map<number, string>();
  let { prev, expected } = start;
  let events = 0;
  let firstBad: number | null = null;
  // The hot loop of a million-event verify: index access, no per-row objects.
  for (const [id, hash, message] of repo.chainRows(EVERY_ID)) {
    events++;
    // Past the first bad event the count still matters (it is reported), the hashes do not.
    if (firstBad !== null) continue;
    if (id !== expected || !linked(message, prev) || !hashMatches(repo, key, id, hash, message)) {
      firstBad = id;
      continue;
    }
    if (wanted.has(id)) seen.set(id, hash);
    prev = hash;
    expected = id + 1;
  }
  return { events, firstBad, lastId: expected - 1, lastHash: prev, seen };
}

/**
 * walkChain()'s answer for a log that checks out, with the checking on worker threads (see
 * hmac-pool.ts); null as soon as anything does not check out, and then walkChain() (the one
 * definition of what is wrong, and where) walks the log again. This thread reads the runs (so a
 * caller's transaction still gives one snapshot), checks that their ids follow on from the start
 * without a gap, and keeps the hashes asked for.
 */
function walkChainParallel(repo: AuditEventsRepo, start: Start, wanted: ReadonlySet<number>, pool: HmacPool, batch: number): Walk | null {
  const seen = new Map<number, string>();
  let { prev, expected } = start;
  let events = 0;
  // The first run reads from below the start too: a row there is an insertion, and fails here.
  let after = EVERY_ID;
  for (;;) {
    const [count, firstId, lastId, hashes, messages, lengths] = repo.chainBatch(after, batch);
    if (count === 0) break;
    if (firstId !== expected || lastId !== firstId + count - 1 || hashes === null || messages === null || lengths === null) return null;
    if (hashes.length !== count * 65 - 1) return null;
    pool.add({ firstId, prev, hashes, messages, lengths });
    for (const id of wanted) if (id >= firstId && id <= lastId) seen.set(id, hashes.slice((id - firstId) * 65, (id - firstId) * 65 + 64));
    prev = hashes.slice(-64);
    expected = lastId + 1;
    events += count;
    after = lastId;
    if (!pool.allOk()) return null;
    if (count < batch) break;
  }
  return pool.finish() ? { events, firstBad: null, lastId: expected - 1, lastHash: prev, seen } : null;
}

function walkLog(repo: AuditEventsRepo, key: Buffer, checkpoint: AuditCheckpoint | null, wanted: ReadonlySet<number>, options: ParallelOptions): Walk {
  const start: Start = { prev: checkpoint?.hash ?? GENESIS, expected: (checkpoint?.throughId ?? 0) + 1 };
  const workers = options.workers ?? defaultWorkers();
  // The last id bounds the events to walk (it is what the log was written up to), cheaply.
  const estimate = (repo.last()?.id ?? 0) - start.expected + 1;
  if (workers < 2 || estimate < (options.threshold ?? PARALLEL_THRESHOLD)) return walkChain(repo, key, start, wanted);
  let pool: HmacPool | undefined;
  try {
    pool = new HmacPool(key, workers);
    const walk = walkChainParallel(repo, start, wanted, pool, options.batch ?? PARALLEL_BATCH);
    options.onParallel?.({ workers, walkedAgain: walk === null });
    if (walk !== null) return walk;
  } catch (e) {
    // Workers that cannot start or stop answering cost speed, never the answer.
    if (!(e instanceof HmacPoolError)) throw e;
  } finally {
    pool?.close();
  }
  return walkChain(repo, key, start, wanted);
}

export function verifyAuditLog({ repo, key, vaultId, anchors, parallel = {} }: VerifyInput): AuditVerification {
  if (key === null) {
    // Without its key nothing can be checked; a log with events, or one anchored somewhere, lost it.
    const events = repo.count();
    return failed(events > 0 ? 'key_missing' : 'wiped', events);
  }
  const checkpointText = repo.setting(AUDIT_SETTING_KEYS.checkpoint);
  const checkpoint = checkpointText === undefined ? null : decodeCheckpoint(key, checkpointText);
  if (checkpointText !== undefined && checkpoint === null) return failed('checkpoint_invalid', repo.count());
  const headText = repo.setting(AUDIT_SETTING_KEYS.head);
  const head = headText === undefined ? undefined : decodeHead(key, headText);

  const macKey = anchorKey(key, vaultId);
  const decoded = anchors.map(({ store, read }) => ({ store, read, anchor: read?.text == null ? null : decodeAnchor(macKey, vaultId, read.text) }));
  const wanted = new Set<number>();
  if (head) wanted.add(head.lastId);
  for (const { anchor } of decoded) if (anchor?.kind === 'valid') wanted.add(anchor.record.counter);

  const walk = walkLog(repo, key, checkpoint, wanted, parallel);
  if (walk.firstBad !== null) return failed('chain_broken', walk.events, walk.firstBad);
  // A vault's first event is written when it is created, and a prune adds one: never empty.
  if (walk.events === 0) return failed('wiped', 0);

  if (head === undefined) return failed('head_missing', walk.events);
  if (head === null) return failed('head_invalid', walk.events);
  if (head.lastId > walk.lastId) return failed('truncated', walk.events);
  if (walk.seen.get(head.lastId) !== head.hash) return failed('head_invalid', walk.events);

  const checks: AuditAnchorCheck[] = [];
  for (const { store, read, anchor } of decoded) {
    if (read === null) {
      checks.push({ store: store.name, status: 'unavailable', counter: null });
      continue;
    }
    if (anchor === null) {
      if (store.travelsWithVault && head.stores.includes(store.name)) return failed('anchor_missing', walk.events);
      checks.push({ store: store.name, status: 'absent', counter: null });
      continue;
    }
    if (anchor.kind !== 'valid') return failed('anchor_invalid', walk.events);
    const { counter, hash } = anchor.record;
    // The database ends before an event the anchor saw: it is an older copy of itself.
    if (counter > walk.lastId) return failed('rolled_back', walk.events);
    // Same length or longer, but another history at the anchored event: restored, then written on.
    const pruned = checkpoint !== null && counter < checkpoint.throughId;
    const seen = checkpoint !== null && counter === checkpoint.throughId ? checkpoint.hash : walk.seen.get(counter);
    if (!pruned && seen !== hash) return failed('rolled_back', walk.events);
    checks.push({ store: store.name, status: counter === walk.lastId ? 'current' : 'lagging', counter });
  }
  return { ok: true, events: walk.events, head: walk.lastHash, from: (checkpoint?.throughId ?? 0) + 1, anchors: checks };
}
