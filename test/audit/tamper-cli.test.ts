// Tampering with a closed vault's audit log through a plain SQLite client (better-sqlite3 on the
// file, no vault key), then `audit verify --json` through the CLI: each kind of tampering fails
// with its reason, and edits, deletions, insertions and reorderings name the first bad event.
import Database from 'better-sqlite3';
import { copyFileSync, cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VAULT_FILE_NAME } from '../../main/vault/types';
import { CLI_BUILT, runCli, runCliProcess, tempDir } from '../support/cli';

let root: string;
let cleanup: () => void;
let golden: string;
let caseNo = 0;

/** The vault as `init`, three `tenant add` and a JSON export leave it: events 1..5. */
beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('fivex-audit-tamper-'));
  golden = join(root, 'golden');
  expect((await runCli(['--vault', golden, 'init'])).code).toBe(0);
  for (const name of ['Acme Foods', 'Blue Shoes', 'Cedar Tools']) expect((await runCli(['--vault', golden, 'tenant', 'add', name])).code).toBe(0);
  expect((await runCli(['--vault', golden, 'audit', 'export', '--format', 'json'])).code).toBe(0);
  expect((await runCli(['--vault', golden, 'audit', 'verify', '--json'])).json()).toMatchObject({ ok: true, events: 5 });
}, 120_000);
afterAll(() => cleanup());

function freshCopy(): string {
  const dir = join(root, `case-${++caseNo}`);
  cpSync(golden, dir, { recursive: true });
  return dir;
}

function sql(vault: string, ...statements: string[]): void {
  const db = new Database(join(vault, VAULT_FILE_NAME));
  try {
    for (const s of statements) db.exec(s);
  } finally {
    db.close();
  }
}

async function verify(vault: string): Promise<{ code: number; doc: unknown }> {
  const r = await runCli(['--vault', vault, 'audit', 'verify', '--json']);
  return { code: r.code, doc: r.json() };
}

describe('audit verify --json on a log tampered with by a plain SQLite client', { timeout: 120_000 }, () => {
  it('edit: names the edited event', async () => {
    const v = freshCopy();
    sql(v, "UPDATE audit_events SET actor = 'os:someone-else' WHERE id = 3");
    expect(await verify(v)).toEqual({ code: 1, doc: { ok: false, reason: 'chain_broken', firstBadEvent: 3, events: 5 } });
  });

  it('delete: names the first event after the deleted one', async () => {
    const v = freshCopy();
    sql(v, 'DELETE FROM audit_events WHERE id = 2');
    expect(await verify(v)).toEqual({ code: 1, doc: { ok: false, reason: 'chain_broken', firstBadEvent: 3, events: 4 } });
  });

  it('insert: names the inserted event, even with a copied valid-looking hash', async () => {
    const v = freshCopy();
    // Make room in the middle and put a forged event there, chained to event 2's stored hash.
    sql(
      v,
      'UPDATE audit_events SET id = id + 100 WHERE id >= 3',
      'UPDATE audit_events SET id = id - 99 WHERE id >= 103',
      `INSERT INTO audit_events (id, at, actor, action, outcome, detail, prev_hash, hash)
         SELECT 3, at, actor, 'connection.delete', 'ok', '{}', hash, hash FROM audit_events WHERE id = 2`,
    );
    expect(await verify(v)).toEqual({ code: 1, doc: { ok: false, reason: 'chain_broken', firstBadEvent: 3, events: 6 } });
  });

  it('reorder: names the first event out of place', async () => {
    const v = freshCopy();
    sql(v, 'UPDATE audit_events SET id = -id WHERE id IN (3, 4)', 'UPDATE audit_events SET id = 7 + id WHERE id IN (-3, -4)');
    expect(await verify(v)).toEqual({ code: 1, doc: { ok: false, reason: 'chain_broken', firstBadEvent: 3, events: 5 } });
  });

  it('truncate: the last N events cut off', async () => {
    const v = freshCopy();
    sql(v, 'DELETE FROM audit_events WHERE id > 3');
    expect(await verify(v)).toEqual({ code: 1, doc: { ok: false, reason: 'truncated', firstBadEvent: null, events: 3 } });
  });

  it('wipe: every event and the head in settings deleted', async () => {
    const v = freshCopy();
    sql(v, 'DELETE FROM audit_events', "DELETE FROM settings WHERE key = 'audit_head'");
    expect(await verify(v)).toEqual({ code: 1, doc: { ok: false, reason: 'wiped', firstBadEvent: null, events: 0 } });
  });

  it('wipe: events, head and the sealed key deleted', async () => {
    const v = freshCopy();
    sql(v, 'DELETE FROM audit_events', "DELETE FROM settings WHERE key LIKE 'audit_%'");
    expect(await verify(v)).toEqual({ code: 1, doc: { ok: false, reason: 'wiped', firstBadEvent: null, events: 0 } });
  });

  it('rollback: the database file replaced by an older copy of itself', async () => {
    const v = freshCopy();
    const file = join(v, VAULT_FILE_NAME);
    const aside = join(root, `aside-${caseNo}`);
    copyFileSync(file, `${aside}.db`);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${aside}.db-wal`);
    for (const name of ['Dune Goods', 'Elm Market']) expect((await runCli(['--vault', v, 'tenant', 'add', name])).code).toBe(0);
    expect((await verify(v)).code).toBe(0);
    for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
    copyFileSync(`${aside}.db`, file);
    if (existsSync(`${aside}.db-wal`)) copyFileSync(`${aside}.db-wal`, `${file}-wal`);
    expect(await verify(v)).toEqual({ code: 1, doc: { ok: false, reason: 'rolled_back', firstBadEvent: null, events: 5 } });
    // The rollback stays on record after the restored vault is used again.
    expect((await runCli(['--vault', v, 'tenant', 'add', 'Fir Supply'])).code).toBe(0);
    expect(await verify(v)).toEqual({ code: 1, doc: { ok: false, reason: 'rolled_back', firstBadEvent: null, events: 6 } });
  });

  it('says what happened and what to do in plain words without --json', async () => {
    const v = freshCopy();
    sql(v, 'DELETE FROM audit_events WHERE id > 4');
    const r = await runCli(['--vault', v, 'audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/its end was cut off \(truncated\).*keep this vault/);
  });

  it.skipIf(!CLI_BUILT)('the built binary in a child process gives the same answer', async () => {
    const v = freshCopy();
    sql(v, "UPDATE audit_events SET detail = '{\"name\":\"Other\"}' WHERE id = 4");
    const r = await runCliProcess(['--vault', v, 'audit', 'verify', '--json']);
    expect(r.code).toBe(1);
    expect(r.json()).toEqual({ ok: false, reason: 'chain_broken', firstBadEvent: 4, events: 5 });
  });
});
