// The audit chain finds an edited, deleted, inserted or reordered event, and a cut-off end;
// `audit verify`, `list` and `export` behave as shared/cli-contract.md says.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../main/audit/audit-log';
import { createVault } from '../../main/vault';
import { VAULT_FILE_NAME, type Vault } from '../../main/vault/types';
import { runCli, tempDir, TEST_PASSPHRASE } from '../support/cli';

let dir: string;
let cleanup: () => void;
let vaultDir: string;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  vaultDir = join(dir, 'vault');
});
afterEach(() => cleanup());

function seeded(n: number): { vault: Vault; log: AuditLog } {
  const vault = createVault(vaultDir, { passphrase: TEST_PASSPHRASE, scrypt: { N: 2 ** 10, r: 8, p: 1 } });
  const log = new AuditLog(vault);
  for (let i = 1; i <= n; i++) log.append({ actor: 'os:tester', action: `test.${i}`, outcome: 'ok', detail: { i } });
  return { vault, log };
}

/** Tampering as an attacker with the file but not the vault key would do it: raw SQL. */
function tamper(sql: string, ...params: unknown[]): void {
  const db = new Database(join(vaultDir, VAULT_FILE_NAME));
  db.prepare(sql).run(...params);
  db.close();
}

describe('the audit chain', () => {
  it('verifies an untouched log and reports its head', () => {
    const { vault, log } = seeded(5);
    const r = log.verify();
    expect(r).toMatchObject({ ok: true, events: 5 });
    vault.close();
  });

  it('names the edited event', () => {
    const { vault, log } = seeded(5);
    tamper("UPDATE audit_events SET actor = 'someone-else' WHERE id = 3");
    expect(log.verify()).toEqual({ ok: false, firstBadEvent: 3, events: 5 });
    vault.close();
  });

  it('names the first event after a deletion', () => {
    const { vault, log } = seeded(5);
    tamper('DELETE FROM audit_events WHERE id = 2');
    expect(log.verify()).toEqual({ ok: false, firstBadEvent: 3, events: 4 });
    vault.close();
  });

  it('names an inserted event', () => {
    const { vault, log } = seeded(3);
    const row = vault.db.prepare<[], { hash: string }>('SELECT hash FROM audit_events WHERE id = 3').get()!;
    tamper(
      "INSERT INTO audit_events (id, at, actor, action, outcome, detail, prev_hash, hash) VALUES (4, '2026-01-01T00:00:00.000Z', 'x', 'forged', 'ok', '{}', ?, ?)",
      row.hash,
      'f'.repeat(64),
    );
    expect(log.verify()).toEqual({ ok: false, firstBadEvent: 4, events: 4 });
    vault.close();
  });

  it('finds a cut-off end', () => {
    const { vault, log } = seeded(5);
    tamper('DELETE FROM audit_events WHERE id >= 4');
    expect(log.verify()).toEqual({ ok: false, firstBadEvent: null, events: 3 });
    vault.close();
  });

  it('finds events swapped in place', () => {
    const { vault, log } = seeded(4);
    tamper("UPDATE audit_events SET action = CASE id WHEN 2 THEN 'test.3' WHEN 3 THEN 'test.2' END WHERE id IN (2, 3)");
    expect(log.verify()).toMatchObject({ ok: false, firstBadEvent: 2 });
    vault.close();
  });
});

describe('audit commands', () => {
  beforeEach(async () => {
    expect((await runCli(['--vault', vaultDir, 'init'])).code).toBe(0);
    await runCli(['--vault', vaultDir, 'tenant', 'add', 'Acme Foods']);
    await runCli(['--vault', vaultDir, 'tenant', 'add', 'Blue Shoes']);
  });

  it('lists events with the contract fields, filtered by tenant and action', async () => {
    const all = (await runCli(['--vault', vaultDir, 'audit', 'list', '--json'])).json<Array<Record<string, unknown>>>();
    expect(all).toHaveLength(2);
    expect(Object.keys(all[0]!).sort()).toEqual(['action', 'actor', 'at', 'connection', 'detail', 'id', 'outcome', 'tenant']);
    expect(all[0]).toMatchObject({ action: 'tenant.add', outcome: 'ok', actor: expect.stringMatching(/^os:/) });
    const acme = (await runCli(['--vault', vaultDir, 'audit', 'list', '--tenant', 'Acme Foods', '--json'])).json<unknown[]>();
    expect(acme).toHaveLength(1);
    const none = (await runCli(['--vault', vaultDir, 'audit', 'list', '--action', 'app.set', '--json'])).json<unknown[]>();
    expect(none).toHaveLength(0);
    const future = (await runCli(['--vault', vaultDir, 'audit', 'list', '--since', '2999-01-01', '--json'])).json<unknown[]>();
    expect(future).toHaveLength(0);
    expect((await runCli(['--vault', vaultDir, 'audit', 'list', '--since', 'yesterday'])).code).toBe(2);
  });

  it('exports JSON and CSV (with a header row) and verifies', async () => {
    const json = await runCli(['--vault', vaultDir, 'audit', 'export', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toHaveLength(2);
    const out = join(dir, 'audit.csv');
    const csv = await runCli(['--vault', vaultDir, 'audit', 'export', '--format', 'csv', '--out', out, '--json']);
    expect(csv.json()).toEqual({ out, events: 2 });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,at,actor,tenant,connection,action,outcome,detail');
    expect(lines).toHaveLength(3);
    const ok = await runCli(['--vault', vaultDir, 'audit', 'verify', '--json']);
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({ ok: true, events: 3, head: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('exits 1 with the first bad event when the log was edited', async () => {
    tamper("UPDATE audit_events SET outcome = 'denied' WHERE id = 1");
    const r = await runCli(['--vault', vaultDir, 'audit', 'verify', '--json']);
    expect(r.code).toBe(1);
    expect(r.json()).toEqual({ ok: false, firstBadEvent: 1, events: 2 });
  });
});
