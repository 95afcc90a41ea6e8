// The token endpoint client: code exchange, refresh, client credentials, revocation and the health
// probe for any connector, returning TokenSets and throwing classified TokenEndpointErrors.
//
// Why oauth4webapi: it is RFC-strict (it rejects what RFC 6749 forbids, e.g. token types other
// than Bearer/DPoP), has zero dependencies, is maintained by the author of oidc-provider (the AS
// our tests run against), has PKCE and RFC 7009 built in, and its [customFetch] hook lets a
// per-connector adapter (adapters/) absorb each marketplace's quirks on the wire: oauth4webapi
// builds and validates the standard protocol, the adapter translates to and from the marketplace.
// Marketplaces publish no discovery documents, so the AuthorizationServer object is built from
// the connector's resolved endpoints.
//
// Callers check `connector.revocation.method` before revoke() ('none' throws 'unsupported') and
// `connector.probe` before probe() (null throws 'unsupported').
import * as oauth from 'oauth4webapi';
import { assertSafeEndpointUrl, ConfigError, type ResolvedConnector } from './resolve';
import { TokenEndpointError, type ProbeResult, type TokenClient, type TokenSet } from './token-types';
import { ConnectorHookError } from '../../connectors/hook-error';
import { httpFailureError, networkFailureError, redact, unexpectedError, type FailureContext, type Operation } from './classify';
import { hookHttp, isLoopbackHttp, type HttpOptions } from './http';
import { DEFAULT_HTTP_TIMEOUT_MS, defaultTransport, fetchTransport, gotTransport, type HttpTransport } from './http-transport';
import { adapterFetch } from './adapters/custom-fetch';
import { hookContext, type RequestKind } from './adapters/token-request';
import { toTokenSet } from './adapters/token-response';
import { apiHeaders, runProbe } from './adapters/api-call';

