// The audit chain finds an edited, deleted, inserted or reordered event (naming it), a cut-off
// end, a wipe and a rollback; its anchors outside the database survive crashes without false
// alarms and keep the evidence of a rollback; retention checkpoints keep it verifiable.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeychainAnchorStore, SIDECAR_ANCHOR_FILE, SidecarAnchorStore, type AuditAnchorStore } from '../../main/audit/anchor-store';
import { AuditIntegrityError, AuditLog } from '../../main/audit/audit-log';
import { AuditEventsRepo } from '../../main/repos/audit-events';
import { createVault, openVault } from '../../main/vault';
import { VAULT_FILE_NAME, type KeychainProtector, type Vault } from '../../main/vault/types';
import { tempDir, TEST_PASSPHRASE } from '../support/cli';

const SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
let dir: string;
let cleanup: () => void;
let vaultDir: string;
const open: Vault[] = [];

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  vaultDir = join(dir, 'vault');
});
afterEach(() => {
  for (const v of open.splice(0)) v.close();
  cleanup();
});

function track(vault: Vault): Vault {
  open.push(vault);
  return vault;
}

/** n events, appended one after the other with their anchor written in between (as over time). */
async function seeded(n: number, anchors?: ReadonlyArray<AuditAnchorStore>): Promise<{ vault: Vault; log: AuditLog }> {
  const vault = track(createVault(vaultDir, { passphrase: TEST_PASSPHRASE, scrypt: SCRYPT }));
  const log = new AuditLog(vault, new AuditEventsRepo(vault.db), anchors ? { anchors } : {});
  for (let i = 1; i <= n; i++) {
    log.append({ actor: 'os:tester', action: `test.${i}`, outcome: 'ok', detail: { i } });
    await log.flushAnchors();
  }
  return { vault, log };
}

/** Tampering as an attacker with the file but not the vault key would do it: raw SQL. */
function tamper(sql: string, ...params: unknown[]): void {
  const db = new Database(join(vaultDir, VAULT_FILE_NAME));
  db.prepare(sql).run(...params);
  db.close();
}

const sidecar = (): string => join(vaultDir, SIDECAR_ANCHOR_FILE);

