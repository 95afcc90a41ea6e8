// The type of `window.fivex`, derived from the preload module that builds it (typeof its
// factory), never kept by hand.
import type { createFivexApi } from '../../../preload/api';

export type FivexApi = ReturnType<typeof createFivexApi>;

declare global {
  interface Window {
    /** Set by the preload inside Electron; absent in the browser preview. */
    readonly fivex?: FivexApi;
  }
}
