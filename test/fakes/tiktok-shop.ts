// Fake TikTok Shop (marketplaces.md §2.10, §4.2–4.6): GET token endpoints with app_key, app_secret
// and auth_code in the query, grant_type authorized_code, the {code, message, data} envelope with
// errors on HTTP 200, Unix-timestamp expiries, and a probe that checks the HMAC-SHA256 signature.
import { createHmac } from 'node:crypto';
import { header } from './fake-marketplace';
import type { RecordedRequest, Reply } from './fake-marketplace';
import { FakeOAuthMarketplace } from './fake-oauth';
import type { FakeErrorKind } from './fake-oauth';

const envelopeError = (code: number, message: string): Reply => ({ status: 200, json: { code, message, data: {}, request_id: '2026112700000001' } });

/** The signature as TikTok Shop documents it, computed independently of the connector's hook. */
export function expectedTikTokSign(secret: string, req: RecordedRequest): string {
  const pairs = [...req.url.searchParams].filter(([k]) => k !== 'sign' && k !== 'access_token').sort(([a], [b]) => a.localeCompare(b));
  return createHmac('sha256', secret).update(`${secret}${req.path}${pairs.map(([k, v]) => k + v).join('')}${req.body}${secret}`).digest('hex');
}

export function startFakeTikTokShop(): Promise<FakeOAuthMarketplace> {
  const errors: Record<FakeErrorKind, Reply> = {
    invalid_grant: envelopeError(36004004, 'refresh_token is invalid or expired'),
    invalid_client: envelopeError(36004002, 'invalid app_key or app_secret'),
    secret_expired: envelopeError(36004002, 'invalid app_key or app_secret'),
  };
  return FakeOAuthMarketplace.start({
    name: 'tiktok-shop',
    clientId: '6abc1def2ghi3',
    clientAuth: 'query',
    tokenMethod: 'GET',
    paramsIn: 'query',
    paramNames: { code: 'auth_code', client_id: 'app_key', client_secret: 'app_secret' },
    authorizationCodeGrant: 'authorized_code',
    paths: { token: '/api/v2/token/get', refresh: '/api/v2/token/refresh', probe: '/authorization/202309/shops' },
    rotation: 'static',
    staticRefreshOmitsToken: false,
    accessTtlSeconds: 7 * 86_400,
    tokenBody: (t, now) => ({
      code: 0,
      message: 'success',
      data: {
        access_token: t.accessToken,
        access_token_expire_in: Math.floor(now / 1000) + t.expiresIn,
        refresh_token: t.refreshToken,
        refresh_token_expire_in: 4_891_680_000,
        open_id: 'open-7f3a',
        seller_name: 'Acme Shop',
        seller_base_region: 'GB',
        user_type: 0,
      },
      request_id: '2026112700000000',
    }),
    errorReply: (kind) => errors[kind],
    probe: {
      method: 'GET',
      accessToken: (req) => header(req, 'x-tts-access-token') ?? null,
      check: (req, fake) => {
        if (req.url.searchParams.get('app_key') !== fake.clientId) return envelopeError(106001, 'app_key is missing');
        const ts = Number(req.url.searchParams.get('timestamp'));
        if (!/^\d{10}$/.test(String(ts)) || Math.abs(ts - Date.now() / 1000) > 300) return envelopeError(36009004, 'Invalid timestamp');
        if (req.url.searchParams.get('sign') !== expectedTikTokSign(fake.clientSecret, req)) return envelopeError(106001, 'Invalid sign');
        return null;
      },
      body: { code: 0, message: 'Success', data: { shops: [{ id: '7000714532876273420', cipher: 'GCP_XF90igAAAABh00qsWgtvOiGFNqyubMt3', name: 'Acme Shop', region: 'GB', seller_type: 'LOCAL' }] } },
    },
  });
}
