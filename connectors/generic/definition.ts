// The generic OAuth 2.0 connector: the template custom connector files are built from, and the
// built-in `generic` connector whose endpoints the agency sets with `app set generic --endpoint`.
import { COMMON_ERROR_RULES } from '../common-rules';
import { buildSupportTexts } from '../common-texts';
import type { ClientAuth, ConnectorDefinition, EndpointTemplates, ProbeDefinition } from '../types';

export interface GenericConnectorOptions {
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly endpoints: EndpointTemplates;
  readonly probe: { readonly method: 'GET' | 'POST' } | null;
  readonly revocation: boolean;
  readonly scopes: ReadonlyArray<string>;
  readonly pkce: ConnectorDefinition['pkce'];
  readonly clientAuth: Exclude<ClientAuth, 'query'>;
  readonly maxConcurrentRefreshes: number;
  readonly consentValidityDays: number | null;
  /** Extra authorize parameters an authorization server needs (e.g. prompt=consent for a refresh token). */
  readonly authorizeParams?: Readonly<Record<string, string>>;
}

export const DEFAULT_MAX_CONCURRENT_REFRESHES = 4;

export function buildGenericConnector(o: GenericConnectorOptions): ConnectorDefinition {
  const probe: ProbeDefinition | null = o.probe
    ? // Nothing is known about a custom marketplace's limits: probe rarely and gently.
      { method: o.probe.method, endpoint: 'probe', intervalSeconds: 3600, ratePerSecond: 1, burst: 5 }
    : null;
  return {
    id: o.id,
    name: o.name,
    source: o.source,
    unconfirmed: [],
    grant: 'authorization_code',
    // A self-authorized refresh token from the marketplace's console can be imported as well.
    acceptsImportedRefreshTokens: true,
    environments: ['production'],
    regions: [],
    endpoints: o.endpoints,
    params: [],
    connectionSettings: [],
    clientAuth: o.clientAuth,
    pkce: o.pkce,
    authorize: o.authorizeParams && Object.keys(o.authorizeParams).length > 0 ? { extraParams: o.authorizeParams } : {},
    // RFC 6749 §4.1.2 recommends at most ten minutes for a code.
    callback: { codeParam: 'code', keepParams: [], codeLifetimeSeconds: 600 },
    tokenRequest: { method: 'POST', bodyFormat: 'form' },
    tokenResponse: { expiresFormat: 'duration' },
    tokens: {
      // Unknown: keep a new refresh token when one comes, the old one otherwise.
      rotation: 'unknown',
      accessTtlSeconds: 3600,
      refreshTtlSeconds: null,
      refreshIdleTtlSeconds: null,
      refreshMarginSeconds: 300,
    },
    consent: { validityDays: o.consentValidityDays },
    appSecretRotationDays: null,
    redirect: { default: 'loopback', supported: ['loopback', 'relay', 'deeplink', 'manual'], loopbackPath: '/oauth/callback' },
    scopes: { base: o.scopes },
    revocation: { method: o.revocation ? 'rfc7009' : 'none' },
    probe,
    apiHeaders: { Authorization: 'Bearer {accessToken}' },
    secretApiHeaders: [],
    maxConcurrentRefreshes: o.maxConcurrentRefreshes,
    errorRules: COMMON_ERROR_RULES,
    texts: buildSupportTexts(o.name),
    hooks: {},
  };
}

/**
 * The built-in generic connector has no endpoints of its own: `app set generic --endpoint
 * authorize=URL --endpoint token=URL [--endpoint api=URL]` gives them (a custom connector file is
 * the way to add revocation and a probe).
 * The keys are listed (without a value) so `connector list` shows which names it accepts.
 */
export const genericConnector: ConnectorDefinition = buildGenericConnector({
  id: 'generic',
  name: 'Generic OAuth 2.0',
  source: 'RFC 6749 and RFC 7009; no marketplace section (endpoints come from the app registration)',
  endpoints: { authorize: undefined, token: undefined, api: undefined },
  probe: null,
  revocation: false,
  scopes: [],
  // Servers that do not know PKCE ignore the extra parameters (RFC 7636 §5).
  pkce: 'supported',
  clientAuth: 'post',
  maxConcurrentRefreshes: DEFAULT_MAX_CONCURRENT_REFRESHES,
  consentValidityDays: null,
});
