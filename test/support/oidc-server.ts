// A real OAuth 2.0 authorization server for tests: node oidc-provider 9 on 127.0.0.1 with an
// ephemeral port, auto-approving consent, PKCE S256 required, rotating refresh tokens with reuse
// detection and RFC 7009 revocation. Fakes stand in for marketplaces; this stands in for "a
// standards-compliant AS", so the engine's standard path is tested against the real thing.
//
// API (keep it small; other engineers use it):
//   const as = await startOidcServer({ accessTokenTtl: 60 });
//   as.endpoints.authorize / token / revoke / userinfo / api   (api = a protected resource that
//     answers GET with {sub, client_id, scopes} for a valid access token, 401 otherwise)
//   as.clients.confidential  client_secret_basic      as.clients.confidentialPost  client_secret_post
//   as.clients.public        auth method none (PKCE)  as.clients.service  client_credentials only
//     Every client with a redirect URI is a native client registered with
//     http://127.0.0.1/oauth/callback; oidc-provider accepts ANY port on it (RFC 8252 §7.3,
//     `stripLoopbackPort` in its client model), so loopback listeners on ephemeral ports just work.
//   as.scopes   the API scopes the server grants (pure OAuth 2.0: no openid/offline_access needed;
//     they belong to a resource server that is every request's default resource indicator)
//   as.stats.tokenRequests / revocationRequests   POSTs that reached the endpoint (failed ones too)
//   as.stats.apiRequests   requests to the protected resource (valid token or not)
//   as.failNextTokenRequests(n, status = 503, retryAfter?)  the next n token POSTs fail with
//     {error: 'temporarily_unavailable'} (Retry-After header when given)
//   as.setLatency(ms)  delay every token and revocation request by ms
//   as.denyConsent(true)  the user declines: the callback gets error=access_denied
//   startOidcServer({ extraRedirectUris: ['http://127.0.0.1/relay/', 'fivex-connect://oauth/callback'] })
//     registers more redirect URIs (relay pages, the deep link) on every client with one
//   await as.close()
// Drive consent with test/support/browser.ts.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OidcServerOptions {
  /** API scopes granted at consent. Default: orders.read listings.read finance.read. */
  readonly scopes?: ReadonlyArray<string>;
  /** Seconds. Defaults: access 300, refresh 3600, code 60. */
  readonly accessTokenTtl?: number;
  readonly refreshTokenTtl?: number;
  readonly codeTtl?: number;
  /** Rotate refresh tokens on every use (default true; reuse of a rotated one revokes the grant). */
  readonly rotateRefreshTokens?: boolean;
  /**
   * More redirect URIs for every client that has one: a relay page on 127.0.0.1 (any port, as for
   * the loopback URI) or fivex-connect://oauth/callback, for consent through those strategies.
   */
  readonly extraRedirectUris?: ReadonlyArray<string>;
}

export interface OidcClient {
  readonly clientId: string;
  readonly clientSecret: string | null;
  readonly authMethod: 'client_secret_basic' | 'client_secret_post' | 'none';
  /** Registered redirect URI (port-less loopback: any port is accepted). Null for `service`. */
  readonly redirectUri: string | null;
}

export interface OidcServer {
  readonly issuer: string;
  readonly endpoints: { readonly authorize: string; readonly token: string; readonly revoke: string; readonly userinfo: string; readonly api: string };
  readonly clients: { readonly confidential: OidcClient; readonly confidentialPost: OidcClient; readonly public: OidcClient; readonly service: OidcClient };
  readonly scopes: ReadonlyArray<string>;
  readonly stats: { tokenRequests: number; revocationRequests: number; apiRequests: number };
  failNextTokenRequests(n: number, status?: number, retryAfter?: string): void;
  setLatency(ms: number): void;
  denyConsent(deny: boolean): void;
  close(): Promise<void>;
}

export const LOOPBACK_REDIRECT_URI = 'http://127.0.0.1/oauth/callback';

// ---- the slice of oidc-provider's (untyped) API this harness touches ----
interface KoaContext {
  method: string;
  path: string;
  status: number;
  body: unknown;
  respond: boolean;
  req: IncomingMessage;
  res: ServerResponse;
  set(name: string, value: string): void;
  get(name: string): string;
}
type Next = () => Promise<void>;
interface GrantInstance {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}
interface InteractionDetails {
  prompt: { name: string; details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> } };
  params: Record<string, string | undefined>;
  session?: { accountId?: string };
  grantId?: string;
}
interface AccessTokenModel {
  clientId: string;
  accountId?: string;
  scope?: string;
  isExpired: boolean;
}
interface ProviderInstance {
  use(mw: (ctx: KoaContext, next: Next) => Promise<void>): void;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: unknown, res: unknown): Promise<InteractionDetails>;
  interactionFinished(req: unknown, res: unknown, result: unknown, opts: { mergeWithLastSubmission: boolean }): Promise<void>;
  Grant: { new (init: { accountId?: string; clientId?: string }): GrantInstance; find(id: string): Promise<GrantInstance | undefined> };
  AccessToken: { find(value: string): Promise<AccessTokenModel | undefined> };
}
type ProviderCtor = new (issuer: string, config: Record<string, unknown>) => ProviderInstance;

