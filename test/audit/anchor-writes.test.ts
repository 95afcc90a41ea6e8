// Audit anchors are written off the calling thread, one write at a time per store, coalesced to
// the newest committed head: many appends cost few file writes, append() never waits for the
// disk, flushAnchors() leaves every anchor level, and a CLI process that ends normally leaves
// the sidecar anchor level with the log.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SIDECAR_ANCHOR_FILE, SidecarAnchorStore, type AuditAnchorStore } from '../../main/audit/anchor-store';
import { AuditLog } from '../../main/audit/audit-log';
import { AuditEventsRepo } from '../../main/repos/audit-events';
import { createVault } from '../../main/vault';
import { VAULT_FILE_NAME, type Vault } from '../../main/vault/types';
import { REPO_ROOT, TEST_PASSPHRASE, tempDir } from '../support/cli';

const SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
const CLI_MAIN = join(import.meta.dirname, 'fixtures', 'cli-main.ts');
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

/** The sidecar, counting its writes, with a gate a test can hold shut to keep a write in flight. */
class CountingSidecar implements AuditAnchorStore {
  readonly name = 'sidecar';
  readonly travelsWithVault = true;
  readonly inner: SidecarAnchorStore;
  writes: number[] = [];
  inFlight = 0;
  maxInFlight = 0;
  #gate: Promise<void> = Promise.resolve();
  #open: (() => void) | null = null;

  constructor(vaultDir: string) {
    this.inner = new SidecarAnchorStore(vaultDir);
  }

  hold(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }

  release(): void {
    this.#open?.();
  }

  read(): Promise<string | null> {
    return this.inner.read();
  }

  async write(text: string): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.#gate;
      await this.inner.write(text);
      this.writes.push((JSON.parse(text) as { counter: number }).counter);
    } finally {
      this.inFlight -= 1;
    }
  }
}

function logWith(store: AuditAnchorStore): { vault: Vault; log: AuditLog } {
  const vault = createVault(vaultDir, { passphrase: TEST_PASSPHRASE, scrypt: SCRYPT });
  open.push(vault);
  return { vault, log: new AuditLog(vault, new AuditEventsRepo(vault.db), { anchors: [store] }) };
}

const anchoredCounter = (): number => (JSON.parse(readFileSync(join(vaultDir, SIDECAR_ANCHOR_FILE), 'utf8')) as { counter: number }).counter;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('anchor writes', () => {
  it('coalesce: 500 appends in one burst cost at most two file writes, and end level', async () => {
    const store = new CountingSidecar(vaultDir);
    const { log } = logWith(store);
    for (let i = 1; i <= 500; i++) log.append({ actor: 'os:tester', action: `burst.${i}`, outcome: 'ok' });
    await log.flushAnchors();
    expect(store.writes.length).toBeLessThanOrEqual(2);
    expect(store.writes.at(-1)).toBe(500);
    expect(log.anchorWrites().get('sidecar')).toBe(store.writes.length);
    expect(anchoredCounter()).toBe(500);
    expect(await log.verify()).toMatchObject({ ok: true, events: 500, anchors: [{ store: 'sidecar', status: 'current', counter: 500 }] });
  });

  it('run one at a time while appends go on between turns of the event loop, and write the newest head last', async () => {
    const store = new CountingSidecar(vaultDir);
    const { log } = logWith(store);
    for (let i = 1; i <= 200; i++) {
      log.append({ actor: 'os:tester', action: `spread.${i}`, outcome: 'ok' });
      await tick();
    }
    await log.flushAnchors();
    expect(store.maxInFlight).toBe(1);
    expect(store.writes.length).toBeLessThan(200);
    // Each write takes the head committed when it starts: never backwards, and the last is level.
    expect([...store.writes].sort((a, b) => a - b)).toEqual(store.writes);
    expect(store.writes.at(-1)).toBe(200);
    expect(anchoredCounter()).toBe(200);
  });

  it('never make append wait: with a write held in flight, appends return and the anchor catches up once it ends', async () => {
    const store = new CountingSidecar(vaultDir);
    const { log } = logWith(store);
    log.append({ actor: 'os:tester', action: 'first', outcome: 'ok' });
    await log.flushAnchors();
    store.hold();
    log.append({ actor: 'os:tester', action: 'second', outcome: 'ok' });
    // The write has read the old anchor and now waits at the gate.
    await vi.waitFor(() => expect(store.inFlight).toBe(1));
    for (let i = 0; i < 50; i++) log.append({ actor: 'os:tester', action: 'while-held', outcome: 'ok' });
    let flushed = false;
    const flushing = log.flushAnchors().then(() => (flushed = true));
    await tick();
    // The log committed every event; the anchor still vouches for the first one only.
    expect(log.list()).toHaveLength(52);
    expect(anchoredCounter()).toBe(1);
    expect(flushed).toBe(false);
    store.release();
    await flushing;
    // The held write (the head at its start), then one more for everything appended meanwhile.
    expect(store.writes).toEqual([1, 2, 52]);
    expect(anchoredCounter()).toBe(52);
  });

  it('report a failed write and bring the anchor level with the next append', async () => {
    const errors: string[] = [];
    let fail = true;
    const sidecar = new SidecarAnchorStore(vaultDir);
    const flaky: AuditAnchorStore = {
      name: 'sidecar',
      travelsWithVault: true,
      read: () => sidecar.read(),
      write: (text) => (fail ? Promise.reject(new Error('disk full')) : sidecar.write(text)),
    };
    const vault = createVault(vaultDir, { passphrase: TEST_PASSPHRASE, scrypt: SCRYPT });
    open.push(vault);
    const log = new AuditLog(vault, new AuditEventsRepo(vault.db), { anchors: [flaky], onAnchorError: (store, message) => errors.push(`${store}: ${message}`) });
    log.append({ actor: 'os:tester', action: 'one', outcome: 'ok' });
    await log.flushAnchors();
    expect(errors).toEqual(['sidecar: disk full']);
    fail = false;
    log.append({ actor: 'os:tester', action: 'two', outcome: 'ok' });
    await log.flushAnchors();
    expect(anchoredCounter()).toBe(2);
  });
});

describe('a CLI process that ends normally', () => {
  function cli(args: ReadonlyArray<string>): { code: number | null; stdout: string; stderr: string } {
    const run = spawnSync(process.execPath, ['--import', 'tsx', CLI_MAIN, '--vault', vaultDir, '--json', ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, FIVEX_VAULT_PASSPHRASE: TEST_PASSPHRASE },
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  const lastEventId = (): number => {
    const db = new Database(join(vaultDir, VAULT_FILE_NAME), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT max(id) AS id FROM audit_events').get() as { id: number }).id;
    } finally {
      db.close();
    }
  };

  it('leaves the sidecar anchor level with the log: init, tenant add, then audit verify in another process', () => {
    expect(cli(['init'])).toMatchObject({ code: 0 });
    expect(anchoredCounter()).toBe(lastEventId());
    expect(cli(['tenant', 'add', 'Acme Foods'])).toMatchObject({ code: 0 });
    expect(lastEventId()).toBeGreaterThan(1);
    // Read straight from the file, before any other process touched it.
    expect(anchoredCounter()).toBe(lastEventId());
    const verify = cli(['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, anchors: [{ store: 'sidecar', status: 'current', counter: lastEventId() }] });
  }, 120_000);
});
