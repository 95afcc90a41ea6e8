// Remote revocation where the marketplace documents one, through the real token client and its got
// transport against the marketplace fakes: Mercado Libre's DELETE /users/{id}/applications/{app}
// (trading the refresh token for an access token first), and the plain-words preview where there
// is none (TikTok Shop: the seller removes the app there, with the steps, en+es).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_CONNECTORS } from '../../connectors/registry';
import { resolveConnector } from '../../main/oauth/resolve';
import { createTokenClient } from '../../main/oauth/token-client';
import { TokenEndpointError } from '../../main/oauth/token-types';
import type { FakeOAuthMarketplace } from '../fakes/fake-oauth';
import { bearerToken } from '../fakes/fake-oauth';
import { MERCADO_LIBRE_APP_ID, MERCADO_LIBRE_USER_ID, startFakeMercadoLibre } from '../fakes/mercado-libre';
import { createHarness, tokenSet } from '../refresh/support/harness';
import { overridesToFake, registration } from './support';

const client = createTokenClient();
const meli = BUILTIN_CONNECTORS['mercado-libre'];
const REVOKE_PATH = `/users/${MERCADO_LIBRE_USER_ID}/applications/${MERCADO_LIBRE_APP_ID}`;

describe('Mercado Libre remote revocation', () => {
  let fake: FakeOAuthMarketplace;
  beforeAll(async () => {
    fake = await startFakeMercadoLibre();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
  });

  const rc = () =>
    resolveConnector({
      connector: meli,
      registration: registration(meli, { clientId: fake.clientId, clientSecret: fake.clientSecret, endpointOverrides: overridesToFake(meli, fake.url) }),
      region: null,
      settings: {},
      callbackMetadata: {},
    });

  it('is declared custom, with the hook', () => {
    expect(meli.revocation.method).toBe('custom');
    expect(meli.hooks.revoke).toBeTypeOf('function');
  });

  it('with the refresh token: renews once, asks who the user is, DELETEs the app grant, and the grant is dead', async () => {
    const refreshToken = fake.selfAuthorize();
    await client.revoke(rc(), refreshToken, 'refresh_token');
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /oauth/token', 'GET /users/me', `DELETE ${REVOKE_PATH}`]);
    const renew = fake.requests[0]!;
    expect(renew.params.get('grant_type')).toBe('refresh_token');
    expect(renew.params.get('client_secret')).toBe(fake.clientSecret);
    const used = bearerToken(fake.requests[2]!)!;
    expect(used).toMatch(/^mercado-libre-at-/);
    expect(fake.isAccessTokenLive(used)).toBe(false);
    // The marketplace no longer honours the authorization.
    const after = await client.refresh(rc(), refreshToken).catch((e: unknown) => e);
    expect((after as TokenEndpointError).failure).toBe('consent_gone');
  });

  it('with an access token: no renewal, straight to the DELETE', async () => {
    const refreshToken = fake.selfAuthorize();
    const { accessToken } = await client.refresh(rc(), refreshToken);
    fake.requests.length = 0;
    await client.revoke(rc(), accessToken, 'access_token');
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /users/me', `DELETE ${REVOKE_PATH}`]);
    expect(fake.isAccessTokenLive(accessToken)).toBe(false);
  });

  it('an authorization the seller already removed counts as revoked, with no DELETE', async () => {
    const refreshToken = fake.selfAuthorize();
    fake.revokeConsent();
    await client.revoke(rc(), refreshToken, 'refresh_token');
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /oauth/token']);
  });

  it('a marketplace that keeps failing leaves it transient (the engine keeps it pending), never quoting a token', async () => {
    const refreshToken = fake.selfAuthorize();
    fake.failNext(REVOKE_PATH, { status: 500, json: { message: 'internal error' } }, 3);
    const err = await client.revoke(rc(), refreshToken, 'refresh_token').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenEndpointError);
    expect((err as TokenEndpointError).failure).toBe('transient');
    expect((err as Error).message).not.toContain(refreshToken);
  });
});

describe('the revocation preview where no remote revocation exists (TikTok Shop)', () => {
  it('says plainly that the seller removes the app there, with the steps, in English and Spanish', () => {
    const def = BUILTIN_CONNECTORS['tiktok-shop'];
    expect(def.revocation.method).toBe('none');
    const h = createHarness({ connector: def, clientId: 'app-key', clientSecret: 'app-secret' });
    try {
      const conn = h.connect(tokenSet({ refreshToken: 'RT-tiktok' }));
      const en = h.engine.revocation.previewRevocation(conn.id, 'en').remains.join('\n');
      const es = h.engine.revocation.previewRevocation(conn.id, 'es').remains.join('\n');
      expect(en).toContain("FiveX Connect cannot revoke the app's access at TikTok Shop: the app stays authorized until the seller removes it there. Steps for the seller: TikTok Shop Seller Center → Apps & Services (App Store) → My apps → the app → Deauthorize.");
      expect(es).toContain('FiveX Connect no puede revocar el acceso de la aplicación en TikTok Shop: la aplicación sigue autorizada hasta que el vendedor la quite allí. Pasos para el vendedor: TikTok Shop Seller Center → Apps y servicios');
    } finally {
      h.close();
    }
  });
});
