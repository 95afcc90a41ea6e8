// The credential engine through the CLI, end to end against a real authorization server (node
// oidc-provider on 127.0.0.1): connect over loopback and relay paste, declined consent, refresh
// with rotation, a 503 then success, credential use, pause/resume, import + monitor, revocation
// with the endpoint up and down.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeCompletionCode, RELAY_MARKER_PARAM } from '../../main/oauth/protocol';
import { VAULT_FILE_NAME } from '../../main/vault/types';
import { browseToCallback } from '../support/browser';
import { runCli, startCli, tempDir } from '../support/cli';
import { startOidcServer, type OidcServer } from '../support/oidc-server';

interface Connection {
  id: string;
  tenantId: string;
  tenant: string;
  connector: string;
  account: string;
  state: string;
  reason: string | null;
  accessExpiresAt: string | null;
  lastRefreshAt: string | null;
}

let as: OidcServer;
let dir: string;
let cleanup: () => void;
let vault: string;
const v = (...args: string[]): string[] => ['--vault', vault, '--json', ...args];

beforeAll(async () => {
  as = await startOidcServer({ accessTokenTtl: 300 });
});
afterAll(async () => {
  await as.close();
});

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  vault = join(dir, 'vault');
  as.denyConsent(false);
  const client = as.clients.confidential;
  const file = join(dir, 'oidc-test.json');
  writeFileSync(
    file,
    JSON.stringify({
      id: 'oidc-test',
      name: 'OIDC Test Market',
      authorizationEndpoint: as.endpoints.authorize,
      tokenEndpoint: as.endpoints.token,
      revocationEndpoint: as.endpoints.revoke,
      probe: { url: as.endpoints.api, method: 'GET' },
      scopes: as.scopes.slice(0, 2),
      pkce: 'S256',
      clientAuth: 'basic',
    }),
  );
  expect((await runCli(v('init'))).code).toBe(0);
  expect((await runCli(v('tenant', 'add', 'Acme Foods'))).code).toBe(0);
  expect((await runCli(v('connector', 'add', file))).code).toBe(0);
  const set = await runCli(v('app', 'set', 'oidc-test', '--client-id', client.clientId, '--client-secret-env', 'OIDC_SECRET'), {
    env: { OIDC_SECRET: client.clientSecret! },
  });
  expect(set.code, set.stderr).toBe(0);
  return () => cleanup();
});

/** Runs `connect` over loopback and approves in the "browser". */
async function connectLoopback(extra: string[] = []): Promise<Connection> {
  const live = startCli(v('connect', 'Acme Foods', 'oidc-test', '--redirect', 'loopback', '--no-browser', '--account', 'Main store', ...extra));
  const authorize = await live.waitForEvent<{ url: string }>((e) => e.event === 'authorize');
  const url = new URL(authorize.url);
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  const redirect = url.searchParams.get('redirect_uri')!;
  expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
  const { delivery } = await browseToCallback(url, { stopAt: redirect, deliver: true });
  expect(delivery?.status).toBe(200);
  const run = await live.done;
  expect(run.code, run.stderr).toBe(0);
  const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; connection?: Connection });
  expect(events.map((e) => e.event)).toEqual(['authorize', 'connected']);
  return events[1]!.connection!;
}

