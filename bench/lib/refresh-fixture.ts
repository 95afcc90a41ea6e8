// What the refresh benchmarks run against: a local token endpoint that answers every refresh after
// a fixed latency with a rotated pair, and a vault seeded the way a user's is (a custom connector
// file registered as `connector add` does, an app registration, tenants, N connections due now),
// built once and copied for each repetition so every run starts from the same file.
import { closeSync, copyFileSync, fsyncSync, mkdirSync, mkdtempSync, openSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenSet } from '../../main/oauth/token-types';
import { createServices } from '../../main/services';
import { createVault, VAULT_FILE_NAME } from '../../main/vault';

export const BENCH_PASSPHRASE = 'bench passphrase, not a secret';
export const BENCH_CLIENT_ID = 'bench-client';
export const BENCH_CLIENT_SECRET = 'bench-client-secret';
export const BENCH_CONNECTOR_ID = 'bench-market';
// Cheap key derivation: unlocking is timed apart from the refreshes anyway.
const BENCH_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export interface TokenEndpoint {
  readonly url: string;
  /** Token requests answered so far. */
  answered(): number;
  close(): Promise<void>;
}

/** Answers every POST after `latencyMs` with a new access token and a rotated refresh token. */
export async function startTokenEndpoint(latencyMs: number): Promise<TokenEndpoint> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n += 1;
      const body = JSON.stringify({ access_token: `AT-${n}-${'x'.repeat(380)}`, refresh_token: `RT-${n}-${'y'.repeat(380)}`, token_type: 'Bearer', expires_in: 3600 });
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(body);
      }, latencyMs);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
    answered: () => n,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function seedTokens(i: number): TokenSet {
  return {
    accessToken: `AT-seed-${i}-${'a'.repeat(380)}`,
    refreshToken: `RT-seed-${i}-${'r'.repeat(380)}`,
    tokenType: 'bearer',
    accessExpiresAt: new Date(Date.now() + 3_600_000),
    refreshExpiresAt: null,
    scopes: null,
    extra: {},
  };
}

/** The refresh token seeded for connection i: the bare loop sends the same bodies. */
export function seedRefreshToken(i: number): string {
  return `RT-seed-${i}-${'r'.repeat(380)}`;
}

function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface SeedOptions {
  readonly tokenUrl: string;
  readonly connections: number;
  /** Every dueEvery-th connection is due now; the others are due in about an hour. */
  readonly dueEvery: number;
  readonly concurrency: number;
}

/**
 * Builds a template vault folder; copy() gives a fresh copy of it per run. The template is closed
 * (checkpointed, its WAL gone) before it is copied, so the vault file is all there is to copy.
 */
export function seedVault(opts: SeedOptions): { readonly template: string; copy(): string } {
  const root = mkdtempSync(join(tmpdir(), 'fivex-refresh-bench-'));
  const template = join(root, 'template');
  const vault = createVault(template, { passphrase: BENCH_PASSPHRASE, scrypt: BENCH_SCRYPT });
  try {
    const services = createServices(vault);
    const file = JSON.stringify({
      id: BENCH_CONNECTOR_ID,
      name: 'Bench Market',
      authorizationEndpoint: 'http://127.0.0.1:9/authorize',
      tokenEndpoint: opts.tokenUrl,
      scopes: [],
      pkce: 'S256',
      clientAuth: 'basic',
      maxConcurrentRefreshes: opts.concurrency,
    });
    services.connectors.add(file, 'bench-market.json');
    services.registrations.set({ connectorId: BENCH_CONNECTOR_ID, clientId: BENCH_CLIENT_ID, clientSecret: BENCH_CLIENT_SECRET });
    const tenants = Array.from({ length: 100 }, (_, i) => services.tenants.add(`Tenant ${i}`).id);
    vault.transaction(() => {
      for (let i = 0; i < opts.connections; i += 1) {
        services.engine.store.createConnectionWithGrant({
          tenantId: tenants[i % tenants.length]!,
          connectorId: BENCH_CONNECTOR_ID,
          account: `Store ${i}`,
          tokens: seedTokens(i),
          dueNow: i % opts.dueEvery === 0,
        });
      }
    });
  } finally {
    vault.close();
  }
  let copies = 0;
  return {
    template,
    copy() {
      const dir = join(root, `run-${copies++}`);
      mkdirSync(dir, { mode: 0o700 });
      const file = join(dir, VAULT_FILE_NAME);
      copyFileSync(join(template, VAULT_FILE_NAME), file);
      // On disk before the run, like a user's vault: otherwise the product's first fsync (ext4
      // orders data before metadata) would also write back the whole fresh copy, and be timed.
      syncPath(file);
      syncPath(dir);
      return dir;
    },
  };
}
