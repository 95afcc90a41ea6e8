// The one outbound HTTP module (got 14) against real HTTP on 127.0.0.1: keep-alive socket reuse, a
// refresh never replayed (even on a 503 or a dropped connection), idempotent calls (probe GET, RFC
// 7009 revocation) retried once, no redirects followed, timeouts classified as such, and errors
// that carry no URL, query or header (TikTok's app secret rides in the query).
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bodyText, gotTransport, HttpTransportError } from '../../../main/oauth/http-transport';
import { createTokenClient } from '../../../main/oauth/token-client';
import { TokenEndpointError } from '../../../main/oauth/token-types';
import { resolved, testConnector, testRegistration } from './fixtures';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly socket: number;
}

let server: Server;
let origin: string;
const seen: Seen[] = [];
let answer: (req: IncomingMessage, res: ServerResponse, n: number) => void;

beforeAll(async () => {
  let sockets = 0;
  const ids = new WeakMap<object, number>();
  server = createServer((req, res) => {
    if (!ids.has(req.socket)) ids.set(req.socket, ++sockets);
    req.resume();
    req.on('end', () => {
      seen.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, socket: ids.get(req.socket)! });
      answer(req, res, seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
  answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
});

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};
const tokens = { access_token: 'at-new', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt-new' };

describe('got transport', () => {
  it('reuses one keep-alive socket for consecutive requests', async () => {
    const send = gotTransport({ timeoutMs: 5_000 });
    for (let i = 0; i < 3; i++) {
      const res = await send({ method: 'GET', url: new URL(`${origin}/a`), headers: {} });
      expect(await res.json()).toEqual({ ok: true });
    }
    expect(new Set(seen.map((s) => s.socket)).size).toBe(1);
  });

  it('does not reuse a socket left idle past 2 s, even when a blocked event loop kept its idle timer from firing', async () => {
    const send = gotTransport({ timeoutMs: 5_000 });
    await send({ method: 'POST', url: new URL(`${origin}/token`), headers: {}, body: 'a=1' });
    // Synchronous work (scrypt at unlock, an fsync) stops every timer, the socket's idle one too.
    const until = Date.now() + 2_200;
    while (Date.now() < until) {
      // busy on purpose
    }
    await send({ method: 'POST', url: new URL(`${origin}/token`), headers: {}, body: 'a=2' });
    expect(seen).toHaveLength(2);
    expect(seen[1]!.socket).not.toBe(seen[0]!.socket);
  });

  it('does not follow a redirect: the 302 comes back as it is', async () => {
    answer = (_req, res) => res.writeHead(302, { location: `${origin}/elsewhere` }).end();
    const res = await gotTransport({ timeoutMs: 5_000 })({ method: 'POST', url: new URL(`${origin}/token`), headers: {}, body: 'x=1' });
    expect(res.status).toBe(302);
    expect(seen.map((s) => s.path)).toEqual(['/token']);
  });

  it('a failure names its code only: no URL, query or header', async () => {
    const closed = 'http://127.0.0.1:9/api/v2/token/get?app_secret=SECRET-IN-QUERY';
    const err = await gotTransport({ timeoutMs: 5_000 })({ method: 'GET', url: new URL(closed), headers: { authorization: 'Bearer AT-CANARY' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpTransportError);
    expect((err as HttpTransportError).code).toBe('ECONNREFUSED');
    const everything = JSON.stringify(err, Object.getOwnPropertyNames(err)) + String((err as Error).stack);
    expect(everything).not.toMatch(/SECRET-IN-QUERY|AT-CANARY|app_secret/);
  });

  it('times out as a TimeoutError', async () => {
    answer = (_req, res) => setTimeout(() => json(res, 200, {}), 1_000);
    const err = await gotTransport({ timeoutMs: 100 })({ method: 'GET', url: new URL(`${origin}/slow`), headers: {} }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
  });
});

describe('retry policy through the token client', () => {
  const client = createTokenClient({ transport: gotTransport({ timeoutMs: 5_000 }) });
  const rc = () =>
    resolved(
      testConnector({
        endpoints: { token: `${origin}/token`, revoke: `${origin}/revoke`, api: `${origin}/api` },
        probe: { method: 'GET', endpoint: 'api', intervalSeconds: 60, ratePerSecond: 10, burst: 10 },
      }),
      testRegistration(),
    );

  it('never replays a refresh: one request on a 503, and one when the connection drops', async () => {
    answer = (_req, res) => json(res, 503, { error: 'temporarily_unavailable' });
    const e1 = await client.refresh(rc(), 'rt-old').catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(TokenEndpointError);
    expect((e1 as TokenEndpointError).failure).toBe('transient');
    expect(seen.filter((s) => s.path === '/token')).toHaveLength(1);

    seen.length = 0;
    // The server got the refresh (and may have rotated the token) but the answer was lost.
    answer = (req) => req.socket.destroy();
    const e2 = await client.refresh(rc(), 'rt-old').catch((e: unknown) => e);
    expect((e2 as TokenEndpointError).reason).toBe('offline');
    expect(seen.filter((s) => s.path === '/token')).toHaveLength(1);
  });

  it('a TLS failure (no HTTP answer) reads offline, as fetch failures did, naming the code', async () => {
    // An https URL on a plain-http port: the TLS handshake fails before any HTTP answer.
    const https = resolved(testConnector({ endpoints: { token: origin.replace('http:', 'https:') + '/token' } }), testRegistration());
    const err = (await client.refresh(https, 'rt-old').catch((e: unknown) => e)) as TokenEndpointError;
    expect(err).toBeInstanceOf(TokenEndpointError);
    expect(err.failure).toBe('transient');
    expect(err.reason).toBe('offline');
    expect(err.message).toMatch(/could not reach the marketplace \(\w+/);
  });

  it('a refresh that succeeds is one request', async () => {
    answer = (_req, res) => json(res, 200, tokens);
    const set = await client.refresh(rc(), 'rt-old');
    expect(set.refreshToken).toBe('rt-new');
    expect(seen).toHaveLength(1);
  });

  it('retries an RFC 7009 revocation whose first answer is a 503 (revoking twice is revoking once)', async () => {
    answer = (_req, res, n) => (n === 1 ? json(res, 503, { error: 'temporarily_unavailable' }) : res.writeHead(200).end());
    await client.revoke(rc(), 'rt-old', 'refresh_token');
    expect(seen.map((s) => s.path)).toEqual(['/revoke', '/revoke']);
  });

  it('retries a probe GET after a dropped connection', async () => {
    answer = (req, res, n) => (n === 1 ? req.socket.destroy() : json(res, 200, { id: 1 }));
    const result = await client.probe(rc(), 'at-1');
    expect(result.ok).toBe(true);
    expect(seen.map((s) => [s.method, s.path])).toEqual([
      ['GET', '/api'],
      ['GET', '/api'],
    ]);
  });
});

describe('bodyText', () => {
  const transport = gotTransport({ timeoutMs: 5_000 });
  const get = () => transport({ method: 'GET', url: new URL(`${origin}/text`), headers: {} });

  it('reads an answer as Response.text() does: UTF-8, BOM dropped, invalid bytes replaced', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"Müller"}'), Buffer.from([0xff])]);
    answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(bytes);
    const fast = await bodyText(await get());
    expect(fast).toBe(await (await get()).text());
    expect(fast).toBe('{"name":"Müller"}\ufffd');
  });

  it('an answer already read, or not from this transport, is read the usual way', async () => {
    const read = await get();
    await read.text();
    await expect(bodyText(read)).rejects.toThrow();
    expect(await bodyText(new Response('plain'))).toBe('plain');
    expect(await bodyText(new Response(null, { status: 204 }))).toBe('');
  });
});
