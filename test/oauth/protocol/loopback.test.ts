// The loopback receiver over real sockets: T11 (each bullet), T12 (one response per request) and
// the response hygiene of R13. The caller's verdict is scripted here; flow.test.ts wires the real one.
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startLoopbackReceiver } from '../../../main/oauth/protocol';
import type { LoopbackReceiverOptions, LoopbackVerdict } from '../../../main/oauth/protocol';
import { get, rawHttp, tryConnect } from './raw-http';
import { onCleanup } from './support';

async function receiver(verdicts: LoopbackVerdict[] = ['received'], opts: Partial<LoopbackReceiverOptions> = {}) {
  const calls: URL[] = [];
  const rejections: string[] = [];
  const r = await startLoopbackReceiver({
    timeoutMs: 10_000,
    onCallback: (url) => {
      calls.push(url);
      return verdicts.shift() ?? 'rejected';
    },
    onRejected: (reason) => rejections.push(reason),
    ...opts,
  });
  onCleanup(() => r.close().then(() => undefined));
  return { r, calls, rejections };
}

const Q = '?code=abc&state=xyz';

describe('binding', () => {
  it('listens on an ephemeral port on loopback addresses only, with the registered path', async () => {
    const { r } = await receiver();
    expect(r.port).toBeGreaterThan(0);
    expect(r.redirectUri).toBe(`http://127.0.0.1:${r.port}/oauth/callback`);
    expect(r.addresses[0]).toBe('127.0.0.1');
    for (const a of r.addresses) expect(['127.0.0.1', '::1']).toContain(a);
  });

  it('gives a new port to each attempt', async () => {
    const a = await receiver();
    const b = await receiver();
    expect(a.r.port).not.toBe(b.r.port);
  });

  const lanAddress = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  it.skipIf(lanAddress === undefined)('refuses connections on the LAN address (T11)', async () => {
    const { r } = await receiver();
    expect(await tryConnect(r.port, lanAddress)).toBe('ECONNREFUSED');
    expect(await tryConnect(r.port, '127.0.0.1')).toBe('connected');
  });
  if (lanAddress === undefined) it.skip('refuses connections on the LAN address: this machine has no non-loopback IPv4 interface', () => undefined);

  it('answers on [::1] too when the machine has IPv6 loopback, checking the Host there as well', async () => {
    const { r, calls } = await receiver(['rejected']);
    if (!r.addresses.includes('::1')) {
      expect(await tryConnect(r.port, '::1')).not.toBe('connected');
      return;
    }
    const res = await get(r.port, `/oauth/callback${Q}`, `[::1]:${r.port}`, 'GET', '::1');
    expect(res.statuses).toEqual([400]);
    expect(calls).toHaveLength(1);
    const evil = await get(r.port, `/oauth/callback${Q}`, 'evil.example', 'GET', '::1');
    expect(evil.statuses).toEqual([400]);
    expect(calls).toHaveLength(1);
  });

  it('uses the registered path and host, and accepts localhost as Host only when registered so', async () => {
    const { r, calls } = await receiver(['rejected', 'rejected'], { path: '/cb/test-market', redirectHost: 'localhost' });
    expect(r.redirectUri).toBe(`http://localhost:${r.port}/cb/test-market`);
    expect((await get(r.port, `/cb/test-market${Q}`, `localhost:${r.port}`)).statuses).toEqual([400]);
    expect(calls).toHaveLength(1);
    const plain = await receiver(['rejected']);
    expect((await get(plain.r.port, `/oauth/callback${Q}`, `localhost:${plain.r.port}`)).statuses).toEqual([400]);
    expect(plain.calls).toHaveLength(0);
    expect(plain.rejections).toEqual(['bad_host']);
  });

  it('refuses odd paths at start', async () => {
    for (const path of ['oauth', '/a/../b', '/a//b', '/a?b']) {
      await expect(startLoopbackReceiver({ path, timeoutMs: 1000, onCallback: () => 'rejected' })).rejects.toThrow(/plain absolute path/);
    }
  });
});

describe('requests it refuses without asking the caller (T11, T12)', () => {
  it('refuses Host: evil.example (DNS rebinding) and a missing Host', async () => {
    const { r, calls, rejections } = await receiver();
    const evil = await get(r.port, `/oauth/callback${Q}`, 'evil.example');
    expect(evil.statuses).toEqual([400]);
    const wrongPort = await get(r.port, `/oauth/callback${Q}`, `127.0.0.1:${r.port + 1}`);
    expect(wrongPort.statuses).toEqual([400]);
    const http10 = await rawHttp(r.port, `GET /oauth/callback${Q} HTTP/1.0\r\n\r\n`);
    expect(http10.statuses.length).toBeLessThanOrEqual(1);
    expect(http10.text).not.toMatch(/ 200 /);
    expect(calls).toHaveLength(0);
    expect(rejections.filter((x) => x === 'bad_host').length).toBeGreaterThanOrEqual(2);
  });

  it('answers POST and HEAD with 405 and never passes them on (state not consumed)', async () => {
    const { r, calls, rejections } = await receiver();
    for (const method of ['POST', 'HEAD', 'PUT', 'OPTIONS']) {
      const res = await get(r.port, `/oauth/callback${Q}`, `127.0.0.1:${r.port}`, method);
      expect(res.statuses).toEqual([405]);
      expect(res.headers.allow).toBe('GET');
    }
    expect(calls).toHaveLength(0);
    expect(rejections).toEqual(['method_not_allowed', 'method_not_allowed', 'method_not_allowed', 'method_not_allowed']);
    // The genuine GET still goes through afterwards.
    expect((await get(r.port, `/oauth/callback${Q}`)).statuses).toEqual([200]);
    expect(calls).toHaveLength(1);
  });

  it('answers 404 to other paths, compared before normalisation', async () => {
    const { r, calls } = await receiver();
    for (const target of ['/', '/favicon.ico', '/oauth/callback/', '/oauth/callbackx', '/x/../oauth/callback', '/oauth/./callback', '/OAUTH/CALLBACK', '/oauth%2Fcallback']) {
      expect((await get(r.port, `${target}${Q}`)).statuses).toEqual([404]);
    }
    expect(calls).toHaveLength(0);
  });

  it('refuses an absolute-form request target', async () => {
    const { r, calls } = await receiver();
    const res = await get(r.port, `http://127.0.0.1:${r.port}/oauth/callback${Q}`);
    expect(res.statuses).toEqual([400]);
    expect(calls).toHaveLength(0);
  });
});

