// Single-flight across processes, for real: child processes on the same vault file refresh one
// connection against oidc-provider (rotating refresh tokens with reuse detection), and one is
// SIGKILLed while it holds the lease mid-refresh.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTokenClient } from '../../main/oauth/token-client';
import { resolveConnector } from '../../main/oauth/resolve';
import { startOidcServer } from '../support/oidc-server';
import type { OidcServer } from '../support/oidc-server';
import { consentCode, oidcConnection } from '../oauth/token/fixtures';
import { createHarness, PASSPHRASE, sleep } from './support/harness';
import type { Harness } from './support/harness';

let as: OidcServer;
let h: Harness;
const children: ChildProcessWithoutNullStreams[] = [];

interface Worker {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  readonly result: Promise<{ outcome: string; reason: string | null; state: string } | null>;
}

function startWorker(connectionId: string, leaseTtlMs: number): Worker {
  const connector = h.connectors.get('test-market')!;
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/refresh/worker.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      FIVEX_VAULT_DIR: h.dir,
      FIVEX_VAULT_PASSPHRASE: PASSPHRASE,
      WORKER_CONNECTION: connectionId,
      WORKER_CONNECTOR: JSON.stringify({ endpoints: connector.endpoints, clientAuth: connector.clientAuth, tokens: connector.tokens }),
      WORKER_LEASE_TTL_MS: String(leaseTtlMs),
    },
    stdio: 'pipe',
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const lines = createInterface({ input: child.stdout });
  const messages: unknown[] = [];
  let onMessage: (() => void) | null = null;
  lines.on('line', (line) => {
    messages.push(JSON.parse(line));
    onMessage?.();
  });
  const next = (n: number) =>
    new Promise<unknown>((resolve, reject) => {
      const check = () => {
        if (messages.length >= n) resolve(messages[n - 1]);
      };
      onMessage = check;
      check();
      child.once('exit', (code) => (messages.length >= n ? resolve(messages[n - 1]) : reject(new Error(`worker exited ${code}: ${stderr.slice(0, 500)}`))));
    });
  const ready = next(1).then(() => undefined);
  const result = ready.then(() => next(2).catch(() => null)) as Worker['result'];
  return { child, ready, result };
}

beforeAll(async () => {
  as = await startOidcServer({ accessTokenTtl: 300 });
});
afterAll(async () => {
  await as.close();
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  as.setLatency(0);
  h?.close();
});

async function connected(tokenEndpoint: string = as.endpoints.token) {
  const rc = oidcConnection(as, as.clients.confidential, {
    endpoints: { authorize: as.endpoints.authorize, token: tokenEndpoint, revoke: as.endpoints.revoke, api: as.endpoints.api },
  });
  h = createHarness({ connector: rc.connector, clientId: as.clients.confidential.clientId, clientSecret: as.clients.confidential.clientSecret });
  const consent = await consentCode(as, as.clients.confidential);
  const registration = h.registrations.get('test-market')!;
  const tokens = await createTokenClient().exchangeCode(resolveConnector({ connector: rc.connector, registration }), consent);
  return { conn: h.connect(tokens), tokens };
}

