// The connector contract. A connector is data first (endpoints, lifetimes, scopes, texts, ...)
// with small hooks only for what data cannot say. Every built-in connector cites its section of
// docs/marketplaces.md in `source`, and lists what is UNCONFIRMED there in `unconfirmed` — those
// facts are exactly the ones an app registration can override (endpoints, params).

export type Purpose = 'reporting' | 'finance' | 'advertising' | 'listings';
export const PURPOSES: ReadonlyArray<Purpose> = ['reporting', 'finance', 'advertising', 'listings'];

export type RedirectStrategy = 'loopback' | 'deeplink' | 'relay' | 'manual';
export const REDIRECT_STRATEGIES: ReadonlyArray<RedirectStrategy> = ['loopback', 'deeplink', 'relay', 'manual'];

/** How a connection gets its first credential. */
export type GrantKind =
  | 'authorization_code' // consent in the browser
  | 'client_credentials' // the seller's own client id/secret (Zalando, bol.com own account)
  | 'refresh_token_import'; // self-authorized refresh token pasted/imported (SP-API private apps)

export type ClientAuth = 'basic' | 'post' | 'query' | 'none';
export type BodyFormat = 'form' | 'json' | 'query';
/** rotating: every refresh returns a new refresh token and the old one dies; static: the old stays. */
export type RotationPolicy = 'rotating' | 'static' | 'unknown';
export type Environment = 'production' | 'sandbox';

export interface Localized {
  readonly en: string;
  readonly es: string;
}

/** Standard endpoint names an app registration may override (plus a connector's own). */
export type StandardEndpoint = 'authorize' | 'token' | 'revoke' | 'probe' | 'api';
export const STANDARD_ENDPOINTS: ReadonlyArray<StandardEndpoint> = ['authorize', 'token', 'revoke', 'probe', 'api'];

/**
 * URL templates. `{name}` placeholders are filled from the connection's settings (e.g. `{shop}`),
 * the region (`{region}`) and the app registration's params. Only https URLs (and loopback http in
 * overrides, for tests) are accepted at use.
 */
export type EndpointTemplates = Readonly<Partial<Record<StandardEndpoint, string>> & Record<string, string | undefined>>;

export interface RegionDefinition {
  readonly id: string;
  readonly label: Localized;
  /** Endpoints that differ in this region; the rest come from the connector's `endpoints`. */
  readonly endpoints: EndpointTemplates;
}

/** A value the agency sets once on its app registration (`app set --param NAME=VALUE`). */
export interface ParamDefinition {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  readonly pattern?: string;
}

/** A value chosen per connection at consent (e.g. the Shopify shop, the Seller Central country). */
export interface ConnectionSettingDefinition {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  readonly pattern?: string;
  readonly choices?: ReadonlyArray<string>;
  /**
   * Endpoints a choice replaces (SP-API `country` DE → the sellercentral-europe consent host).
   * Layered above the region's and the sandbox's endpoints, below the registration's overrides;
   * see `settingEndpointLayers` in connectors/settings.ts.
   */
  readonly endpointsByChoice?: Readonly<Record<string, EndpointTemplates>>;
}

export interface AuthorizeRequestShape {
  /** Renamed standard parameters, e.g. Walmart {client_id: 'clientId', redirect_uri: 'redirectUri'}. */
  readonly paramNames?: Readonly<Partial<Record<'client_id' | 'redirect_uri' | 'response_type' | 'scope' | 'state', string>>>;
  /** Fixed extra parameters; values may use `{param}` templates (e.g. application_id={applicationId}). */
  readonly extraParams?: Readonly<Record<string, string>>;
  /**
   * Extra parameters sent only when every template in the value can be filled (SP-API
   * version={version} for draft apps, set with `app set --param version=beta`).
   */
  readonly optionalParams?: Readonly<Record<string, string>>;
  /** Omit response_type / scope when the marketplace does not take them (SP-API consent page). */
  readonly omit?: ReadonlyArray<'response_type' | 'scope' | 'redirect_uri' | 'client_id'>;
  readonly scopeSeparator?: string;
}

export interface CallbackShape {
  /** Name of the code parameter: `code`, or `spapi_oauth_code` for SP-API. */
  readonly codeParam: string;
  /** Extra callback values the connection keeps (selling_partner_id, sellerId, shop, ...). */
  readonly keepParams: ReadonlyArray<string>;
  /** Lifetime of the authorization code, for the remote-consent countdown. */
  readonly codeLifetimeSeconds: number;
}