describe('the audit chain', () => {
  it('verifies an untouched log, reports its head and that the sidecar anchor is current', async () => {
    const { vault, log } = await seeded(5);
    const r = await log.verify();
    const last = vault.db.prepare<[], { hash: string }>('SELECT hash FROM audit_events WHERE id = 5').get()!;
    expect(r).toEqual({ ok: true, events: 5, head: last.hash, from: 1, anchors: [{ store: 'sidecar', status: 'current', counter: 5 }] });
  });

  it('verifies events whose text SQLite and JavaScript escape differently, and still finds an edit to one', async () => {
    const { vault, log } = await seeded(2);
    log.append({ actor: 'os:tab\there', action: 'odd\u0001text\u2028', outcome: 'ok', detail: { note: 'line\nbreak \u0007 "quoted" \\ é' } });
    log.append({ actor: 'os:tester', action: 'after', outcome: 'ok' });
    expect(await log.verify()).toMatchObject({ ok: true, events: 4 });
    expect(vault.db.prepare('SELECT actor FROM audit_events WHERE id = 3').get()).toEqual({ actor: 'os:tab\there' });
    tamper("UPDATE audit_events SET actor = 'os:tab' || char(9) || 'hera' WHERE id = 3");
    expect(await log.verify()).toEqual({ ok: false, reason: 'chain_broken', firstBadEvent: 3, events: 4 });
  });

  it('names the edited event', async () => {
    const { log } = await seeded(5);
    tamper("UPDATE audit_events SET actor = 'someone-else' WHERE id = 3");
    expect(await log.verify()).toEqual({ ok: false, reason: 'chain_broken', firstBadEvent: 3, events: 5 });
  });

  it('names the first event after a deletion, also of the very first event', async () => {
    const { log } = await seeded(5);
    tamper('DELETE FROM audit_events WHERE id = 2');
    expect(await log.verify()).toEqual({ ok: false, reason: 'chain_broken', firstBadEvent: 3, events: 4 });
    tamper('DELETE FROM audit_events WHERE id = 1');
    expect(await log.verify()).toEqual({ ok: false, reason: 'chain_broken', firstBadEvent: 3, events: 3 });
  });

  it('names an inserted event', async () => {
    const { vault, log } = await seeded(3);
    const row = vault.db.prepare<[], { hash: string }>('SELECT hash FROM audit_events WHERE id = 3').get()!;
    tamper(
      "INSERT INTO audit_events (id, at, actor, action, outcome, detail, prev_hash, hash) VALUES (4, '2026-01-01T00:00:00.000Z', 'x', 'forged', 'ok', '{}', ?, ?)",
      row.hash,
      'f'.repeat(64),
    );
    expect(await log.verify()).toEqual({ ok: false, reason: 'chain_broken', firstBadEvent: 4, events: 4 });
  });

  it('finds events swapped in place', async () => {
    const { log } = await seeded(4);
    tamper("UPDATE audit_events SET action = CASE id WHEN 2 THEN 'test.3' WHEN 3 THEN 'test.2' END WHERE id IN (2, 3)");
    expect(await log.verify()).toEqual({ ok: false, reason: 'chain_broken', firstBadEvent: 2, events: 4 });
  });

  it('finds a cut-off end', async () => {
    const { log } = await seeded(5);
    tamper('DELETE FROM audit_events WHERE id >= 4');
    expect(await log.verify()).toEqual({ ok: false, reason: 'truncated', firstBadEvent: null, events: 3 });
  });

  it('finds a cut-off end whose database head was deleted too', async () => {
    const { log } = await seeded(5);
    tamper('DELETE FROM audit_events WHERE id >= 4');
    tamper("DELETE FROM settings WHERE key = 'audit_head'");
    expect(await log.verify()).toEqual({ ok: false, reason: 'head_missing', firstBadEvent: null, events: 3 });
  });

  it('finds a wipe: every event and the head deleted', async () => {
    const { log } = await seeded(5);
    tamper('DELETE FROM audit_events');
    tamper("DELETE FROM settings WHERE key = 'audit_head'");
    expect(await log.verify()).toEqual({ ok: false, reason: 'wiped', firstBadEvent: null, events: 0 });
  });

  it('finds a wipe that took the key as well, and refuses to start a new chain over it', async () => {
    const { vault } = await seeded(3);
    tamper("DELETE FROM settings WHERE key LIKE 'audit_%'");
    tamper('DELETE FROM audit_events WHERE id > 1');
    const fresh = new AuditLog(vault, new AuditEventsRepo(vault.db));
    expect(await fresh.verify()).toEqual({ ok: false, reason: 'key_missing', firstBadEvent: null, events: 1 });
    expect(() => fresh.append({ actor: 'x', action: 'y', outcome: 'ok' })).toThrow(/key is missing/);
    tamper('DELETE FROM audit_events');
    expect(await fresh.verify()).toEqual({ ok: false, reason: 'wiped', firstBadEvent: null, events: 0 });
  });

  it('reads an empty log as wiped: a vault always starts with its creation event', async () => {
    const vault = track(createVault(vaultDir, { passphrase: TEST_PASSPHRASE, scrypt: SCRYPT }));
    expect(await new AuditLog(vault, new AuditEventsRepo(vault.db)).verify()).toEqual({ ok: false, reason: 'wiped', firstBadEvent: null, events: 0 });
  });

  it('finds a database replaced by an older copy of itself, and keeps that evidence through later appends', async () => {
    const { vault } = await seeded(3);
    vault.close();
    const db = join(vaultDir, VAULT_FILE_NAME);
    copyFileSync(db, join(dir, 'old.db'));
    const v2 = track(openVault(vaultDir, { passphrase: TEST_PASSPHRASE }));
    const log2 = new AuditLog(v2, new AuditEventsRepo(v2.db));
    log2.append({ actor: 'os:tester', action: 'later', outcome: 'ok' });
    log2.append({ actor: 'os:tester', action: 'later', outcome: 'ok' });
    await log2.flushAnchors();
    v2.close();
    copyFileSync(join(dir, 'old.db'), db);
    const v3 = track(openVault(vaultDir, { passphrase: TEST_PASSPHRASE }));
    const log3 = new AuditLog(v3, new AuditEventsRepo(v3.db));
    expect(await log3.verify()).toEqual({ ok: false, reason: 'rolled_back', firstBadEvent: null, events: 3 });
    // Writing on from the older copy does not overwrite the anchor that proves the rollback.
    for (let i = 0; i < 3; i++) log3.append({ actor: 'os:tester', action: 'after-restore', outcome: 'ok' });
    expect(await log3.verify()).toEqual({ ok: false, reason: 'rolled_back', firstBadEvent: null, events: 6 });
    expect(JSON.parse(readFileSync(sidecar(), 'utf8'))).toMatchObject({ counter: 5 });
  });

  it('fails when the sidecar anchor is deleted or forged once the log was anchored there', async () => {
    const { log } = await seeded(3);
    const good = readFileSync(sidecar(), 'utf8');
    writeFileSync(sidecar(), good.replace(/"counter":3/, '"counter":2'));
    expect(await log.verify()).toMatchObject({ ok: false, reason: 'anchor_invalid' });
    rmSync(sidecar());
    expect(await log.verify()).toMatchObject({ ok: false, reason: 'anchor_missing' });
    writeFileSync(sidecar(), good);
    expect(await log.verify()).toMatchObject({ ok: true, events: 3 });
  });
});

