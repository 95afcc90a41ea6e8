// security.md T32 (R35). A tampered secret is a state, not a crash: a byte of a sealed token is edited in the closed
// vault file (better-sqlite3, as an attacker or a bad restore would), then the real CLI binary
// runs refresh, token, probe and monitor. Each exits 1 with the stable code secret_tampered (or,
// for monitor, counts a failure), the connection reads needs_consent / secret_tampered with
// en+es texts, the event is audited, the damaged token never reaches the marketplace, and a
// reconnect-equivalent (a new consent) heals it.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { explainReason } from '../../main/health/reasons';
import { VAULT_FILE_NAME } from '../../main/vault/types';
import { CLI_BUILT, runCli, runCliProcess, tempDir } from '../support/cli';
import { startFakeTokenServer, tokenAnswer } from '../refresh/support/fake-token-server';
import type { FakeTokenServer } from '../refresh/support/fake-token-server';

interface Connection {
  readonly id: string;
  readonly state: string;
  readonly reason: string | null;
}

let server: FakeTokenServer;
let dir: string;
let vault: string;
let cleanup: () => void;
const v = (...args: string[]): string[] => ['--vault', vault, '--json', ...args];

beforeAll(async () => {
  server = await startFakeTokenServer();
});
afterAll(async () => {
  await server.close();
});


async function onlyConnection(): Promise<Connection> {
  const list = (await runCli(v('connections'))).json<Connection[]>();
  expect(list).toHaveLength(1);
  return list[0]!;
}

/** Flips one byte inside the ciphertext (past the version byte and nonce) of a sealed column. */
function tamper(column: 'access_token' | 'refresh_token'): void {
  const db = new Database(join(vault, VAULT_FILE_NAME));
  try {
    const row = db.prepare(`SELECT grant_id, ${column} AS blob FROM credentials`).get() as { grant_id: string; blob: Buffer | null };
    expect(row.blob).not.toBeNull();
    const edited = Buffer.from(row.blob!);
    edited[14] = edited[14]! ^ 0x01;
    db.prepare(`UPDATE credentials SET ${column} = ? WHERE grant_id = ?`).run(edited, row.grant_id);
  } finally {
    db.close();
  }
}

async function tamperedAudits(): Promise<Array<{ action: string; outcome: string; detail: Record<string, unknown> }>> {
  return (await runCli(v('audit', 'list', '--action', 'vault.secret_tampered'))).json();
}

const run = CLI_BUILT ? runCliProcess : runCli;

