// The refresh path's shortcuts behave like what they replace: the normalised success answer reads
// like a Response with that JSON body (once, then used), and a request's deadline holds through
// the transport's own timer, with or without retries.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseTokenResponse } from '../../../main/oauth/adapters/token-response';
import { gotTransport } from '../../../main/oauth/http-transport';
import { testConnector } from './fixtures';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const wire = () => new Response(JSON.stringify({ access_token: 'AT-1', refresh_token: 'RT-2', expires_in: '3600', token_type: 'Bearer' }), { status: 200 });

describe('the normalised success answer', () => {
  it('gives the normalised JSON once, then counts as used', async () => {
    const res = await normaliseTokenResponse(wire(), testConnector(), 'token', NOW);
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(200);
    expect(res.bodyUsed).toBe(false);
    expect(await res.json()).toEqual({ access_token: 'AT-1', refresh_token: 'RT-2', expires_in: 3600, token_type: 'Bearer' });
    expect(res.bodyUsed).toBe(true);
    await expect(res.json()).rejects.toThrow(TypeError);
    await expect(res.text()).rejects.toThrow(TypeError);
    expect(() => res.clone()).toThrow(TypeError);
  });

  it('reads as text and clones like a body of that JSON', async () => {
    const res = await normaliseTokenResponse(wire(), testConnector(), 'token', NOW);
    const copy = res.clone();
    const fromCopy = (await copy.json()) as Record<string, unknown>;
    fromCopy.access_token = 'changed';
    expect(JSON.parse(await res.text())).toEqual({ access_token: 'AT-1', refresh_token: 'RT-2', expires_in: 3600, token_type: 'Bearer' });
  });
});

describe('a request deadline through the transport', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      // /slow never answers in time; /busy answers 503 with a Retry-After longer than the deadline.
      if (req.url === '/busy') {
        res.writeHead(503, { 'retry-after': '5' });
        res.end();
        return;
      }
      setTimeout(() => res.end('late'), 2_000).unref();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('stops a request sent once at its own timeoutMs, under the transport default', async () => {
    const started = Date.now();
    const err = await gotTransport({ timeoutMs: 5_000 })({ method: 'POST', url: new URL(`${origin}/slow`), headers: {}, body: 'x=1', timeoutMs: 150 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('stops a retried request at its deadline, waits between attempts included', async () => {
    const started = Date.now();
    const err = await gotTransport({ timeoutMs: 5_000 })({ method: 'GET', url: new URL(`${origin}/busy`), headers: {}, retry: 'idempotent', timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toMatch(/^(TimeoutError|AbortError)$/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
