// The custom connector file format (docs/cli-contract.md "Custom connector file") as one valibot
// schema: the TypeScript type of a parsed file is inferred from it, and every rule carries the
// words a person reads when their file breaks it (the file, line and column are added by
// from-file.ts). Strict on purpose: unknown fields are refused so a typo cannot silently drop a
// setting.
import * as v from 'valibot';
import { isBuiltinConnectorId } from '../builtin-ids';
import { isLoopbackRedirectHost } from '../../lib/net/loopback';

/** The top-level fields, in the order the contract lists them (named in "not a known field" errors). */
export const FILE_FIELDS = [
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
export const PROBE_FIELDS = ['url', 'method'] as const;

/** Parameters the authorize request sets itself; a file cannot override them. */
const RESERVED_AUTHORIZE_PARAMS = new Set(['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method']);
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const URL_RULE = 'must be an https URL (http only on 127.0.0.1, [::1] or localhost, for local testing)';

/** A value as quoted in a message: short, never a whole long string. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const s = JSON.stringify(value) ?? typeof value;
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** A message that ends with what the file had. */
const got = (rule: string) => (issue: v.BaseIssue<unknown>) => `${rule}; got ${show(issue.input)}`;

const parsedUrl = (text: string): URL | null => {
  try {
    return new URL(text);
  } catch {
    return null;
  }
};

const endpoint = v.pipe(
  v.string(got('must be a string')),
  v.check((text) => parsedUrl(text) !== null, (issue) => `${URL_RULE}; ${show(issue.input)} is not a URL`),
  v.check(
    (text) => {
      const url = parsedUrl(text)!;
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackRedirectHost(url.hostname));
    },
    (issue) => {
      const url = parsedUrl(issue.input)!;
      return `${URL_RULE}; got ${url.protocol}//${url.host}`;
    },
  ),
  // Credentials in a URL end up in logs; a fragment is never sent.
  v.check((text) => !parsedUrl(text)!.username && !parsedUrl(text)!.password, 'must not contain a user name or password'),
  v.check((text) => !parsedUrl(text)!.hash, 'must not contain a #fragment'),
  v.transform((text) => parsedUrl(text)!.toString()),
);

const wholeNumber = (min: number, max: number) =>
  v.optional(
    v.nullable(
      v.pipe(
        v.number(got(`must be a whole number from ${min} to ${max}`)),
        v.integer(got(`must be a whole number from ${min} to ${max}`)),
        v.minValue(min, got(`must be a whole number from ${min} to ${max}`)),
        v.maxValue(max, got(`must be a whole number from ${min} to ${max}`)),
      ),
    ),
  );

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const authorizeParams = v.pipe(
  v.custom<Record<string, unknown>>(isPlainObject, 'must be an object of extra authorize parameters, e.g. {"prompt": "consent"}'),
  v.record(
    v.pipe(
      v.string(),
      v.regex(/^[A-Za-z0-9_.-]{1,64}$/, 'is not a parameter name (letters, digits, _ . - only)'),
      v.check((name) => !RESERVED_AUTHORIZE_PARAMS.has(name), 'is set by FiveX Connect itself and cannot be overridden'),
    ),
    v.pipe(
      v.string(got('must be a plain string value (no braces or control characters)')),
      v.maxLength(512, got('must be a plain string value (no braces or control characters)')),
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
      v.check((value) => !/[{}\u0000-\u001f]/.test(value), got('must be a plain string value (no braces or control characters)')),
    ),
  ),
);

export const ConnectorFileSchema = v.strictObject({
  id: v.pipe(
    v.string(got('must be a string')),
    v.check(
      (id) => ID_PATTERN.test(id) && id.length <= 64,
      (issue) => `must be kebab-case (lower-case letters, digits and single dashes, at most 64 characters), e.g. "acme-market"; got ${show(issue.input)}`,
    ),
    v.check((id) => !isBuiltinConnectorId(id), (issue) => `${show(issue.input)} is a built-in connector; choose another id`),
  ),
  name: v.pipe(
    v.string(got('must be a string')),
    v.trim(),
    v.minLength(1, 'must be a display name of 1 to 80 characters'),
    v.maxLength(80, 'must be a display name of 1 to 80 characters'),
  ),
  authorizationEndpoint: endpoint,
  tokenEndpoint: endpoint,
  revocationEndpoint: v.optional(endpoint),
  probe: v.optional(
    v.strictObject(
      { url: endpoint, method: v.optional(v.picklist(['GET', 'POST'], got('must be "GET" or "POST"')), 'GET') },
      'must be an object like {"url": "https://.../me", "method": "GET"}',
    ),
  ),
  scopes: v.array(
    v.pipe(v.string(got('must be a non-empty scope without spaces')), v.regex(/^\S+$/, got('must be a non-empty scope without spaces'))),
    'must be a list of scope strings, e.g. ["orders.read"] ([] when the marketplace has none)',
  ),
  pkce: v.picklist(['S256', 'none'], got('must be "S256" or "none"')),
  clientAuth: v.picklist(['basic', 'post', 'none'], got('must be "basic", "post" or "none"')),
  maxConcurrentRefreshes: wholeNumber(1, 64),
  consentValidityDays: wholeNumber(1, 3650),
  authorizeParams: v.optional(authorizeParams),
});

export type ConnectorFile = v.InferOutput<typeof ConnectorFileSchema>;

// The schema and the list of fields named in errors must agree.
const SAME_FIELDS: keyof ConnectorFile extends (typeof FILE_FIELDS)[number] ? ((typeof FILE_FIELDS)[number] extends keyof ConnectorFile ? true : never) : never = true;
void SAME_FIELDS;
