// A configurable OAuth-style marketplace on top of FakeServer: consent that returns the
// marketplace's callback shape, code exchange (with PKCE when asked), refresh with or without
// rotation (a reused rotated refresh token → the marketplace's consent-gone error), client
// credentials, consent revoked by the seller, an expired client secret, a bearer-checked probe
// and optional revocation. Each marketplace fake in this folder is a config of this class.
import { createHash, randomBytes } from 'node:crypto';
import { FakeServer, header } from './fake-marketplace';
import type { RecordedRequest, Reply } from './fake-marketplace';

export type FakeErrorKind = 'invalid_grant' | 'invalid_client' | 'secret_expired';

export interface IssuedTokens {
  readonly accessToken: string;
  /** null when this response carries no refresh token (static refresh, client credentials). */
  readonly refreshToken: string | null;
  readonly expiresIn: number;
  readonly scope: string | null;
}

export interface FakeOAuthConfig {
  readonly name: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly clientAuth: 'basic' | 'post' | 'none' | 'query';
  readonly grant?: 'authorization_code' | 'client_credentials';
  readonly paths: { readonly token: string; readonly refresh?: string; readonly probe?: string; readonly revoke?: string };
  readonly tokenMethod?: 'POST' | 'GET';
  /** Where the token parameters must be: the body (form/json) or the query string. */
  readonly paramsIn?: 'form' | 'json' | 'query';
  readonly paramNames?: { readonly code?: string; readonly client_id?: string; readonly client_secret?: string };
  readonly authorizationCodeGrant?: string;
  readonly rotation: 'rotating' | 'static';
  /** Shopify since 2026-08-28: the previous refresh token works until its replacement is used. */
  readonly graceUntilReplacementUsed?: boolean;
  readonly accessTtlSeconds: number;
  readonly pkce?: boolean;
  /** Refresh responses of static marketplaces repeat no refresh token (Amazon, eBay, Walmart). */
  readonly staticRefreshOmitsToken?: boolean;
  readonly requiredParams?: Readonly<Record<string, string>>;
  /** Marketplace-specific checks on a token request (headers, ...); a Reply refuses it. */
  readonly checkTokenRequest?: (req: RecordedRequest) => Reply | null;
  readonly tokenBody?: (t: IssuedTokens, now: number) => unknown;
  readonly errorReply: (kind: FakeErrorKind, req: RecordedRequest) => Reply;
  readonly callback?: (code: string, state: string) => Record<string, string>;
  readonly probe?: {
    readonly method: 'GET' | 'POST';
    readonly accessToken: (req: RecordedRequest) => string | null;
    readonly check?: (req: RecordedRequest, fake: FakeOAuthMarketplace) => Reply | null;
    readonly body: unknown;
    readonly unauthorized?: Reply;
  };
  readonly revoke?: { readonly method: 'POST' | 'DELETE'; readonly token: (req: RecordedRequest) => string | null };
}

interface Grant {
  alive: boolean;
  refresh: string;
  /** The rotated-out token still honoured under Shopify's grace, until the new pair is used. */
  previous: string | null;
  readonly access: Set<string>;
  readonly scope: string | null;
}

interface Code {
  readonly redirectUri: string | null;
  readonly challenge: string | null;
  readonly scope: string | null;
  used: boolean;
}

const bearer = (req: RecordedRequest): string | null => /^Bearer (.+)$/i.exec(header(req, 'authorization') ?? '')?.[1] ?? null;
export const bearerToken = bearer;

export class FakeOAuthMarketplace extends FakeServer {
  readonly clientId: string;
  readonly clientSecret: string;
  private readonly codes = new Map<string, Code>();
  private readonly grants: Grant[] = [];
  private readonly accessExpiry = new Map<string, number>();
  private secretExpired = false;
  /** Further client pairs the marketplace knows: sellers' own API credentials (bol.com, Zalando). */
  private readonly otherClients = new Map<string, string>();