describe('anchor crash safety', () => {
  it('accepts an anchor that lags by the last transaction (a crash after commit, before the anchor write)', async () => {
    const { log } = await seeded(4);
    const before = readFileSync(sidecar());
    log.append({ actor: 'os:tester', action: 'last', outcome: 'ok' });
    await log.flushAnchors();
    // The state a crash between the database commit and the anchor's rename leaves on disk.
    writeFileSync(sidecar(), before);
    expect(await log.verify()).toMatchObject({ ok: true, events: 5, anchors: [{ store: 'sidecar', status: 'lagging', counter: 4 }] });
    log.append({ actor: 'os:tester', action: 'next', outcome: 'ok' });
    expect(await log.verify()).toMatchObject({ ok: true, events: 6, anchors: [{ store: 'sidecar', status: 'current', counter: 6 }] });
  });

  it('does not fail verify when the very first anchor write was lost', async () => {
    const { log } = await seeded(1);
    rmSync(sidecar());
    expect(await log.verify()).toMatchObject({ ok: true, events: 1, anchors: [{ store: 'sidecar', status: 'absent', counter: null }] });
  });

  it('keeps the log going when an anchor cannot be written, and says the anchor lags', async () => {
    const failing: AuditAnchorStore = { name: 'broken', travelsWithVault: false, read: () => Promise.resolve(null), write: () => Promise.reject(new Error('disk full')) };
    const errors: string[] = [];
    const vault = track(createVault(vaultDir, { passphrase: TEST_PASSPHRASE, scrypt: SCRYPT }));
    const log = new AuditLog(vault, new AuditEventsRepo(vault.db), { anchors: [new SidecarAnchorStore(vaultDir), failing], onAnchorError: (store, message) => errors.push(`${store}: ${message}`) });
    log.append({ actor: 'a', action: 'b', outcome: 'ok' });
    await log.flushAnchors();
    expect(errors).toEqual(['broken: disk full']);
    expect(await log.verify()).toMatchObject({ ok: true, anchors: [{ store: 'sidecar', status: 'current' }, { store: 'broken', status: 'absent' }] });
  });

  it('anchors an append made inside a caller\'s transaction only once that transaction committed', async () => {
    const { vault, log } = await seeded(2);
    vault.transaction(() => {
      log.append({ actor: 'a', action: 'inside', outcome: 'ok' });
      // Still inside: the anchor must not vouch for an event that may roll back.
      expect(JSON.parse(readFileSync(sidecar(), 'utf8'))).toMatchObject({ counter: 2 });
    });
    await log.flushAnchors();
    expect(JSON.parse(readFileSync(sidecar(), 'utf8'))).toMatchObject({ counter: 3 });
    expect(() =>
      vault.transaction(() => {
        log.append({ actor: 'a', action: 'rolled back', outcome: 'ok' });
        throw new Error('caller fails');
      }),
    ).toThrow('caller fails');
    await log.flushAnchors();
    expect(await log.verify()).toMatchObject({ ok: true, events: 3, anchors: [{ status: 'current', counter: 3 }] });
  });

  it('replaces an anchor left by another vault in a reused folder with the new vault\'s first event', async () => {
    const { vault } = await seeded(2);
    const foreign = readFileSync(sidecar(), 'utf8');
    vault.close();
    open.splice(0);
    rmSync(join(vaultDir, VAULT_FILE_NAME));
    const { log } = await seeded(1);
    expect(readFileSync(sidecar(), 'utf8')).not.toBe(foreign);
    expect(await log.verify()).toMatchObject({ ok: true, events: 1, anchors: [{ status: 'current', counter: 1 }] });
  });
});

