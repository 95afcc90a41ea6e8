// The per-connector adapter as oauth4webapi's [customFetch]: the request oauth4webapi built goes
// out in the marketplace's shape, and the marketplace's answer comes back as RFC 6749 JSON, so
// oauth4webapi's validation and our classification only ever see the standard protocol.
import type { CustomFetchOptions } from 'oauth4webapi';
import type { ResolvedConnector } from '../resolve';
import { send, type HttpOptions } from '../http';
import { rewriteTokenRequest, type RequestKind } from './token-request';
import { normaliseTokenResponse } from './token-response';

export type OAuthCustomFetch = (url: string, options: CustomFetchOptions<'POST', URLSearchParams>) => Promise<Response>;

export function adapterFetch(rc: ResolvedConnector, kind: RequestKind, http: HttpOptions, now: () => number): OAuthCustomFetch {
  return async (url, options) => {
    const spec = rewriteTokenRequest(rc, kind, { url, body: options.body, headers: options.headers }, now);
    // A token request is never replayed (a rotated refresh token would be spent twice); an
    // RFC 7009 revocation is idempotent, so a lost answer may be asked again.
    const raw = await send(spec, http, options.signal, kind === 'revoke' ? 'idempotent' : 'never');
    return normaliseTokenResponse(raw, rc.connector, kind, now());
  };
}
