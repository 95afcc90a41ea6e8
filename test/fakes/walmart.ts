// Fake Walmart Marketplace (marketplaces.md §2.6): the sellerId callback value, Basic auth plus the
// WM_PARTNER.ID / WM_SVC.NAME / WM_QOS.CORRELATION_ID headers on token calls, 900 s access tokens,
// refresh answers without a new refresh token, and GET /v3/token/detail with WM_SEC.ACCESS_TOKEN.
import { header } from './fake-marketplace';
import type { RecordedRequest, Reply } from './fake-marketplace';
import { FakeOAuthMarketplace } from './fake-oauth';

export const WALMART_SELLER_ID = '10001234567';

const missingHeader = (name: string): Reply => ({
  status: 400,
  json: { error: [{ code: 'INVALID_REQUEST_HEADER.GMP_GATEWAY_API', field: name, description: `${name} is required`, severity: 'ERROR' }] },
});

function checkWmHeaders(req: RecordedRequest, partner: boolean): Reply | null {
  if (partner && header(req, 'wm_partner.id') !== WALMART_SELLER_ID) return missingHeader('WM_PARTNER.ID');
  if (!header(req, 'wm_svc.name')) return missingHeader('WM_SVC.NAME');
  if (!/^[0-9a-f-]{36}$/i.test(header(req, 'wm_qos.correlation_id') ?? '')) return missingHeader('WM_QOS.CORRELATION_ID');
  return null;
}

export function startFakeWalmart(): Promise<FakeOAuthMarketplace> {
  return FakeOAuthMarketplace.start({
    name: 'walmart',
    clientAuth: 'basic',
    paths: { token: '/v3/token', probe: '/v3/token/detail' },
    rotation: 'static',
    accessTtlSeconds: 900,
    callback: (code, state) => ({ code, type: 'auth', clientId: 'walmart-client-id', state, sellerId: WALMART_SELLER_ID }),
    checkTokenRequest: (req) => checkWmHeaders(req, true),
    errorReply: (kind) =>
      kind === 'invalid_grant'
        ? { status: 400, json: { error: 'invalid_grant', error_description: 'refresh token is invalid or expired' } }
        : { status: 401, json: { error: 'invalid_client', error_description: 'Unauthorized' } },
    probe: {
      method: 'GET',
      accessToken: (req) => header(req, 'wm_sec.access_token') ?? null,
      check: (req) => checkWmHeaders(req, false),
      body: { expire_at: '2026-12-01T00:00:00Z', is_valid: true, scopes: { item: 'full_access', inventory: 'full_access', price: 'full_access', reports: 'view_only' } },
    },
  });
}
