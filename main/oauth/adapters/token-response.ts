// Normalises a marketplace's token endpoint answer into standard RFC 6749 JSON before
// oauth4webapi validates it (envelopes, HTTP-200 errors, renamed fields, string or timestamp
// expiries, missing token_type, scope arrays), and turns the validated result into a TokenSet.
import type { TokenEndpointResponse } from 'oauth4webapi';
import type { ConnectorDefinition } from '../../../connectors/types';
import type { TokenSet } from '../token-types';
import type { RequestKind } from './token-request';
import { bodyText } from '../http-transport';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * Token types that are bearer tokens under another name: eBay's documented responses say
 * "User Access Token" / "Application Access Token" for tokens sent as `Authorization: Bearer`
 * (from eBay's API docs; not in docs/marketplaces.md, so UNCONFIRMED there). Better as connector
 * data (a tokenResponse alias map) once connectors/types.ts has a field for it.
 */
const BEARER_ALIASES = new Set(['user access token', 'application access token']);

/** Our one name for a refresh-token lifetime; marketplaces send either spelling. */
const REFRESH_EXPIRES_FIELD = 'refresh_token_expires_in';

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function getPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

const asText = (v: unknown): string | null => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : null);

/**
 * The human-readable part of an error body, which errorRules' descriptionIncludes matches:
 * OAuth `error_description`, else Amazon's `details` / `message` (also inside `errors[0]`),
 * else TikTok's `message` / `msg`.
 */
export function errorDescription(body: unknown): string | null {
  if (!isObject(body)) return null;
  const first = Array.isArray(body.errors) ? body.errors[0] : undefined;
  for (const holder of [body, first]) {
    if (!isObject(holder)) continue;
    const text = asText(holder.error_description) ?? asText(holder.details) ?? asText(holder.message) ?? asText(holder.msg);
    if (text) return text;
  }
  return null;
}