export interface TokenClientOptions {
  /** The network; defaults to the process-wide got transport (http-transport.ts). */
  readonly transport?: HttpTransport;
  /** A fetch to send through instead (tests, proxies); ignored when `transport` is given. */
  readonly fetch?: typeof fetch;
  /** Per request, including reading the answer. Default 15 s. */
  readonly timeoutMs?: number;
  readonly userAgent?: string;
  readonly now?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_USER_AGENT = 'FiveX-Connect (+token-client)';

/** Maps anything a call threw to a TokenEndpointError with a secret-free message. */
async function toTokenEndpointError(err: unknown, ctx: FailureContext): Promise<TokenEndpointError> {
  if (err instanceof TokenEndpointError) return err;
  // Configuration the agency must fix (missing endpoint, template value, client secret).
  if (err instanceof ConfigError) return new TokenEndpointError('client_broken', 'configuration', err.message);
  if (err instanceof ConnectorHookError) {
    // A hook's own marketplace call failed. Its message is written for people and carries no
    // secret; null status means the marketplace was not reached, which is transient.
    if (err.status === null) return new TokenEndpointError('transient', 'offline', redact(err.message, ctx.secrets), null, null, err.retryAfterMs);
    const classified = httpFailureError(ctx, { status: err.status, oauthError: null, description: err.message, retryAfter: null });
    return new TokenEndpointError(classified.failure, classified.reason, classified.message, err.status, null, err.retryAfterMs);
  }
  if (err instanceof oauth.ResponseBodyError) {
    return httpFailureError(ctx, { status: err.status, oauthError: err.error, description: err.error_description ?? null, retryAfter: err.response.headers.get('retry-after') });
  }
  if (err instanceof oauth.WWWAuthenticateChallengeError) {
    const challengeError = err.cause.map((c) => c.parameters.error).find((e) => typeof e === 'string') ?? null;
    return httpFailureError(ctx, { status: err.status, oauthError: challengeError, description: null, retryAfter: err.response.headers.get('retry-after') });
  }
  if (err instanceof oauth.OperationProcessingError && err.cause instanceof Response) {
    // oauth4webapi parses OAuth error bodies of 4xx answers only; 5xx bodies (normalised by the
    // adapter, unread so far) may still name an error. HTML error pages: classified by status.
    const body = (await err.cause.json().catch(() => null)) as { error?: unknown; error_description?: unknown } | null;
    const text = (v: unknown) => (typeof v === 'string' && v ? v : null);
    return httpFailureError(ctx, { status: err.cause.status, oauthError: text(body?.error), description: text(body?.error_description), retryAfter: err.cause.headers.get('retry-after') });
  }
  if (err instanceof oauth.UnsupportedOperationError && /token_type/.test(err.message)) {
    return unexpectedError(ctx, 'unsupported_token_type', 'the marketplace issued a token type other than Bearer or DPoP, which this app cannot use');
  }
  if (err instanceof oauth.OperationProcessingError) {
    return unexpectedError(ctx, 'invalid_response', `the answer is not a valid OAuth 2.0 response (${err.code ?? 'unparseable'})`);
  }
  return networkFailureError(ctx, err) ?? unexpectedError(ctx, 'unexpected', err instanceof Error ? err.name : 'non-error thrown');
}

/**
 * HTTP Basic with the credentials as they are. oauth4webapi's ClientSecretBasic form-urlencodes
 * them first (RFC 6749 §2.3.1), turning e.g. "-" into "%2D"; eBay, Walmart, bol.com and Zalando
 * document plain base64(client_id:client_secret) and do not decode, so their ids (eBay's contain
 * dashes) would fail. Servers that decode (oidc-provider) read plain values the same way unless
 * they contain "%" or "+", which marketplace ids and secrets do not.
 */
function plainClientSecretBasic(authorization: string): oauth.ClientAuth {
  return (_as, _client, _body, headers) => {
    headers.set('authorization', authorization);
  };
}

function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`;
}

export function createTokenClient(opts: TokenClientOptions = {}): TokenClient {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const http: HttpOptions = {
    transport:
      opts.transport ??
      (opts.fetch ? fetchTransport(opts.fetch, timeoutMs) : timeoutMs <= DEFAULT_HTTP_TIMEOUT_MS ? defaultTransport() : gotTransport({ timeoutMs })),
    timeoutMs,
    userAgent: opts.userAgent ?? DEFAULT_USER_AGENT,
  };
  const now = opts.now ?? Date.now;

  const requireSecret = (rc: ResolvedConnector): string => {
    const secret = rc.registration.clientSecret;
    if (!secret) {
      throw new ConfigError(`${rc.connector.name} needs the app's client secret; set it with app set ${rc.connector.id} --client-secret-env VAR`);
    }
    return secret;
  };

  // The last Basic header per connector, encoded again only when its client id or secret changes
  // (a refresh per connection would otherwise base64 the same pair each time).
  const basicHeaders = new Map<string, { readonly clientId: string; readonly secret: string; readonly header: string }>();
  const basicHeader = (rc: ResolvedConnector): string => {
    const secret = requireSecret(rc);
    const { clientId } = rc.registration;
    const last = basicHeaders.get(rc.connector.id);
    if (last !== undefined && last.clientId === clientId && last.secret === secret) return last.header;
    const header = basicAuthorization(clientId, secret);
    basicHeaders.set(rc.connector.id, { clientId, secret, header });
    return header;
  };

  const clientAuth = (rc: ResolvedConnector): oauth.ClientAuth => {
    switch (rc.connector.clientAuth) {
      case 'basic':
        return plainClientSecretBasic(basicHeader(rc));
      case 'post':
      case 'query': // posted by oauth4webapi, moved into the query string by the adapter
        return oauth.ClientSecretPost(requireSecret(rc));
      case 'none':
        return oauth.None();
    }
  };

  const server = (endpoint: URL, name: 'token_endpoint' | 'revocation_endpoint'): oauth.AuthorizationServer => ({
    // No discovery and no ID tokens: the issuer is only a label oauth4webapi requires.
    issuer: endpoint.origin,
    [name]: endpoint.href,
  });

  const requestOptions = (rc: ResolvedConnector, kind: RequestKind, endpoint: URL) => ({
    [oauth.customFetch]: adapterFetch(rc, kind, http, now),
    // Plain http only for loopback (test servers, local fakes); resolve.ts already refuses others.
    [oauth.allowInsecureRequests]: isLoopbackHttp(endpoint),
    // No signal: send() gives the transport http.timeoutMs, which its own timer enforces.
  });

  const context = (rc: ResolvedConnector, operation: Operation, secrets: ReadonlyArray<string | null>): FailureContext => ({
    connector: rc.connector,
    operation,
    secrets: [...secrets, rc.registration.clientSecret],
    now: now(),
  });

  async function tokenCall(
    rc: ResolvedConnector,
    operation: Operation,
    secrets: ReadonlyArray<string | null>,
    run: (as: oauth.AuthorizationServer, client: oauth.Client, auth: oauth.ClientAuth, options: ReturnType<typeof requestOptions>) => Promise<oauth.TokenEndpointResponse>,
  ): Promise<TokenSet> {
    try {
      // TikTok-style connectors refresh at their own endpoint.
      const endpoint = (operation === 'refresh' ? rc.endpoint('refresh') : null) ?? rc.requireEndpoint('token');
      const result = await run(server(endpoint, 'token_endpoint'), { client_id: rc.registration.clientId }, clientAuth(rc), requestOptions(rc, 'token', endpoint));
      return toTokenSet(result, rc.connector, now());
    } catch (err) {
      throw await toTokenEndpointError(err, context(rc, operation, secrets));
    }
  }

  return {
    exchangeCode(rc, { code, codeVerifier, redirectUri }) {
      return tokenCall(rc, 'code exchange', [code, codeVerifier], async (as, client, auth, options) => {
        // The consent flow already checked state and issuer; oauth4webapi only needs the code.
        const callback = oauth.validateAuthResponse(as, client, new URLSearchParams({ code }), oauth.skipStateCheck);
        const res = await oauth.authorizationCodeGrantRequest(as, client, auth, callback, redirectUri, codeVerifier ?? oauth.nopkce, options);
        return oauth.processAuthorizationCodeResponse(as, client, res);
      });
    },

    refresh(rc, refreshToken) {
      return tokenCall(rc, 'refresh', [refreshToken], async (as, client, auth, options) => {
        const res = await oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, options);
        return oauth.processRefreshTokenResponse(as, client, res);
      });
    },

    clientCredentials(rc) {
      return tokenCall(rc, 'client credentials', [], async (as, client, auth, options) => {
        const scopes = rc.connector.scopes.base;
        const params: Record<string, string> = scopes.length ? { scope: scopes.join(rc.connector.authorize.scopeSeparator ?? ' ') } : {};
        const res = await oauth.clientCredentialsGrantRequest(as, client, auth, params, options);
        return oauth.processClientCredentialsResponse(as, client, res);
      });
    },

    async revoke(rc, token, hint) {
      const ctx = context(rc, 'revocation', [token]);
      const method = rc.connector.revocation.method;
      if (method === 'none') {
        throw new TokenEndpointError('unknown', 'unsupported', `${rc.connector.name} has no remote revocation; only the seller can remove the app. Check connector.revocation.method before revoke().`);
      }
      try {
        if (method === 'custom') {
          const hook = rc.connector.hooks.revoke;
          if (!hook) throw new ConfigError(`${rc.connector.name} declares custom revocation but has no hooks.revoke; fix the connector definition`);
          await hook({ ...hookContext(rc, now), http: hookHttp(http), refreshToken: hint === 'refresh_token' ? token : null, accessToken: hint === 'access_token' ? token : null });
          return;
        }
        const endpoint = rc.requireEndpoint('revoke');
        // RFC 7009 §5: the client MUST verify the endpoint is https (loopback http only for tests).
        assertSafeEndpointUrl(endpoint, `${rc.connector.name} revocation endpoint`);
        const as = server(endpoint, 'revocation_endpoint');
        const client = { client_id: rc.registration.clientId };
        const res = await oauth.revocationRequest(as, client, clientAuth(rc), token, {
          ...requestOptions(rc, 'revoke', endpoint),
          additionalParameters: { token_type_hint: hint },
        });
        await oauth.processRevocationResponse(res);
      } catch (err) {
        throw await toTokenEndpointError(err, ctx);
      }
    },

    async probe(rc, accessToken): Promise<ProbeResult> {
      const probe = rc.connector.probe;
      if (!probe) throw new TokenEndpointError('unknown', 'unsupported', `${rc.connector.name} has no health probe. Check connector.probe before probe().`);
      try {
        return await runProbe(rc, probe, accessToken, http, now);
      } catch (err) {
        const e = await toTokenEndpointError(err, context(rc, 'probe', [accessToken]));
        if (e.reason === 'configuration') throw e;
        return { ok: false, status: e.status, failure: e.failure, reason: e.reason, scopes: null };
      }
    },

    apiHeaders(rc, accessToken, options) {
      return apiHeaders(rc, accessToken, options);
    },
  };
}
