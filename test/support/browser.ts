// A minimal "system browser" for consent tests: follows redirects from an authorize URL with a
// cookie jar until the authorization server sends it to the redirect URI, and hands back that
// callback URL (the code, state or error are in its query).
//
// API:
//   const { callbackUrl } = await browseToCallback(authorizeUrl, { stopAt: 'http://127.0.0.1:' });
//   callbackUrl.searchParams.get('code')
//   With { deliver: true } it also GETs the callback URL, as a browser would, so a loopback
//   listener receives it; the listener's answer is in `delivery`.
// It never executes scripts or submits forms: the AS in tests auto-approves (oidc-server.ts).

export interface BrowseOptions {
  /** Prefix of the redirect URI: the first redirect whose URL starts with it ends the walk. */
  readonly stopAt: string;
  /** Also request the callback URL (for loopback listeners). Default false. */
  readonly deliver?: boolean;
  /** Give up after this many hops (default 20). */
  readonly maxHops?: number;
}

export interface BrowseResult {
  readonly callbackUrl: URL;
  readonly delivery: { readonly status: number; readonly headers: Headers; readonly body: string } | null;
}

export async function browseToCallback(authorizeUrl: string | URL, opts: BrowseOptions): Promise<BrowseResult> {
  const cookies = new Map<string, string>();
  let url = new URL(authorizeUrl);
  const maxHops = opts.maxHops ?? 20;
  for (let hop = 0; hop < maxHops; hop++) {
    if (url.href.startsWith(opts.stopAt)) {
      if (!opts.deliver) return { callbackUrl: url, delivery: null };
      const res = await fetch(url, { redirect: 'manual' });
      return { callbackUrl: url, delivery: { status: res.status, headers: res.headers, body: await res.text() } };
    }
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await fetchOnce(url, cookie);
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      // An emptied or already-expired cookie is a deletion.
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    const location = res.headers.get('location');
    const body = await res.text();
    if (res.status < 300 || res.status >= 400 || !location) {
      throw new Error(`browser: ${url.origin}${url.pathname} answered ${res.status} without a redirect (${body.slice(0, 200)}); expected to reach ${opts.stopAt}`);
    }
    url = new URL(location, url);
  }
  throw new Error(`browser: gave up after ${maxHops} redirects without reaching ${opts.stopAt}`);
}

function fetchOnce(url: URL, cookie: string): Promise<Response> {
  return fetchLikeBrowser(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

/** A browser retries a request whose kept-alive socket the server had just closed (ECONNRESET). */
export async function fetchLikeBrowser(url: URL | string, init: RequestInit = { redirect: 'manual' }): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET') throw err;
    return fetch(url, init);
  }
}
