// The health probe and API headers against a local fake API: where the probe goes, which headers
// it carries (secret ones included, for our own call), how answers are classified, and which
// scopes it reads; apiHeaders templates and the secret-header rule for scripts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorDefinition, ProbeDefinition } from '../../../connectors/types';
import { ConfigError } from '../../../main/oauth/resolve';
import { createTokenClient } from '../../../main/oauth/token-client';
import { TokenEndpointError } from '../../../main/oauth/token-types';
import { startFakeMarketplace, type FakeMarketplace, type FakeReply } from './fake-marketplace';
import { resolved, testConnector, testRegistration, type ConnectorOverrides } from './fixtures';

let fake: FakeMarketplace;
const client = createTokenClient();
const ACCESS = 'AT-probe-token-0123456789';

beforeAll(async () => {
  fake = await startFakeMarketplace();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

const probeDef = (over: Partial<ProbeDefinition> = {}): ProbeDefinition => ({ method: 'GET', endpoint: 'probe', intervalSeconds: 3600, ratePerSecond: 1, burst: 1, ...over });

function connector(overrides: ConnectorOverrides = {}): ConnectorDefinition {
  return testConnector({
    endpoints: { token: fake.url('/token'), probe: fake.url('/users/me'), api: fake.url('/v3') },
    probe: probeDef(),
    ...overrides,
  });
}

async function probeWith(reply: FakeReply, overrides: ConnectorOverrides = {}) {
  fake.reply(() => reply);
  return client.probe(resolved(connector(overrides)), ACCESS);
}

describe('probe', () => {
  it('a named endpoint, with the API headers (secret ones too) on the wire', async () => {
    const result = await probeWith(
      { body: { user_id: 1 } },
      { apiHeaders: { Authorization: 'Bearer {accessToken}', 'x-api-key': '{clientId}:{clientSecret}' }, secretApiHeaders: ['x-api-key'] },
    );
    expect(result).toEqual({ ok: true, status: 200, failure: null, reason: null, scopes: null });
    const req = fake.requests[0]!;
    expect(req.url.pathname).toBe('/users/me');
    expect(req.headers.authorization).toBe(`Bearer ${ACCESS}`);
    expect(req.headers['x-api-key']).toBe('client-1:SECRET-client-1-xyz');
  });

  it('a path below `api`, with a POST body (Shopify GraphQL style)', async () => {
    await probeWith({ body: { data: { shop: { name: 'S' } } } }, { probe: probeDef({ method: 'POST', endpoint: '/graphql.json', body: '{"query":"{ shop { name } }"}' }) });
    const req = fake.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url.pathname).toBe('/v3/graphql.json');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ query: '{ shop { name } }' });
  });

  it('reads granted scopes: a scope → access map (Walmart token detail) or an array', async () => {
    const walmart = await probeWith({ body: { is_valid: true, scopes: { reports: 'view_only', item: 'full_access' } } }, { probe: probeDef({ endpoint: 'token/detail' }) });
    expect(fake.requests[0]!.url.pathname).toBe('/v3/token/detail');
    expect(walmart.scopes).toEqual(['reports:view_only', 'item:full_access']);
    const list = await probeWith({ body: { data: { scopes: ['listings_r', 'transactions_r'] } } });
    expect(list.scopes).toEqual(['listings_r', 'transactions_r']);
  });

  it('is signed by the connector hook when it has one', async () => {
    await probeWith({ body: {} }, { hooks: { signRequest: (spec) => ({ ...spec, headers: { ...spec.headers, 'x-sign': 'signed' } }) } });
    expect(fake.requests[0]!.headers['x-sign']).toBe('signed');
  });

  it.each([
    [401, 'transient', 'token_rejected'],
    [403, 'missing_permission', 'forbidden'],
    [429, 'rate_limited', 'rate_limited'],
    [503, 'transient', 'server_error'],
    [404, 'unknown', 'http_404'],
  ] as const)('HTTP %i → %s / %s', async (status, failure, reason) => {
    expect(await probeWith({ status, body: { message: 'no' } })).toEqual({ ok: false, status, failure, reason, scopes: null });
  });

  it('body rules apply to API answers; status-only rules (token endpoint) do not', async () => {
    const rules: ConnectorOverrides = {
      errorRules: [
        { status: 401, classify: 'client_broken', reason: 'bad_client' },
        { descriptionIncludes: 'LWA secret token you provided has expired', classify: 'client_broken', reason: 'client_secret_expired' },
      ],
    };
    const expired = await probeWith(
      { status: 403, body: { errors: [{ code: 'Unauthorized', message: 'Access denied', details: 'The LWA secret token you provided has expired.' }] } },
      rules,
    );
    expect(expired).toMatchObject({ failure: 'client_broken', reason: 'client_secret_expired' });
    expect(await probeWith({ status: 401, body: {} }, rules)).toMatchObject({ failure: 'transient', reason: 'token_rejected' });
  });

  it('an unreachable API → transient offline, not a throw', async () => {
    const c = connector({ endpoints: { probe: 'http://127.0.0.1:9/unreachable' } });
    expect(await client.probe(resolved(c), ACCESS)).toEqual({ ok: false, status: null, failure: 'transient', reason: 'offline', scopes: null });
  });

  it('a connector without a probe is refused with a clear error', async () => {
    const err = await client.probe(resolved(connector({ probe: null })), ACCESS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenEndpointError);
    expect(err).toMatchObject({ reason: 'unsupported' });
  });
});