describe.skipIf(!CLI_BUILT)('a tampered secret through the built CLI (needs `npx electron-vite build`)', () => {
  beforeEach(async () => {
    ({ dir, cleanup } = tempDir());
    vault = join(dir, 'vault');
    server.handle((req) => (req.path === '/revoke' ? { status: 200, body: '' } : tokenAnswer({ refresh: 'RT-next' })));
    const file = join(dir, 'fake.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'fake-market',
        name: 'Fake Market',
        authorizationEndpoint: server.endpoints.authorize,
        tokenEndpoint: server.endpoints.token,
        revocationEndpoint: server.endpoints.revoke,
        probe: { url: server.endpoints.api, method: 'GET' },
        scopes: ['orders.read'],
        pkce: 'S256',
        clientAuth: 'basic',
      }),
    );
    for (const args of [['init'], ['connector', 'add', file]]) expect((await runCli(v(...args))).code).toBe(0);
    expect((await runCli(v('app', 'set', 'fake-market', '--client-id', 'app-1', '--client-secret-env', 'S'), { env: { S: 'app-secret' } })).code).toBe(0);
    const lines = join(dir, 'import.jsonl');
    writeFileSync(lines, `${JSON.stringify({ tenant: 'Acme Foods', connector: 'fake-market', account: 'Main store', refreshToken: 'RT-imported-canary' })}\n`);
    expect((await runCli(v('import', lines))).code).toBe(0);
    return () => cleanup();
  });

  it('refresh: exit 1, needs_consent / secret_tampered, audited, nothing sent to the marketplace', async () => {
    const conn = await onlyConnection();
    tamper('refresh_token');
    const before = server.count('/token');
    const r = await run(v('refresh', conn.id));
    expect(r.code).toBe(1);
    expect(r.json<Connection>()).toMatchObject({ id: conn.id, state: 'needs_consent', reason: 'secret_tampered' });
    expect(r.stderr).toContain("failed the vault's integrity check");
    expect(r.stderr).toContain(`fivex-connect reconnect ${conn.id}`);
    expect(r.stderr).not.toMatch(/internal|please report/);
    expect(server.count('/token')).toBe(before);
    const audits = await tamperedAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ outcome: 'failed', detail: { table: 'credentials', column: 'refresh_token' } });
    expect(JSON.stringify(audits)).not.toContain('RT-imported-canary');
  });

  it('a ciphertext swapped in from another connection fails the same way (bound to its row)', async () => {
    const more = join(dir, 'more.jsonl');
    writeFileSync(more, `${JSON.stringify({ tenant: 'Acme Foods', connector: 'fake-market', account: 'Second store', refreshToken: 'RT-second-canary' })}\n`);
    expect((await runCli(v('import', more))).code).toBe(0);
    const db = new Database(join(vault, VAULT_FILE_NAME));
    try {
      const rows = db.prepare('SELECT grant_id, refresh_token FROM credentials ORDER BY grant_id').all() as Array<{ grant_id: string; refresh_token: Buffer }>;
      expect(rows).toHaveLength(2);
      const swap = db.prepare('UPDATE credentials SET refresh_token = ? WHERE grant_id = ?');
      swap.run(rows[1]!.refresh_token, rows[0]!.grant_id);
      swap.run(rows[0]!.refresh_token, rows[1]!.grant_id);
    } finally {
      db.close();
    }
    const list = (await runCli(v('connections'))).json<Connection[]>();
    const sentBefore = server.requests.length;
    for (const conn of list) {
      const r = await run(v('refresh', conn.id));
      expect(r.code).toBe(1);
      expect(r.json<Connection>()).toMatchObject({ state: 'needs_consent', reason: 'secret_tampered' });
    }
    expect(server.requests.slice(sentBefore)).toEqual([]);
  });

  it('token: exit 1 with {"error":"secret_tampered"}, and the state says so afterwards', async () => {
    const conn = await onlyConnection();
    const fresh = await runCli(v('refresh', conn.id));
    expect(fresh.code, fresh.stderr).toBe(0); // now it has an access token
    tamper('access_token');
    const r = await run(v('token', conn.id));
    expect(r.code).toBe(1);
    const out = r.json<{ error: string; message: string }>();
    expect(out.error).toBe('secret_tampered');
    expect(out.message).toMatch(/stored access token of connection .* failed the vault's integrity check/);
    expect(r.stdout).not.toMatch(/AT-/);
    expect(await onlyConnection()).toMatchObject({ state: 'needs_consent', reason: 'secret_tampered' });
    // Asked again, the answer is the same stable code, not needs_consent.
    expect((await run(v('token', conn.id))).json<{ error: string }>().error).toBe('secret_tampered');
    expect((await tamperedAudits())[0]).toMatchObject({ detail: { column: 'access_token' } });
  });

  it('probe: exit 1, reason secret_tampered; the API never sees the damaged token', async () => {
    const conn = await onlyConnection();
    const fresh = await runCli(v('refresh', conn.id));
    expect(fresh.code, fresh.stderr).toBe(0);
    tamper('access_token');
    const apiCalls = server.count('/api');
    const r = await run(v('probe', conn.id));
    expect(r.code).toBe(1);
    expect(r.json<Connection>()).toMatchObject({ state: 'needs_consent', reason: 'secret_tampered' });
    expect(server.count('/api')).toBe(apiCalls);
  });

  it('revoke --yes still works: local tokens shredded, remote revocation reported unsupported, with where to remove the app', async () => {
    const conn = await onlyConnection();
    tamper('refresh_token');
    const r = await run(v('revoke', conn.id, '--yes'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ id: conn.id, state: 'disconnected', remoteRevocation: 'unsupported' });
    expect(server.count('/revoke')).toBe(0);
    const db = new Database(join(vault, VAULT_FILE_NAME), { readonly: true });
    try {
      expect(db.prepare('SELECT refresh_token, access_token FROM credentials').get()).toEqual({ refresh_token: null, access_token: null });
    } finally {
      db.close();
    }
  });

  it('monitor --once: counted as failed, exit 0, and the next tick leaves it alone', async () => {
    tamper('refresh_token');
    const tick = await run(v('monitor', '--once'));
    expect(tick.code, tick.stderr).toBe(0);
    expect(tick.json()).toMatchObject({ due: 1, refreshed: 0, failed: 1 });
    expect(await onlyConnection()).toMatchObject({ state: 'needs_consent', reason: 'secret_tampered' });
    const again = (await run(v('monitor', '--once'))).json<{ due: number }>();
    expect(again.due).toBe(0);
  });
});

describe('the secret_tampered reason', () => {
  it('explains itself in English and Spanish, saying a reconnect heals it', () => {
    const en = explainReason('secret_tampered', { lang: 'en' });
    const es = explainReason('secret_tampered', { lang: 'es' });
    expect(en.meaning).toContain("failed the vault's integrity check");
    expect(en.whoCanFix).toContain('reconnects it');
    expect(es.meaning).toContain('comprobación de integridad');
    expect(es.whoCanFix).toContain('la reconecta');
  });
});
