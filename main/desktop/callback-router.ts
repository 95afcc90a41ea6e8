// Routes a fivex-connect:// link delivered to the app (open-url, second-instance, cold-start
// argv). Only the canonical consent callback shape passes (the consent module's strict parser);
// it goes to the consent use case of the unlocked vault, and the outcome reaches the renderer as a
// consent:finished event. The URL is never logged (it carries a code and a state) nor opened.
import { parseDeepLink } from '../oauth/consent/deeplink';
import type { ConsentFinished } from '../../preload/contract';

export interface CallbackRouterDeps {
  /** The consent use case's entry point for deep-link callbacks; undefined while the vault is locked. */
  readonly handleConsentCallback: () => ((url: string) => Promise<ConsentFinished | null>) | undefined;
  readonly onFinished: (result: ConsentFinished) => void;
  /** Brings the window forward: a link means the person is looking at the app. */
  readonly focus?: () => void;
  readonly log: (line: string) => void;
}

export type CallbackRouter = (url: string) => void;

export function createCallbackRouter(deps: CallbackRouterDeps): CallbackRouter {
  return (url: string) => {
    deps.focus?.();
    const parsed = parseDeepLink(url);
    if (!parsed.ok) {
      deps.log(`[deep-link] ignored a link: ${parsed.reason}`);
      return;
    }
    const handle = deps.handleConsentCallback();
    if (handle === undefined) {
      // No attempt can be waiting: attempts end when the vault locks.
      deps.log('[deep-link] a consent callback arrived while the vault is locked; ignored');
      return;
    }
    handle(url).then(
      (result) => {
        if (result !== null) deps.onFinished(result);
      },
      (err: unknown) => deps.log(`[deep-link] the consent callback failed: ${err instanceof Error ? err.name : 'error'}`),
    );
  };
}
