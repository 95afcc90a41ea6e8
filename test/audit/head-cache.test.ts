// The head an AuditLog carries in memory between appends (so a group of appends reads and checks
// the head row once) must never outlive the state it was read from: another process appending,
// a rolled-back transaction or savepoint, another connection in this process. Each case must
// still end in one valid chain.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AuditLog } from '../../main/audit/audit-log';
import { AuditEventsRepo } from '../../main/repos/audit-events';
import { createVault, openVault } from '../../main/vault';
import type { Vault } from '../../main/vault/types';
import { REPO_ROOT, tempDir, TEST_PASSPHRASE } from '../support/cli';

const SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
let dir: string;
let cleanup: () => void;
const open: Vault[] = [];
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => {
  for (const v of open.splice(0)) v.close();
  cleanup();
});

function created(): { vault: Vault; log: AuditLog; vaultDir: string } {
  const vaultDir = join(dir, 'vault');
  const vault = createVault(vaultDir, { passphrase: TEST_PASSPHRASE, scrypt: SCRYPT });
  open.push(vault);
  const log = new AuditLog(vault, new AuditEventsRepo(vault.db));
  log.append({ actor: 'os:tester', action: 'vault.create', outcome: 'ok' });
  return { vault, log, vaultDir };
}

it('two processes appending at the same time, one in groups inside transactions, make one valid chain', async () => {
  const { vault, log, vaultDir } = created();
  const child = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(import.meta.dirname, 'fixtures', 'append-loop.ts'), vaultDir, TEST_PASSPHRASE, '400'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  let mine = 0;
  // As the refresh engine's group commit: several appends in one transaction, then a turn of the loop.
  while (running || mine < 200) {
    vault.transaction(() => {
      for (let i = 0; i < 4; i++) log.append({ actor: 'os:tester', action: 'group', outcome: 'ok', detail: { i: mine++ } });
    });
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(await exited).toBe(0);
  const events = log.list();
  expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  expect(events.filter((e) => e.actor === 'os:second-process')).toHaveLength(400);
  expect(events.filter((e) => e.actor === 'os:tester')).toHaveLength(1 + mine);
  expect(await log.verify()).toMatchObject({ ok: true, events: 401 + mine, anchors: [{ status: 'current', counter: 401 + mine }] });
}, 90_000);

it('appends after a rolled-back transaction or savepoint go on from the committed head', async () => {
  const { vault, log } = created();
  log.append({ actor: 'os:tester', action: 'kept', outcome: 'ok' });
  expect(() =>
    vault.transaction(() => {
      log.append({ actor: 'os:tester', action: 'rolled-back', outcome: 'ok' });
      throw new Error('the caller fails');
    }),
  ).toThrow('the caller fails');
  log.append({ actor: 'os:tester', action: 'after-rollback', outcome: 'ok' });
  vault.transaction(() => {
    log.append({ actor: 'os:tester', action: 'outer', outcome: 'ok' });
    // A nested better-sqlite3 transaction is a savepoint: it rolls back alone.
    expect(() =>
      vault.db.transaction(() => {
        log.append({ actor: 'os:tester', action: 'savepoint', outcome: 'ok' });
        throw new Error('the savepoint fails');
      })(),
    ).toThrow('the savepoint fails');
    log.append({ actor: 'os:tester', action: 'after-savepoint', outcome: 'ok' });
  });
  expect(log.list().map((e) => e.action)).toEqual(['vault.create', 'kept', 'after-rollback', 'outer', 'after-savepoint']);
  expect(await log.verify()).toMatchObject({ ok: true, events: 5 });
});

it('two connections in one process taking turns keep one valid chain', async () => {
  const { log, vaultDir } = created();
  const other = openVault(vaultDir, { passphrase: TEST_PASSPHRASE });
  open.push(other);
  const otherLog = new AuditLog(other, new AuditEventsRepo(other.db));
  for (let i = 0; i < 20; i++) {
    log.append({ actor: 'os:a', action: 'turn', outcome: 'ok', detail: { i } });
    if (i % 3 === 0) log.append({ actor: 'os:a', action: 'again', outcome: 'ok', detail: { i } });
    otherLog.append({ actor: 'os:b', action: 'turn', outcome: 'ok', detail: { i } });
  }
  await otherLog.flushAnchors();
  expect(await log.verify()).toMatchObject({ ok: true, events: 48 });
  expect(await otherLog.verify()).toMatchObject({ ok: true, events: 48 });
});
