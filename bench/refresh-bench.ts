// Refresh benchmarks:
//  (a) the scheduler's runDue (the `monitor --once` path) refreshing 1,000 due connections against a
//      local token endpoint that answers after 10 ms, vs a bare loop making the same HTTP calls at the
//      same concurrency in the same run: at the connectors' default concurrency (4; target ≤ 1.2×),
//      and at 16 as a CPU-bound reference (no target), next to the token client on its own at 16,
//      which shows how much of that is the token client rather than the engine;
//  (b) the scheduler's cost per tick over 10,000 connections: nothing due, and 100 due (no floor).
// Standalone: `npx tsx bench/refresh-bench.ts`; bench/run.ts calls runRefreshBench().
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { ConnectorDefinition } from '../connectors/types';
import { resolveConnector } from '../main/oauth/resolve';
import { createTokenClient } from '../main/oauth/token-client';
import type { TokenSet } from '../main/oauth/token-types';
import { AppRegistrationsRepo } from '../main/repos/app-registrations';
import { TenantsRepo } from '../main/repos/tenants';
import { createCredentialEngine } from '../main/refresh';
import type { CredentialEngine } from '../main/refresh';
import { createVault } from '../main/vault';
import type { Vault } from '../main/vault';
import { testConnector } from '../test/oauth/token/fixtures';
import { formatResults, median, overTarget, type BenchResult } from './lib/measure';

const REFRESHES = 1_000;
// The default maxConcurrentRefreshes of connectors (generic and custom files): what runs in practice.
const DEFAULT_CONCURRENCY = 4;
// A reference point where the process is CPU-bound on a 2-core machine: there the token client's
// own cost (reported on its own) and the synchronous fsync per group commit show.
const HIGH_CONCURRENCY = 16;
const LATENCY_MS = 10;
const TICK_CONNECTIONS = 10_000;
const TICK_DUE = 100;
const TARGET = 1.2;
const REPETITIONS = 5;
const BENCH_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
const CLIENT_SECRET = 'bench-client-secret';

interface TokenEndpoint {
  readonly url: string;
  close(): Promise<void>;
}

/** A token endpoint that answers every refresh after LATENCY_MS with a rotated pair. */
async function startTokenEndpoint(): Promise<TokenEndpoint> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n += 1;
      const body = JSON.stringify({ access_token: `AT-${n}-${'x'.repeat(380)}`, refresh_token: `RT-${n}-${'y'.repeat(380)}`, token_type: 'Bearer', expires_in: 3600 });
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(body);
      }, LATENCY_MS);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function tokens(i: number, expiresInSec: number): TokenSet {
  return {
    accessToken: `AT-seed-${i}-${'a'.repeat(380)}`,
    refreshToken: `RT-seed-${i}-${'r'.repeat(380)}`,
    tokenType: 'bearer',
    accessExpiresAt: new Date(Date.now() + expiresInSec * 1000),
    refreshExpiresAt: null,
    scopes: null,
    extra: {},
  };
}

interface Setup {
  readonly root: string;
  readonly vault: Vault;
  readonly engine: CredentialEngine;
}

function setUp(endpoint: string, connections: number, dueEvery: number, concurrency: number = DEFAULT_CONCURRENCY): Setup {
  const root = mkdtempSync(join(tmpdir(), 'fivex-refresh-bench-'));
  const vault = createVault(join(root, 'vault'), { passphrase: 'bench passphrase', scrypt: BENCH_SCRYPT });
  const connector: ConnectorDefinition = testConnector({
    endpoints: { token: endpoint },
    clientAuth: 'basic',
    revocation: { method: 'none' },
    maxConcurrentRefreshes: concurrency,
  });
  const registrations = new AppRegistrationsRepo(vault);
  registrations.set({ connectorId: connector.id, clientId: 'bench-client', clientSecret: CLIENT_SECRET });
  const registration = registrations.get(connector.id);
  const tenants = new TenantsRepo(vault.db);
  const tenantIds = Array.from({ length: 100 }, (_, i) => tenants.add(`Tenant ${i}`).id);
  const engine = createCredentialEngine({
    vault,
    tokenClient: createTokenClient({ timeoutMs: 30_000 }),
    connectors: (id) => (id === connector.id ? connector : undefined),
    // The composition root caches the opened registration; so does the bench.
    registrations: (id) => (id === connector.id ? registration : undefined),
  });
  vault.transaction(() => {
    for (let i = 0; i < connections; i += 1) {
      const due = i % dueEvery === 0;
      engine.store.createConnectionWithGrant({
        tenantId: tenantIds[i % tenantIds.length]!,
        connectorId: connector.id,
        account: `Store ${i}`,
        tokens: tokens(i, 3600),
        dueNow: due,
      });
    }
  });
  return { root, vault, engine };
}

function tearDown(s: Setup): void {
  s.vault.close();
  rmSync(s.root, { recursive: true, force: true });
}

