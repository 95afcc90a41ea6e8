// Fake bol.com (marketplaces.md §2.9): client credentials with Basic auth, short access tokens, no
// refresh token, and a bare 401 once the seller deletes the credentials.
import { randomBytes } from 'node:crypto';
import { FakeServer } from './fake-marketplace';
import type { RecordedRequest, Reply } from './fake-marketplace';
import { bearerToken, FakeOAuthMarketplace } from './fake-oauth';

export function startFakeBolCom(): Promise<FakeOAuthMarketplace> {
  return FakeOAuthMarketplace.start({
    name: 'bol-com',
    grant: 'client_credentials',
    clientAuth: 'basic',
    paths: { token: '/token', probe: '/retailer/retailers' },
    rotation: 'static',
    accessTtlSeconds: 299,
    tokenBody: (t) => ({ access_token: t.accessToken, token_type: 'Bearer', expires_in: t.expiresIn, scope: 'RETAILER' }),
    errorReply: () => ({ status: 401, text: '' }),
    probe: { method: 'GET', accessToken: bearerToken, body: { retailerId: '1234567', displayName: 'Acme BV' } },
  });
}

/**
 * bol.com as several sellers see it (marketplaces.md §2.9): each seller generates its own client
 * id and secret in the Seller Dashboard, and the token endpoint (Basic auth, client credentials)
 * issues a token for whichever pair it is given. A seller can delete (or regenerate) its pair,
 * after which that pair gets bol's bare 401. Every request is recorded, so a test can see which
 * client id each token call carried.
 */
export class FakeBolComSellers extends FakeServer {
  private readonly pairs = new Map<string, string>();
  private readonly tokens = new Map<string, string>();

  static start(): Promise<FakeBolComSellers> {
    return new FakeBolComSellers().start();
  }

  constructor() {
    super();
    this.route('POST', '/token', (req) => this.token(req));
    this.route('GET', '/retailer/retailers', (req) => {
      const owner = this.tokens.get(bearerToken(req) ?? '');
      if (owner === undefined || !this.pairs.has(owner)) return { status: 401, json: { title: 'Unauthorized' } };
      return { status: 200, json: { retailerId: owner, displayName: `Seller ${owner}` } };
    });
  }

  /** The seller generates API credentials in its Seller Dashboard. */
  generate(clientId: string): { readonly clientId: string; readonly clientSecret: string } {
    const clientSecret = `bol-secret-${randomBytes(9).toString('base64url')}`;
    this.pairs.set(clientId, clientSecret);
    return { clientId, clientSecret };
  }

  /** The seller deletes its API credentials. */
  withdraw(clientId: string): void {
    this.pairs.delete(clientId);
  }

  /** Client ids of the token requests, in order. */
  tokenCallers(): Array<string | null> {
    return this.requestsTo('/token').map((r) => r.basic?.id ?? null);
  }

  private token(req: RecordedRequest): Reply {
    if (req.params.get('grant_type') !== 'client_credentials') return { status: 400, json: { error: 'unsupported_grant_type' } };
    const basic = req.basic;
    if (basic === null || this.pairs.get(basic.id) !== basic.secret) return { status: 401, text: '' };
    const accessToken = `bol-at-${randomBytes(12).toString('hex')}`;
    this.tokens.set(accessToken, basic.id);
    return { status: 200, json: { access_token: accessToken, token_type: 'Bearer', expires_in: 299, scope: 'RETAILER' } };
  }
}

/**
 * bol.com's intermediary "Code flow" (marketplaces.md §2.9): Basic auth at the same token
 * endpoint, 600 s access tokens, and a refresh token that is static ("Method 1") or single-use
 * rotating ("Method 2") depending on the bol account's setting.
 */
export function startFakeBolComIntermediary(method: 'method1' | 'method2'): Promise<FakeOAuthMarketplace> {
  return FakeOAuthMarketplace.start({
    name: 'bol-com-intermediary',
    clientAuth: 'basic',
    paths: { token: '/token', probe: '/retailer/retailers' },
    rotation: method === 'method1' ? 'static' : 'rotating',
    accessTtlSeconds: 600,
    // Expiry of the refresh token is not in the response (decode the JWT, bol says).
    tokenBody: (t) => ({ access_token: t.accessToken, token_type: 'Bearer', expires_in: t.expiresIn, ...(t.refreshToken ? { refresh_token: t.refreshToken } : {}) }),
    errorReply: (kind) => (kind === 'invalid_grant' ? { status: 400, json: { error: 'invalid_grant' } } : { status: 401, text: '' }),
    probe: { method: 'GET', accessToken: bearerToken, body: { retailerId: '7654321', displayName: 'Partner Seller BV' } },
  });
}
