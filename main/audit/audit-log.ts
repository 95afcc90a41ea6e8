// The tamper-evident access audit log. Every event's HMAC covers the previous event's hash, its
// own id and its content; the head (last id + hash) is kept under the same key in the database and,
// as an anchor, outside it (anchor-store.ts), so an edit, deletion, insertion, reordering, cut-off
// end, wipe or rollback to an older copy is found by verify(). The key is random and sealed by the
// vault: whoever has the files but not the vault key cannot recompute the chain or the anchors.
//
// Crash safety: the anchor is written after the database commit, from committed state only (never
// inside a transaction), temp file + fsync + rename. The writes are asynchronous and coalesced
// (anchor-writer.ts): append() returns once the database committed, each store gets one write at a
// time, and a write asked for while one is in flight becomes one more write of the newest head
// when it ends. A crash between the commit and the anchor write, or a failed anchor write, leaves
// the anchor behind by the events committed since its last write; verify accepts an anchor that
// vouches for an earlier event of the same chain ("lagging") and the next append brings it level.
// A normal exit does not leave it behind: whoever closes the vault awaits flushAnchors() first
// (the CLI after each command, the desktop when it locks or quits), and verify() awaits it too.
// An anchor is never moved down or onto another history, so evidence of a rollback survives the
// next append. The price: the events committed after the last anchor write before a crash (the
// last transaction, or a burst still being coalesced) are protected by the chain and the
// in-database head only, not by the anchor.
//
// Limits (R42, T33, T37, T38): without the vault key nothing can be forged, only removed. Removing
// the sidecar once the log was anchored there, cutting the end, wiping, and restoring an older
// database file are all found. Restoring the whole vault folder (database and sidecar together) is
// found only where a machine-bound anchor (KeychainAnchorStore) exists, and not if that anchor's
// file is deleted as well: its absence is normal on another machine, so it cannot fail verify. An
// export's head (FILE.head.json) kept elsewhere is the off-machine record for that case.
import { createHmac, randomBytes } from 'node:crypto';
import { AUDIT_SETTING_KEYS, type AuditEventsRepo, type AuditEventRow } from '../repos/audit-events';
import type { Vault } from '../vault/types';
import { SidecarAnchorStore, type AuditAnchorStore } from './anchor-store';
import { AnchorWriter } from './anchor-writer';
import { GENESIS, anchorKey, checkStoreName, decodeAnchor, decodeCheckpoint, decodeHead, encodeAnchor, encodeCheckpoint, encodeHead, eventHash, fingerprintKey } from './chain';
import type { AuditCheckpoint, AuditEvent, AuditExportHead, AuditFilter, AuditInput, AuditPage, AuditVerification } from './types';
import { readAnchors, verifyAuditLog } from './verify';

export type { AuditEvent, AuditInput, AuditVerification } from './types';

export interface AuditLogOptions {
  readonly clock?: () => Date;
  /**
   * Where the head is anchored outside the database. Defaults to the sidecar in the vault folder;
   * the desktop app adds its KeychainAnchorStore (services pass `[sidecar, ...extra]`).
   */
  readonly anchors?: ReadonlyArray<AuditAnchorStore>;
  /** An anchor could not be written (the log goes on; verify shows the anchor lagging). Never a secret. */
  readonly onAnchorError?: (store: string, message: string) => void;
}

/** The log failed verification, so an operation that would destroy evidence (a prune) was refused. */
export class AuditIntegrityError extends Error {
  constructor(readonly verification: Extract<AuditVerification, { ok: false }>) {
    super(`the audit log fails verification (${verification.reason}); nothing was pruned`);
    this.name = 'AuditIntegrityError';
  }
}

const KEY_REF = { table: 'settings', rowId: AUDIT_SETTING_KEYS.hmacKey, column: 'value' } as const;

