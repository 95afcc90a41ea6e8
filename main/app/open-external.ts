// The only way the app opens anything outside itself (R27): https URLs built in main (the
// marketplace authorization URL), re-serialised after parsing; never a URL from the renderer or
// from a deep link, never file:, javascript:, custom schemes or credentials in the URL. Plain
// http only on a loopback host: a marketplace on this computer (the demo marketplace, local
// sandboxes), which main's endpoint resolution already limits to 127.0.0.1, [::1] and localhost.
import { shell } from 'electron';
import { isLoopbackHttpUrl } from '../../lib/net/loopback';

export class UnsafeExternalUrlError extends Error {
  constructor(why: string) {
    super(`Refused to open a URL in the browser: ${why}.`);
    this.name = 'UnsafeExternalUrlError';
  }
}

/** The URL as it will be handed to the OS, or UnsafeExternalUrlError. */
export function checkExternalUrl(url: URL): string {
  const parsed = new URL(url.href);
  const loopbackHttp = isLoopbackHttpUrl(parsed);
  if (parsed.protocol !== 'https:' && !loopbackHttp) {
    throw new UnsafeExternalUrlError(`only https (or http on this computer's loopback address) is allowed, not ${parsed.protocol}`);
  }
  if (parsed.username !== '' || parsed.password !== '') throw new UnsafeExternalUrlError('it carries credentials');
  if (parsed.hostname === '') throw new UnsafeExternalUrlError('it has no host');
  return parsed.href;
}

export async function openExternalSafely(url: URL): Promise<void> {
  await shell.openExternal(checkExternalUrl(url), { activate: true });
}
