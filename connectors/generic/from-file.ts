// Reads a custom connector file (shared/cli-contract.md "Custom connector file") into a full
// generic OAuth 2.0 definition. Strict on purpose: unknown fields are refused so a typo cannot
// silently drop a setting, and every message names the file and the field.
import { isBuiltinConnectorId } from '../builtin-ids';
import type { ConnectorDefinition } from '../types';
import { buildGenericConnector, DEFAULT_MAX_CONCURRENT_REFRESHES } from './definition';

export class ConnectorFileError extends Error {
  constructor(
    readonly fileName: string,
    /** The field at fault, or null when the file as a whole is (not JSON, not an object). */
    readonly field: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectorFileError';
  }
}

const FIELDS = [
  'id',
  'name',
  'authorizationEndpoint',
  'tokenEndpoint',
  'revocationEndpoint',
  'probe',
  'scopes',
  'pkce',
  'clientAuth',
  'maxConcurrentRefreshes',
  'consentValidityDays',
  'authorizeParams',
] as const;
/** Parameters the authorize request sets itself; a file cannot override them. */
const RESERVED_AUTHORIZE_PARAMS = new Set(['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method']);
const PROBE_FIELDS = ['url', 'method'] as const;
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const MAX_FILE_CHARS = 64 * 1024;

export function parseConnectorFile(text: string, fileName: string): ConnectorDefinition {
  const fail = (field: string | null, message: string): never => {
    throw new ConnectorFileError(fileName, field, field ? `${fileName}: "${field}" ${message}` : `${fileName} ${message}`);
  };

  if (text.length > MAX_FILE_CHARS) fail(null, `is larger than ${MAX_FILE_CHARS / 1024} KB; a connector file is a small JSON object`);
  const doc = parseJson(text, (message) => fail(null, message));
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return fail(null, 'must contain one JSON object, like {"id": "acme-market", "name": "Acme Market", ...}');
  }
  const obj = doc as Record<string, unknown>;
  refuseUnknown(obj, FIELDS, '', fail);

  const id = requireString(obj, 'id', fail);
  if (!ID_PATTERN.test(id) || id.length > 64) {
    fail('id', `must be kebab-case (lower-case letters, digits and single dashes, at most 64 characters), e.g. "acme-market"; got "${id}"`);
  }
  if (isBuiltinConnectorId(id)) fail('id', `"${id}" is a built-in connector; choose another id`);

  const name = requireString(obj, 'name', fail).trim();
  if (name.length === 0 || name.length > 80) fail('name', 'must be a display name of 1 to 80 characters');

  const authorize = endpointField(obj, 'authorizationEndpoint', true, fail);
  const token = endpointField(obj, 'tokenEndpoint', true, fail);
  const revoke = endpointField(obj, 'revocationEndpoint', false, fail);

  let probe: { url: string; method: 'GET' | 'POST' } | null = null;
  if (obj.probe !== undefined) {
    const p = obj.probe;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) {
      fail('probe', 'must be an object like {"url": "https://.../me", "method": "GET"}');
    }
    const po = p as Record<string, unknown>;
    refuseUnknown(po, PROBE_FIELDS, 'probe.', fail);
    const url = endpointField(po, 'url', true, (field, message) => fail(`probe.${field ?? 'url'}`, message));
    const method = po.method === undefined ? 'GET' : po.method;
    if (method !== 'GET' && method !== 'POST') fail('probe.method', `must be "GET" or "POST"; got ${show(method)}`);
    probe = { url, method: method as 'GET' | 'POST' };
  }

  if (!Array.isArray(obj.scopes)) fail('scopes', 'must be a list of scope strings, e.g. ["orders.read"] ([] when the marketplace has none)');
  const scopes = (obj.scopes as unknown[]).map((s, i) => {
    if (typeof s !== 'string' || s.length === 0 || /\s/.test(s)) {
      return fail(`scopes[${i}]`, `must be a non-empty scope without spaces; got ${show(s)}`);
    }
    return s;
  });

  const pkce = obj.pkce;
  if (pkce !== 'S256' && pkce !== 'none') fail('pkce', `must be "S256" or "none"; got ${show(pkce)}`);
  const clientAuth = obj.clientAuth;
  if (clientAuth !== 'basic' && clientAuth !== 'post' && clientAuth !== 'none') {
    fail('clientAuth', `must be "basic", "post" or "none"; got ${show(clientAuth)}`);
  }

  const maxConcurrentRefreshes = optionalInteger(obj, 'maxConcurrentRefreshes', 1, 64, fail) ?? DEFAULT_MAX_CONCURRENT_REFRESHES;
  const consentValidityDays = optionalInteger(obj, 'consentValidityDays', 1, 3650, fail);

  const authorizeParams = optionalAuthorizeParams(obj, fail);

  return buildGenericConnector({
    id,
    name,
    source: `custom connector file ${fileName}`,
    endpoints: { authorize, token, ...(revoke ? { revoke } : {}), ...(probe ? { probe: probe.url } : {}) },
    probe: probe ? { method: probe.method } : null,
    revocation: revoke !== undefined,
    scopes,
    pkce: pkce === 'S256' ? 'required' : 'none',
    clientAuth: clientAuth as 'basic' | 'post' | 'none',
    maxConcurrentRefreshes,
    consentValidityDays,
    ...(authorizeParams ? { authorizeParams } : {}),
  });
}

