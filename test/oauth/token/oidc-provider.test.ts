// The token client's standard path against a real authorization server (node oidc-provider):
// PKCE code exchange for each client-auth method, rotation with reuse detection, RFC 7009
// revocation, client credentials, the probe, and how failures are classified.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenClient } from '../../../main/oauth/token-client';
import { TokenEndpointError } from '../../../main/oauth/token-types';
import { browseToCallback } from '../../support/browser';
import { startOidcServer, type OidcServer } from '../../support/oidc-server';
import { consentCode, oidcConnection, resolved, testConnector, testRegistration } from './fixtures';

let as: OidcServer;
const client = createTokenClient();

beforeAll(async () => {
  as = await startOidcServer({ accessTokenTtl: 120 });
});
afterAll(async () => {
  await as.close();
});

async function caught(p: Promise<unknown>): Promise<TokenEndpointError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TokenEndpointError) return e;
    throw e;
  }
  throw new Error('expected a TokenEndpointError, but the call succeeded');
}

async function connectedTokens(which: 'confidential' | 'confidentialPost' | 'public' = 'confidential') {
  const rc = oidcConnection(as, as.clients[which]);
  const consent = await consentCode(as, as.clients[which]);
  return { rc, tokens: await client.exchangeCode(rc, consent) };
}

describe('code exchange with PKCE', () => {
  it.each(['confidential', 'confidentialPost', 'public'] as const)('works for the %s client', async (which) => {
    const before = Date.now();
    const { tokens } = await connectedTokens(which);
    expect(tokens.accessToken.length).toBeGreaterThan(20);
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.tokenType).toBe('bearer');
    expect(tokens.scopes).toEqual(as.scopes.slice(0, 2));
    const expiresIn = tokens.accessExpiresAt!.getTime() - before;
    expect(expiresIn).toBeGreaterThan(110_000);
    expect(expiresIn).toBeLessThanOrEqual(121_000);
  });

  it('rejects a wrong code verifier as invalid_grant (PKCE is enforced)', async () => {
    const rc = oidcConnection(as, as.clients.confidential);
    const consent = await consentCode(as, as.clients.confidential);
    const err = await caught(client.exchangeCode(rc, { ...consent, codeVerifier: 'x'.repeat(43) }));
    expect(err.failure).toBe('consent_gone');
    expect(err.oauthError).toBe('invalid_grant');
    expect(err.message).not.toContain(consent.code);
  });

  it('refuses a reused code', async () => {
    const rc = oidcConnection(as, as.clients.public);
    const consent = await consentCode(as, as.clients.public);
    await client.exchangeCode(rc, consent);
    const err = await caught(client.exchangeCode(rc, consent));
    expect(err.reason).toBe('invalid_grant');
  });

  it('takes the refresh-token lifetime from the connector policy when the AS gives none', async () => {
    const rc = oidcConnection(as, as.clients.confidential, { tokens: { refreshTtlSeconds: 86_400 } });
    const now = Date.now();
    const tokens = await client.exchangeCode(rc, await consentCode(as, as.clients.confidential));
    expect(Math.abs(tokens.refreshExpiresAt!.getTime() - (now + 86_400_000))).toBeLessThan(5_000);
  });
});

describe('refresh', () => {
  it('returns a new, rotated refresh token; replaying the old one kills the whole family', async () => {
    const { rc, tokens } = await connectedTokens();
    const refreshed = await client.refresh(rc, tokens.refreshToken!);
    expect(refreshed.refreshToken).toEqual(expect.any(String));
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);

    const replay = await caught(client.refresh(rc, tokens.refreshToken!));
    expect(replay).toMatchObject({ failure: 'consent_gone', reason: 'invalid_grant', status: 400, oauthError: 'invalid_grant' });
    expect(replay.message).not.toContain(tokens.refreshToken!);

    // Reuse detection revoked the grant: the newest refresh token is dead too.
    const after = await caught(client.refresh(rc, refreshed.refreshToken!));
    expect(after.reason).toBe('invalid_grant');
  });

  it('counts every token request at the harness', async () => {
    const start = as.stats.tokenRequests;
    const { rc, tokens } = await connectedTokens();
    await client.refresh(rc, tokens.refreshToken!);
    expect(as.stats.tokenRequests - start).toBe(2);
  });
});

describe('revocation (RFC 7009)', () => {
  it('revokes a refresh token; a later refresh is invalid_grant', async () => {
    const { rc, tokens } = await connectedTokens();
    const start = as.stats.revocationRequests;
    await client.revoke(rc, tokens.refreshToken!, 'refresh_token');
    expect(as.stats.revocationRequests - start).toBe(1);
    const err = await caught(client.refresh(rc, tokens.refreshToken!));
    expect(err.failure).toBe('consent_gone');
  });

  it('treats an unknown token as revoked (200)', async () => {
    const rc = oidcConnection(as, as.clients.confidential);
    await expect(client.revoke(rc, 'not-a-token-we-issued', 'refresh_token')).resolves.toBeUndefined();
  });

  it('refuses an http revocation endpoint that is not loopback', async () => {
    const connector = testConnector({ endpoints: { token: as.endpoints.token, revoke: 'http://revoke.example.com/revoke' } });
    const err = await caught(client.revoke(resolved(connector), 'whatever-token', 'refresh_token'));
    expect(err).toMatchObject({ failure: 'client_broken', reason: 'configuration' });
    expect(err.message).toMatch(/https/);
  });
});