describe('the keychain-backed anchor', () => {
  // Stands in for Electron's safeStorage: a reversible transform the vault folder does not hold.
  const keychain: KeychainProtector = {
    isAvailable: () => Promise.resolve(true),
    backend: () => 'test',
    encrypt: (plain) => Promise.resolve(Buffer.from(plain.toString('utf8').split('').reverse().join(''), 'utf8')),
    decrypt: (wrapped) => Promise.resolve({ plain: Buffer.from(wrapped.toString('utf8').split('').reverse().join(''), 'utf8'), shouldReEncrypt: false }),
  };

  it('catches a restore of the whole vault folder, sidecar included', async () => {
    const outside = join(dir, 'app-data', 'audit-anchor.bin');
    const stores = (): AuditAnchorStore[] => [new SidecarAnchorStore(vaultDir), new KeychainAnchorStore(keychain, outside)];
    const { vault } = await seeded(2, stores());
    expect(existsSync(outside)).toBe(true);
    vault.close();
    open.splice(0);
    const copied = [VAULT_FILE_NAME, SIDECAR_ANCHOR_FILE].map((f) => [f, readFileSync(join(vaultDir, f))] as const);
    const v2 = track(openVault(vaultDir, { passphrase: TEST_PASSPHRASE }));
    const log2 = new AuditLog(v2, new AuditEventsRepo(v2.db), { anchors: stores() });
    log2.append({ actor: 'a', action: 'later', outcome: 'ok' });
    await log2.flushAnchors();
    v2.close();
    open.splice(0);
    for (const [f, bytes] of copied) writeFileSync(join(vaultDir, f), bytes);
    const v3 = track(openVault(vaultDir, { passphrase: TEST_PASSPHRASE }));
    // The sidecar alone cannot tell: it was restored with the database.
    expect(await new AuditLog(v3, new AuditEventsRepo(v3.db)).verify()).toMatchObject({ ok: true, events: 2 });
    expect(await new AuditLog(v3, new AuditEventsRepo(v3.db), { anchors: stores() }).verify()).toEqual({ ok: false, reason: 'rolled_back', firstBadEvent: null, events: 2 });
  });

  it('reads as unavailable, not as tampering, while the keychain is locked', async () => {
    const outside = join(dir, 'app-data', 'audit-anchor.bin');
    const { vault } = await seeded(2, [new KeychainAnchorStore(keychain, outside)]);
    const locked = new KeychainAnchorStore({ ...keychain, isAvailable: () => Promise.resolve(false) }, outside);
    expect(await new AuditLog(vault, new AuditEventsRepo(vault.db), { anchors: [locked] }).verify()).toMatchObject({ ok: true, anchors: [{ store: 'keychain', status: 'unavailable' }] });
  });
});

