// Rewrites the RFC 6749 request oauth4webapi built into the one a marketplace expects, purely from
// the connector's data: renamed grant types and parameters, extra parameters and headers, GET or
// query-string parameters, JSON bodies, client credentials in the query, then the signing hook.
import { randomUUID } from 'node:crypto';
import type { HookContext, HttpRequestSpec } from '../../../connectors/types';
import type { ResolvedConnector } from '../resolve';
import { setHeader } from '../http';

/** 'token' requests get the full treatment; RFC 7009 revocation keeps standard parameter names. */
export type RequestKind = 'token' | 'revoke';

export function hookContext(rc: ResolvedConnector, now: () => number): HookContext {
  return {
    clientId: rc.registration.clientId,
    clientSecret: rc.registration.clientSecret,
    params: rc.registration.params,
    settings: rc.settings,
    callbackMetadata: rc.callbackMetadata,
    now,
    endpoint: (name) => rc.endpoint(name),
  };
}

/** What oauth4webapi hands its customFetch for token and revocation requests. */
export interface OAuthWireRequest {
  readonly url: string;
  readonly body: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
}

export function rewriteTokenRequest(rc: ResolvedConnector, kind: RequestKind, wire: OAuthWireRequest, now: () => number): HttpRequestSpec {
  const { connector } = rc;
  const shape = connector.tokenRequest;
  // One {uuid} per request, shared by its parameters and headers; drawn only when a template may use it.
  let uuid: string | undefined;
  const fill = (template: string) => rc.fill(template, { uuid: (uuid ??= randomUUID()) });
  let params = new URLSearchParams(wire.body);

  if (kind === 'token') {
    const grantType = params.get('grant_type');
    const renamedGrant = grantType ? shape.grantTypeNames?.[grantType as keyof NonNullable<typeof shape.grantTypeNames>] : undefined;
    if (renamedGrant) params.set('grant_type', renamedGrant);
    if (shape.extraParams) for (const [name, template] of Object.entries(shape.extraParams)) params.set(name, fill(template));
    const names = shape.paramNames;
    if (names) params = new URLSearchParams([...params].map(([name, value]): [string, string] => [names[name] ?? name, value]));
  }

  const url = new URL(wire.url);
  // Client credentials in the query string (TikTok Shop): oauth4webapi put them in the body
  // (ClientSecretPost); move them, under their possibly renamed names.
  if (connector.clientAuth === 'query') {
    const names = kind === 'token' ? shape.paramNames ?? {} : {};
    for (const std of ['client_id', 'client_secret']) {
      const name = names[std] ?? std;
      const value = params.get(name);
      if (value === null) continue;
      url.searchParams.set(name, value);
      params.delete(name);
    }
  }

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(wire.headers)) {
    // oauth4webapi's own User-Agent and form content type are replaced below as the shape needs.
    if (name === 'user-agent' || name === 'content-type') continue;
    headers[name] = value;
  }
  if (shape.headers) for (const [name, template] of Object.entries(shape.headers)) setHeader(headers, name, fill(template));

  const method = kind === 'token' ? shape.method : 'POST';
  let body: string | undefined;
  if (method === 'GET' || (kind === 'token' && shape.bodyFormat === 'query')) {
    for (const [name, value] of params) url.searchParams.set(name, value);
  } else if (kind === 'token' && shape.bodyFormat === 'json') {
    setHeader(headers, 'content-type', 'application/json');
    body = JSON.stringify(Object.fromEntries(params));
  } else {
    setHeader(headers, 'content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    body = params.toString();
  }

  const spec: HttpRequestSpec = { method, url, headers, ...(body === undefined ? {} : { body }) };
  return connector.hooks.signRequest ? connector.hooks.signRequest(spec, hookContext(rc, now)) : spec;
}
