// How marketplace token answers become TokenSets (or classified errors), through a local fake:
// string and timestamp expiries, missing token_type, envelopes, HTTP-200 errors, renamed fields,
// scope formats, refresh-token lifetimes, extra fields, rotation, and token types we refuse.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorDefinition } from '../../../connectors/types';
import { createTokenClient } from '../../../main/oauth/token-client';
import { TokenEndpointError, type TokenSet } from '../../../main/oauth/token-types';
import { startFakeMarketplace, type FakeMarketplace, type FakeReply } from './fake-marketplace';
import { resolved, testConnector, type ConnectorOverrides } from './fixtures';

let fake: FakeMarketplace;
const NOW = Date.parse('2026-11-27T12:00:00Z');
const client = createTokenClient({ now: () => NOW });

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
  return testConnector({ endpoints: { token: fake.url('/token') }, ...overrides });
}

async function refreshWith(reply: FakeReply, overrides: ConnectorOverrides = {}): Promise<TokenSet> {
  fake.reply(() => reply);
  return client.refresh(resolved(connector(overrides)), 'old-refresh-token-1');
}

async function failureWith(reply: FakeReply, overrides: ConnectorOverrides = {}): Promise<TokenEndpointError> {
  const err = await refreshWith(reply, overrides).catch((e: unknown) => e);
  if (!(err instanceof TokenEndpointError)) throw new Error(`expected a TokenEndpointError, got ${String(err)}`);
  return err;
}

const inSeconds = (s: number) => new Date(NOW + s * 1000);

