// Test fixtures for token-client tests (others may reuse them): a complete generic OAuth 2.0
// ConnectorDefinition with overrides, an app registration, resolving both, and wiring them to the
// real oidc-provider harness (with a PKCE consent that yields a code).
import { createHash, randomBytes } from 'node:crypto';
import type { ConnectorDefinition, TokenPolicy, TokenRequestShape, TokenResponseShape } from '../../../connectors/types';
import { resolveConnector, type AppRegistration, type ResolvedConnector } from '../../../main/oauth/resolve';
import { browseToCallback } from '../../support/browser';
import type { OidcClient, OidcServer } from '../../support/oidc-server';

const text = (en: string) => ({ en, es: en });

/** Overrides: top-level fields replace; tokenRequest/tokenResponse/tokens merge over the defaults. */
export type ConnectorOverrides = Partial<Omit<ConnectorDefinition, 'tokenRequest' | 'tokenResponse' | 'tokens'>> & {
  readonly tokenRequest?: Partial<TokenRequestShape>;
  readonly tokenResponse?: Partial<TokenResponseShape>;
  readonly tokens?: Partial<TokenPolicy>;
};

export function testConnector(overrides: ConnectorOverrides = {}): ConnectorDefinition {
  const { tokenRequest, tokenResponse, tokens, ...rest } = overrides;
  return {
    id: 'test-market',
    name: 'Test Market',
    source: 'test fixture',
    unconfirmed: [],
    grant: 'authorization_code',
    acceptsImportedRefreshTokens: false,
    environments: ['production'],
    regions: [],
    endpoints: { authorize: 'http://127.0.0.1:1/auth', token: 'http://127.0.0.1:1/token', revoke: 'http://127.0.0.1:1/revoke', api: 'http://127.0.0.1:1/api' },
    params: [],
    connectionSettings: [],
    clientAuth: 'basic',
    pkce: 'required',
    authorize: {},
    callback: { codeParam: 'code', keepParams: [], codeLifetimeSeconds: 60 },
    consent: { validityDays: null },
    appSecretRotationDays: null,
    redirect: { default: 'loopback', supported: ['loopback'], loopbackPath: '/oauth/callback' },
    scopes: { base: [] },
    revocation: { method: 'rfc7009' },
    probe: null,
    apiHeaders: { Authorization: 'Bearer {accessToken}' },
    secretApiHeaders: [],
    maxConcurrentRefreshes: 4,
    errorRules: [],
    texts: {
      connect: text('Connect'),
      revokeStops: text('Stops access'),
      dataRemains: text('History remains'),
      reauthorize: text('Connect again'),
      removeApp: text('Remove the app in the marketplace'),
      reasons: {},
    },
    hooks: {},
    ...rest,
    tokenRequest: { method: 'POST', bodyFormat: 'form', ...tokenRequest },
    tokenResponse: { expiresFormat: 'duration', ...tokenResponse },
    tokens: { rotation: 'rotating', accessTtlSeconds: 3600, refreshTtlSeconds: null, refreshIdleTtlSeconds: null, refreshMarginSeconds: 60, ...tokens },
  };
}

export function testRegistration(overrides: Partial<AppRegistration> = {}): AppRegistration {
  return {
    id: 'reg-1',
    connectorId: 'test-market',
    clientId: 'client-1',
    clientSecret: 'SECRET-client-1-xyz',
    clientSecretSetAt: null,
    redirectStrategy: null,
    redirectUri: null,
    endpointOverrides: {},
    params: {},
    brokenReason: null,
    ...overrides,
  };
}

export function resolved(
  connector: ConnectorDefinition,
  registration: AppRegistration = testRegistration({ connectorId: connector.id }),
  extra: { settings?: Record<string, string>; callbackMetadata?: Record<string, string> } = {},
): ResolvedConnector {
  return resolveConnector({ connector, registration, ...extra });
}

const AUTH_METHOD_TO_CLIENT_AUTH = { client_secret_basic: 'basic', client_secret_post: 'post', none: 'none' } as const;

/** A connector + registration pointing at the oidc-provider harness for one of its clients. */
export function oidcConnection(as: OidcServer, client: OidcClient, overrides: ConnectorOverrides = {}): ResolvedConnector {
  const connector = testConnector({
    endpoints: { authorize: as.endpoints.authorize, token: as.endpoints.token, revoke: as.endpoints.revoke, api: as.endpoints.api },
    clientAuth: AUTH_METHOD_TO_CLIENT_AUTH[client.authMethod],
    probe: { method: 'GET', endpoint: 'api', intervalSeconds: 60, ratePerSecond: 10, burst: 10 },
    ...overrides,
  });
  return resolved(connector, testRegistration({ connectorId: connector.id, clientId: client.clientId, clientSecret: client.clientSecret }));
}

export interface ConsentResult {
  readonly code: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
}

/** Runs a PKCE (S256) consent against the harness and returns the code, as the consent flow would. */
export async function consentCode(as: OidcServer, client: OidcClient, scopes: ReadonlyArray<string> = as.scopes.slice(0, 2)): Promise<ConsentResult> {
  const codeVerifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  // Any loopback port is accepted for the registered port-less redirect URI (RFC 8252 §7.3).
  const redirectUri = 'http://127.0.0.1:53682/oauth/callback';
  const url = new URL(as.endpoints.authorize);
  url.search = new URLSearchParams({
    client_id: client.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const { callbackUrl } = await browseToCallback(url, { stopAt: redirectUri });
  const code = callbackUrl.searchParams.get('code');
  if (!code || callbackUrl.searchParams.get('state') !== state) throw new Error(`consent did not return a code: ${callbackUrl.search}`);
  return { code, codeVerifier, redirectUri };
}
