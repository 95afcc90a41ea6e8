// The seller-facing consent page of a marketplace fake: GET on the authorize path checks the
// parameters the marketplace documents (docs/marketplaces.md, per section), then "the seller
// approves" (or declines) and the page redirects the browser where the marketplace would: the
// redirect_uri of the request, the URL an eBay RuName stands for (§2.3), or the redirect fixed in
// the app's settings when the request carries none (TikTok Shop Partner Center, §2.10).
//
//   const page = attachConsentPage(fake, { path: '/oauth2/authorize', client: { param: 'client_id', value: fake.clientId } });
//   page.decline = true;                 // the next consents end in error=access_denied
//   page.landingFor.set(RUNAME, url);    // eBay: where this RuName sends the browser
//   page.fixedRedirect = relayUrl;       // TikTok Shop: the Partner Center redirect URL
import type { Reply } from './fake-marketplace';
import type { FakeOAuthMarketplace } from './fake-oauth';

export interface ConsentPageSpec {
  /** The authorize path of the connector's real authorize URL (overrides keep it). */
  readonly path: string;
  /** The parameter naming the app and the value it must have (client_id, clientId, application_id, service_id). */
  readonly client: { readonly param: string; readonly value: string };
  /** The parameter carrying the redirect; null when the marketplace takes none (fixed in its app settings). */
  readonly redirectParam?: string | null;
  /** Further parameters the marketplace requires: an exact value, or a pattern. */
  readonly required?: Readonly<Record<string, string | RegExp>>;
  /** The request's PKCE challenge, checked at the exchange when the fake wants PKCE. */
  readonly challengeParam?: string;
}

export interface ConsentPage {
  /** The seller declines from now on (until set back). */
  decline: boolean;
  /** Where a non-URL redirect value (an eBay RuName) sends the browser. */
  readonly landingFor: Map<string, string>;
  /** The redirect used when the request carries none. */
  fixedRedirect: string | null;
}

const badRequest = (message: string): Reply => ({ status: 400, text: `consent page: ${message}`, headers: { 'content-type': 'text/plain' } });

/** A URL with more query parameters; works for http(s) and for fivex-connect:// alike. */
function withParams(target: string, params: URLSearchParams): string {
  return `${target}${target.includes('?') ? '&' : '?'}${params.toString()}`;
}

function isUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export function attachConsentPage(fake: FakeOAuthMarketplace, spec: ConsentPageSpec): ConsentPage {
  const redirectParam = spec.redirectParam === undefined ? 'redirect_uri' : spec.redirectParam;
  const page: ConsentPage = {
    decline: false,
    landingFor: new Map(),
    fixedRedirect: null,
  };
  fake.route('GET', spec.path, (req) => {
    const q = req.url.searchParams;
    if (q.get(spec.client.param) !== spec.client.value) return badRequest(`${spec.client.param} must name the app (${spec.client.value})`);
    for (const [name, want] of Object.entries(spec.required ?? {})) {
      const got = q.get(name);
      if (got === null || (typeof want === 'string' ? got !== want : !want.test(got))) return badRequest(`${name} is missing or wrong`);
    }
    const state = q.get('state');
    if (!state) return badRequest('state is missing');
    const sent = redirectParam === null ? null : q.get(redirectParam);
    if (redirectParam !== null && !sent) return badRequest(`${redirectParam} is missing`);
    // A RuName is not an address: the marketplace looks up the landing URL registered for it.
    const landing = sent === null ? page.fixedRedirect : isUrl(sent) ? sent : (page.landingFor.get(sent) ?? null);
    if (landing === null) return badRequest(sent === null ? 'no redirect URL is set in the app settings' : `"${sent}" is not a registered redirect`);
    if (page.decline) {
      return { status: 302, text: '', headers: { location: withParams(landing, new URLSearchParams({ error: 'access_denied', error_description: 'The seller declined', state })) } };
    }
    const callback = fake.consent({
      state,
      // The token request must repeat exactly what the authorize request sent (the RuName, not the landing URL).
      redirectUri: sent,
      codeChallenge: spec.challengeParam ? q.get(spec.challengeParam) : null,
      scope: q.get('scope'),
    });
    return { status: 302, text: '', headers: { location: withParams(landing, callback) } };
  });
  return page;
}
