// Revocation paths other than the real AS (custom hook, none, 503, network) and the guarantee that
// no error message carries a secret: tokens, codes, verifiers, client secrets, URL queries.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorHookError } from '../../../connectors/hook-error';
import type { ConnectorDefinition } from '../../../connectors/types';
import { parseRetryAfter, redact } from '../../../main/oauth/classify';
import { createTokenClient } from '../../../main/oauth/token-client';
import { TokenEndpointError } from '../../../main/oauth/token-types';
import { bodyParams, startFakeMarketplace, type FakeMarketplace } from './fake-marketplace';
import { resolved, testConnector, testRegistration, type ConnectorOverrides } from './fixtures';

let fake: FakeMarketplace;
const client = createTokenClient();

beforeAll(async () => {
  fake = await startFakeMarketplace();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

function connector(overrides: ConnectorOverrides = {}): ConnectorDefinition {
  return testConnector({ endpoints: { token: fake.url('/token'), revoke: fake.url('/revoke') }, ...overrides });
}

async function failure(p: Promise<unknown>): Promise<TokenEndpointError> {
  const err = await p.catch((e: unknown) => e);
  if (!(err instanceof TokenEndpointError)) throw new Error(`expected a TokenEndpointError, got ${String(err)}`);
  return err;
}

describe('revoke', () => {
  it('RFC 7009: POSTs token + token_type_hint with client auth; 200 is done', async () => {
    fake.reply(() => ({ status: 200, body: '' }));
    await client.revoke(resolved(connector()), 'RT-to-revoke-1', 'refresh_token');
    const req = fake.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url.pathname).toBe('/revoke');
    expect(bodyParams(req)).toEqual({ token: 'RT-to-revoke-1', token_type_hint: 'refresh_token' });
    expect(req.headers.authorization).toMatch(/^Basic /);
  });

  it('503 → transient with retryAfter (the engine keeps it pending)', async () => {
    fake.reply(() => ({ status: 503, headers: { 'retry-after': '120' }, body: '' }));
    const err = await failure(client.revoke(resolved(connector()), 'RT-to-revoke-1', 'refresh_token'));
    expect(err).toMatchObject({ failure: 'transient', status: 503, retryAfterMs: 120_000 });
  });

  it('network failure → transient offline', async () => {
    const c = testConnector({ endpoints: { token: fake.url('/token'), revoke: 'http://127.0.0.1:9/revoke' } });
    expect(await failure(client.revoke(resolved(c), 'RT-1', 'refresh_token'))).toMatchObject({ failure: 'transient', reason: 'offline' });
  });

  it("'custom' calls the connector hook with the token in the right slot", async () => {
    const calls: Array<{ refreshToken: string | null; accessToken: string | null; clientId: string }> = [];
    const c = connector({
      revocation: { method: 'custom' },
      hooks: {
        revoke: (ctx) => {
          calls.push({ refreshToken: ctx.refreshToken, accessToken: ctx.accessToken, clientId: ctx.clientId });
          return Promise.resolve();
        },
      },
    });
    await client.revoke(resolved(c), 'AT-1', 'access_token');
    expect(calls).toEqual([{ refreshToken: null, accessToken: 'AT-1', clientId: 'client-1' }]);
    expect(fake.requests).toHaveLength(0);
  });

  it('a custom hook failure is classified: HTTP status via the rules, unreachable → transient', async () => {
    const failing = (error: ConnectorHookError) =>
      connector({ revocation: { method: 'custom' }, hooks: { revoke: () => Promise.reject(error) } });
    const busy = await failure(client.revoke(resolved(failing(new ConnectorHookError(503, 'Shop busy', 30_000))), 'AT-1', 'access_token'));
    expect(busy).toMatchObject({ failure: 'transient', status: 503, retryAfterMs: 30_000 });
    const away = await failure(client.revoke(resolved(failing(new ConnectorHookError(null, 'Shop could not be reached'))), 'AT-1', 'access_token'));
    expect(away).toMatchObject({ failure: 'transient', reason: 'offline', status: null });
    expect(away.message).toContain('could not be reached');
  });

  it('hooks can resolve endpoints (with registration overrides) through the context', async () => {
    let seen: URL | null | undefined;
    const c = connector({
      revocation: { method: 'custom' },
      hooks: {
        revoke: (ctx) => {
          seen = ctx.endpoint?.('revoke');
          return Promise.resolve();
        },
      },
    });
    await client.revoke(resolved(c, testRegistration({ endpointOverrides: { revoke: 'http://127.0.0.1:7/override' } })), 'AT-1', 'access_token');
    expect(seen?.href).toBe('http://127.0.0.1:7/override');
  });

  it("'none' is refused as unsupported (callers check revocation.method first)", async () => {
    const err = await failure(client.revoke(resolved(connector({ revocation: { method: 'none' } })), 'RT-1', 'refresh_token'));
    expect(err).toMatchObject({ failure: 'unknown', reason: 'unsupported' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('no secret in any error message', () => {
  const SECRET = 'SECRET-client-1-xyz';

  it('TikTok-style GET with the secret in the query: the echoed URL and secret are stripped', async () => {
    fake.reply((req) => ({
      status: 200,
      body: { code: 36004004, message: `bad request ${req.url.href} (app_secret=${SECRET}, auth_code=CODE-abc-123)` },
    }));
    const c = connector({
      clientAuth: 'query',
      pkce: 'none',
      tokenRequest: { method: 'GET', bodyFormat: 'query', paramNames: { code: 'auth_code', client_id: 'app_key', client_secret: 'app_secret' } },
      tokenResponse: { envelope: 'data', errorCodePath: 'code', successCode: 0, expiresFormat: 'timestamp' },
    });
    const err = await failure(client.exchangeCode(resolved(c), { code: 'CODE-abc-123', codeVerifier: null, redirectUri: 'http://127.0.0.1:5555/cb' }));
    expect(fake.requests[0]!.url.searchParams.get('app_secret')).toBe(SECRET); // it really was in the query
    for (const leaked of [SECRET, 'CODE-abc-123', '?', 'app_key=']) expect(err.message).not.toContain(leaked);
    expect(err.message).toContain(`${fake.origin}/token`);
  });

  it('a refresh token, verifier or access token echoed in a description is removed', async () => {
    const rt = 'Atzr|IwEBIExampleRefreshToken0123456789';
    fake.reply(() => ({ status: 400, body: { error: 'invalid_grant', error_description: `token ${rt} / ${encodeURIComponent(rt)} was revoked` } }));
    const err = await failure(client.refresh(resolved(connector()), rt));
    expect(err.reason).toBe('invalid_grant');
    expect(err.message).not.toContain(rt);
    expect(err.message).not.toContain(encodeURIComponent(rt));
    expect(err.message).toContain('was revoked');
    expect(err.message).toMatch(/reconnect/);
  });

  it('a wrong client secret is not repeated in the invalid_client message', async () => {
    fake.reply(() => ({ status: 401, body: { error: 'invalid_client', error_description: `secret ${SECRET} is wrong` } }));
    const err = await failure(client.refresh(resolved(connector(), testRegistration()), 'RT-x-1'));
    expect(err).toMatchObject({ failure: 'client_broken', reason: 'invalid_client' });
    expect(err.message).not.toContain(SECRET);
  });

  it('redact: known secrets, URL queries, and long opaque strings', () => {
    const out = redact('see https://h.example/p?app_secret=s3cr3t&x=1#frag with s3cr3t-value and eyJhbGciOi0123456789abcdefghijklmnopqrstuv end', ['s3cr3t-value']);
    expect(out).toBe('see https://h.example/p with [redacted] and [redacted] end');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  it('delta seconds, HTTP dates, past dates and garbage', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
