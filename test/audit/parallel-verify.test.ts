// Verification of a large log on worker threads answers exactly what the one-thread walk
// answers: the same first bad event for an edit in an early or a late run, a reordering across
// runs' boundary, a deletion, an insertion, hashes split differently between rows, events SQLite
// escapes differently from JavaScript, a retention checkpoint. The threshold and the run size are
// lowered here so that 3,000 events make a dozen runs over several workers.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../main/audit/audit-log';
import { encodeHead, eventHash } from '../../main/audit/chain';
import type { AuditVerification } from '../../main/audit/types';
import { verifyAuditLog, type ParallelOptions } from '../../main/audit/verify';
import { AUDIT_SETTING_KEYS, AuditEventsRepo } from '../../main/repos/audit-events';
import { createVault } from '../../main/vault';
import { VAULT_FILE_NAME, type Vault } from '../../main/vault/types';
import { tempDir, TEST_PASSPHRASE } from '../support/cli';

const EVENTS = 3_000;
const BATCH = 256; // runs: ids 1–256, 257–512, …
const START = Date.parse('2026-01-01T00:00:00Z');

let dir: string;
let cleanup: () => void;
let vault: Vault;
let key: Buffer;
let repo: AuditEventsRepo;

/** The events after the first one written straight into the table, as fast as the bench seeds. */
function seed(actor: (id: number) => string = (id) => `op:${id % 7}`): void {
  new AuditLog(vault, new AuditEventsRepo(vault.db)).append({ actor: 'os:tester', action: 'vault.create', outcome: 'ok' });
  const stored = repo.setting(AUDIT_SETTING_KEYS.hmacKey)!;
  key = vault.open(Buffer.from(stored, 'base64'), { table: 'settings', rowId: AUDIT_SETTING_KEYS.hmacKey, column: 'value' });
  let prev = repo.last()!.hash;
  vault.transaction(() => {
    for (let id = 2; id <= EVENTS; id += 1) {
      const row = { id, at: new Date(START + id * 60_000).toISOString(), actor: actor(id), tenant_id: `ten_${id % 5}`, connection_id: null, action: 'test', outcome: 'ok', detail: JSON.stringify({ i: id }), prev_hash: prev };
      const hash = eventHash(key, { id, at: row.at, actor: row.actor, tenantId: row.tenant_id, connectionId: null, action: row.action, outcome: row.outcome, detail: row.detail, prevHash: prev });
      repo.insert({ ...row, hash });
      prev = hash;
    }
    repo.putSetting(AUDIT_SETTING_KEYS.head, encodeHead(key, { lastId: EVENTS, hash: prev, stores: [] }));
  });
}

function tamper(sql: string, ...params: unknown[]): void {
  const db = new Database(join(dir, 'vault', VAULT_FILE_NAME));
  db.prepare(sql).run(...params);
  db.close();
}

/**
 * Verifies on workers (asserting it did, and that the workers' check alone answered exactly when
 * the log is untouched) and on one thread; both must say the same.
 */
function verify(walkedAgain: boolean | 'either' = 'either'): AuditVerification {
  let report: { workers: number; walkedAgain: boolean } | undefined;
  const options: ParallelOptions = { threshold: 1_000, batch: BATCH, workers: 3, onParallel: (r) => (report = { ...r }) };
  const parallel = verifyAuditLog({ repo, key, vaultId: vault.id, anchors: [], parallel: options });
  const serial = verifyAuditLog({ repo, key, vaultId: vault.id, anchors: [], parallel: { workers: 1 } });
  expect(parallel).toEqual(serial);
  expect(report?.workers).toBe(3);
  if (walkedAgain !== 'either') expect(report?.walkedAgain).toBe(walkedAgain);
  return parallel;
}

const broken = (firstBadEvent: number, events = EVENTS): AuditVerification => ({ ok: false, reason: 'chain_broken', firstBadEvent, events });

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  vault = createVault(join(dir, 'vault'), { passphrase: TEST_PASSPHRASE, scrypt: { N: 2 ** 10, r: 8, p: 1 } });
  repo = new AuditEventsRepo(vault.db);
});
afterEach(() => {
  vault.close();
  cleanup();
});

