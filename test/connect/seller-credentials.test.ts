// Seller-owned client credentials (docs/marketplaces.md §2.9 bol.com, §2.11 Zalando;
// cli-contract.md `connect TENANT CONNECTOR --client-id ID --client-secret-env VAR`), through the
// CLI in process against the multi-seller bol.com fake over real HTTP: two sellers each connect with
// their own pair, every token call carries its own connection's client id (never the agency's),
// withdrawn credentials read needs_consent for that connection only, reconnect replaces the pair,
// revocation shreds it, and no secret is printed or stored in the clear.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getBuiltinConnector } from '../../connectors/registry';
import { FakeBolComSellers } from '../fakes/bol-com';
import { createHarness, tokenSet } from '../refresh/support/harness';
import { runCli, tempDir } from '../support/cli';
import type { CliRun } from '../support/cli';

interface Connection {
  readonly id: string;
  readonly tenant: string;
  readonly state: string;
  readonly reason: string | null;
}

let fake: FakeBolComSellers;
let dir: string;
let cleanup: () => void;
let vault: string;
const v = (...args: string[]): string[] => ['--vault', vault, '--json', ...args];

beforeEach(async () => {
  fake = await FakeBolComSellers.start();
  ({ dir, cleanup } = tempDir());
  vault = join(dir, 'vault');
  expect((await runCli(v('init'))).code).toBe(0);
  for (const name of ['Shop A', 'Shop B']) expect((await runCli(v('tenant', 'add', name))).code).toBe(0);
  // The agency's registration only points bol.com at the fake; its own client id must never be used.
  const set = await runCli(v('app', 'set', 'bol-com', '--client-id', 'agency-own-id', '--endpoint', `token=${fake.url}/token`, '--endpoint', `probe=${fake.url}/retailer/retailers`));
  expect(set.code, set.stderr).toBe(0);
});
afterEach(async () => {
  await fake.close();
  cleanup();
});

function readDb<T>(read: (db: Database.Database) => T): T {
  const db = new Database(join(vault, readdirSync(vault).find((f) => f.endsWith('.db'))!), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function connected(run: CliRun): Connection {
  const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; connection?: Connection; reason?: string });
  expect(events.map((e) => e.event), run.stderr).toEqual(['connected']);
  return events[0]!.connection!;
}

async function connectSeller(tenant: string, pair: { clientId: string; clientSecret: string }, verb: 'connect' | 'reconnect' = 'connect', target: string[] = [tenant, 'bol-com']): Promise<CliRun> {
  return runCli(v(verb, ...target, '--client-id', pair.clientId, '--client-secret-env', 'SELLER_SECRET'), { env: { SELLER_SECRET: pair.clientSecret } });
}