export class AuditLog {
  readonly #vault: Vault;
  readonly #repo: AuditEventsRepo;
  readonly #clock: () => Date;
  readonly #stores: ReadonlyArray<AuditAnchorStore>;
  readonly #writers: ReadonlyArray<AnchorWriter>;
  /** Stores seen holding a valid anchor of this log (read or written by this process): see #anchoredStores. */
  readonly #holdsAnchor = new Set<string>();
  readonly #onAnchorError: (store: string, message: string) => void;
  #key: Buffer | null = null;
  /** anchorKey() of the last key it was derived for: an HKDF per append showed in profiles. */
  #anchorMac: { readonly key: Buffer; readonly mac: Buffer } | null = null;
  #anchorQueued = false;
  /**
   * The head this instance last wrote or verified, as (last event, stores): see #headStores.
   * Only a hint: it is used when the log's last event is still the one it names.
   */
  #head: { readonly key: Buffer; readonly lastId: number; readonly hash: string; readonly stores: ReadonlyArray<string> } | null = null;

  constructor(vault: Vault, repo: AuditEventsRepo, opts: AuditLogOptions = {}) {
    this.#vault = vault;
    this.#repo = repo;
    this.#clock = opts.clock ?? (() => new Date());
    this.#stores = opts.anchors ?? [new SidecarAnchorStore(vault.dir)];
    const names = this.#stores.map((s) => checkStoreName(s.name));
    if (new Set(names).size !== names.length) throw new Error(`Audit anchor store names must differ; got ${names.join(', ')}`);
    this.#onAnchorError = opts.onAnchorError ?? (() => undefined);
    this.#writers = this.#stores.map((store) => new AnchorWriter(() => this.#writeAnchor(store)));
  }

  append(input: AuditInput): AuditEvent {
    // Loaded outside the transaction, where what is read is committed and may be kept.
    if (!this.#vault.db.inTransaction) this.#loadKey();
    const event = this.#vault.transaction(() => this.#appendInTransaction(input));
    this.#afterWrite();
    return event;
  }

  /**
   * A stable fingerprint of a secret (a token, a code) for an event's detail: the same secret gives
   * the same fingerprint in this vault, so a reviewer can follow one token across events, and
   * nothing about the secret can be learnt from it without the unlocked vault.
   */
  fingerprint(secret: string): string {
    const key = this.#loadKey() ?? this.#vault.transaction(() => this.#ensureKey());
    return `fp_${createHmac('sha256', fingerprintKey(key, this.#vault.id)).update(secret, 'utf8').digest('hex').slice(0, 24)}`;
  }

  /** Events matching every filter given, oldest first; with a page, newest first. */
  list(filter: AuditFilter = {}, page?: AuditPage): AuditEvent[] {
    return this.#repo.query(filter, page).map(toEvent);
  }

  /** This process's anchor writes first (so they are level), then the anchors, then the log. */
  async verify(): Promise<AuditVerification> {
    return this.#verifyWith(await this.#readAnchorsLevel());
  }

  async #readAnchorsLevel(): Promise<Awaited<ReturnType<typeof readAnchors>>> {
    await this.flushAnchors();
    return readAnchors(this.#stores);
  }

  /** The anchors were read before any read of the database (see VerifyInput). */
  #verifyWith(anchors: Awaited<ReturnType<typeof readAnchors>>): AuditVerification {
    return verifyAuditLog({ repo: this.#repo, key: this.#loadKey(), vaultId: this.#vault.id, anchors });
  }

  /**
   * Every event and the head they end at, read from one snapshot, handed to `consume` (which
   * writes them out) one at a time: an export of a million events is never held in memory whole.
   */
  async exportSnapshot<T>(consume: (head: AuditExportHead, events: Iterable<AuditEvent>) => T): Promise<T> {
    const anchors = await this.#readAnchorsLevel();
    // A deferred transaction: every read below sees the same committed state.
    return this.#vault.db.transaction(() => {
      const verification = this.#verifyWith(anchors);
      const last = this.#repo.last();
      const head: AuditExportHead = {
        vault: this.#vault.id,
        exportedAt: this.#clock().toISOString(),
        events: this.#repo.count(),
        lastId: last?.id ?? 0,
        head: last?.hash ?? null,
        from: verification.ok ? verification.from : 1,
        verified: verification.ok,
        ...(verification.ok ? {} : { reason: verification.reason }),
      };
      const repo = this.#repo;
      return consume(head, (function* () {
        for (const row of repo.each()) yield toEvent(row);
      })());
    })();
  }

