// The engine's group commit on a real vault with the real audit log and token client: a tick's
// refreshes commit their tokens, health, audit events and lease releases together, in as few
// transactions as the rule allows; a lone refresh never waits for a group; a failing audit sink
// does not undo anyone's refresh.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../main/audit/audit-log';
import { AuditEventsRepo } from '../../main/repos/audit-events';
import { createTokenClient } from '../../main/oauth/token-client';
import { createCredentialEngine } from '../../main/refresh';
import type { AuditEvent, CredentialEngine, EngineVault } from '../../main/refresh';
import { connectorAt, createHarness, FAST_OPTIONS, tokenSet } from './support/harness';
import type { Harness } from './support/harness';
import type { Vault } from '../../main/vault/types';
import { startFakeTokenServer, tokenAnswer } from './support/fake-token-server';
import type { FakeTokenServer } from './support/fake-token-server';
import { engineRepos } from './support/engine-repos';

let server: FakeTokenServer;
let h: Harness;

beforeEach(async () => {
  server = await startFakeTokenServer();
});
afterEach(async () => {
  h?.close();
  await server.close();
});

let commits = 0;

/** The harness vault, counting the transactions that commit (outermost ones; nested ones are savepoints). */
function countingVault(): Vault {
  const v = h.vault;
  return new Proxy(v, {
    get(target, prop) {
      if (prop === 'transaction') {
        return <T>(fn: () => T): T => {
          if (!target.db.inTransaction) commits++;
          return target.transaction(fn);
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** An engine on the harness vault whose commits are counted (with the audit log's, when it shares the vault). */
function countedEngine(audit: (e: AuditEvent) => void, groupCommitIntervalMs: number): { engine: CredentialEngine; transactions: () => number } {
  commits = 0;
  const counted: EngineVault = countingVault();
  const engine = createCredentialEngine({
    vault: counted,
    repos: engineRepos(counted),
    tokenClient: createTokenClient({ timeoutMs: 10_000 }),
    connectors: (id) => h.connectors.get(id),
    registrations: (id) => h.registrations.get(id),
    audit,
    log: (line) => void h.logs.push(line),
    options: { ...FAST_OPTIONS, groupCommitIntervalMs },
  });
  return { engine, transactions: () => commits };
}

describe('group commit in the engine', () => {
  it('a tick of 40 refreshes, 8 at a time: one commit carries every refresh with its audit event, and no lease is left', async () => {
    h = createHarness({ connector: connectorAt(server.endpoints, { maxConcurrentRefreshes: 8 }), clientId: 'client-1', clientSecret: 'secret-1' });
    server.handle(() => ({ ...tokenAnswer({ refresh: `RT-${Math.random().toString(36).slice(2)}` }), delayMs: 20 }));
    const conns = Array.from({ length: 40 }, (_, i) => h.connect(tokenSet(), { account: `Store ${i}`, dueNow: true }));
    // A long group delay: while any refresh is still out the group stays open, so the tick's
    // results can only be committed when the last one is in.
    let log: AuditLog | null = null;
    const { engine, transactions } = countedEngine((e) => void log!.append(e), 60_000);
    // The audit log writes through the same counted vault: an event appended outside the group
    // would be a commit of its own.
    const v = countingVault();
    log = new AuditLog(v, new AuditEventsRepo(v.db));
    const before = transactions();
    const tick = await engine.scheduler.runDue();
    expect([tick.due, tick.refreshed, tick.failed]).toEqual([40, 40, 0]);
    expect(server.count('/token')).toBe(40);
    expect(transactions() - before).toBe(1);
    for (const c of conns) expect(h.engine.context.credentials.get(c.grantId!)!.version).toBe(2);
    const refreshes = log.list({ action: 'connection.refresh' });
    expect(refreshes.filter((e) => e.outcome === 'ok').map((e) => e.connection).sort()).toEqual(conns.map((c) => c.id).sort());
    expect((await log.verify()).ok).toBe(true);
    expect(h.vault.db.prepare('SELECT COUNT(*) AS n FROM refresh_leases').get()).toEqual({ n: 0 });
  });

  it('a lone refresh is committed at once, whatever the group delay', async () => {
    h = createHarness({ connector: connectorAt(server.endpoints), clientId: 'client-1', clientSecret: 'secret-1' });
    server.handle(() => tokenAnswer());
    const conn = h.connect(tokenSet());
    const { engine, transactions } = countedEngine(() => undefined, 60_000);
    const started = performance.now();
    const r = await engine.refresh.refreshConnection(conn.id, { force: true });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(r.outcome).toBe('refreshed');
    expect(transactions()).toBe(1);
  });

  it('an audit sink that throws for one refresh leaves that refresh and the rest of its group committed, and says so in the log', async () => {
    h = createHarness({ connector: connectorAt(server.endpoints, { maxConcurrentRefreshes: 4 }), clientId: 'client-1', clientSecret: 'secret-1' });
    server.handle(() => ({ ...tokenAnswer(), delayMs: 10 }));
    const conns = Array.from({ length: 6 }, (_, i) => h.connect(tokenSet(), { account: `Store ${i}`, dueNow: true }));
    const unlucky = conns[2]!.id;
    const recorded: string[] = [];
    const { engine } = countedEngine((e) => {
      if (e.connectionId === unlucky && e.action === 'connection.refresh') throw new Error('audit sink down');
      if (e.action === 'connection.refresh') recorded.push(e.connectionId!);
    }, 60_000);
    const tick = await engine.scheduler.runDue();
    expect(tick.refreshed).toBe(6);
    for (const c of conns) expect(h.engine.context.credentials.get(c.grantId!)!.version).toBe(2);
    expect(recorded.sort()).toEqual(conns.filter((c) => c.id !== unlucky).map((c) => c.id).sort());
    expect(h.logs).toContain(`audit: could not record connection.refresh for ${unlucky}`);
  });
});
