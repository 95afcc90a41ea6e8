// The one rule a custom connector file must meet beyond its shape: a public client (no client
// secret, `clientAuth: none`) must use PKCE. RFC 8252 §8.1 and RFC 9700 §2.1.1: without a secret
// and without a verifier, anyone who intercepts the authorization code (another app claiming the
// redirect, a proxy log) can exchange it. Kept apart from the parser so any parser can call it.

/** Null when the combination is allowed; otherwise why not and what to change. */
export function publicClientPkceProblem(clientAuth: 'basic' | 'post' | 'none', pkce: 'S256' | 'none'): string | null {
  if (clientAuth !== 'none' || pkce !== 'none') return null;
  return (
    'is "none" together with "clientAuth": "none": a public client (no client secret) must use PKCE, ' +
    'or an intercepted authorization code could be exchanged by anyone (RFC 8252 §8.1, RFC 9700 §2.1.1). ' +
    'Set "pkce": "S256" (the marketplace must support it), or "clientAuth": "basic" or "post" if the app has a client secret'
  );
}