describe('retention', () => {
  it('prunes before a time, keeps a signed checkpoint, and verifies from the event after it', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const vault = track(createVault(vaultDir, { passphrase: TEST_PASSPHRASE, scrypt: SCRYPT }));
    const log = new AuditLog(vault, new AuditEventsRepo(vault.db), { clock: () => new Date((now += 60_000)) });
    for (let i = 1; i <= 10; i++) log.append({ actor: 'a', action: `e.${i}`, outcome: 'ok' });
    const cut = log.list()[5]!.at; // event 6
    const result = await log.prune(cut, 'os:admin');
    expect(result).toMatchObject({ pruned: 5, checkpoint: { throughId: 5, before: cut, pruned: 5 }, event: { id: 11, action: 'audit.prune', detail: { pruned: 5, throughId: 5 } } });
    expect(log.list().map((e) => e.id)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(await log.verify()).toMatchObject({ ok: true, events: 6, from: 6, anchors: [{ status: 'current', counter: 11 }] });
    log.append({ actor: 'a', action: 'after', outcome: 'ok' });
    expect(await log.verify()).toMatchObject({ ok: true, events: 7, from: 6 });
    // A second prune moves the checkpoint on and counts every pruned event.
    expect(await log.prune(log.list()[3]!.at, 'os:admin')).toMatchObject({ pruned: 3, checkpoint: { throughId: 8, pruned: 8 } });
    expect(await log.verify()).toMatchObject({ ok: true, from: 9 });
  });

  it('fails on a forged or deleted checkpoint', async () => {
    const { log } = await seeded(6);
    await log.prune(new Date(Date.now() + 1000).toISOString(), 'os:admin');
    tamper("UPDATE settings SET value = replace(value, '\"throughId\":6', '\"throughId\":5') WHERE key = 'audit_checkpoint'");
    expect(await log.verify()).toMatchObject({ ok: false, reason: 'checkpoint_invalid' });
    tamper("DELETE FROM settings WHERE key = 'audit_checkpoint'");
    expect(await log.verify()).toEqual({ ok: false, reason: 'chain_broken', firstBadEvent: 7, events: 1 });
  });

  it('refuses to prune a log that fails verification, and changes nothing', async () => {
    const { log } = await seeded(4);
    tamper("UPDATE audit_events SET outcome = 'x' WHERE id = 2");
    await expect(log.prune(new Date().toISOString(), 'os:admin')).rejects.toThrow(AuditIntegrityError);
    expect(log.list()).toHaveLength(4);
  });
});

describe('token fingerprints', () => {
  it('are stable per vault, differ per secret and per vault, and carry nothing of the secret', async () => {
    const { log } = await seeded(1);
    const token = 'Atza|IwEBIAbc123-secret-refresh-token';
    const fp = log.fingerprint(token);
    expect(fp).toMatch(/^fp_[0-9a-f]{24}$/);
    expect(log.fingerprint(token)).toBe(fp);
    expect(log.fingerprint(`${token}x`)).not.toBe(fp);
    expect(fp).not.toContain('Atza');
    const other = track(createVault(join(dir, 'other'), { passphrase: TEST_PASSPHRASE, scrypt: SCRYPT }));
    expect(new AuditLog(other, new AuditEventsRepo(other.db)).fingerprint(token)).not.toBe(fp);
  });
});

describe('filters', () => {
  it('matches every filter given, and pages newest first', () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const vault = track(createVault(vaultDir, { passphrase: TEST_PASSPHRASE, scrypt: SCRYPT }));
    const log = new AuditLog(vault, new AuditEventsRepo(vault.db), { clock: () => new Date((now += 3_600_000)) });
    const actors = ['os:ana', 'os:bo'];
    for (let i = 0; i < 12; i++) {
      log.append({ actor: actors[i % 2]!, tenantId: i < 6 ? 'ten_a' : 'ten_b', connectionId: `con_${i % 3}`, action: i % 3 === 0 ? 'token' : 'connection.refresh', outcome: i === 7 ? 'refused' : 'ok' });
    }
    const ids = (f: Parameters<AuditLog['list']>[0]): number[] => log.list(f).map((e) => e.id);
    expect(ids({ tenantId: 'ten_a', action: 'token' })).toEqual([1, 4]);
    expect(ids({ actor: 'os:bo', tenantId: 'ten_b' })).toEqual([8, 10, 12]);
    expect(ids({ outcome: 'refused' })).toEqual([8]);
    expect(ids({ connectionId: 'con_1' })).toEqual([2, 5, 8, 11]);
    expect(ids({ since: '2026-03-01T03:00:00.000Z', until: '2026-03-01T06:00:00.000Z' })).toEqual([3, 4, 5]);
    expect(log.list({ tenantId: 'ten_b' }, { limit: 2 }).map((e) => e.id)).toEqual([12, 11]);
    expect(log.list({ tenantId: 'ten_b' }, { limit: 2, beforeId: 11 }).map((e) => e.id)).toEqual([10, 9]);
  });
});