describe('apiHeaders', () => {
  const c = testConnector({
    apiHeaders: {
      'x-amz-access-token': '{accessToken}',
      'WM_QOS.CORRELATION_ID': '{uuid}',
      'X-Shop': '{shop}',
      'X-Seller': '{callback.sellerId}',
      'X-App': '{applicationId}',
      'x-api-key': '{clientId}:{clientSecret}',
    },
    secretApiHeaders: ['X-API-KEY'],
  });
  const rc = resolved(c, testRegistration({ params: { applicationId: 'amzn1.app' } }), { settings: { shop: 'shop-1' }, callbackMetadata: { sellerId: 'S-9' } });

  it('fills every template and leaves out secret headers by default', () => {
    const h = client.apiHeaders(rc, ACCESS);
    expect(h).toMatchObject({ 'x-amz-access-token': ACCESS, 'X-Shop': 'shop-1', 'X-Seller': 'S-9', 'X-App': 'amzn1.app' });
    expect(h['WM_QOS.CORRELATION_ID']).toMatch(/^[0-9a-f-]{36}$/);
    expect(h).not.toHaveProperty('x-api-key');
    expect(JSON.stringify(h)).not.toContain('SECRET-client-1-xyz');
  });

  it('includes secret headers only when asked', () => {
    expect(client.apiHeaders(rc, ACCESS, { includeSecret: true })['x-api-key']).toBe('client-1:SECRET-client-1-xyz');
  });

  it('leaves out optional headers until their value exists (Amazon Ads profile scope)', () => {
    const ads = testConnector({ apiHeaders: { 'Amazon-Advertising-API-Scope': '{profileId}', 'X-Other': '{missing}' }, optionalApiHeaders: ['amazon-advertising-api-scope'] });
    expect(client.apiHeaders(resolved(ads, testRegistration(), { settings: { profileId: 'p-1', missing: 'm' } }), ACCESS)).toEqual({ 'Amazon-Advertising-API-Scope': 'p-1', 'X-Other': 'm' });
    expect(client.apiHeaders(resolved(ads, testRegistration(), { settings: { missing: 'm' } }), ACCESS)).toEqual({ 'X-Other': 'm' });
    // A required header without a value is still an error that says how to set it.
    expect(() => client.apiHeaders(resolved(ads), ACCESS)).toThrow(/missing/);
  });

  it('never offers the client secret to a header not declared secret', () => {
    const leaky = testConnector({ apiHeaders: { 'x-api-key': '{clientId}:{clientSecret}' }, secretApiHeaders: [] });
    expect(() => client.apiHeaders(resolved(leaky), ACCESS, { includeSecret: true })).toThrow(ConfigError);
  });
});

describe('probes of marketplaces that wrap every answer in an envelope (TikTok Shop)', () => {
  const envelope = { tokenResponse: { envelope: 'data', errorCodePath: 'code', successCode: 0 } };

  it('reads a non-zero code in an HTTP 200 answer as a failed probe, not a healthy one', async () => {
    const r = await probeWith({ body: { code: 105002, message: 'Expired credentials', data: {} } }, envelope);
    expect(r).toMatchObject({ ok: false, status: 200, failure: 'unknown', reason: 'invalid_response' });
  });

  it("applies the connector's rules to the envelope's message", async () => {
    const rules = { errorRules: [{ descriptionIncludes: 'Expired credentials', classify: 'consent_gone' as const, reason: 'invalid_grant' }] };
    const r = await probeWith({ body: { code: 105002, message: 'Expired credentials' } }, { ...envelope, ...rules });
    expect(r).toMatchObject({ ok: false, failure: 'consent_gone', reason: 'invalid_grant' });
  });

  it('keeps code 0 healthy and still reads the granted scopes', async () => {
    const r = await probeWith({ body: { code: 0, message: 'Success', data: { scopes: ['shop.read'] } } }, envelope);
    expect(r).toMatchObject({ ok: true, status: 200, scopes: ['shop.read'] });
  });
});
