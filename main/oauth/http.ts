// The one place the token client touches the network: sends a finished HttpRequestSpec with a
// timeout and our User-Agent, and says which URLs may go over plain http (loopback only).
import type { HttpRequestSpec } from '../../connectors/types';

export interface HttpOptions {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly userAgent: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Plain http is tolerated only for local fakes and test servers (resolve.ts enforces the same). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/** A URL fit for messages: origin and path only. TikTok Shop puts the app secret in the query. */
export function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** Sets a header, replacing any spelling of the same name (header names are case-insensitive). */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
  headers[name] = value;
}

/** A timeout signal joined with the caller's, so either one stops the request. */
export function timeoutSignal(timeoutMs: number, outer?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return outer ? AbortSignal.any([outer, timeout]) : timeout;
}

/**
 * Sends the request. Redirects are not followed: a token or API endpoint that redirects is
 * misconfigured, and following would carry credentials to another host.
 */
export function send(spec: HttpRequestSpec, http: HttpOptions, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { ...spec.headers };
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'user-agent')) headers['user-agent'] = http.userAgent;
  return http.fetch(spec.url.href, {
    method: spec.method,
    headers,
    body: spec.method === 'GET' ? undefined : spec.body,
    redirect: 'manual',
    signal: signal ?? timeoutSignal(http.timeoutMs),
  });
}
