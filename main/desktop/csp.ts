// The renderer's security headers, shared by the Electron protocol handler and the browser
// preview: everything from our own origin, no inline script or style, no frames, no plugins. One
// exception: the access dossier's own stylesheet, by its hash, for its sandboxed srcdoc frame.
import { DOSSIER_STYLE_HASH } from '../dossier/html';

export interface CspOptions {
  /** Extra connect-src sources (the preview needs none: it calls its own origin). */
  readonly connectSrc?: ReadonlyArray<string>;
}

function contentSecurityPolicy(opts: CspOptions = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' ${DOSSIER_STYLE_HASH}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...(opts.connectSrc ?? [])].join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "worker-src 'none'",
  ].join('; ');
}

/** Headers for every response that carries the UI. */
export function securityHeaders(opts: CspOptions = {}): Readonly<Record<string, string>> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(opts),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  };
}