describe('verification on worker threads', () => {
  it('verifies an untouched log above the threshold, and leaves small logs on the calling thread', () => {
    seed();
    expect(verify(false)).toEqual({ ok: true, events: EVENTS, head: repo.hashAt(EVENTS), from: 1, anchors: [] });
    let used = false;
    verifyAuditLog({ repo, key, vaultId: vault.id, anchors: [], parallel: { threshold: EVENTS + 1, workers: 3, onParallel: () => (used = true) } });
    expect(used).toBe(false);
  });

  it('names an edited event in a late run', () => {
    seed();
    tamper("UPDATE audit_events SET outcome = 'failed' WHERE id = 2900");
    expect(verify(true)).toEqual(broken(2900));
  });

  it('names the first of two edits, in an early run, however the runs are answered', () => {
    seed();
    tamper("UPDATE audit_events SET actor = 'someone-else' WHERE id IN (5, 2500)");
    expect(verify(true)).toEqual(broken(5));
  });

  it('names the first event of events reordered across the boundary of two runs', () => {
    seed();
    // Events 256 (the end of the first run) and 257 (the start of the second) trade places.
    tamper('UPDATE audit_events SET id = -id WHERE id IN (256, 257)');
    tamper('UPDATE audit_events SET id = CASE id WHEN -256 THEN 257 ELSE 256 END WHERE id IN (-256, -257)');
    expect(verify(true)).toEqual(broken(256));
  });

  it('names the event after a deletion, and an inserted event', () => {
    seed();
    tamper('DELETE FROM audit_events WHERE id = 1300');
    expect(verify(true)).toEqual(broken(1301, EVENTS - 1));
    tamper("INSERT INTO audit_events (id, at, actor, action, outcome, detail, prev_hash, hash) VALUES (1300, 'x', 'x', 'forged', 'ok', '{}', ?, ?)", repo.hashAt(1299), 'f'.repeat(64));
    expect(verify(true)).toEqual(broken(1300));
  });

  it('finds stored hashes split differently between two events although their characters, joined, are the same', () => {
    seed();
    const [a, b] = [repo.hashAt(700)!, repo.hashAt(701)!];
    tamper('UPDATE audit_events SET hash = CASE id WHEN 700 THEN ? ELSE ? END WHERE id IN (700, 701)', a.slice(0, 63), a.slice(63) + b);
    expect(verify(true)).toEqual(broken(700));
  });

  it('verifies events SQLite and JavaScript escape differently, and finds an edit to one', () => {
    seed((id) => (id % 400 === 0 ? `os:tab\there \u0001 \u2028 "q" é ${id}` : `op:${id % 7}`));
    // The workers hash SQLite's bytes; where its escaping differs from JavaScript's (older
    // SQLite versions did), the one-thread walk decides.
    expect(verify('either')).toMatchObject({ ok: true, events: EVENTS });
    tamper("UPDATE audit_events SET actor = replace(actor, 'é', 'e') WHERE id = 2000");
    expect(verify(true)).toEqual(broken(2000));
  });

  it('verifies from a retention checkpoint, and finds a row put back under it', async () => {
    seed();
    const log = new AuditLog(vault, new AuditEventsRepo(vault.db));
    const cut = new Date(START + 1_001 * 60_000).toISOString(); // events 1–1,000 go
    expect((await log.prune(cut, 'os:tester')).pruned).toBe(1_000);
    key = vault.open(Buffer.from(repo.setting(AUDIT_SETTING_KEYS.hmacKey)!, 'base64'), { table: 'settings', rowId: AUDIT_SETTING_KEYS.hmacKey, column: 'value' });
    expect(verify(false)).toMatchObject({ ok: true, events: EVENTS - 1_000 + 1, from: 1_001 });
    tamper("INSERT INTO audit_events (id, at, actor, action, outcome, detail, prev_hash, hash) VALUES (10, 'x', 'x', 'forged', 'ok', '{}', ?, ?)", '0'.repeat(64), 'f'.repeat(64));
    expect(verify(true)).toEqual(broken(10, EVENTS - 1_000 + 2));
  });
});