describe("bol.com with each seller's own API credentials", () => {
  it('seals each pair with its connection, and each token call uses its own pair', async () => {
    const a = fake.generate('seller-a-client');
    const b = fake.generate('seller-b-client');
    const runA = await connectSeller('Shop A', a);
    const runB = await connectSeller('Shop B', b);
    const connA = connected(runA);
    const connB = connected(runB);
    expect([connA.state, connB.state]).toEqual(['active', 'active']);
    expect(fake.tokenCallers()).toEqual(['seller-a-client', 'seller-b-client']);

    for (const id of [connB.id, connA.id, connB.id]) expect((await runCli(v('refresh', id))).code).toBe(0);
    expect(fake.tokenCallers()).toEqual(['seller-a-client', 'seller-b-client', 'seller-b-client', 'seller-a-client', 'seller-b-client']);
    expect((await runCli(v('probe', connA.id))).json<Connection>().state).toBe('active');

    // Never printed, never stored in the clear.
    for (const run of [runA, runB]) expect(run.stdout + run.stderr).not.toContain(a.clientSecret.slice(-12));
    const rows = readDb((db) => db.prepare('SELECT client_id, client_secret FROM credentials ORDER BY client_id').all()) as Array<{ client_id: string; client_secret: Buffer }>;
    expect(rows.map((r) => r.client_id)).toEqual(['seller-a-client', 'seller-b-client']);
    for (const r of rows) {
      expect(r.client_secret.includes(Buffer.from(a.clientSecret))).toBe(false);
      expect(r.client_secret.includes(Buffer.from(b.clientSecret))).toBe(false);
    }
  });

  it("an agency registration whose own pair is refused stays degraded (the agency's admin fixes it)", async () => {
    const agency = fake.generate('agency-pair');
    const set = await runCli(v('app', 'set', 'bol-com', '--client-id', agency.clientId, '--client-secret-env', 'AGENCY_SECRET'), { env: { AGENCY_SECRET: agency.clientSecret } });
    expect(set.code).toBe(0);
    const run = await runCli(v('connect', 'Shop A', 'bol-com'));
    const conn = connected(run);
    expect(fake.tokenCallers()).toEqual(['agency-pair']);
    fake.withdraw('agency-pair');
    expect((await runCli(v('refresh', conn.id))).json<Connection>()).toMatchObject({ state: 'degraded', reason: 'credentials_revoked' });
  });

  it("withdrawn seller credentials read needs_consent for that connection only; the agency's app is not marked broken", async () => {
    const a = fake.generate('seller-a-client');
    const b = fake.generate('seller-b-client');
    const connA = connected(await connectSeller('Shop A', a));
    const connB = connected(await connectSeller('Shop B', b));
    fake.withdraw('seller-a-client');

    const refreshA = await runCli(v('refresh', connA.id));
    expect(refreshA.code).toBe(1);
    expect(refreshA.json<Connection>()).toMatchObject({ id: connA.id, state: 'needs_consent', reason: 'seller_credentials_revoked' });
    expect((await runCli(v('refresh', connB.id))).json<Connection>()).toMatchObject({ state: 'active', reason: null });
    const list = (await runCli(v('connections'))).json<Connection[]>();
    expect(Object.fromEntries(list.map((c) => [c.id, c.state]))).toEqual({ [connA.id]: 'needs_consent', [connB.id]: 'active' });
    expect(readDb((db) => db.prepare("SELECT broken_reason FROM app_registrations WHERE connector_id = 'bol-com'").get())).toEqual({ broken_reason: null });

    // The seller issues a new pair; reconnect replaces the stored one and the same id comes back.
    const a2 = fake.generate('seller-a-client-2');
    const again = connected(await connectSeller('', a2, 'reconnect', [connA.id]));
    expect(again).toMatchObject({ id: connA.id, state: 'active' });
    expect((await runCli(v('refresh', connA.id))).code).toBe(0);
    expect(fake.tokenCallers().at(-1)).toBe('seller-a-client-2');
  });

  it('a pair refused at connect fails plainly and creates nothing', async () => {
    const run = await connectSeller('Shop A', { clientId: 'never-generated', clientSecret: 'wrong-secret-value' });
    expect(run.code).toBe(1);
    const last = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { event: string; reason: string; message: string };
    expect(last).toMatchObject({ event: 'failed', reason: 'seller_credentials_revoked' });
    expect(run.stdout + run.stderr).not.toContain('wrong-secret-value');
    expect((await runCli(v('connections'))).json()).toEqual([]);
  });

  it('revocation shreds the seller secret: reconnect then needs the new pair', async () => {
    const a = fake.generate('seller-a-client');
    const connA = connected(await connectSeller('Shop A', a));
    expect((await runCli(v('revoke', connA.id, '--yes'))).code).toBe(0);
    const retry = await runCli(v('reconnect', connA.id));
    expect(retry.code).toBe(1);
    expect(retry.json<{ error: string; message: string }>()).toMatchObject({ error: 'seller_credentials', message: expect.stringContaining('--client-id ID --client-secret-env VAR') as unknown });
    const back = connected(await connectSeller('', fake.generate('seller-a-new'), 'reconnect', [connA.id]));
    expect(back).toMatchObject({ id: connA.id, state: 'active' });
  });

  it('refuses a secret on argv, half a pair, and a pair for a marketplace whose credentials are the agency\'s', async () => {
    const argv = await runCli(v('connect', 'Shop A', 'bol-com', '--client-id', 'x', '--client-secret', 'typed-secret'));
    expect(argv.code).toBe(2);
    expect(argv.stdout + argv.stderr).not.toContain('typed-secret');
    expect((await runCli(v('connect', 'Shop A', 'bol-com', '--client-id', 'x'))).code).toBe(2);
    const missingEnv = await runCli(v('connect', 'Shop A', 'bol-com', '--client-id', 'x', '--client-secret-env', 'NOT_SET_ANYWHERE'));
    expect(missingEnv.code).toBe(1);
    expect(missingEnv.stderr + missingEnv.stdout).toContain('NOT_SET_ANYWHERE is not set');
    expect((await runCli(v('app', 'set', 'etsy', '--client-id', 'agency-etsy'))).code).toBe(0);
    const etsy = await runCli(v('connect', 'Shop A', 'etsy', '--client-id', 'x', '--client-secret-env', 'SELLER_SECRET'), { env: { SELLER_SECRET: 's' } });
    expect(etsy.code).toBe(1);
    expect(etsy.json<{ error: string }>().error).toBe('seller_credentials');
  });
});

describe('the sealed seller pair', () => {
  it('is bound to its own grant row: a secret copied onto another connection does not open', () => {
    const h = createHarness({ connector: getBuiltinConnector('bol-com')!, clientId: 'agency', clientSecret: 'agency-secret' });
    try {
      const a = h.connect(tokenSet(), { account: 'A', sellerClient: { clientId: 'seller-a', clientSecret: 'secret-of-seller-a' } });
      const b = h.connect(tokenSet(), { account: 'B', sellerClient: { clientId: 'seller-b', clientSecret: 'secret-of-seller-b' } });
      const creds = h.engine.context.credentials;
      expect(creds.sellerClient(a.grantId!)).toEqual({ clientId: 'seller-a', clientSecret: 'secret-of-seller-a' });
      h.vault.db.prepare('UPDATE credentials SET client_secret = (SELECT client_secret FROM credentials WHERE grant_id = ?) WHERE grant_id = ?').run(a.grantId, b.grantId);
      expect(() => creds.sellerClient(b.grantId!)).toThrow();
      // A connection of the agency's own app has no seller pair at all.
      const agency = h.connect(tokenSet(), { account: 'Agency' });
      expect(creds.sellerClient(agency.grantId!)).toBeNull();
      expect(h.engine.store.sellerClient(agency.id)).toEqual({ kind: 'none' });
    } finally {
      h.close();
    }
  });
});