export interface TokenRequestShape {
  readonly method: 'POST' | 'GET';
  readonly bodyFormat: BodyFormat;
  /** Renamed grant types: TikTok Shop calls authorization_code `authorized_code`. */
  readonly grantTypeNames?: Readonly<Partial<Record<'authorization_code' | 'refresh_token' | 'client_credentials', string>>>;
  /** Renamed request parameters, e.g. TikTok {code: 'auth_code', client_id: 'app_key', client_secret: 'app_secret'}. */
  readonly paramNames?: Readonly<Record<string, string>>;
  readonly extraParams?: Readonly<Record<string, string>>;
  /** Headers on every token request (values may be templates: {param}, {callback.sellerId}, {uuid}). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TokenResponseShape {
  /** Path of the object holding the tokens, e.g. 'data' for TikTok's {code, message, data}. */
  readonly envelope?: string;
  /** Errors come with HTTP 200 and a non-zero code at this path (TikTok: 'code', success 0). */
  readonly errorCodePath?: string;
  readonly successCode?: number | string;
  /** Field names when they differ: TikTok access_token_expire_in is a Unix timestamp. */
  readonly fields?: Readonly<Partial<Record<'access_token' | 'refresh_token' | 'expires_in' | 'refresh_expires_in' | 'scope' | 'token_type', string>>>;
  readonly expiresFormat: 'duration' | 'timestamp';
  /** The scope list in a response is separated by this (default: space). */
  readonly scopeSeparator?: string;
}

export interface TokenPolicy {
  readonly rotation: RotationPolicy;
  /** Assumed access-token lifetime when the response gives none. */
  readonly accessTtlSeconds: number;
  /** Fixed refresh-token lifetime from issue, null when none is known. */
  readonly refreshTtlSeconds: number | null;
  /** Refresh tokens that die when unused this long (kept alive by the scheduler). */
  readonly refreshIdleTtlSeconds: number | null;
  /** Refresh this long before the access token expires (jitter is added). */
  readonly refreshMarginSeconds: number;
  /** Grace period in which the previous refresh token still works after rotation (Shopify). */
  readonly rotationGraceSeconds?: number;
}

export interface ConsentPolicy {
  /** Consent must be renewed this many days after it was given (SP-API: 365). */
  readonly validityDays: number | null;
  /** A fixed date after which this kind of grant stops working (Shopify legacy tokens: 2027-01-01). */
  readonly deadline?: { readonly date: string; readonly appliesWhen: 'non_expiring_token'; readonly why: Localized };
}

export interface RevocationPolicy {
  /** rfc7009: POST token + token_type_hint; custom: a hook; none: only the seller can remove the app. */
  readonly method: 'rfc7009' | 'custom' | 'none';
}

