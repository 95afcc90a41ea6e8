// The type of `window.fivex`: the one the preload module derives from its factory
// (preload/api.ts), re-exported here so renderer code imports it from its bridge folder.
import type { FivexApi } from '../../../preload/api';

export type { FivexApi };

declare global {
  interface Window {
    /** Set by the preload inside Electron; absent in the browser preview. */
    readonly fivex?: FivexApi;
  }
}