describe('connect', () => {
  it('connects over a loopback redirect and lists the connection as active', async () => {
    const conn = await connectLoopback();
    expect(conn).toMatchObject({ tenant: 'Acme Foods', connector: 'oidc-test', account: 'Main store', state: 'active', reason: null });
    expect(conn.accessExpiresAt).not.toBeNull();
    const list = (await runCli(v('connections'))).json<Connection[]>();
    expect(list.map((c) => c.id)).toEqual([conn.id]);
    const tenants = (await runCli(v('tenant', 'list'))).json<Array<{ connections: number }>>();
    expect(tenants[0]!.connections).toBe(1);
  });

  it('completes a relay consent from a pasted completion code, refusing a stranger\'s code first', async () => {
    // The relay page is registered as the redirect URI; the seller approved elsewhere and sent the code.
    const relay = 'http://127.0.0.1:9/oauth/callback';
    expect((await runCli(v('app', 'set', 'oidc-test', '--client-id', as.clients.confidential.clientId, '--redirect-uri', relay))).code).toBe(0);
    const live = startCli(v('connect', 'Acme Foods', 'oidc-test', '--redirect', 'relay', '--no-browser'));
    const authorize = await live.waitForEvent<{ url: string }>((e) => e.event === 'authorize');
    const { callbackUrl } = await browseToCallback(authorize.url, { stopAt: relay });
    const forged = encodeCompletionCode([['code', 'stolen'], ['state', 'x'.repeat(43)]]);
    live.write(`${forged}\n`);
    // The relay page adds the address it was served from, so the app can check the redirect (R6).
    live.write(`${encodeCompletionCode([...callbackUrl.searchParams, [RELAY_MARKER_PARAM, relay]])}\n`);
    await live.waitForEvent((e) => e.event === 'connected' || e.event === 'failed', 10_000);
    live.endInput();
    const run = await live.done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/not accepted/);
    expect(run.stdout).toContain('"event":"connected"');
  });

  it('reports declined consent as failed with a plain message and exit 1', async () => {
    as.denyConsent(true);
    const live = startCli(v('connect', 'Acme Foods', 'oidc-test', '--redirect', 'loopback', '--no-browser'));
    const authorize = await live.waitForEvent<{ url: string }>((e) => e.event === 'authorize');
    const redirect = new URL(authorize.url).searchParams.get('redirect_uri')!;
    await browseToCallback(authorize.url, { stopAt: redirect, deliver: true });
    const run = await live.done;
    expect(run.code).toBe(1);
    const last = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { event: string; reason: string; message: string };
    expect(last).toMatchObject({ event: 'failed', reason: 'access_denied' });
    expect((await runCli(v('connections'))).json()).toEqual([]);
  });

  it('fails at once, saying what to start, when nothing answers at a local sign-in page', async () => {
    expect((await runCli(v('app', 'set', 'demo', '--client-id', 'demo', '--param', 'baseUrl=http://127.0.0.1:9'))).code).toBe(0);
    const started = Date.now();
    const r = await runCli(v('connect', 'Acme Foods', 'demo', '--no-browser'));
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { event: string; reason: string; message: string };
    expect(last).toMatchObject({ event: 'failed', reason: 'offline' });
    expect(last.message).toContain('fivex-connect demo');
  });

  it('names an unknown tenant or connector and a missing app registration', async () => {
    expect((await runCli(v('connect', 'Nobody', 'oidc-test'))).stderr).toContain('unknown tenant "Nobody"');
    expect((await runCli(v('connect', 'Acme Foods', 'nope'))).stderr).toContain('unknown connector "nope"');
    const r = await runCli(v('connect', 'Acme Foods', 'ebay'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no app registration for eBay/i);
  });
});