describe('failures from the AS', () => {
  it('503 with Retry-After → transient, retryAfterMs from the header', async () => {
    const { rc, tokens } = await connectedTokens();
    as.failNextTokenRequests(1, 503, '7');
    const err = await caught(client.refresh(rc, tokens.refreshToken!));
    expect(err).toMatchObject({ failure: 'transient', status: 503, retryAfterMs: 7000 });
    // The refresh token survived: the failure happened before the AS saw it.
    await expect(client.refresh(rc, tokens.refreshToken!)).resolves.toMatchObject({ tokenType: 'bearer' });
  });

  it('503 without Retry-After → transient with no retryAfter', async () => {
    const { rc, tokens } = await connectedTokens();
    as.failNextTokenRequests(1, 503);
    const err = await caught(client.refresh(rc, tokens.refreshToken!));
    expect(err).toMatchObject({ failure: 'transient', retryAfterMs: null });
  });

  it('429 → rate_limited honouring an HTTP-date Retry-After', async () => {
    const fixedNow = Date.parse('2026-11-27T12:00:00Z');
    const timed = createTokenClient({ now: () => fixedNow });
    const { rc, tokens } = await connectedTokens();
    as.failNextTokenRequests(1, 429, 'Fri, 27 Nov 2026 12:00:30 GMT');
    const err = await caught(timed.refresh(rc, tokens.refreshToken!));
    expect(err).toMatchObject({ failure: 'rate_limited', reason: 'rate_limited', retryAfterMs: 30_000 });
  });

  it('a wrong client secret → client_broken invalid_client, secret not in the message', async () => {
    const { tokens } = await connectedTokens();
    const wrongSecret = 'WRONG-secret-value-123';
    const rc = oidcConnection(as, { ...as.clients.confidential, clientSecret: wrongSecret });
    const err = await caught(client.refresh(rc, tokens.refreshToken!));
    expect(err).toMatchObject({ failure: 'client_broken', reason: 'invalid_client', status: 401 });
    expect(err.message).not.toContain(wrongSecret);
    expect(err.message).not.toContain(tokens.refreshToken!);
  });

  it('a missing client secret is a configuration error that says what to do', async () => {
    const rc = oidcConnection(as, { ...as.clients.confidential, clientSecret: null });
    const err = await caught(client.refresh(rc, 'some-refresh-token'));
    expect(err).toMatchObject({ failure: 'client_broken', reason: 'configuration' });
    expect(err.message).toMatch(/client-secret-env/);
  });

  it('a slow AS → transient timeout', async () => {
    const { rc, tokens } = await connectedTokens();
    as.setLatency(400);
    try {
      const err = await caught(createTokenClient({ timeoutMs: 100 }).refresh(rc, tokens.refreshToken!));
      expect(err).toMatchObject({ failure: 'transient', reason: 'timeout' });
    } finally {
      as.setLatency(0);
    }
  });

  it('an unreachable AS → transient offline', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    const connector = testConnector({ endpoints: { token: `http://127.0.0.1:${port}/token` } });
    const err = await caught(client.refresh(resolved(connector), 'rt-value-123'));
    expect(err).toMatchObject({ failure: 'transient', reason: 'offline', status: null });
  });
});

describe('client credentials', () => {
  it('gets an access token with the base scopes and no refresh token', async () => {
    const connector = testConnector({ grant: 'client_credentials', endpoints: { token: as.endpoints.token }, scopes: { base: ['orders.read'] } });
    const rc = resolved(connector, testRegistration({ clientId: as.clients.service.clientId, clientSecret: as.clients.service.clientSecret }));
    const tokens = await client.clientCredentials(rc);
    expect(tokens.accessToken).toEqual(expect.any(String));
    expect(tokens.refreshToken).toBeNull();
    expect(tokens.scopes).toEqual(['orders.read']);
  });
});

describe('probe against the AS-protected API', () => {
  it('ok with the granted scopes', async () => {
    const { rc, tokens } = await connectedTokens();
    const result = await client.probe(rc, tokens.accessToken);
    expect(result).toEqual({ ok: true, status: 200, failure: null, reason: null, scopes: as.scopes.slice(0, 2) });
  });

  it('a rejected access token → transient token_rejected (the engine refreshes)', async () => {
    const rc = oidcConnection(as, as.clients.confidential);
    const result = await client.probe(rc, 'expired-or-bogus-access-token');
    expect(result).toEqual({ ok: false, status: 401, failure: 'transient', reason: 'token_rejected', scopes: null });
  });
});

describe('harness', () => {
  it('denyConsent sends access_denied to the redirect URI', async () => {
    as.denyConsent(true);
    try {
      const url = new URL(as.endpoints.authorize);
      url.search = new URLSearchParams({
        client_id: as.clients.public.clientId,
        response_type: 'code',
        redirect_uri: 'http://127.0.0.1:40001/oauth/callback',
        scope: 'orders.read',
        state: 'st-1',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }).toString();
      const { callbackUrl } = await browseToCallback(url, { stopAt: 'http://127.0.0.1:40001/' });
      expect(callbackUrl.searchParams.get('error')).toBe('access_denied');
      expect(callbackUrl.searchParams.get('state')).toBe('st-1');
    } finally {
      as.denyConsent(false);
    }
  });
});
