// The app's own origin: the UI is served from fivex-app://ui/ (a privileged standard scheme, not
// file://, R25), and only documents there may call the IPC API or stay loaded in a window. In an
// unpackaged dev run the electron-vite dev server's origin is trusted as well.

import { isLoopbackHost } from '../../lib/net/loopback';

export const APP_SCHEME = 'fivex-app';
export const APP_HOST = 'ui';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export type AppUrlCheck = (url: string) => boolean;

/** Compares parsed parts, never prefixes (R24: `startsWith` checks are bypassable). */
export function appUrlCheck(devServerUrl: string | null): AppUrlCheck {
  let devOrigin: string | null = null;
  if (devServerUrl !== null) {
    const dev = new URL(devServerUrl);
    if (dev.protocol === 'http:' && isLoopbackHost(dev.hostname)) devOrigin = dev.origin;
  }
  return (raw: string) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (url.username !== '' || url.password !== '') return false;
    // Custom schemes have an opaque ("null") origin in WHATWG URL, so compare scheme and host.
    if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
    return devOrigin !== null && url.origin === devOrigin;
  };
}
