// The other grants end to end through the token client: bol.com and Zalando client credentials
// against their fakes, and the demo connector against the real demo marketplace (exchange,
// rotation, RFC 7009 revocation, probe, outage, revoke-all, imported refresh token).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoMarketplace } from '../../connectors/demo/server';
import type { DemoMarketplace } from '../../connectors/demo/server';
import { BUILTIN_CONNECTORS } from '../../connectors/registry';
import type { ConnectorDefinition } from '../../connectors/types';
import { buildAuthorizeUrl } from '../../main/oauth/protocol/authorize-url';
import { parseCallbackUrl } from '../../main/oauth/protocol/callback';
import { createPkcePair, createState } from '../../main/oauth/protocol/pkce';
import { resolveConnector } from '../../main/oauth/resolve';
import type { ResolvedConnector } from '../../main/oauth/resolve';
import { createTokenClient } from '../../main/oauth/token-client';
import { TokenEndpointError } from '../../main/oauth/token-types';
import { startFakeBolCom } from '../fakes/bol-com';
import type { FakeOAuthMarketplace } from '../fakes/fake-oauth';
import { startFakeZalando } from '../fakes/zalando';
import { overridesToFake, registration } from './support';

const client = createTokenClient({ timeoutMs: 5000 });

async function failure(p: Promise<unknown>): Promise<TokenEndpointError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TokenEndpointError);
  return err as TokenEndpointError;
}

describe.each([
  ['bol-com', startFakeBolCom, 'credentials_revoked'],
  ['zalando', startFakeZalando, 'client_broken'],
] as const)('%s client credentials through the token client', (id, start, revokedReason) => {
  const def: ConnectorDefinition = BUILTIN_CONNECTORS[id];
  let fake: FakeOAuthMarketplace;
  let rc: ResolvedConnector;

  beforeAll(async () => {
    fake = await start();
    rc = resolveConnector({ connector: def, registration: registration(def, { clientId: fake.clientId, clientSecret: fake.clientSecret, endpointOverrides: overridesToFake(def, fake.url) }) });
  });
  afterAll(() => fake.close());
  afterEach(() => {
    fake.requests.length = 0;
  });

  it('gets an access token with Basic auth and never a refresh token', async () => {
    const tokens = await client.clientCredentials(rc);
    expect(tokens.accessToken).toMatch(new RegExp(`^${id}-at-`));
    expect(tokens.refreshToken).toBeNull();
    const req = fake.tokenRequests()[0]!;
    expect(req.basic).toEqual({ id: fake.clientId, secret: fake.clientSecret });
    expect(req.params.get('grant_type')).toBe('client_credentials');
    expect(req.params.has('client_secret')).toBe(false);
    if (id === 'zalando') expect(req.params.get('scope')).toBe('access_token_only');
    expect((await client.probe(rc, tokens.accessToken)).ok).toBe(true);
  });

  it('treats a 503 as transient and deleted credentials as client_broken', async () => {
    fake.failNext(fake.config.paths.token);
    expect((await failure(client.clientCredentials(rc))).failure).toBe('transient');
    const deleted = resolveConnector({ ...rc, registration: { ...rc.registration, clientSecret: 'regenerated-elsewhere' } });
    const err = await failure(client.clientCredentials(deleted));
    expect(err).toMatchObject({ failure: 'client_broken', reason: revokedReason, status: 401 });
    expect(err.message).not.toContain('regenerated-elsewhere');
  });
});

describe('demo connector against the demo marketplace', () => {
  const demoDef = BUILTIN_CONNECTORS.demo;
  let demo: DemoMarketplace;
  let rc: ResolvedConnector;

  beforeAll(async () => {
    demo = await startDemoMarketplace({ accessTtlSeconds: 120 });
    // The whole configuration is one param, as `app set demo --client-id demo --param baseUrl=URL`.
    rc = resolveConnector({ connector: demoDef, registration: registration(demoDef, { clientId: demo.clientId, clientSecret: null, params: { baseUrl: demo.url } }) });
  });
  afterAll(() => demo.close());

  async function connect(): Promise<{ accessToken: string; refreshToken: string }> {
    const pkce = createPkcePair();
    const state = createState();
    const redirectUri = 'http://127.0.0.1:53682/oauth/callback';
    const url = buildAuthorizeUrl({ rc, redirectUri, state, codeChallenge: pkce.challenge, purposes: ['reporting'] });
    expect(url.origin).toBe(demo.url);
    const page = await (await fetch(url)).text();
    const requestId = /name="request" value="([^"]+)"/.exec(page)![1]!;
    const decision = await fetch(`${demo.url}/oauth/authorize/decision`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: requestId, decision: 'approve' }),
    });
    const parsed = parseCallbackUrl(decision.headers.get('location')!, demoDef, { expectedIssuer: demo.url });
    if (parsed.kind !== 'code') throw new Error(`callback refused: ${parsed.kind}`);
    const tokens = await client.exchangeCode(rc, { code: parsed.code, codeVerifier: pkce.verifier, redirectUri });
    expect(tokens.scopes).toEqual(['profile', 'reports.read']);
    return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken! };
  }

  it('connects, refreshes with rotation and passes the probe', async () => {
    const t = await connect();
    const next = await client.refresh(rc, t.refreshToken);
    expect(next.refreshToken).not.toBe(t.refreshToken);
    expect(next.accessExpiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(120_000);
    expect(await client.probe(rc, next.accessToken)).toMatchObject({ ok: true, scopes: ['profile', 'reports.read'] });
    const reused = await failure(client.refresh(rc, t.refreshToken));
    expect(reused).toMatchObject({ failure: 'consent_gone', reason: 'invalid_grant' });
  });

  it('revokes remotely with RFC 7009', async () => {
    const t = await connect();
    await client.revoke(rc, t.refreshToken, 'refresh_token');
    expect((await client.probe(rc, t.accessToken)).ok).toBe(false);
    expect((await failure(client.refresh(rc, t.refreshToken))).failure).toBe('consent_gone');
  });

  it('reports the outage knob as transient with its Retry-After', async () => {
    const t = await connect();
    await fetch(`${demo.url}/demo/outage?seconds=5`, { method: 'POST' });
    try {
      const err = await failure(client.refresh(rc, t.refreshToken));
      expect(err.failure).toBe('transient');
      expect(err.retryAfterMs).toBe(5000);
      expect((await client.probe(rc, t.accessToken)).failure).toBe('transient');
    } finally {
      await fetch(`${demo.url}/demo/outage?seconds=0`, { method: 'POST' });
    }
    expect((await client.refresh(rc, t.refreshToken)).accessToken).toMatch(/^demo_at_/);
  });

  it('turns revoke-all into consent_gone on the next refresh', async () => {
    const t = await connect();
    await fetch(`${demo.url}/demo/revoke-all`, { method: 'POST' });
    expect((await failure(client.refresh(rc, t.refreshToken))).failure).toBe('consent_gone');
  });

  it('accepts a self-authorized refresh token for import', async () => {
    const res = (await (await fetch(`${demo.url}/demo/self-authorize`, { method: 'POST' })).json()) as { refresh_token: string };
    const tokens = await client.refresh(rc, res.refresh_token);
    expect((await client.probe(rc, tokens.accessToken)).ok).toBe(true);
  });
});