let providerCtor: Promise<ProviderCtor> | null = null;
/** Loads oidc-provider once, muting the one warning it prints at import on Node 20 ("Unsupported
 *  runtime", cosmetic: stack.md verified everything works on 20). */
function loadProvider(): Promise<ProviderCtor> {
  providerCtor ??= (async () => {
    const original = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('Unsupported runtime')) return;
      original(...args);
    };
    try {
      // A non-literal specifier: the package ships no types; the interfaces above say what we use.
      const specifier: string = 'oidc-provider';
      const mod = (await import(specifier)) as { default: ProviderCtor };
      return mod.default;
    } finally {
      console.warn = original;
    }
  })();
  return providerCtor;
}

let signingKey: Record<string, unknown> | null = null;
/** One RSA key per test process: our own keys keep oidc-provider from warning about dev keys. */
function testSigningKey(): Record<string, unknown> {
  signingKey ??= { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
  return signingKey;
}

/** A per-server in-memory adapter (the built-in one is process-global and warns). */
function memoryAdapterFactory(): new (model: string) => unknown {
  const store = new Map<string, { payload: Record<string, unknown>; expiresAt: number | null }>();
  const grants = new Map<string, Set<string>>();
  const live = (key: string): Record<string, unknown> | undefined => {
    const hit = store.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt !== null && hit.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return hit.payload;
  };
  return class MemoryAdapter {
    constructor(private readonly model: string) {}
    private key(id: string): string {
      return `${this.model}:${id}`;
    }
    upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
      const key = this.key(id);
      store.set(key, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : null });
      if (typeof payload.grantId === 'string') {
        const members = grants.get(payload.grantId) ?? new Set<string>();
        members.add(key);
        grants.set(payload.grantId, members);
      }
      return Promise.resolve();
    }
    find(id: string): Promise<Record<string, unknown> | undefined> {
      return Promise.resolve(live(this.key(id)));
    }
    findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
      for (const [key, { payload }] of store) {
        if (key.startsWith(`${this.model}:`) && payload.uid === uid) return Promise.resolve(live(key));
      }
      return Promise.resolve(undefined);
    }
    findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
      for (const [key, { payload }] of store) {
        if (key.startsWith(`${this.model}:`) && payload.userCode === userCode) return Promise.resolve(live(key));
      }
      return Promise.resolve(undefined);
    }
    consume(id: string): Promise<void> {
      const payload = live(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    }
    destroy(id: string): Promise<void> {
      store.delete(this.key(id));
      return Promise.resolve();
    }
    revokeByGrantId(grantId: string): Promise<void> {
      for (const key of grants.get(grantId) ?? []) store.delete(key);
      grants.delete(grantId);
      return Promise.resolve();
    }
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startOidcServer(opts: OidcServerOptions = {}): Promise<OidcServer> {
  const Provider = await loadProvider();
  const scopes = [...(opts.scopes ?? ['orders.read', 'listings.read', 'finance.read'])];
  const rotate = opts.rotateRefreshTokens ?? true;

  const http = createServer();
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const apiResource = `${issuer}/api`;

  const secret = () => randomBytes(24).toString('base64url');
  const clients = {
    confidential: { clientId: 'confidential-basic', clientSecret: secret(), authMethod: 'client_secret_basic', redirectUri: LOOPBACK_REDIRECT_URI },
    confidentialPost: { clientId: 'confidential-post', clientSecret: secret(), authMethod: 'client_secret_post', redirectUri: LOOPBACK_REDIRECT_URI },
    public: { clientId: 'public-native', clientSecret: null, authMethod: 'none', redirectUri: LOOPBACK_REDIRECT_URI },
    service: { clientId: 'service', clientSecret: secret(), authMethod: 'client_secret_basic', redirectUri: null },
  } as const satisfies Record<string, OidcClient>;

  const knobs = { failuresLeft: 0, failStatus: 503, retryAfter: undefined as string | undefined, latencyMs: 0, deny: false };
  const stats = { tokenRequests: 0, revocationRequests: 0, apiRequests: 0 };

  const provider = new Provider(issuer, {
    adapter: memoryAdapterFactory(),
    jwks: { keys: [testSigningKey()] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    clients: Object.values(clients).map((c) =>
      c.redirectUri
        ? {
            client_id: c.clientId,
            ...(c.clientSecret ? { client_secret: c.clientSecret } : {}),
            application_type: 'native',
            token_endpoint_auth_method: c.authMethod,
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            redirect_uris: [c.redirectUri, ...(opts.extraRedirectUris ?? [])],
          }
        : {
            client_id: c.clientId,
            client_secret: c.clientSecret,
            token_endpoint_auth_method: c.authMethod,
            grant_types: ['client_credentials'],
            response_types: [],
            redirect_uris: [],
          },
    ),
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access'],
    features: {
      devInteractions: { enabled: false },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) => token.clientId === client.clientId,
      },
      clientCredentials: { enabled: true },
      // Pure OAuth 2.0: every request targets one API resource server that owns the scopes, so
      // neither `openid` nor `offline_access` is needed (marketplaces speak plain OAuth 2.0).
      resourceIndicators: {
        enabled: true,
        defaultResource: () => apiResource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: scopes.join(' '), accessTokenFormat: 'opaque', accessTokenTTL: opts.accessTokenTtl ?? 300 }),
      },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    issueRefreshToken: (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => rotate,
    expiresWithSession: () => false,
    clientBasedCORS: () => false,
    renderError: (ctx: KoaContext, out: { error: string }) => {
      ctx.body = `error: ${out.error}`;
    },
    findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
    ttl: {
      AccessToken: opts.accessTokenTtl ?? 300,
      AuthorizationCode: opts.codeTtl ?? 60,
      RefreshToken: opts.refreshTokenTtl ?? 3600,
      ClientCredentials: opts.accessTokenTtl ?? 300,
      IdToken: 300,
      Interaction: 600,
      Session: 3600,
      Grant: opts.refreshTokenTtl ?? 3600,
    },
  });

  // Knobs and counters sit in front of the token and revocation endpoints.
  provider.use(async (ctx, next) => {
    const isToken = ctx.method === 'POST' && ctx.path === '/token';
    const isRevocation = ctx.method === 'POST' && ctx.path === '/token/revocation';
    if (isToken) stats.tokenRequests++;
    if (isRevocation) stats.revocationRequests++;
    if ((isToken || isRevocation) && knobs.latencyMs > 0) await sleep(knobs.latencyMs);
    if (isToken && knobs.failuresLeft > 0) {
      knobs.failuresLeft--;
      ctx.status = knobs.failStatus;
      if (knobs.retryAfter !== undefined) ctx.set('Retry-After', knobs.retryAfter);
      ctx.body = { error: 'temporarily_unavailable', error_description: 'injected by the test harness' };
      return;
    }
    await next();
  });

  // The auto-approving user: logs in as user-1 and grants whatever is asked (or declines).
  provider.use(async (ctx, next) => {
    if (ctx.method !== 'GET' || !ctx.path.startsWith('/interaction/')) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    let result: unknown;
    if (knobs.deny) {
      result = { error: 'access_denied', error_description: 'The user declined the request.' };
    } else if (details.prompt.name === 'login') {
      result = { login: { accountId: 'user-1' } };
    } else {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session?.accountId, clientId: details.params.client_id });
      if (!grant) throw new Error('oidc harness: the interaction names a grant that does not exist');
      const missing = details.prompt.details;
      if (missing.missingOIDCScope?.length) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims?.length) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [resource, wanted] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, wanted.join(' '));
      result = { consent: { grantId: await grant.save() } };
    }
    await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    ctx.respond = false; // interactionFinished wrote the 303 itself
  });

  // A protected resource for probe tests: the scopes of a valid access token, else 401.
  provider.use(async (ctx, next) => {
    if (ctx.path !== '/api/me') return next();
    stats.apiRequests++;
    const match = /^Bearer (.+)$/i.exec(ctx.get('authorization'));
    const token = match?.[1] ? await provider.AccessToken.find(match[1]) : undefined;
    if (!token || token.isExpired) {
      ctx.status = 401;
      ctx.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      ctx.body = { error: 'invalid_token' };
      return;
    }
    ctx.body = { sub: token.accountId ?? null, client_id: token.clientId, scopes: (token.scope ?? '').split(' ').filter(Boolean) };
  });

  http.on('request', provider.callback());

  return {
    issuer,
    endpoints: {
      authorize: `${issuer}/auth`,
      token: `${issuer}/token`,
      revoke: `${issuer}/token/revocation`,
      userinfo: `${issuer}/me`,
      api: `${issuer}/api/me`,
    },
    clients,
    scopes,
    stats,
    failNextTokenRequests(n, status = 503, retryAfter) {
      knobs.failuresLeft = n;
      knobs.failStatus = status;
      knobs.retryAfter = retryAfter;
    },
    setLatency(ms) {
      knobs.latencyMs = ms;
    },
    denyConsent(deny) {
      knobs.deny = deny;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        http.close((err) => (err ? reject(err) : resolve()));
        http.closeAllConnections();
      });
    },
  };
}
