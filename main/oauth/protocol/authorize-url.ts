// Builds the authorization request URL a person opens in the system browser, from a resolved
// connector: standard parameters under the connector's names, its extra and omitted parameters,
// the scopes for the chosen purposes, and the PKCE S256 challenge.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Purpose } from '../../../connectors/types';
import { ConfigError, assertSafeEndpointUrl } from '../resolve';
import type { ResolvedConnector } from '../resolve';

type StandardParam = 'client_id' | 'redirect_uri' | 'response_type' | 'scope' | 'state';

export interface AuthorizeUrlInput {
  readonly rc: ResolvedConnector;
  /** Exactly the value registered with the marketplace (a URL, or an eBay RuName). */
  readonly redirectUri: string;
  readonly state: string;
  /** S256 challenge; required unless the connector's pkce is 'none' (then ignored). */
  readonly codeChallenge: string | null;
  /** Purposes whose scopes are asked for on top of `scopes.base`. */
  readonly purposes: ReadonlyArray<Purpose>;
}

/** Base scopes plus each purpose's, in order, without duplicates. */
export function scopesFor(rc: ResolvedConnector, purposes: ReadonlyArray<Purpose>): string[] {
  const scopes: string[] = [];
  for (const s of rc.connector.scopes.base) if (!scopes.includes(s)) scopes.push(s);
  for (const p of purposes) {
    for (const s of rc.connector.scopes[p] ?? []) if (!scopes.includes(s)) scopes.push(s);
  }
  return scopes;
}

export function buildAuthorizeUrl(input: AuthorizeUrlInput): URL {
  const { rc } = input;
  const shape = rc.connector.authorize;
  const url = rc.requireEndpoint('authorize');
  const omit = new Set(shape.omit ?? []);
  const nameOf = (p: StandardParam): string => shape.paramNames?.[p] ?? p;

  const params: Array<[string, string]> = [];
  if (!omit.has('response_type')) params.push([nameOf('response_type'), 'code']);
  if (!omit.has('client_id')) params.push([nameOf('client_id'), rc.registration.clientId]);
  if (!omit.has('redirect_uri')) params.push([nameOf('redirect_uri'), input.redirectUri]);
  const scopes = scopesFor(rc, input.purposes);
  if (!omit.has('scope') && scopes.length > 0) params.push([nameOf('scope'), scopes.join(shape.scopeSeparator ?? ' ')]);
  params.push([nameOf('state'), input.state]);

  if (rc.connector.pkce !== 'none') {
    if (!input.codeChallenge) {
      throw new ConfigError(`${rc.connector.name} uses PKCE; the authorization request needs a code challenge`);
    }
    params.push(['code_challenge', input.codeChallenge], ['code_challenge_method', 'S256']);
  }

  // {uuid} and {nonce} are fresh per request (Walmart's authorize takes a nonce, UNCONFIRMED whether
  // it is checked); everything else comes from settings, params and region via rc.fill.
  const perRequest = { uuid: randomUUID(), nonce: randomBytes(16).toString('base64url') };
  for (const [name, template] of Object.entries(shape.extraParams ?? {})) {
    params.push([name, rc.fill(template, perRequest)]);
  }
  for (const [name, template] of Object.entries(shape.optionalParams ?? {})) {
    try {
      params.push([name, rc.fill(template, perRequest)]);
    } catch (err) {
      // Left out while a template has no value (SP-API version={version} only for draft apps).
      if (!(err instanceof ConfigError)) throw err;
    }
  }

  // A template or extra parameter that repeats one of ours could override state, the redirect or
  // the challenge; refuse rather than guess which one the marketplace reads.
  const seen = new Set<string>(url.searchParams.keys());
  for (const [name] of params) {
    if (seen.has(name)) {
      throw new ConfigError(
        `${rc.connector.name}: the authorization request would carry "${name}" twice; remove it from the authorize endpoint override or the connector's extra parameters`,
      );
    }
    seen.add(name);
  }
  for (const [name, value] of params) url.searchParams.append(name, value);

  assertSafeEndpointUrl(url, `${rc.connector.name} authorization URL`);
  return url;
}
