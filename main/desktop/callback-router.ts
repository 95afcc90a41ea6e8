// Routes a fivex-connect:// link delivered to the app (open-url, second-instance, cold-start
// argv). This is the edge: the link is parsed here, once, by the protocol's strict parser into a
// CallbackInput; only the canonical consent callback shape goes on, to the consent use case of the
// unlocked vault, and the outcome reaches the renderer as a consent:finished event. The URL is
// never logged (it carries a code and a state) nor opened.
import { callbackFromDeepLink } from '../oauth/protocol/callback-input';
import type { CallbackInput } from '../oauth/protocol/callback-input';
import type { ConsentFinished } from '../../preload/contract';

export interface CallbackRouterDeps {
  /** The consent use case's entry point for deep-link callbacks; undefined while the vault is locked. */
  readonly handleConsentCallback: () => ((link: CallbackInput) => Promise<ConsentFinished | null>) | undefined;
  readonly onFinished: (result: ConsentFinished) => void;
  /** Brings the window forward: a link means the person is looking at the app. */
  readonly focus?: () => void;
  readonly log: (line: string) => void;
}

export type CallbackRouter = (url: string) => void;

export function createCallbackRouter(deps: CallbackRouterDeps): CallbackRouter {
  return (url: string) => {
    deps.focus?.();
    const link = callbackFromDeepLink(url);
    if (!link.ok) {
      deps.log(`[deep-link] ignored a link: ${link.reason}`);
      return;
    }
    const handle = deps.handleConsentCallback();
    if (handle === undefined) {
      // No attempt can be waiting: attempts end when the vault locks.
      deps.log('[deep-link] a consent callback arrived while the vault is locked; ignored');
      return;
    }
    handle(link).then(
      (result) => {
        if (result !== null) deps.onFinished(result);
      },
      (err: unknown) => deps.log(`[deep-link] the consent callback failed: ${err instanceof Error ? err.name : 'error'}`),
    );
  };
}