describe('single-flight across processes', () => {
  it('20 processes refreshing at once make exactly one token request, and the refresh-token family survives', async () => {
    const { conn } = await connected();
    const workers = Array.from({ length: 20 }, () => startWorker(conn.id, 30_000));
    await Promise.all(workers.map((w) => w.ready));
    // The AS answers slowly, so every process has read the credentials before the one refresh lands.
    as.setLatency(500);
    const before = as.stats.tokenRequests;
    for (const w of workers) w.child.stdin.write('go\n');
    const results = await Promise.all(workers.map((w) => w.result));
    expect(as.stats.tokenRequests - before).toBe(1);
    const outcomes = results.map((r) => r?.outcome);
    expect(outcomes.filter((o) => o === 'refreshed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'refreshed_elsewhere')).toHaveLength(19);
    expect(results.every((r) => r?.state === 'active')).toBe(true);
    // No reuse of a rotated token happened: a later refresh works.
    as.setLatency(0);
    const later = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect([later.outcome, later.connection.state]).toEqual(['refreshed', 'active']);
    expect(h.engine.context.credentials.get(conn.grantId!)!.version).toBe(3);
  }, 120_000);

  /**
   * Starts a worker with the default 30 s lease, lets it send its refresh, and SIGKILLs it while
   * it holds the lease. The lease row stays behind with 30 s to run.
   */
  async function killMidRefresh(connectionId: string, grantId: string, sent: () => boolean): Promise<void> {
    const worker = startWorker(connectionId, 30_000);
    await worker.ready;
    worker.child.stdin.write('go\n');
    for (let i = 0; i < 300 && !sent(); i++) await sleep(10);
    expect(sent()).toBe(true);
    expect(h.engine.context.leases.holder(grantId)?.pid).toBe(worker.child.pid);
    worker.child.kill('SIGKILL');
    await new Promise((resolve) => worker.child.once('exit', resolve));
    expect(h.engine.context.leases.holder(grantId)!.expiresAt - Date.now()).toBeGreaterThan(20_000);
  }

  /** The next refresh, timed: it must not wait out the dead holder's lease (30 s). */
  async function timedRefresh(connectionId: string) {
    const started = performance.now();
    const requests = as.stats.tokenRequests;
    const r = await h.engine.refresh.refreshConnection(connectionId, { force: true });
    // A correctness bound, not a benchmark: far under the 30 s lease, one token call.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(as.stats.tokenRequests - requests).toBe(1);
    return r;
  }

  it('SIGKILL before the AS read the request: the next refresh sees the holder dead, takes the lease at once, and succeeds', async () => {
    const { conn, tokens } = await connected();
    const version = h.engine.context.credentials.get(conn.grantId!)!.version;
    // oidc-provider's harness delays before it reads the body: the killed client's request never lands.
    as.setLatency(1_500);
    const before = as.stats.tokenRequests;
    await killMidRefresh(conn.id, conn.grantId!, () => as.stats.tokenRequests > before);
    const killedAt = performance.now();
    as.setLatency(0);
    expect(h.engine.context.credentials.get(conn.grantId!)!.version).toBe(version);

    // The holder is gone (same machine: pid + start time), so its lease is taken without waiting
    // out its 30 s; the stored refresh token is still the live one, so the refresh works.
    const r = await timedRefresh(conn.id);
    expect([r.outcome, r.connection.state]).toEqual(['refreshed', 'active']);
    // Past the AS's delay for the killed request: it never landed, nothing revoked the new tokens,
    // and the new access token really works at the API.
    await sleep(Math.max(0, 1_700 - (performance.now() - killedAt)));
    expect(h.engine.context.leases.holder(conn.grantId!)).toBeUndefined();
    const fresh = await h.engine.refresh.getFreshAccessToken(conn.id, 'script');
    expect(fresh.accessToken).not.toBe(tokens.accessToken);
    expect((await h.engine.probes.probeConnection(conn.id, { force: true })).status).toBe('ok');
  }, 60_000);

  it('SIGKILL after the AS rotated but before the answer arrived: the next refresh answers at once with needs_consent, and no retry storm', async () => {
    const proxy = await startSlowProxy(as.endpoints.token);
    try {
      const { conn } = await connected(proxy.url);
      const version = h.engine.context.credentials.get(conn.grantId!)!.version;
      proxy.state.delayAnswersMs = 1_500;
      const answeredBefore = proxy.state.answered;
      // Killed once the AS has answered (and so rotated), while the answer is held in the proxy.
      await killMidRefresh(conn.id, conn.grantId!, () => proxy.state.answered > answeredBefore);
      proxy.state.delayAnswersMs = 0;
      expect(h.engine.context.credentials.get(conn.grantId!)!.version).toBe(version);

      const r = await timedRefresh(conn.id);
      // The stored refresh token was rotated away with the lost answer; reusing it makes
      // oidc-provider end the grant (reuse detection). The connection says exactly that.
      expect(r.outcome).toBe('failed');
      expect([r.connection.state, r.connection.reason]).toEqual(['needs_consent', 'invalid_grant']);
      expect(h.engine.context.leases.holder(conn.grantId!)).toBeUndefined();
      await expect(h.engine.refresh.getFreshAccessToken(conn.id, 'script')).rejects.toMatchObject({ code: 'needs_consent' });
      expect(h.engine.store.healthHistory(conn.id).map((e) => e.state)).toEqual(['active', 'needs_consent']);
      const tick = await h.engine.scheduler.runDue({ now: Date.now() + 86_400_000 });
      expect(tick.due).toBe(0);
    } finally {
      await proxy.close();
    }
  }, 60_000);
});

interface SlowProxy {
  readonly url: string;
  /** delayAnswersMs: hold each answer this long; answered: answers the AS gave so far. */
  readonly state: { delayAnswersMs: number; answered: number };
  close(): Promise<void>;
}

/** Forwards token requests to the AS at once and holds the AS's answer back for a while. */
async function startSlowProxy(target: string): Promise<SlowProxy> {
  const state = { delayAnswersMs: 0, answered: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
      void fetch(target, { method: req.method ?? 'POST', headers, body: Buffer.concat(chunks) }).then(async (answer) => {
        const body = await answer.text();
        state.answered++;
        await sleep(state.delayAnswersMs);
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
