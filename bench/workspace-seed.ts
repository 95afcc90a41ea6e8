// Seeds a vault the way a large agency's looks, fast: N clients × M connections plus one client
// with a thousand, inserted in ONE transaction straight through the tables the repositories own
// (tenants, grants, credentials with a sealed refresh token, connections, health_events), with a
// realistic mix of states, renew-by dates and accounts that only sort right numerically
// ("shop-2" before "shop-10"). Used by bench/workspace-bench.ts and for screenshots.
//
//   npx tsx bench/workspace-seed.ts --vault DIR [--clients 500] [--per 10] [--big 1000]
// The passphrase comes from FIVEX_VAULT_PASSPHRASE (default: a fixed bench passphrase).
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createVault, newId, openVault, vaultFile } from '../main/vault';
import type { Vault } from '../main/vault';
import { existsSync } from 'node:fs';

export const BENCH_PASSPHRASE = 'bench passphrase for the workspace';

export interface SeedOptions {
  readonly clients: number;
  readonly perClient: number;
  /** One extra client with this many connections (0: none). */
  readonly big: number;
  readonly now?: Date;
}

export interface SeedResult {
  readonly tenants: number;
  readonly connections: number;
  readonly bigTenantName: string | null;
  readonly ms: number;
}

const CONNECTORS = [
  { id: 'demo', regions: [null] },
  { id: 'amazon_sp', regions: ['eu-west-1', 'us-east-1', 'us-west-2'] },
  { id: 'ebay', regions: [null] },
  { id: 'etsy', regions: [null] },
  { id: 'shopify', regions: [null] },
] as const;

const DAY = 86_400_000;

/** The state mix: mostly active; some lost consent, degraded, renew soon, paused, never checked. */
function stateFor(i: number): { state: string; reason: string | null; paused: boolean; renewDays: number | null; checked: boolean } {
  const k = i % 40;
  if (k === 0) return { state: 'needs_consent', reason: 'invalid_grant', paused: false, renewDays: null, checked: true };
  if (k === 1) return { state: 'degraded', reason: 'server_error', paused: false, renewDays: 200, checked: true };
  if (k === 2) return { state: 'active', reason: null, paused: false, renewDays: 9, checked: true };
  if (k === 3) return { state: 'active', reason: 'paused', paused: true, renewDays: 120, checked: true };
  if (k === 4) return { state: 'degraded', reason: 'not_verified', paused: false, renewDays: null, checked: false };
  return { state: 'active', reason: null, paused: false, renewDays: 90 + (i % 200), checked: true };
}

export function seedWorkspace(vault: Vault, opts: SeedOptions): SeedResult {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const at = now.toISOString();
  const db = vault.db;
  const tenant = db.prepare('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)');
  const grant = db.prepare(
    `INSERT INTO grants (id, connector_id, external_account, region, scopes_requested, scopes_granted, consent_granted_at, consent_expires_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, '["profile","reports.read"]', '["profile","reports.read"]', ?, ?, ?, ?)`,
  );
  const credential = db.prepare('INSERT INTO credentials (grant_id, refresh_token, token_type, version, issued_at) VALUES (?, ?, ?, 1, ?)');
  const connection = db.prepare(
    `INSERT INTO connections (id, tenant_id, connector_id, grant_id, account, region, state, reason, paused_at, settings, last_refresh_at, last_probe_at, next_refresh_at, failure_count, retry_after, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const health = db.prepare('INSERT INTO health_events (connection_id, at, state, reason, detail) VALUES (?, ?, ?, ?, NULL)');
  let count = 0;
  const addConnections = (tenantId: string, tenantNo: number, n: number): void => {
    for (let j = 0; j < n; j += 1) {
      const c = CONNECTORS[j % CONNECTORS.length]!;
      const region = c.regions[j % c.regions.length] ?? null;
      const s = stateFor(tenantNo * 7 + j);
      const grantId = newId('grt');
      const id = newId('con');
      const renew = s.renewDays === null ? null : new Date(now.getTime() + s.renewDays * DAY).toISOString();
      const lastRefresh = s.checked ? new Date(now.getTime() - ((j % 50) + 1) * 60_000).toISOString() : null;
      grant.run(grantId, c.id, `shop-${tenantNo}-${j}`, region, new Date(now.getTime() - 30 * DAY).toISOString(), renew, at, at);
      credential.run(grantId, vault.seal(randomBytes(24).toString('base64url'), { table: 'credentials', rowId: grantId, column: 'refresh_token' }), 'bearer', at);
      const failing = s.state === 'degraded' && s.checked;
      connection.run(
        id, tenantId, c.id, grantId, `shop-${tenantNo}-${j}`, region, s.state, s.reason, s.paused ? at : null,
        lastRefresh, lastRefresh, new Date(now.getTime() + 3_600_000).toISOString(), failing ? 2 : 0,
        failing ? new Date(now.getTime() + 300_000).toISOString() : null, at, at,
      );
      health.run(id, new Date(now.getTime() - 20 * DAY).toISOString(), 'active', null);
      if (s.state !== 'active') health.run(id, new Date(now.getTime() - 2 * DAY).toISOString(), s.state, s.reason);
      count += 1;
    }
  };
  let bigTenantName: string | null = null;
  vault.transaction(() => {
    for (let i = 0; i < opts.clients; i += 1) {
      const id = newId('ten');
      tenant.run(id, `Client ${i + 1}`, at);
      addConnections(id, i + 1, opts.perClient);
    }
    if (opts.big > 0) {
      const id = newId('ten');
      bigTenantName = 'Big Retail Group';
      tenant.run(id, bigTenantName, at);
      addConnections(id, 0, opts.big);
    }
  });
  return { tenants: opts.clients + (opts.big > 0 ? 1 : 0), connections: count, bigTenantName, ms: performance.now() - started };
}

/** Creates (or opens) the vault at `dir` with the passphrase and seeds it. */
export function seedVaultDir(dir: string, passphrase: string, opts: SeedOptions): SeedResult {
  const scrypt = { N: 2 ** 14, r: 8, p: 1 };
  const vault = existsSync(vaultFile(dir)) ? openVault(dir, { passphrase }, { scrypt }) : createVault(dir, { passphrase, scrypt });
  try {
    return seedWorkspace(vault, opts);
  } finally {
    vault.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { vault: { type: 'string' }, clients: { type: 'string', default: '500' }, per: { type: 'string', default: '10' }, big: { type: 'string', default: '1000' } } });
  if (values.vault === undefined) throw new Error('--vault DIR is required');
  const result = seedVaultDir(values.vault, process.env.FIVEX_VAULT_PASSPHRASE ?? BENCH_PASSPHRASE, {
    clients: Number(values.clients),
    perClient: Number(values.per),
    big: Number(values.big),
  });
  console.log(`seeded ${result.tenants} clients, ${result.connections} connections in ${Math.round(result.ms)} ms`);
}