  constructor(readonly config: FakeOAuthConfig) {
    super();
    // Dashes on purpose: eBay-style ids break clients that form-encode Basic credentials.
    this.clientId = config.clientId ?? `${config.name}-client-id`;
    this.clientSecret = config.clientSecret ?? `${config.name}-secret-${randomBytes(6).toString('hex')}`;
    const tokenMethod = config.tokenMethod ?? 'POST';
    this.route(tokenMethod, config.paths.token, (req) => this.token(req, false));
    if (config.paths.refresh) this.route(tokenMethod, config.paths.refresh, (req) => this.token(req, true));
    if (config.probe && config.paths.probe) this.route(config.probe.method, config.paths.probe, (req) => this.probe(req));
    if (config.revoke && config.paths.revoke) this.route(config.revoke.method, config.paths.revoke, (req) => this.revoke(req));
  }

  static start(config: FakeOAuthConfig): Promise<FakeOAuthMarketplace> {
    return new FakeOAuthMarketplace(config).start();
  }

  /** The seller approves: the callback parameters the marketplace would redirect with. */
  consent(args: { state: string; redirectUri?: string | null; codeChallenge?: string | null; scope?: string | null }): URLSearchParams {
    const code = `${this.config.name}-code-${randomBytes(8).toString('hex')}`;
    this.codes.set(code, { redirectUri: args.redirectUri ?? null, challenge: args.codeChallenge ?? null, scope: args.scope ?? null, used: false });
    return new URLSearchParams(this.config.callback ? this.config.callback(code, args.state) : { code, state: args.state });
  }

  /** The seller removes the app (or changes the password): every grant dies. */
  revokeConsent(): void {
    for (const g of this.grants) this.kill(g);
  }

  /** One more client id/secret pair the token endpoint accepts, as a seller generating its own credentials. */
  addClient(id: string, secret: string): void {
    this.otherClients.set(id, secret);
  }

  /** The agency's client secret passes its lifetime (Amazon's 180 days). */
  expireClientSecret(): void {
    this.secretExpired = true;
  }

  /** A self-authorized refresh token, as a developer console issues for private apps. */
  selfAuthorize(scope: string | null = null): string {
    return this.newGrant(scope).refresh;
  }

  isAccessTokenLive(token: string): boolean {
    // Killing a grant deletes its access tokens from the map; client-credentials tokens have none.
    const exp = this.accessExpiry.get(token);
    return exp !== undefined && exp > Date.now();
  }

  tokenRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === this.config.paths.token || r.path === this.config.paths.refresh);
  }

  private newGrant(scope: string | null): Grant {
    const g: Grant = { alive: true, refresh: this.mint('rt'), previous: null, access: new Set(), scope };
    this.grants.push(g);
    return g;
  }

  private mint(kind: 'at' | 'rt'): string {
    return `${this.config.name}-${kind}-${randomBytes(12).toString('hex')}`;
  }

  private kill(g: Grant): void {
    g.alive = false;
    for (const at of g.access) this.accessExpiry.delete(at);
  }

  private issueAccess(g: Grant | null): string {
    const at = this.mint('at');
    this.accessExpiry.set(at, Date.now() + this.config.accessTtlSeconds * 1000);
    g?.access.add(at);
    return at;
  }

  private reply(t: IssuedTokens): Reply {
    const body = this.config.tokenBody
      ? this.config.tokenBody(t, Date.now())
      : { access_token: t.accessToken, token_type: 'bearer', expires_in: t.expiresIn, ...(t.refreshToken ? { refresh_token: t.refreshToken } : {}), ...(t.scope ? { scope: t.scope } : {}) };
    return { status: 200, json: body, headers: { 'cache-control': 'no-store' } };
  }

  private authenticate(req: RecordedRequest): boolean {
    const names = this.config.paramNames ?? {};
    const idName = names.client_id ?? 'client_id';
    const secretName = names.client_secret ?? 'client_secret';
    switch (this.config.clientAuth) {
      case 'basic':
        return req.basic !== null && this.knows(req.basic.id, req.basic.secret);
      case 'post':
        return this.knows(req.params.get(idName), req.params.get(secretName));
      case 'query':
        return req.url.searchParams.get(idName) === this.clientId && req.url.searchParams.get(secretName) === this.clientSecret;
      case 'none':
        return req.params.get(idName) === this.clientId;
    }
  }

  private knows(id: string | null, secret: string | null): boolean {
    if (id === null || secret === null) return false;
    return (id === this.clientId && secret === this.clientSecret) || (this.otherClients.has(id) && this.otherClients.get(id) === secret);
  }

  private token(req: RecordedRequest, refreshPath: boolean): Reply {
    const c = this.config;
    const where = c.paramsIn ?? 'form';
    if (where === 'query' ? req.url.searchParams.get('grant_type') === null : req.bodyFormat !== where) {
      return { status: 400, json: { error: 'invalid_request', error_description: `parameters must come as ${where}` } };
    }
    if (this.secretExpired) return c.errorReply('secret_expired', req);
    if (!this.authenticate(req)) return c.errorReply('invalid_client', req);
    const refused = c.checkTokenRequest?.(req);
    if (refused) return refused;
    for (const [k, v] of Object.entries(c.requiredParams ?? {})) {
      if (req.params.get(k) !== v) return { status: 400, json: { error: 'invalid_request', error_description: `${k} must be ${v}` } };
    }

    const grantType = req.params.get('grant_type');
    if (c.grant === 'client_credentials') {
      if (grantType !== 'client_credentials') return { status: 400, json: { error: 'unsupported_grant_type' } };
      return this.reply({ accessToken: this.issueAccess(null), refreshToken: null, expiresIn: c.accessTtlSeconds, scope: null });
    }
    if (grantType === 'refresh_token' && (refreshPath || !c.paths.refresh)) return this.refresh(req);
    if (grantType === (c.authorizationCodeGrant ?? 'authorization_code') && !refreshPath) return this.exchange(req);
    return { status: 400, json: { error: 'unsupported_grant_type', error_description: `unexpected grant_type ${grantType ?? '(none)'}` } };
  }

  private exchange(req: RecordedRequest): Reply {
    const code = req.params.get(this.config.paramNames?.code ?? 'code') ?? '';
    const stored = this.codes.get(code);
    if (!stored || stored.used) return this.config.errorReply('invalid_grant', req);
    stored.used = true;
    if (stored.redirectUri !== null && req.params.get('redirect_uri') !== stored.redirectUri) return this.config.errorReply('invalid_grant', req);
    if (this.config.pkce && stored.challenge) {
      const verifier = req.params.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== stored.challenge) return this.config.errorReply('invalid_grant', req);
    }
    const g = this.newGrant(stored.scope);
    return this.reply({ accessToken: this.issueAccess(g), refreshToken: g.refresh, expiresIn: this.config.accessTtlSeconds, scope: stored.scope });
  }

  private refresh(req: RecordedRequest): Reply {
    const rt = req.params.get('refresh_token') ?? '';
    const g = this.grants.find((x) => x.alive && (x.refresh === rt || (x.previous !== null && x.previous === rt)));
    if (!g) return this.config.errorReply('invalid_grant', req);
    if (this.config.rotation === 'static') {
      const omit = this.config.staticRefreshOmitsToken ?? true;
      return this.reply({ accessToken: this.issueAccess(g), refreshToken: omit ? null : g.refresh, expiresIn: this.config.accessTtlSeconds, scope: g.scope });
    }
    if (rt === g.refresh) {
      // The new token is being used: the grace for its predecessor ends.
      g.previous = this.config.graceUntilReplacementUsed ? rt : null;
    }
    g.refresh = this.mint('rt');
    return this.reply({ accessToken: this.issueAccess(g), refreshToken: g.refresh, expiresIn: this.config.accessTtlSeconds, scope: g.scope });
  }

  private probe(req: RecordedRequest): Reply {
    const p = this.config.probe!;
    const token = p.accessToken(req);
    if (!token || !this.isAccessTokenLive(token)) {
      return p.unauthorized ?? { status: 401, json: { error: 'invalid_token' }, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } };
    }
    // Using an access token of the newest pair ends the grace for the rotated-out refresh token.
    for (const g of this.grants) if (g.access.has(token)) g.previous = null;
    return p.check?.(req, this) ?? { status: 200, json: p.body };
  }

  private revoke(req: RecordedRequest): Reply {
    const token = this.config.revoke!.token(req) ?? '';
    const g = this.grants.find((x) => x.access.has(token) || x.refresh === token);
    if (!g || !g.alive) return { status: 401, json: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } };
    this.kill(g);
    return { status: 200, json: {} };
  }
}