  /**
   * Retention: deletes the events written before `before` and keeps a MAC'd checkpoint of the
   * chain at the cut, so verify still passes and says it verifies from the event after it.
   * Refused while the log fails verification: pruning would destroy the evidence.
   */
  async prune(before: string, actor: string): Promise<{ readonly pruned: number; readonly checkpoint: AuditCheckpoint | null; readonly event: AuditEvent }> {
    // What this process appends between the check and the prune only extends the verified chain.
    const check = await this.verify();
    if (!check.ok) throw new AuditIntegrityError(check);
    const result = this.#vault.transaction(() => {
      const key = this.#ensureKey();
      const cut = this.#repo.lastBefore(before);
      let checkpoint = this.#checkpoint(key);
      let pruned = 0;
      if (cut !== undefined) {
        pruned = this.#repo.deleteThrough(cut.id);
        checkpoint = { throughId: cut.id, hash: cut.hash, before, at: this.#clock().toISOString(), pruned: (checkpoint?.pruned ?? 0) + pruned };
        this.#repo.putSetting(AUDIT_SETTING_KEYS.checkpoint, encodeCheckpoint(key, checkpoint));
      }
      const event = this.#appendInTransaction({
        actor,
        action: 'audit.prune',
        outcome: 'ok',
        detail: { before, pruned, ...(checkpoint ? { throughId: checkpoint.throughId } : {}) },
      });
      return { pruned, checkpoint, event };
    });
    this.#afterWrite();
    return result;
  }

  /**
   * Brings every anchor level with the committed log, in the background (one write at a time per
   * store, coalesced). Called after each append; callable at any time (e.g. when a keychain store
   * becomes available). flushAnchors() waits for it.
   */
  anchor(): void {
    for (const writer of this.#writers) writer.request();
  }

  /** Settles once every anchor write asked for so far (and any owed after it) has ended. */
  async flushAnchors(): Promise<void> {
    // An append inside a caller's transaction asks in a microtask (#afterWrite): the first await
    // lets it run, and the loop then waits for the write it started.
    do {
      await Promise.all(this.#writers.map((writer) => writer.flush()));
    } while (this.#anchorQueued || this.#writers.some((writer) => writer.busy));
  }

  /** How many anchor writes each store was given (tests show the coalescing with it). */
  anchorWrites(): ReadonlyMap<string, number> {
    return new Map(this.#stores.map((store, i) => [store.name, this.#writers[i]!.writes]));
  }

  /** The anchor of the newest committed head, or null when there is nothing to anchor yet. */
  #anchorTarget(): { readonly key: Buffer; readonly text: string; readonly counter: number; readonly checkpoint: AuditCheckpoint | null } | null {
    // Closed, or a caller's transaction still open (it may roll back): the next append catches up.
    if (!this.#vault.db.open || this.#vault.db.inTransaction) return null;
    const key = this.#loadKey();
    if (key === null) return null;
    const last = this.#repo.last();
    // A forged checkpoint is for verify to report; here it only means there is nothing to anchor on.
    const checkpoint = decodeCheckpointSetting(this.#repo, key);
    const counter = last?.id ?? checkpoint?.throughId;
    const hash = last?.hash ?? checkpoint?.hash;
    if (counter === undefined || hash === undefined) return null;
    return { key, text: encodeAnchor(this.#anchorKey(key), { vault: this.#vault.id, counter, hash }), counter, checkpoint };
  }

  /** One write to one store, from the head committed when it starts. Never rejects. */
  async #writeAnchor(store: AuditAnchorStore): Promise<void> {
    try {
      const target = this.#anchorTarget();
      if (target === null) return;
      const existing = await store.read();
      if (!this.#vault.db.open) throw new Error('the vault closed before the anchor was written');
      const macKey = this.#anchorKey(target.key);
      if (existing !== null && decodeAnchor(macKey, this.#vault.id, existing).kind === 'valid') this.#holdsAnchor.add(store.name);
      if (existing !== null && !this.#mayReplace(macKey, existing, target.counter, target.checkpoint)) return;
      await store.write(target.text);
      this.#holdsAnchor.add(store.name);
    } catch (err) {
      this.#onAnchorError(store.name, err instanceof Error ? err.message : String(err));
    }
  }

  /** An anchor moves only forward along the same chain; anything else is kept as evidence. */
  #mayReplace(macKey: Buffer, existing: string, counter: number, checkpoint: AuditCheckpoint | null): boolean {
    const decoded = decodeAnchor(macKey, this.#vault.id, existing);
    // A left-over anchor of another vault in a reused folder gives way to this vault's creation event.
    if (decoded.kind === 'foreign') return counter === 1 && checkpoint === null;
    if (decoded.kind === 'invalid') return false;
    const anchored = decoded.record;
    if (anchored.counter >= counter) return false;
    const seen = checkpoint !== null && anchored.counter === checkpoint.throughId ? checkpoint.hash : this.#repo.hashAt(anchored.counter);
    // Pruned past the anchored event: the checkpoint, verified before the prune, vouches for it.
    return seen === undefined ? checkpoint !== null && anchored.counter < checkpoint.throughId : seen === anchored.hash;
  }

  #appendInTransaction(input: AuditInput): AuditEvent {
    const key = this.#ensureKey();
    const last = this.#repo.last();
    const checkpoint = last === undefined ? this.#checkpoint(key) : null;
    const row: Omit<AuditEventRow, 'hash'> = {
      // Ids run on without gaps from the last event (or the checkpoint): a gap is a deletion.
      id: (last?.id ?? checkpoint?.throughId ?? 0) + 1,
      at: this.#clock().toISOString(),
      actor: input.actor,
      tenant_id: input.tenantId ?? null,
      connection_id: input.connectionId ?? null,
      action: input.action,
      outcome: input.outcome,
      detail: JSON.stringify(input.detail ?? {}),
      prev_hash: last?.hash ?? checkpoint?.hash ?? GENESIS,
    };
    const hash = eventHash(key, {
      id: row.id, at: row.at, actor: row.actor, tenantId: row.tenant_id, connectionId: row.connection_id,
      action: row.action, outcome: row.outcome, detail: row.detail, prevHash: row.prev_hash,
    });
    this.#repo.insert({ ...row, hash });
    const stores = this.#anchoredStores(key, last);
    this.#repo.putSetting(AUDIT_SETTING_KEYS.head, encodeHead(key, { lastId: row.id, hash, stores }));
    this.#head = { key, lastId: row.id, hash, stores };
    return toEvent({ ...row, hash });
  }

  /**
   * The stores the log is known to be anchored in, carried in the head: once a store that travels
   * with the vault held a valid anchor, its disappearance fails verify. Only an anchor that exists
   * is recorded, so a crash before the first anchor write cannot make verify fail. Stores are read
   * asynchronously and this runs inside the append's transaction, so what counts is what this
   * process saw: a store it read a valid anchor from, or finished writing one to. A fresh process
   * records it from the append after its first anchor write.
   */
  #anchoredStores(key: Buffer, last: { readonly id: number; readonly hash: string } | undefined): ReadonlyArray<string> {
    const known = new Set(this.#headStores(key, last));
    for (const store of this.#stores) {
      if (store.travelsWithVault && this.#holdsAnchor.has(store.name)) known.add(store.name);
    }
    return [...known];
  }

  /**
   * The stores named by the head in the database, read and MAC-checked only when the head this
   * instance wrote last may not be the one there. The head and the last event are written
   * together, in one transaction, by every append (here or in another process), so while the last
   * event is still the one this instance wrote (same id and same hash, which MACs the id and the
   * whole chain before it), the head row is still the one it wrote. Anything else (another process
   * appended, a transaction or savepoint rolled back, a prune, another key) fails that comparison
   * and the row is read and checked as before.
   */
  #headStores(key: Buffer, last: { readonly id: number; readonly hash: string } | undefined): ReadonlyArray<string> {
    const head = this.#head;
    if (head !== null && last !== undefined && head.key === key && head.lastId === last.id && head.hash === last.hash) return head.stores;
    this.#head = null;
    const text = this.#repo.setting(AUDIT_SETTING_KEYS.head);
    return text === undefined ? [] : (decodeHead(key, text)?.stores ?? []);
  }

  /** The anchors' MAC key for this log key (a pure derivation, so kept per key). */
  #anchorKey(key: Buffer): Buffer {
    if (this.#anchorMac?.key !== key) this.#anchorMac = { key, mac: anchorKey(key, this.#vault.id) };
    return this.#anchorMac.mac;
  }

  #afterWrite(): void {
    if (!this.#vault.db.inTransaction) {
      this.anchor();
      return;
    }
    // Appended inside a caller's transaction, which commits (or not) when that caller returns:
    // anchor from whatever is committed once it has.
    if (this.#anchorQueued) return;
    this.#anchorQueued = true;
    queueMicrotask(() => {
      this.#anchorQueued = false;
      if (this.#vault.db.open && !this.#vault.db.inTransaction) this.anchor();
    });
  }

  #checkpoint(key: Buffer): AuditCheckpoint | null {
    const text = this.#repo.setting(AUDIT_SETTING_KEYS.checkpoint);
    if (text === undefined) return null;
    const checkpoint = decodeCheckpoint(key, text);
    if (checkpoint === null) throw new Error('The audit log\'s retention checkpoint fails its MAC: run `fivex-connect audit verify` and keep this vault as evidence');
    return checkpoint;
  }

  #loadKey(): Buffer | null {
    if (this.#key !== null) return this.#key;
    const stored = this.#repo.setting(AUDIT_SETTING_KEYS.hmacKey);
    if (stored === undefined) return null;
    const key = this.#vault.open(Buffer.from(stored, 'base64'), KEY_REF);
    // Inside a transaction the row may be one this transaction wrote and may yet roll back.
    if (!this.#vault.db.inTransaction) this.#key = key;
    return key;
  }

  #ensureKey(): Buffer {
    const key = this.#loadKey();
    if (key !== null) return key;
    if (this.#repo.count() > 0 || this.#repo.setting(AUDIT_SETTING_KEYS.head) !== undefined) {
      // A new key would make every earlier event look forged and hide what happened: fail closed.
      throw new Error('The audit log\'s key is missing from the vault although the log has events: it was tampered with. Run `fivex-connect audit verify` and keep this vault as evidence.');
    }
    const fresh = randomBytes(32);
    // Not kept in memory yet: the transaction that stores it may roll back.
    this.#repo.putSetting(AUDIT_SETTING_KEYS.hmacKey, this.#vault.seal(fresh, KEY_REF).toString('base64'));
    return fresh;
  }
}

function decodeCheckpointSetting(repo: AuditEventsRepo, key: Buffer): AuditCheckpoint | null {
  const text = repo.setting(AUDIT_SETTING_KEYS.checkpoint);
  return text === undefined ? null : decodeCheckpoint(key, text);
}

function toEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    tenant: row.tenant_id,
    connection: row.connection_id,
    action: row.action,
    outcome: row.outcome,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}
