// The one answer to "is this address this computer?", for main/ and connectors/ alike (lib/
// imports only Node). Plain http, a redirect URI, a metrics endpoint or a dev server is allowed
// only on loopback; every such check asks here.
import { isIP } from 'node:net';

/** The spellings a loopback redirect URI may use (RFC 8252 §7.3, plus `localhost`), as URL.hostname gives them. */
const LOOPBACK_REDIRECT_HOSTS = ['127.0.0.1', '[::1]', 'localhost'] as const;
export type LoopbackRedirectHost = (typeof LOOPBACK_REDIRECT_HOSTS)[number];

/** An IP literal on loopback: anything in 127.0.0.0/8, or ::1 in any spelling (brackets allowed). */
export function isLoopbackIp(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare) === 4) return bare.split('.')[0] === '127';
  return isIP(bare) === 6 && (bare === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(bare));
}

/** A loopback IP literal or `localhost` (case-insensitive, as a host name may be written). */
export function isLoopbackHost(host: string): boolean {
  return host.toLowerCase() === 'localhost' || isLoopbackIp(host);
}

/** One of the three redirect spellings the loopback receiver can bind and answer on. */
export function isLoopbackRedirectHost(host: string): host is LoopbackRedirectHost {
  return (LOOPBACK_REDIRECT_HOSTS as ReadonlyArray<string>).includes(host);
}

function toUrl(url: URL | string): URL | null {
  if (typeof url !== 'string') return url;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A URL on a loopback host, any scheme; false for text that is not a URL. */
export function isLoopbackUrl(url: URL | string): boolean {
  const parsed = toUrl(url);
  return parsed !== null && isLoopbackHost(parsed.hostname);
}

/** Plain http on a loopback host: the only http the app tolerates (local fakes, test servers, the demo). */
export function isLoopbackHttpUrl(url: URL | string): boolean {
  const parsed = toUrl(url);
  return parsed !== null && parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}