describe('callbacks (T12)', () => {
  it('answers a rejected callback with exactly one 400 and keeps listening', async () => {
    const { r, calls } = await receiver(['rejected', 'rejected', 'rejected', 'received']);
    for (const q of ['?state=guessed', '?code=only', '']) {
      const res = await get(r.port, `/oauth/callback${q}`);
      expect(res.statuses).toEqual([400]);
      expect(res.body).toMatch(/not from the current connection attempt/);
      expect(res.body).not.toMatch(/received the authorization/);
    }
    expect(calls).toHaveLength(3);
    const ok = await get(r.port, `/oauth/callback${Q}`);
    expect(ok.statuses).toEqual([200]);
    expect(await r.ended).toEqual({ kind: 'callback', verdict: 'received' });
  });

  it('treats a throwing caller as a rejection, with one response', async () => {
    const r = await startLoopbackReceiver({
      timeoutMs: 10_000,
      onCallback: () => {
        throw new Error('boom');
      },
    });
    onCleanup(() => r.close().then(() => undefined));
    const res = await get(r.port, `/oauth/callback${Q}`);
    expect(res.statuses).toEqual([400]);
  });

  it('closes after the first valid callback: the port refuses the next connection (T11)', async () => {
    const { r, calls } = await receiver(['received', 'received']);
    const first = await get(r.port, `/oauth/callback${Q}`);
    expect(first.statuses).toEqual([200]);
    expect(await r.ended).toEqual({ kind: 'callback', verdict: 'received' });
    expect(await tryConnect(r.port)).toBe('ECONNREFUSED');
    expect(calls).toHaveLength(1);
  });

  it('finishes once when two valid callbacks race', async () => {
    const { r, calls } = await receiver(['received', 'received']);
    const results = await Promise.allSettled([get(r.port, `/oauth/callback${Q}`), get(r.port, `/oauth/callback${Q}`)]);
    const statuses = results.map((x) => (x.status === 'fulfilled' ? x.value.statuses[0] : 'refused'));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(calls).toHaveLength(1);
  });

  it('answers an expired attempt with 400 and closes', async () => {
    const { r } = await receiver(['expired']);
    const res = await get(r.port, `/oauth/callback${Q}`);
    expect(res.statuses).toEqual([400]);
    expect(await r.ended).toEqual({ kind: 'callback', verdict: 'expired' });
    expect(await tryConnect(r.port)).toBe('ECONNREFUSED');
  });

  it('serves declined and failed pages and ends with that verdict', async () => {
    const declined = await receiver(['declined']);
    const res = await get(declined.r.port, `/oauth/callback${Q}`);
    expect(res.statuses).toEqual([200]);
    expect(res.body).toMatch(/declined/);
    expect(await declined.r.ended).toEqual({ kind: 'callback', verdict: 'declined' });
  });
});

describe('response hygiene (R13, T11, T13)', () => {
  it('sends no-referrer, no-store and a closed CSP, and a page without external resources', async () => {
    const { r } = await receiver(['received']);
    const res = await get(r.port, `/oauth/callback${Q}&next=https%3A%2F%2Fevil.example&redirect=https%3A%2F%2Fevil.example`);
    expect(res.statuses).toEqual([200]);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers.location).toBeUndefined();
    expect(res.body).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(|https?:\/\//i);
    expect(res.body).not.toContain('evil');
    expect(res.body).not.toContain('abc');
    expect(res.body).toContain('You can close this tab.');
    expect(res.body).toContain('Puede cerrar esta pestaña.');
  });

  it('sends the same headers on refusals', async () => {
    const { r } = await receiver(['rejected']);
    for (const res of [await get(r.port, `/oauth/callback${Q}`), await get(r.port, `/oauth/callback${Q}`, 'evil.example'), await get(r.port, '/nope')]) {
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('timeout', () => {
  it('closes the port when nothing arrives in time (T11)', async () => {
    const { r, calls } = await receiver(['received'], { timeoutMs: 150 });
    expect(await r.ended).toEqual({ kind: 'timeout' });
    expect(await tryConnect(r.port)).toBe('ECONNREFUSED');
    expect(calls).toHaveLength(0);
  });

  it('closes on close() and reports it once', async () => {
    const { r } = await receiver();
    expect(await r.close()).toEqual({ kind: 'closed' });
    expect(await r.close()).toEqual({ kind: 'closed' });
    expect(await tryConnect(r.port)).toBe('ECONNREFUSED');
  });
});
