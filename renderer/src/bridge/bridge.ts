// Where the renderer gets its API: the preload's `window.fivex` inside Electron, otherwise (the
// browser preview only) the same verbs over HTTP with the preview's per-run token.
import type { FivexApi } from './fivex-api';
import { createHttpBridge, takePreviewToken } from './http-bridge';

export type BridgeChoice =
  | { readonly kind: 'desktop'; readonly api: FivexApi }
  | { readonly kind: 'preview'; readonly api: FivexApi }
  | { readonly kind: 'none' };

export function chooseBridge(win: Window): BridgeChoice {
  if (win.fivex !== undefined) return { kind: 'desktop', api: win.fivex };
  const token = takePreviewToken(win.location, sessionStorageOf(win), win.history);
  return token === null ? { kind: 'none' } : { kind: 'preview', api: createHttpBridge(token) };
}

/** sessionStorage throws when storage is disabled; the token then lives only in memory. */
function sessionStorageOf(win: Window): Storage | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}