describe('normalising successful answers', () => {
  it('expires_in as a string', async () => {
    const t = await refreshWith({ body: { access_token: 'at', token_type: 'bearer', expires_in: '3600' } });
    expect(t.accessExpiresAt).toEqual(inSeconds(3600));
  });

  it('missing token_type is taken as bearer', async () => {
    const t = await refreshWith({ body: { access_token: 'at', expires_in: 60 } });
    expect(t.tokenType).toBe('bearer');
  });

  it('no expires_in: the connector policy lifetime applies', async () => {
    const t = await refreshWith({ body: { access_token: 'at', token_type: 'Bearer' } }, { tokens: { accessTtlSeconds: 900 } });
    expect(t.accessExpiresAt).toEqual(inSeconds(900));
  });

  it('no expires_in and a policy of 0: the token does not expire', async () => {
    const t = await refreshWith({ body: { access_token: 'at', token_type: 'Bearer' } }, { tokens: { accessTtlSeconds: 0 } });
    expect(t.accessExpiresAt).toBeNull();
  });

  it('envelope + renamed fields + Unix-timestamp expiries (TikTok Shop)', async () => {
    const nowS = NOW / 1000;
    const t = await refreshWith(
      {
        body: {
          code: 0,
          message: 'success',
          request_id: 'req-1',
          data: {
            access_token: 'tts-at',
            access_token_expire_in: nowS + 7 * 86_400,
            refresh_token: 'tts-rt',
            refresh_token_expire_in: nowS + 365 * 86_400,
            open_id: 'open-1',
            seller_name: 'Shop One',
            user_type: 0,
          },
        },
      },
      {
        tokenResponse: {
          envelope: 'data',
          errorCodePath: 'code',
          successCode: 0,
          expiresFormat: 'timestamp',
          fields: { expires_in: 'access_token_expire_in', refresh_expires_in: 'refresh_token_expire_in' },
        },
      },
    );
    expect(t.accessToken).toBe('tts-at');
    expect(t.refreshToken).toBe('tts-rt');
    expect(t.tokenType).toBe('bearer');
    expect(t.accessExpiresAt).toEqual(inSeconds(7 * 86_400));
    expect(t.refreshExpiresAt).toEqual(inSeconds(365 * 86_400));
    expect(t.extra).toEqual({ open_id: 'open-1', seller_name: 'Shop One', user_type: '0' });
  });

  it('timestamps in milliseconds are understood too', async () => {
    const t = await refreshWith(
      { body: { access_token: 'at', token_type: 'bearer', expires_in: NOW + 60_000 } },
      { tokenResponse: { expiresFormat: 'timestamp' } },
    );
    expect(t.accessExpiresAt).toEqual(inSeconds(60));
  });

  it('refresh_token_expires_in (eBay, Shopify) and refresh_expires_in (Keycloak) give refreshExpiresAt', async () => {
    const ebay = await refreshWith({ body: { access_token: 'at', token_type: 'bearer', refresh_token: 'rt', refresh_token_expires_in: 47_304_000 } });
    expect(ebay.refreshExpiresAt).toEqual(inSeconds(47_304_000));
    const keycloak = await refreshWith({ body: { access_token: 'at', token_type: 'bearer', refresh_token: 'rt', refresh_expires_in: '1800' } });
    expect(keycloak.refreshExpiresAt).toEqual(inSeconds(1800));
  });

  it('refreshExpiresAt from the policy only for a refresh token issued in this answer', async () => {
    const issued = await refreshWith({ body: { access_token: 'at', token_type: 'bearer', refresh_token: 'rt' } }, { tokens: { refreshTtlSeconds: 86_400 } });
    expect(issued.refreshExpiresAt).toEqual(inSeconds(86_400));
    const none = await refreshWith({ body: { access_token: 'at', token_type: 'bearer' } }, { tokens: { refreshTtlSeconds: 86_400 } });
    expect(none.refreshExpiresAt).toBeNull();
  });

  it('rotating connector: the new refresh token is surfaced; an answer without one gives null', async () => {
    const rotated = await refreshWith({ body: { access_token: 'at', token_type: 'bearer', refresh_token: 'rt-new' } }, { tokens: { rotation: 'rotating' } });
    expect(rotated.refreshToken).toBe('rt-new');
    const missing = await refreshWith({ body: { access_token: 'at', token_type: 'bearer' } }, { tokens: { rotation: 'rotating' } });
    expect(missing.refreshToken).toBeNull();
  });

  it('scopes: space-separated, the connector separator, or an array', async () => {
    expect((await refreshWith({ body: { access_token: 'at', token_type: 'bearer', scope: 'a b' } })).scopes).toEqual(['a', 'b']);
    const comma = await refreshWith({ body: { access_token: 'at', token_type: 'bearer', scope: 'read_orders,write_products' } }, { tokenResponse: { expiresFormat: 'duration', scopeSeparator: ',' } });
    expect(comma.scopes).toEqual(['read_orders', 'write_products']);
    expect((await refreshWith({ body: { access_token: 'at', token_type: 'bearer', scope: ['x', 'y'] } })).scopes).toEqual(['x', 'y']);
    expect((await refreshWith({ body: { access_token: 'at', token_type: 'bearer' } })).scopes).toBeNull();
  });

  it('a JSON answer with a vendor content type is still read (Allegro)', async () => {
    const t = await refreshWith({ headers: { 'content-type': 'application/vnd.allegro.public.v1+json' }, body: { access_token: 'at', token_type: 'bearer', expires_in: 43199 } });
    expect(t.accessExpiresAt).toEqual(inSeconds(43199));
  });

  it('extra keeps non-secret fields and drops secret-looking ones', async () => {
    const t = await refreshWith({ body: { access_token: 'at', token_type: 'bearer', user_id: 123, live_mode: true, public_key: 'APP_USR-x', id_token: 'eyJ.x.y' } });
    expect(t.extra).toEqual({ user_id: '123', live_mode: 'true' });
  });
});

