// Where one consent attempt's browser comes back to, per redirect strategy: the loopback receiver
// on a port chosen now (RFC 8252 §7.3: only the port varies), the app's fivex-connect:// callback,
// or the agency's relay page. The strategy itself was chosen once, by ConnectService.prepare.
import { ConfigError } from '../oauth/resolve';
import type { ResolvedConnector } from '../oauth/resolve';
import { DEEP_LINK_CALLBACK } from '../oauth/protocol/deeplink';
import { DEFAULT_LOOPBACK_PATH, startLoopbackReceiver } from '../oauth/protocol/loopback';
import type { LoopbackReceiver, LoopbackRejection, LoopbackVerdict } from '../oauth/protocol/loopback';
import type { BrowserStrategy } from './types';
import { isLoopbackRedirectHost, type LoopbackRedirectHost } from '../../lib/net/loopback';

export interface RedirectInput {
  readonly rc: ResolvedConnector;
  readonly strategy: BrowserStrategy;
  /** relay: the relay page (default: the registration's redirect URI); loopback: a template such
   * as http://127.0.0.1/oauth/callback whose host, path and (rarely) port are kept. */
  readonly redirectUri?: string;
  /** Loopback: what the attempt says about each request that reached the receiver. */
  readonly onCallback: (url: URL) => LoopbackVerdict;
  readonly onRejected: (reason: LoopbackRejection) => void;
}

export interface Redirect {
  /** Exactly what the authorization request (and later the token request) names as redirect_uri. */
  readonly redirectUri: string;
  /** Loopback only; the attempt closes it (it keeps no timer of its own). */
  readonly receiver: LoopbackReceiver | null;
}


function isLoopbackUri(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && isLoopbackRedirectHost(url.hostname);
  } catch {
    return false;
  }
}

function loopbackTemplate(uri: string | null | undefined, fallbackPath: string): { host: LoopbackRedirectHost; path: string; port: number } {
  if (!uri) return { host: '127.0.0.1', path: fallbackPath, port: 0 };
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new ConfigError('the loopback redirect URI is not a URL; register http://127.0.0.1/oauth/callback (only the port varies)');
  }
  const host = url.hostname;
  if (url.protocol !== 'http:' || !isLoopbackRedirectHost(host) || url.search || url.hash) {
    throw new ConfigError('a loopback redirect URI must look like http://127.0.0.1/oauth/callback (only the port varies)');
  }
  return { host, path: url.pathname, port: url.port ? Number(url.port) : 0 };
}

export async function openRedirect(input: RedirectInput): Promise<Redirect> {
  const { rc, strategy } = input;
  const registered = rc.registration.redirectUri;
  switch (strategy) {
    case 'loopback': {
      // The registration holds one redirect URI; when it is the relay page, a loopback attempt
      // (--redirect loopback) uses the RFC 8252 default instead of failing on it.
      const template = input.redirectUri ?? (registered !== null && isLoopbackUri(registered) ? registered : null);
      const t = loopbackTemplate(template, rc.connector.redirect.loopbackPath || DEFAULT_LOOPBACK_PATH);
      const receiver = await startLoopbackReceiver({ path: t.path, redirectHost: t.host, port: t.port, onCallback: input.onCallback, onRejected: input.onRejected });
      return { redirectUri: receiver.redirectUri, receiver };
    }
    case 'deeplink':
      return { redirectUri: input.redirectUri ?? DEEP_LINK_CALLBACK, receiver: null };
    case 'relay': {
      const relay = input.redirectUri ?? registered;
      if (!relay) throw new ConfigError(`the relay redirect needs the address of your relay page; set it with app set ${rc.connector.id} --redirect-uri https://...`);
      return { redirectUri: relay, receiver: null };
    }
  }
}