/** The floor: the same refresh requests, same client auth and body, `concurrency` at a time. */
async function bareLoop(url: string, count: number, concurrency: number = DEFAULT_CONCURRENCY): Promise<number> {
  const auth = `Basic ${Buffer.from(`bench-client:${CLIENT_SECRET}`).toString('base64')}`;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const res = await fetch(url, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' },
          body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: `RT-seed-${i}-${'r'.repeat(380)}` }).toString(),
        });
        await res.json();
      }
    }),
  );
  return performance.now() - start;
}

/** runDue vs the bare loop at one concurrency, alternating which goes first. */
async function benchRunDue(endpoint: TokenEndpoint, concurrency: number, target: number | null, label: string): Promise<BenchResult> {
  const values: number[] = [];
  const floors: number[] = [];
  for (let round = 0; round < REPETITIONS; round += 1) {
    const s = setUp(endpoint.url, REFRESHES, 1, concurrency);
    try {
      if (round % 2 === 1) floors.push(await bareLoop(endpoint.url, REFRESHES, concurrency));
      const start = performance.now();
      const tick = await s.engine.scheduler.runDue();
      values.push(performance.now() - start);
      if (tick.refreshed !== REFRESHES) throw new Error(`runDue refreshed ${tick.refreshed} of ${REFRESHES}`);
      if (round % 2 === 0) floors.push(await bareLoop(endpoint.url, REFRESHES, concurrency));
    } finally {
      tearDown(s);
    }
  }
  const value = median(values);
  const floor = median(floors);
  return { name: `runDue: ${REFRESHES} refreshes, ${LATENCY_MS} ms endpoint, ${concurrency} at a time${label}`, value, floor, ratio: value / floor, target, unit: 'ms' };
}

/** The token client on its own (no engine, no database) against the same floor: its share of the cost. */
async function benchTokenClient(endpoint: TokenEndpoint, concurrency: number): Promise<BenchResult> {
  const connector = testConnector({ endpoints: { token: endpoint.url }, clientAuth: 'basic' });
  const registration = { id: 'app_bench', connectorId: connector.id, clientId: 'bench-client', clientSecret: CLIENT_SECRET, clientSecretSetAt: null, redirectStrategy: null, redirectUri: null, endpointOverrides: {}, params: {}, brokenReason: null };
  const rc = resolveConnector({ connector, registration });
  const client = createTokenClient({ timeoutMs: 30_000 });
  const values: number[] = [];
  const floors: number[] = [];
  for (let round = 0; round < REPETITIONS; round += 1) {
    if (round % 2 === 1) floors.push(await bareLoop(endpoint.url, REFRESHES, concurrency));
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < REFRESHES) await client.refresh(rc, `RT-seed-${next++}`);
      }),
    );
    values.push(performance.now() - start);
    if (round % 2 === 0) floors.push(await bareLoop(endpoint.url, REFRESHES, concurrency));
  }
  const value = median(values);
  const floor = median(floors);
  return { name: `token client alone: ${REFRESHES} refreshes, ${concurrency} at a time (reference)`, value, floor, ratio: value / floor, target: null, unit: 'ms' };
}

async function benchTicks(endpoint: TokenEndpoint): Promise<BenchResult[]> {
  const s = setUp(endpoint.url, TICK_CONNECTIONS, TICK_CONNECTIONS / TICK_DUE);
  try {
    // Some due: the first tick refreshes the TICK_DUE due connections.
    const started = performance.now();
    const first = await s.engine.scheduler.runDue();
    const someDue = performance.now() - started;
    if (first.due !== TICK_DUE) throw new Error(`expected ${TICK_DUE} due, got ${first.due}`);
    // Nothing due: what a monitor pays every tick on a quiet vault.
    const quiet: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const t = performance.now();
      const r = await s.engine.scheduler.runDue();
      quiet.push(performance.now() - t);
      if (r.due !== 0) throw new Error('a quiet tick found work');
    }
    return [
      { name: `tick over ${TICK_CONNECTIONS} connections, nothing due`, value: median(quiet), floor: null, ratio: null, target: null, unit: 'ms' },
      { name: `tick over ${TICK_CONNECTIONS} connections, ${TICK_DUE} due`, value: someDue, floor: null, ratio: null, target: null, unit: 'ms' },
    ];
  } finally {
    tearDown(s);
  }
}

export async function runRefreshBench(): Promise<BenchResult[]> {
  const endpoint = await startTokenEndpoint();
  try {
    return [
      await benchRunDue(endpoint, DEFAULT_CONCURRENCY, TARGET, ' (connector default)'),
      await benchRunDue(endpoint, HIGH_CONCURRENCY, null, ' (CPU-bound reference)'),
      await benchTokenClient(endpoint, HIGH_CONCURRENCY),
      ...(await benchTicks(endpoint)),
    ];
  } finally {
    await endpoint.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runRefreshBench();
  console.log(`median of ${REPETITIONS} runs, node ${process.version}`);
  console.log(formatResults(results));
  if (overTarget(results)) process.exitCode = 1;
}
