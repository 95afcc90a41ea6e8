// Shows a started browser consent: the app opens the URL in the system browser, the preview hands
// the page the link (only http(s) URLs built in main ever leave it). Shared by Connect, Reconnect
// and the connect dialog's channels.
import type { StartConsentResult } from '../../preload/contract';
import type { ConsentBrowser, DesktopConsentStart } from './types';

export async function showConsent(browser: ConsentBrowser, started: DesktopConsentStart): Promise<StartConsentResult> {
  const { sessionId, expiresAt, acceptsPaste } = started;
  if (browser.kind === 'system') {
    await browser.open(started.authorizationUrl);
    return { status: 'opened', sessionId, expiresAt, acceptsPaste };
  }
  const url = new URL(started.authorizationUrl.href);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`refusing to hand a ${url.protocol} authorization URL to the page`);
  return { status: 'link', sessionId, expiresAt, acceptsPaste, authorizeUrl: url.href };
}
