// API calls in a connector's shape: the headers every call needs (apiHeaders templates, secret
// ones only on request) and the health probe (request, signing, result and granted scopes).
import { randomUUID } from 'node:crypto';
import type { ProbeDefinition } from '../../../connectors/types';
import type { ProbeResult } from '../token-types';
import { ConfigError, type ResolvedConnector } from '../resolve';
import { classifyHttpFailure } from '../classify';
import { send, setHeader, type HttpOptions } from '../http';
import { hookContext } from './token-request';
import { errorDescription, getPath, isObject } from './token-response';

export function apiHeaders(rc: ResolvedConnector, accessToken: string, opts: { includeSecret?: boolean } = {}): Record<string, string> {
  const { connector } = rc;
  const secret = new Set(connector.secretApiHeaders.map((h) => h.toLowerCase()));
  const optional = new Set((connector.optionalApiHeaders ?? []).map((h) => h.toLowerCase()));
  const uuid = randomUUID();
  const out: Record<string, string> = {};
  for (const [name, template] of Object.entries(connector.apiHeaders)) {
    const isSecret = secret.has(name.toLowerCase());
    if (isSecret && !opts.includeSecret) continue;
    // {clientSecret} is offered only to headers declared secret (Etsy's x-api-key), so a
    // template mistake cannot leak it into headers handed to scripts.
    const extra: Record<string, string> = { accessToken, uuid };
    if (isSecret && rc.registration.clientSecret !== null) extra.clientSecret = rc.registration.clientSecret;
    try {
      out[name] = rc.fill(template, extra);
    } catch (err) {
      // Optional headers (Amazon Ads' profile scope) are left out until their value exists.
      if (err instanceof ConfigError && optional.has(name.toLowerCase())) continue;
      throw err;
    }
  }
  return out;
}

/** The probe URL: a named endpoint, or a path below the connector's `api` endpoint. */
function probeUrl(rc: ResolvedConnector, endpoint: string): URL {
  const named = /^[a-zA-Z][a-zA-Z0-9_-]*$/.test(endpoint) ? rc.endpoint(endpoint) : null;
  if (named) return named;
  const api = rc.requireEndpoint('api');
  const base = api.href.endsWith('/') ? api.href : `${api.href}/`;
  return new URL(rc.fill(endpoint).replace(/^\/+/, ''), base);
}

/**
 * Granted scopes when a probe answer lists them, generically: `scopes`/`scope`/`granted_scopes`/
 * `roles` at the top level or under `data`, as an array (of strings or {name}), a space/comma
 * separated string, or a map of scope → access level (Walmart token detail: {"item": "full_access"}
 * becomes "item:full_access").
 */
function grantedScopes(body: unknown): ReadonlyArray<string> | null {
  for (const holder of [body, getPath(body, 'data')]) {
    if (!isObject(holder)) continue;
    for (const key of ['scopes', 'scope', 'granted_scopes', 'roles']) {
      const v = holder[key];
      if (Array.isArray(v)) {
        return v
          .map((s) => (typeof s === 'string' ? s : isObject(s) && typeof s.name === 'string' ? s.name : null))
          .filter((s): s is string => s !== null);
      }
      if (typeof v === 'string') return v.split(/[\s,]+/).filter(Boolean);
      if (isObject(v)) return Object.entries(v).map(([name, level]) => (typeof level === 'string' ? `${name}:${level}` : name));
    }
  }
  return null;
}

/** Network failures propagate (the token client classifies them); HTTP answers become results. */
export async function runProbe(rc: ResolvedConnector, probe: ProbeDefinition, accessToken: string, http: HttpOptions, now: () => number): Promise<ProbeResult> {
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [name, value] of Object.entries(apiHeaders(rc, accessToken, { includeSecret: true }))) setHeader(headers, name, value);
  const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
  if (probe.body !== undefined && !hasType) headers['content-type'] = /^\s*[[{]/.test(probe.body) ? 'application/json' : 'application/x-www-form-urlencoded';
  let spec = { method: probe.method, url: probeUrl(rc, probe.endpoint), headers, ...(probe.body === undefined ? {} : { body: probe.body }) };
  if (rc.connector.hooks.signRequest) spec = rc.connector.hooks.signRequest(spec, hookContext(rc, now));

  // A probe only reads: retrying a connection failure or a 502/503/504 is safe.
  const res = await send(spec, http, undefined, spec.method === 'GET' ? 'idempotent' : 'never');
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  // Marketplaces that wrap every answer in an envelope (TikTok Shop: {code, message, data}) report
  // API errors with HTTP 200 too: a non-success code is a failed probe, not a healthy one.
  const { errorCodePath, successCode } = rc.connector.tokenResponse;
  const rawCode = res.ok && errorCodePath !== undefined ? getPath(body, errorCodePath) : undefined;
  const envelopeCode = typeof rawCode === 'number' || typeof rawCode === 'string' ? String(rawCode) : null;
  const envelopeFailed = envelopeCode !== null && envelopeCode !== String(successCode ?? 0);
  if (res.ok && !envelopeFailed) return { ok: true, status: res.status, failure: null, reason: null, scopes: grantedScopes(body) };
  if (envelopeFailed) {
    const message = isObject(body) && typeof body.message === 'string' ? body.message : `code ${envelopeCode}`;
    const { failure, reason } = classifyHttpFailure(rc.connector, { status: res.status, oauthError: null, description: message, retryAfter: null }, 'api', text.slice(0, 4000));
    // No rule knew this code: the marketplace answered, but not with what a healthy call gets.
    return { ok: false, status: res.status, failure, reason: reason === `http_${res.status}` ? 'invalid_response' : reason, scopes: null };
  }

  const oauthError = isObject(body) && typeof body.error === 'string' ? body.error : null;
  const description = errorDescription(body);
  const { failure, reason } = classifyHttpFailure(rc.connector, { status: res.status, oauthError, description, retryAfter: res.headers.get('retry-after') }, 'api', text.slice(0, 4000));
  return { ok: false, status: res.status, failure, reason, scopes: null };
}
