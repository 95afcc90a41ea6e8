// `monitor --metrics 127.0.0.1:PORT`: the real built CLI runs as a child process, and the test
// scrapes it over real HTTP like Prometheus would: OpenMetrics content type, connections by state
// and connector, refresh outcomes counted across ticks, seconds to the nearest consent deadline per
// tenant, pending revocations. Non-loopback addresses are refused with a clear usage error.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseLoopbackAddress } from '../../main/metrics/server';
import { CLI_BIN, CLI_BUILT, REPO_ROOT, TEST_PASSPHRASE, runCli, tempDir } from '../support/cli';
import { startFakeTokenServer, tokenAnswer } from '../refresh/support/fake-token-server';
import type { FakeTokenServer } from '../refresh/support/fake-token-server';

describe('parseLoopbackAddress', () => {
  it('takes loopback IP literals with a port', () => {
    expect(parseLoopbackAddress('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseLoopbackAddress('127.5.6.7:0')).toEqual({ host: '127.5.6.7', port: 0 });
    expect(parseLoopbackAddress('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
  });

  it.each([
    ['0.0.0.0:9464', /refuses "0\.0\.0\.0": .* loopback only \(127\.0\.0\.1 or \[::1\]\)/],
    ['192.168.1.10:9464', /refuses "192\.168\.1\.10"/],
    ['[::]:9464', /refuses "::"/],
    ['localhost:9464', /refuses "localhost"/],
    ['metrics.example.com:80', /refuses "metrics\.example\.com"/],
    ['9464', /takes HOST:PORT on a loopback address, e\.g\. --metrics 127\.0\.0\.1:9464; got "9464"/],
    ['127.0.0.1:70000', /port 70000 is not a TCP port/],
  ])('refuses %s', (text, message) => {
    expect(() => parseLoopbackAddress(text)).toThrow(message);
  });
});

interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: Promise<string>;
  stderr(): string;
  stop(): Promise<number | null>;
}

function startMonitor(vault: string, extra: ReadonlyArray<string>): Running {
  const child = spawn(process.execPath, [CLI_BIN, '--vault', vault, 'monitor', '--interval', '1', ...extra], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, FIVEX_VAULT_PASSPHRASE: TEST_PASSPHRASE },
  });
  let stderr = '';
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no metrics URL within 15 s; stderr:\n${stderr}`)), 15_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /Serving OpenMetrics at (http:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', () => reject(new Error(`monitor exited; stderr:\n${stderr}`)));
  });
  return {
    child,
    url,
    stderr: () => stderr,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGINT');
      }),
  };
}

/** Samples of one metric family as {labels → value}. */
function samples(body: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of body.split('\n')) {
    const m = new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`).exec(line);
    if (m) out.set(m[1] ?? '', Number(m[2]));
  }
  return out;
}