describe('a connected connection', () => {
  it('refreshes with rotation, survives a 503, hands out audited tokens, pauses and resumes', async () => {
    const conn = await connectLoopback();
    const before = as.stats.tokenRequests;
    const refreshed = await runCli(v('refresh', conn.id));
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(refreshed.json<Connection>()).toMatchObject({ id: conn.id, state: 'active' });
    expect(as.stats.tokenRequests).toBe(before + 1);

    as.failNextTokenRequests(1, 503, '1');
    const flaky = await runCli(v('refresh', conn.id));
    expect(flaky.code).toBe(1);
    expect(flaky.json<Connection>()).toMatchObject({ state: 'degraded' });
    const healed = await runCli(v('refresh', conn.id));
    expect(healed.code, healed.stderr).toBe(0);
    expect(healed.json<Connection>().state).toBe('active');

    const token = await runCli(v('token', conn.id));
    expect(token.code, token.stderr).toBe(0);
    const t = token.json<{ accessToken: string; expiresAt: string; headers: Record<string, string> }>();
    expect(t.accessToken.length).toBeGreaterThan(10);
    const api = await fetch(as.endpoints.api, { headers: { authorization: `Bearer ${t.accessToken}` } });
    expect(api.status).toBe(200);
    const uses = (await runCli(v('audit', 'list', '--action', 'credential.use'))).json<Array<{ actor: string; connection: string }>>();
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatchObject({ connection: conn.id, actor: expect.stringMatching(/^os:/) });

    expect((await runCli(v('probe', conn.id))).code).toBe(0);

    const paused = await runCli(v('pause', conn.id));
    expect(paused.code).toBe(0);
    expect((await runCli(v('refresh', conn.id))).code).toBe(1);
    expect((await runCli(v('resume', conn.id))).code).toBe(0);
    expect((await runCli(v('audit', 'verify'))).code).toBe(0);
  });

  it('reads needs_consent at once when the grant is gone, and reconnect heals the same id', async () => {
    const conn = await connectLoopback();
    const token = (await runCli(v('token', conn.id))).json<{ accessToken: string }>();
    expect(token.accessToken).toBeTruthy();
    // Revoke the refresh token behind the app's back (as a seller removing the app would).
    const first = await runCli(v('revoke', conn.id, '--dry-run'));
    expect(first.json<{ stops: string[] }>().stops.length).toBeGreaterThan(0);

    const live = startCli(v('reconnect', conn.id, '--redirect', 'loopback', '--no-browser'));
    const authorize = await live.waitForEvent<{ url: string }>((e) => e.event === 'authorize');
    const redirect = new URL(authorize.url).searchParams.get('redirect_uri')!;
    await browseToCallback(authorize.url, { stopAt: redirect, deliver: true });
    const run = await live.done;
    expect(run.code, run.stderr).toBe(0);
    const again = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { connection: Connection };
    expect(again.connection).toMatchObject({ id: conn.id, state: 'active' });
  });

  it('revokes remotely, shreds locally, and keeps a failed remote revocation pending until the monitor retries it', async () => {
    const a = await connectLoopback(['--account', 'A']);
    const done = await runCli(v('revoke', a.id, '--yes'));
    expect(done.code, done.stderr).toBe(0);
    expect(done.json()).toEqual({ id: a.id, state: 'disconnected', remoteRevocation: 'done' });
    expect((await runCli(v('token', a.id))).code).toBe(1);
    const listed = (await runCli(v('connections', '--state', 'disconnected'))).json<Connection[]>();
    expect(listed.map((c) => c.id)).toEqual([a.id]);

    const b = await connectLoopback(['--account', 'B']);
    // The revocation endpoint is down: point it at a closed port.
    expect((await runCli(v('app', 'set', 'oidc-test', '--client-id', as.clients.confidential.clientId, '--endpoint', 'revoke=http://127.0.0.1:9/revoke'))).code).toBe(0);
    const pending = await runCli(v('revoke', b.id, '--yes'));
    expect(pending.code, pending.stderr).toBe(0);
    expect(pending.json()).toEqual({ id: b.id, state: 'disconnected', remoteRevocation: 'pending' });
    expect((await runCli(v('app', 'set', 'oidc-test', '--client-id', as.clients.confidential.clientId, '--endpoint', `revoke=${as.endpoints.revoke}`))).code).toBe(0);
    const revocationsBefore = as.stats.revocationRequests;
    // Not yet due: the retry waits for its backoff.
    await runCli(v('monitor', '--once'));
    expect(as.stats.revocationRequests).toBe(revocationsBefore);
    // Time passes (the backoff is minutes): make the pending retry due, as the clock would.
    const db = new Database(join(vault, VAULT_FILE_NAME));
    const rows = db.prepare("UPDATE pending_revocations SET next_attempt_at = '2000-01-01T00:00:00.000Z'").run();
    db.close();
    expect(rows.changes).toBe(1);
    await runCli(v('monitor', '--once'));
    expect(as.stats.revocationRequests).toBe(revocationsBefore + 1);
    const left = new Database(join(vault, VAULT_FILE_NAME));
    expect(left.prepare('SELECT COUNT(*) AS n FROM pending_revocations').get()).toEqual({ n: 0 });
    left.close();
    const audit = (await runCli(v('audit', 'list'))).json<Array<{ action: string; outcome: string }>>();
    expect(audit.some((e) => e.action.startsWith('connection.revoke') || e.action.startsWith('revocation'))).toBe(true);
  });
});

describe('import and monitor', () => {
  it('imports self-authorized refresh tokens, reports bad lines, and refreshes them on monitor --once', async () => {
    // A refresh token obtained outside the app, as a private app's self-authorization gives one.
    const conn = await connectLoopback();
    expect(conn.state).toBe('active');
    const lines = [
      JSON.stringify({ tenant: 'New Client', connector: 'oidc-test', account: 'Imported', refreshToken: 'not-a-real-token' }),
      '{ not json',
      JSON.stringify({ tenant: 'New Client', connector: 'nope', account: 'X', refreshToken: 'abc' }),
      JSON.stringify({ tenant: 'New Client', connector: 'oidc-test', account: 'Y', refreshToken: 'has space' }),
    ].join('\n');
    const file = join(dir, 'import.jsonl');
    writeFileSync(file, lines);
    const r = await runCli(v('import', file));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/3 line\(s\) were not imported/);
    const out = r.json<{ imported: number; failed: Array<{ line: number; reason: string }> }>();
    expect(out.imported).toBe(1);
    expect(out.failed.map((f) => f.line)).toEqual([2, 3, 4]);
    expect(out.failed[1]!.reason).toContain('unknown connector "nope"');
    const before = (await runCli(v('connections', '--tenant', 'New Client'))).json<Connection[]>();
    expect(before[0]).toMatchObject({ state: 'degraded', reason: 'not_verified', lastRefreshAt: null });
    const tick = (await runCli(v('monitor', '--once'))).json<{ due: number; refreshed: number; failed: number; probed: number }>();
    expect(tick.due).toBeGreaterThanOrEqual(1);
    expect(tick.failed).toBeGreaterThanOrEqual(1);
    const imported = (await runCli(v('connections', '--tenant', 'New Client'))).json<Connection[]>();
    // The made-up token is refused by the real AS: consent is needed, not a silent failure.
    expect(imported[0]).toMatchObject({ account: 'Imported', state: 'needs_consent', reason: 'invalid_grant' });
  });
});