describe('answers that are errors', () => {
  it('a token type other than Bearer/DPoP is rejected (T15)', async () => {
    const err = await failureWith({ body: { access_token: 'AT-mac-token-123', token_type: 'mac', expires_in: 60 } });
    expect(err).toMatchObject({ failure: 'unknown', reason: 'unsupported_token_type' });
    expect(err.message).not.toContain('AT-mac-token-123');
  });

  it('HTTP 200 with a non-zero code becomes an OAuth error, classified by the connector rules', async () => {
    const tiktok: ConnectorOverrides = {
      tokenResponse: { envelope: 'data', errorCodePath: 'code', successCode: 0, expiresFormat: 'timestamp' },
      errorRules: [{ error: '105002', classify: 'consent_gone', reason: 'refresh_token_invalid' }],
    };
    const err = await failureWith({ status: 200, body: { code: 105002, message: 'refresh token is expired', data: {} } }, tiktok);
    expect(err).toMatchObject({ failure: 'consent_gone', reason: 'refresh_token_invalid', status: 400, oauthError: '105002' });
    expect(err.message).toContain('refresh token is expired');
    const unknown = await failureWith({ status: 200, body: { code: 36009004, message: 'Invalid timestamp' } }, tiktok);
    expect(unknown).toMatchObject({ failure: 'unknown', oauthError: '36009004' });
  });

  it('HTTP 200 with an OAuth error object and no token is an error', async () => {
    const err = await failureWith({ status: 200, body: { error: 'invalid_grant', error_description: 'revoked' } });
    expect(err).toMatchObject({ failure: 'consent_gone', reason: 'invalid_grant' });
  });

  it('a JSON answer without access_token is an invalid response', async () => {
    const err = await failureWith({ body: { token_type: 'bearer' } });
    expect(err).toMatchObject({ failure: 'unknown', reason: 'invalid_response' });
  });

  it('an HTML 502 from a proxy is transient', async () => {
    const err = await failureWith({ status: 502, body: '<html>Bad gateway</html>' });
    expect(err).toMatchObject({ failure: 'transient', reason: 'server_error', status: 502 });
  });

  it('a connector rule beats the default (Amazon: expired LWA secret is the client, not the consent)', async () => {
    const err = await failureWith(
      { status: 400, body: { error: 'invalid_client', error_description: 'The LWA secret token you provided has expired.' } },
      { errorRules: [{ descriptionIncludes: 'lwa secret token you provided has expired', classify: 'client_broken', reason: 'client_secret_expired' }] },
    );
    expect(err).toMatchObject({ failure: 'client_broken', reason: 'client_secret_expired' });
  });

  it("a non-OAuth error body's details/message is the description rules match (Amazon)", async () => {
    const err = await failureWith(
      { status: 401, body: { code: 'Unauthorized', message: 'Access to requested resource is denied.', details: 'The LWA secret token you provided has expired.' } },
      { errorRules: [{ descriptionIncludes: 'LWA secret token', classify: 'client_broken', reason: 'client_secret_expired' }] },
    );
    expect(err).toMatchObject({ failure: 'client_broken', reason: 'client_secret_expired', status: 401 });
    expect(err.message).toContain('The LWA secret token you provided has expired.');
  });

  it.each([
    [400, 'invalid_grant', 'consent_gone', 'invalid_grant'],
    [401, 'invalid_client', 'client_broken', 'invalid_client'],
    [400, 'unauthorized_client', 'client_broken', 'unauthorized_client'],
    [403, 'insufficient_scope', 'missing_permission', 'insufficient_scope'],
    [403, null, 'missing_permission', 'forbidden'],
    [401, null, 'client_broken', 'invalid_client'],
    [429, null, 'rate_limited', 'rate_limited'],
    [500, 'server_error', 'transient', 'server_error'],
    [418, null, 'unknown', 'http_418'],
  ] as const)('HTTP %i %s → %s / %s', async (status, error, failure, reason) => {
    const err = await failureWith({ status, body: error ? { error } : {} });
    expect(err).toMatchObject({ failure, reason, status, oauthError: error });
  });
});