describe.skipIf(!CLI_BUILT)('monitor --metrics (the built CLI; needs `npx electron-vite build`)', () => {
  let server: FakeTokenServer;
  let dir: string;
  let cleanup: () => void;
  let vault: string;
  let running: Running | null = null;
  const v = (...args: string[]): string[] => ['--vault', vault, '--json', ...args];

  beforeAll(async () => {
    server = await startFakeTokenServer();
    ({ dir, cleanup } = tempDir());
    vault = join(dir, 'vault');
    const file = join(dir, 'fake.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'fake-market',
        name: 'Fake Market',
        authorizationEndpoint: server.endpoints.authorize,
        tokenEndpoint: server.endpoints.token,
        revocationEndpoint: server.endpoints.revoke,
        scopes: ['orders.read'],
        pkce: 'S256',
        clientAuth: 'basic',
        consentValidityDays: 30,
      }),
    );
    for (const args of [['init'], ['connector', 'add', file]]) expect((await runCli(v(...args))).code).toBe(0);
    expect((await runCli(v('app', 'set', 'fake-market', '--client-id', 'app-1', '--client-secret-env', 'S'), { env: { S: 'app-secret' } })).code).toBe(0);
    const lines = ['Shop A', 'Shop B', 'Shop C'].map((account, i) =>
      JSON.stringify({ tenant: i < 2 ? 'Acme Foods' : 'Beta Shoes', connector: 'fake-market', account, refreshToken: `RT-${account.replace(' ', '-')}` }),
    );
    writeFileSync(join(dir, 'import.jsonl'), lines.join('\n'));
    expect((await runCli(v('import', join(dir, 'import.jsonl')))).code).toBe(0);
    // Shop B's refresh token is dead at the marketplace; the others refresh fine.
    server.handle((req) => {
      if (req.path === '/revoke') return { status: 503, body: { error: 'temporarily_unavailable' } };
      return req.form.get('refresh_token') === 'RT-Shop-B' ? { status: 400, body: { error: 'invalid_grant' } } : tokenAnswer({ refresh: null });
    });
  });
  afterEach(async () => {
    await running?.stop();
    running = null;
  });
  afterAll(async () => {
    await server.close();
    cleanup();
  });

  it('serves OpenMetrics on loopback: states by connector, refresh outcomes, consent deadlines, pending revocations', async () => {
    running = startMonitor(vault, ['--metrics', '127.0.0.1:0']);
    const url = await running.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    // The first tick runs at start; wait until its refreshes are counted.
    let body = '';
    for (let i = 0; i < 50; i++) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
      body = await res.text();
      if ((samples(body, 'fivex_refresh_outcomes_total').get('{outcome="failed"}') ?? 0) >= 1) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(body.trimEnd().endsWith('# EOF')).toBe(true);
    const states = samples(body, 'fivex_connections');
    expect(states.get('{state="active",connector="fake-market"}')).toBe(2);
    expect(states.get('{state="needs_consent",connector="fake-market"}')).toBe(1);
    expect(states.get('{state="degraded",connector="fake-market"}')).toBe(0);
    expect(states.get('{state="disconnected",connector="fake-market"}')).toBe(0);
    const outcomes = samples(body, 'fivex_refresh_outcomes_total');
    expect(outcomes.get('{outcome="refreshed"}')).toBe(2);
    expect(outcomes.get('{outcome="failed"}')).toBe(1);
    const deadlines = samples(body, 'fivex_consent_deadline_seconds');
    // Imported today with a 30-day consent: about 30 days away for both tenants.
    for (const tenant of ['Acme Foods', 'Beta Shoes']) {
      const seconds = deadlines.get(`{tenant="${tenant}"}`);
      expect(seconds, body).toBeGreaterThan(29 * 86_400);
      expect(seconds).toBeLessThanOrEqual(30 * 86_400);
    }
    expect(samples(body, 'fivex_pending_revocations').get('')).toBe(0);
    expect(body).not.toMatch(/RT-Shop|app-secret/);
    expect((await fetch(url.replace('/metrics', '/'))).status).toBe(404);
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
    expect(await running.stop()).toBe(0);
  });

  it('counts a revocation the marketplace did not confirm as pending', async () => {
    const list = (await runCli(v('connections'))).json<Array<{ id: string; account: string }>>();
    const shopA = list.find((c) => c.account === 'Shop A')!;
    const revoked = await runCli(v('revoke', shopA.id, '--yes'));
    expect(revoked.json()).toMatchObject({ remoteRevocation: 'pending' });
    running = startMonitor(vault, ['--metrics', '127.0.0.1:0']);
    const body = await (await fetch(await running.url)).text();
    expect(samples(body, 'fivex_pending_revocations').get('')).toBe(1);
    expect(samples(body, 'fivex_connections').get('{state="disconnected",connector="fake-market"}')).toBe(1);
  });

  it('refuses a non-loopback address with a usage error, serving nothing', async () => {
    const r = await runCli(v('monitor', '--metrics', '0.0.0.0:9464'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--metrics refuses "0\.0\.0\.0": .* loopback only/);
    const once = await runCli(v('monitor', '--once', '--metrics', '127.0.0.1:0'));
    expect(once.code).toBe(2);
    expect(once.stderr).toContain('leave out --once');
  });
});