export interface ProbeDefinition {
  readonly method: 'GET' | 'POST';
  /** Endpoint name (usually 'probe') or path below 'api'. */
  readonly endpoint: string;
  readonly body?: string;
  /** Run no more often than this per connection. */
  readonly intervalSeconds: number;
  /** The marketplace's rate limit for this call, across all connections of the app. */
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** Failure classes the health machine understands. */
export type FailureClass = 'consent_gone' | 'client_broken' | 'transient' | 'rate_limited' | 'missing_permission' | 'unknown';

/**
 * Rules are tried in order and the first match wins, so specific rules (a description) come before
 * general ones (a status). For envelope errors (TikTok Shop) `error` is the code at
 * `errorCodePath` as a string and the description is the envelope's `message`; for non-OAuth
 * bodies (Amazon's {code, message, details}) the description is `details` or `message`.
 */
export interface ErrorRule {
  /** Match on HTTP status, OAuth `error`, or a substring of the description (all given must match). */
  readonly status?: number;
  readonly error?: string;
  readonly descriptionIncludes?: string;
  readonly classify: FailureClass;
  /** Reason code shown to people, e.g. 'client_secret_expired'. */
  readonly reason: string;
}

export interface SupportTexts {
  readonly connect: Localized; // how to connect and what the client will be asked
  readonly revokeStops: Localized; // what revocation stops
  readonly dataRemains: Localized; // which historical data remains
  readonly reauthorize: Localized; // how the seller re-authorizes
  readonly removeApp: Localized; // where the seller removes the app
  /** Per reason code: what it means and who can fix it. */
  readonly reasons: Readonly<Record<string, Localized>>;
}

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

/**
 * The app's outbound HTTP for hooks that call a marketplace themselves (Shopify's uninstall):
 * timeout, keep-alive, redaction, no redirects. `retry: 'idempotent'` only for calls that may
 * safely go twice. Network failures reject; HTTP answers resolve, whatever their status.
 */
export type HookHttp = (req: HookHttpRequest, opts?: { readonly retry?: 'never' | 'idempotent' }) => Promise<Response>;

export interface HookHttpRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HookContext {
  readonly clientId: string;
  readonly clientSecret: string | null;
  readonly params: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, string>>;
  readonly callbackMetadata: Readonly<Record<string, string>>;
  readonly now: () => number;
  /** The resolved endpoint by name (registration overrides applied), when the engine provides it. */
  readonly endpoint?: (name: string) => URL | null;
  /** Outbound HTTP, given to hooks that make their own marketplace calls (revoke). */
  readonly http?: HookHttp;
}

/** Code hooks, only where data cannot say it. */
export interface ConnectorHooks {
  /** Read a non-standard callback; return null to use `callback` data. */
  readonly parseCallback?: (query: URLSearchParams) => { code: string; metadata: Record<string, string> } | null;
  /**
   * Check a marketplace's own signature on an authorization callback (Shopify's `hmac`). False
   * refuses the callback before it can use up the consent attempt.
   */
  readonly verifyCallback?: (query: ReadonlyArray<readonly [string, string]>, ctx: HookContext) => boolean;
  /** Sign or otherwise finish a token / API request (TikTok Shop HMAC). */
  readonly signRequest?: (req: HttpRequestSpec, ctx: HookContext) => HttpRequestSpec;
  /** Revoke remotely when `revocation.method` is 'custom'. Resolves when done. */
  readonly revoke?: (ctx: HookContext & { readonly refreshToken: string | null; readonly accessToken: string | null }) => Promise<void>;
}

export interface ConnectorDefinition {
  readonly id: string;
  readonly name: string;
  /** Section of docs/marketplaces.md the facts come from. */
  readonly source: string;
  /** Facts marked UNCONFIRMED in the source; each is overridable by the app registration. */
  readonly unconfirmed: ReadonlyArray<string>;
  readonly grant: GrantKind;
  /** Also accepts self-authorized refresh tokens through `import` / the manual strategy. */
  readonly acceptsImportedRefreshTokens: boolean;
  /**
   * Client credentials that belong to the seller, not the agency (bol.com, Zalando zDirect):
   * `connect --client-id ID --client-secret-env VAR` seals that seller's pair with the connection,
   * and a refusal of it means only the seller can issue new ones (needs_consent).
   */
  readonly sellerOwnedCredentials?: boolean;
  /**
   * The marketplace ties the consent to the person who gave it (their own marketplace login), so
   * when the operator who connected it hands over, the new owner must renew consent. Default false.
   */
  readonly consentTiedToPerson?: boolean;
  readonly environments: ReadonlyArray<Environment>;
  readonly regions: ReadonlyArray<RegionDefinition>;
  readonly endpoints: EndpointTemplates;
  readonly sandboxEndpoints?: EndpointTemplates;
  readonly params: ReadonlyArray<ParamDefinition>;
  readonly connectionSettings: ReadonlyArray<ConnectionSettingDefinition>;
  readonly clientAuth: ClientAuth;
  readonly pkce: 'required' | 'supported' | 'none';
  readonly authorize: AuthorizeRequestShape;
  readonly callback: CallbackShape;
  readonly tokenRequest: TokenRequestShape;
  readonly tokenResponse: TokenResponseShape;
  readonly tokens: TokenPolicy;
  readonly consent: ConsentPolicy;
  /** Days after which the app's client secret must be rotated (SP-API: 180). */
  readonly appSecretRotationDays: number | null;
  readonly redirect: {
    readonly default: RedirectStrategy;
    readonly supported: ReadonlyArray<RedirectStrategy>;
    /** Path registered with the marketplace for loopback (RFC 8252 §7.3: only the port varies). */
    readonly loopbackPath: string;
    /**
     * When the redirect_uri is a name rather than an address (eBay's RuName), the app-registration
     * param holding the https address the marketplace really lands on: the consent session binds
     * the callback to that address as it binds every other redirect.
     */
    readonly landingUrlParam?: string;
  };
  /** Scopes (or roles) each purpose needs; `base` is always requested. */
  readonly scopes: { readonly base: ReadonlyArray<string> } & Readonly<Partial<Record<Purpose, ReadonlyArray<string>>>>;
  readonly revocation: RevocationPolicy;
  readonly probe: ProbeDefinition | null;
  /**
   * Headers every API call needs. Templates: {accessToken}, {param}, {setting}, {callback.x},
   * {uuid}, {clientId}, and {clientSecret} (only in headers listed in secretApiHeaders).
   */
  readonly apiHeaders: Readonly<Record<string, string>>;
  /** Headers in apiHeaders left out while their template has no value (Amazon Ads profile scope). */
  readonly optionalApiHeaders?: ReadonlyArray<string>;
  /** Headers in apiHeaders that carry an app-registration secret and are never handed to scripts. */
  readonly secretApiHeaders: ReadonlyArray<string>;
  readonly maxConcurrentRefreshes: number;
  readonly errorRules: ReadonlyArray<ErrorRule>;
  readonly texts: SupportTexts;
  readonly hooks: ConnectorHooks;
}