/** Optional {"prompt": "consent", ...}: extra authorize parameters, never the ones the flow owns. */
function optionalAuthorizeParams(obj: Record<string, unknown>, fail: Fail): Record<string, string> | undefined {
  const raw = obj.authorizeParams;
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('authorizeParams', 'must be an object of extra authorize parameters, e.g. {"prompt": "consent"}');
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) fail(`authorizeParams.${name}`, 'is not a parameter name (letters, digits, _ . - only)');
    if (RESERVED_AUTHORIZE_PARAMS.has(name)) fail(`authorizeParams.${name}`, 'is set by FiveX Connect itself and cannot be overridden');
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (typeof value !== 'string' || value.length > 512 || /[{}\u0000-\u001f]/.test(value)) {
      fail(`authorizeParams.${name}`, `must be a plain string value (no braces or control characters); got ${show(value)}`);
    }
    out[name] = value;
  }
  return out;
}

type Fail = (field: string | null, message: string) => never;

function parseJson(text: string, fail: (message: string) => never): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(raw);
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      return fail(`is not valid JSON: ${raw.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column} (position ${offset}); fix the file and add it again`);
    }
    return fail(`is not valid JSON (${raw}); fix the file and add it again`);
  }
}

function refuseUnknown(obj: Record<string, unknown>, known: ReadonlyArray<string>, prefix: string, fail: Fail): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const near = known.find((k) => closeEnough(k, key));
    fail(`${prefix}${key}`, `is not a known field${near ? ` (did you mean "${prefix}${near}"?)` : ''}; the fields are ${known.join(', ')}`);
  }
}

function requireString(obj: Record<string, unknown>, field: string, fail: Fail): string {
  const v = obj[field];
  if (v === undefined) return fail(field, 'is missing');
  if (typeof v !== 'string') return fail(field, `must be a string; got ${show(v)}`);
  return v;
}

function endpointField<R extends boolean>(obj: Record<string, unknown>, field: string, required: R, fail: Fail): R extends true ? string : string | undefined;
function endpointField(obj: Record<string, unknown>, field: string, required: boolean, fail: Fail): string | undefined {
  if (obj[field] === undefined && !required) return undefined;
  const raw = requireString(obj, field, fail);
  const expected = 'must be an https URL (http only on 127.0.0.1, [::1] or localhost, for local testing)';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(field, `${expected}; "${raw}" is not a URL`);
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) return fail(field, `${expected}; got ${url.protocol}//${url.host}`);
  // Credentials in a URL end up in logs; a fragment is never sent.
  if (url.username || url.password) return fail(field, 'must not contain a user name or password');
  if (url.hash) return fail(field, 'must not contain a #fragment');
  return url.toString();
}

function optionalInteger(obj: Record<string, unknown>, field: string, min: number, max: number, fail: Fail): number | null {
  const v = obj[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    return fail(field, `must be a whole number from ${min} to ${max}; got ${show(v)}`);
  }
  return v;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? typeof v;
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** One edit apart, or the same ignoring case: enough to catch typos like "tokenEndpiont". */
function closeEnough(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  if (Math.abs(a.length - b.length) > 2) return false;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      // A swap of two neighbours counts as one edit.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]! <= 2;
}
