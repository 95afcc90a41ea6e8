// The app's private-use-scheme callback, fivex-connect://oauth/callback?...: strict recognition of
// the one canonical form (T7), and picking it out of a launch argv (R20). Any local program can
// open such a URL (R9), so everything here only decides the shape; state and PKCE decide trust.
import { MAX_CALLBACK_URL_LENGTH } from './callback';
import type { CallbackRefusal, ParamPairs, RawCallback } from './types';

export const DEEP_LINK_SCHEME = 'fivex-connect';
export const DEEP_LINK_CALLBACK = `${DEEP_LINK_SCHEME}://oauth/callback`;
/**
 * Added by the relay page: the page's own address, so the app can check the callback arrived on
 * the redirect URI the consent was started with (mix-up defence, R6). Never a marketplace name.
 */
export const RELAY_MARKER_PARAM = 'fxc_relay';

export type DeepLinkParse =
  | { readonly ok: true; readonly raw: RawCallback }
  | { readonly ok: false; readonly reason: CallbackRefusal; readonly message: string };

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0020\u007f-\u009f\\]/;

function refuse(reason: CallbackRefusal, message: string): DeepLinkParse {
  return { ok: false, reason, message };
}

/**
 * Takes the relay marker out of the query and turns it into `via`. Duplicates stay in place so the
 * strict callback parser refuses them.
 */
export function splitRelayMarker(query: ParamPairs, defaultVia: string | null): { query: ParamPairs; via: string | null } {
  const markers = query.filter(([name]) => name === RELAY_MARKER_PARAM);
  if (markers.length !== 1) return { query, via: defaultVia };
  const marked = markers[0]![1];
  let via: string | null = null;
  try {
    const url = new URL(marked);
    if (url.protocol === 'https:' || url.protocol === 'http:') via = `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    via = null;
  }
  // An unreadable marker leaves `via` unknown (null), which fails any redirect binding check.
  return { query: query.filter(([name]) => name !== RELAY_MARKER_PARAM), via };
}

/**
 * Accepts exactly `fivex-connect://oauth/callback`, optionally followed by `?query` (and a
 * fragment, which the callback parser then refuses). Upper-case variants, userinfo, ports, extra
 * or trailing path segments, dot segments and `:///` forms all fail the literal prefix check
 * before any URL parser can normalise them into the canonical form.
 */
export function parseDeepLink(input: string): DeepLinkParse {
  if (input.length > MAX_CALLBACK_URL_LENGTH) return refuse('too_long', 'the link is too long to be an authorization response');
  if (FORBIDDEN.test(input)) return refuse('control_character', 'the link contains spaces, control characters or backslashes');
  if (!input.startsWith(DEEP_LINK_CALLBACK)) return refuse('not_a_callback', `only ${DEEP_LINK_CALLBACK} links are accepted`);
  const rest = input.slice(DEEP_LINK_CALLBACK.length);
  if (rest.length > 0 && rest[0] !== '?' && rest[0] !== '#') {
    return refuse('not_a_callback', `only ${DEEP_LINK_CALLBACK} links are accepted`);
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return refuse('malformed_url', 'the link is not a valid URL');
  }
  // Belt and braces: the parser must agree with the literal check.
  if (url.protocol !== `${DEEP_LINK_SCHEME}:` || url.host !== 'oauth' || url.pathname !== '/callback' || url.username || url.password) {
    return refuse('not_a_callback', `only ${DEEP_LINK_CALLBACK} links are accepted`);
  }
  const { query, via } = splitRelayMarker([...new URLSearchParams(url.search)], DEEP_LINK_CALLBACK);
  return { ok: true, raw: { query, fragment: [...new URLSearchParams(url.hash.slice(1))], via } };
}

export type ArgvDeepLink =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly reason: 'none' | 'several' | 'missing_marker'; readonly message: string };

/**
 * Finds the callback URL in a launch argv. Chromium adds its own switches and the URL is not
 * always last (R20), so position means nothing: exactly one argument may look like our scheme
 * (case-insensitively, so a variant cannot hide beside the real one). With `marker` (the switch
 * the Windows registration puts before "%1"), the marker must be present too.
 */
export function findDeepLinkInArgv(argv: ReadonlyArray<string>, opts: { readonly marker?: string } = {}): ArgvDeepLink {
  const candidates = argv.filter((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`));
  if (candidates.length === 0) return { ok: false, reason: 'none', message: 'no fivex-connect link in the launch arguments' };
  if (candidates.length > 1) {
    return { ok: false, reason: 'several', message: 'more than one fivex-connect link in the launch arguments; none was used' };
  }
  if (opts.marker !== undefined && !argv.includes(opts.marker)) {
    return { ok: false, reason: 'missing_marker', message: 'a fivex-connect link arrived without the launch marker; it was ignored' };
  }
  return { ok: true, url: candidates[0]! };
}
