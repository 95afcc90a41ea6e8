// The one place the token client touches the network: sends a finished HttpRequestSpec through
// the shared transport (got, http-transport.ts) with a timeout and our User-Agent, and says which
// URLs may go over plain http (loopback only).
import type { HookHttp, HookHttpRequest, HttpRequestSpec } from '../../connectors/types';
import { isLoopbackHttpUrl } from '../../lib/net/loopback';
import type { HttpTransport, RetryPolicy } from './http-transport';

export interface HttpOptions {
  readonly transport: HttpTransport;
  readonly timeoutMs: number;
  readonly userAgent: string;
}

/** Plain http is tolerated only for local fakes and test servers (resolve.ts enforces the same). */
export function isLoopbackHttp(url: URL): boolean {
  return isLoopbackHttpUrl(url);
}

/** Sets a header, replacing any spelling of the same name (header names are case-insensitive). */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
  headers[name] = value;
}

/**
 * Sends the request, within `http.timeoutMs` (the transport's timer; `signal` may stop it sooner). Redirects are not followed: a token or API endpoint that redirects is
 * misconfigured, and following would carry credentials to another host. `retry` defaults to
 * never: only the caller knows whether a request may safely go twice.
 */
export function send(spec: HttpRequestSpec | HookHttpRequest, http: HttpOptions, signal?: AbortSignal, retry: RetryPolicy = 'never'): Promise<Response> {
  const headers: Record<string, string> = { ...spec.headers };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'user-agent')) headers['user-agent'] = http.userAgent;
  return http.transport({
    method: spec.method,
    url: spec.url,
    headers,
    ...(spec.body === undefined ? {} : { body: spec.body }),
    ...(signal === undefined ? {} : { signal }),
    timeoutMs: http.timeoutMs,
    retry,
  });
}

/** The HTTP function connector hooks get in their context (they may not import main/). */
export function hookHttp(http: HttpOptions): HookHttp {
  return (spec, opts) => send(spec, http, undefined, opts?.retry ?? 'never');
}