function jsonResponse(status: number, body: JsonObject, retryAfter: string | null): Response {
  const headers = new Headers({ 'content-type': 'application/json', 'cache-control': 'no-store' });
  // Retry-After survives normalisation (429/503); WWW-Authenticate does not, so that oauth4webapi
  // reports the body's OAuth error instead of a challenge (oidc-provider sends both on 401).
  if (retryAfter) headers.set('retry-after', retryAfter);
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * A normalised success answer that hands oauth4webapi the object it validates as built, instead of
 * a second body to stringify, stream and parse again (about a third of the token client's CPU per
 * refresh). oauth4webapi reads a 200 token response through `json()` alone, once (bodyUsed is
 * checked first), and checks every field of what it returns exactly as it would the parsed
 * bytes: the object holds only JSON values (the wire's, parsed once, and finite numbers), so it
 * is what a JSON round trip would give. `text()` and `clone()` agree with it.
 */
class NormalisedTokenResponse extends Response {
  #payload: JsonObject | null;

  constructor(payload: JsonObject) {
    // No headers: oauth4webapi reads a 200 token response's headers only when json() fails.
    super(null, { status: 200 });
    this.#payload = payload;
  }

  override get bodyUsed(): boolean {
    return this.#payload === null;
  }

  #take(): JsonObject {
    const payload = this.#payload;
    if (payload === null) throw new TypeError('Body is unusable: Body has already been read');
    this.#payload = null;
    return payload;
  }

  override json(): Promise<unknown> {
    return Promise.resolve().then(() => this.#take());
  }

  override text(): Promise<string> {
    return Promise.resolve().then(() => JSON.stringify(this.#take()));
  }

  override clone(): Response {
    if (this.#payload === null) throw new TypeError('Response.clone: Body has already been consumed.');
    return new NormalisedTokenResponse(structuredClone(this.#payload));
  }
}

function errorResponse(status: number, error: string | null, description: string | null, retryAfter: string | null): Response {
  const body: JsonObject = {};
  if (error) body.error = error;
  if (description) body.error_description = description;
  return jsonResponse(status, body, retryAfter);
}

/** Seconds from now for an absolute Unix time (seconds, or milliseconds when that large). */
function secondsUntil(timestamp: number, now: number): number {
  const atMs = timestamp > 1e12 ? timestamp : timestamp * 1000;
  return Math.max(0, Math.floor((atMs - now) / 1000));
}

function toNumber(v: Json | undefined): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

function normaliseSuccess(connector: ConnectorDefinition, payload: JsonObject, now: number): JsonObject {
  const shape = connector.tokenResponse;
  const out: JsonObject = { ...payload };
  const targets = {
    access_token: 'access_token',
    refresh_token: 'refresh_token',
    expires_in: 'expires_in',
    refresh_expires_in: REFRESH_EXPIRES_FIELD,
    scope: 'scope',
    token_type: 'token_type',
  } as const;
  for (const [std, target] of Object.entries(targets) as [keyof typeof targets, string][]) {
    const source = shape.fields?.[std];
    if (source && source !== target && source in out) {
      out[target] = out[source] as Json;
      delete out[source];
    }
  }
  // Keycloak-style spelling of the refresh lifetime.
  if (out[REFRESH_EXPIRES_FIELD] === undefined && out.refresh_expires_in !== undefined) out[REFRESH_EXPIRES_FIELD] = out.refresh_expires_in;
  delete out.refresh_expires_in;

  for (const field of ['expires_in', REFRESH_EXPIRES_FIELD]) {
    if (out[field] === undefined) continue;
    const n = toNumber(out[field]);
    // Garbage counts as "not given": the connector's assumed lifetimes apply instead.
    if (n === undefined) delete out[field];
    else out[field] = shape.expiresFormat === 'timestamp' ? secondsUntil(n, now) : Math.max(0, n);
  }

  // RFC 6749 makes token_type required; Amazon LWA and others sometimes leave it out. Bearer is
  // the only type they use, so assume it. eBay names its bearer tokens by kind. Anything else
  // given stays, for oauth4webapi to reject (T15: only Bearer and DPoP are usable).
  if (typeof out.token_type !== 'string' || out.token_type === '' || BEARER_ALIASES.has(out.token_type.toLowerCase())) out.token_type = 'bearer';

  const scope = out.scope;
  const separator = shape.scopeSeparator ?? ' ';
  if (Array.isArray(scope)) out.scope = scope.map((s) => asText(s)).filter((s): s is string => s !== null).join(' ');
  else if (typeof scope === 'string' && separator !== ' ') out.scope = scope.split(separator).map((s) => s.trim()).filter(Boolean).join(' ');
  else if (scope !== undefined && typeof scope !== 'string') delete out.scope;

  // We speak OAuth 2.0 only. An id_token would make oauth4webapi validate it against an issuer
  // we never discovered, so it is dropped (nothing here reads identity from it).
  delete out.id_token;
  return out;
}

/**
 * The adapter's response half. Returns a Response oauth4webapi can validate: 200 + RFC 6749 JSON
 * on success; the original status (or 400 for an HTTP-200 error) + {error, error_description}
 * on failure; non-JSON answers pass through with their status so they are classified by it.
 */
export async function normaliseTokenResponse(raw: Response, connector: ConnectorDefinition, kind: RequestKind, now: number): Promise<Response> {
  const text = await bodyText(raw);
  const retryAfter = raw.headers.get('retry-after');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }

  if (kind === 'revoke' && raw.ok) return new Response(null, { status: 200 }); // RFC 7009: 200 = done; some send 204
  if (!isObject(json)) {
    const headers = new Headers({ 'content-type': raw.headers.get('content-type') ?? 'text/plain' });
    if (retryAfter) headers.set('retry-after', retryAfter);
    return new Response(raw.ok ? text : null, { status: raw.ok ? 200 : raw.status, headers });
  }

  const shape = connector.tokenResponse;
  const description = errorDescription(json);
  if (shape.errorCodePath) {
    const code = asText(getPath(json, shape.errorCodePath));
    if (code !== null && code !== String(shape.successCode ?? 0)) {
      // TikTok Shop: HTTP 200 with {code: non-zero, message}. An OAuth error is a 4xx.
      return errorResponse(raw.ok ? 400 : raw.status, asText(json.error) ?? code, description, retryAfter);
    }
  }
  const oauthError = asText(json.error);
  if (!raw.ok) return errorResponse(raw.status, oauthError, description, retryAfter);
  if (oauthError && json.access_token === undefined) return errorResponse(400, oauthError, description, retryAfter);

  const payload = shape.envelope ? getPath(json, shape.envelope) : json;
  return new NormalisedTokenResponse(isObject(payload) ? normaliseSuccess(connector, payload, now) : {});
}

const STANDARD_FIELDS = new Set(['access_token', 'refresh_token', 'id_token', 'token_type', 'expires_in', REFRESH_EXPIRES_FIELD, 'scope']);
const SECRET_LOOKING = /token|secret|code|password|key|sign|cipher/i;

/** A validated, normalised response as the engine's TokenSet. */
export function toTokenSet(res: TokenEndpointResponse, connector: ConnectorDefinition, now: number): TokenSet {
  const policy = connector.tokens;
  const at = (seconds: number) => new Date(now + seconds * 1000);
  const refreshToken = typeof res.refresh_token === 'string' && res.refresh_token ? res.refresh_token : null;
  const refreshIn = typeof res[REFRESH_EXPIRES_FIELD] === 'number' ? res[REFRESH_EXPIRES_FIELD] : undefined;

  let accessExpiresAt: Date | null = null;
  if (res.expires_in !== undefined) accessExpiresAt = at(res.expires_in);
  // A policy of 0 means "does not expire" (legacy Shopify offline tokens).
  else if (policy.accessTtlSeconds > 0) accessExpiresAt = at(policy.accessTtlSeconds);

  let refreshExpiresAt: Date | null = null;
  if (refreshIn !== undefined) refreshExpiresAt = at(refreshIn);
  // The policy lifetime counts from issue, so it applies only to a token issued by this response.
  else if (refreshToken && policy.refreshTtlSeconds !== null) refreshExpiresAt = at(policy.refreshTtlSeconds);

  const extra: Record<string, string> = {};
  for (const [name, value] of Object.entries(res)) {
    if (STANDARD_FIELDS.has(name) || SECRET_LOOKING.test(name)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') extra[name] = String(value);
  }

  return {
    accessToken: res.access_token,
    refreshToken,
    tokenType: res.token_type,
    accessExpiresAt,
    refreshExpiresAt,
    scopes: typeof res.scope === 'string' ? res.scope.split(' ').filter(Boolean) : null,
    extra,
  };
}
