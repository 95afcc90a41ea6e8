// The desktop's thin adapter over the shared connect use case (main/connect/): Connect and
// Reconnect start an attempt there; whichever way it then ends (a loopback callback, a pasted
// completion code, a delivered deep link, its deadline), its one ending becomes one ConsentFinished
// for the page (never a token, code or URL). Pasted text is parsed at this edge; deep links come
// parsed from the router. Reconnect brings the same connection id back. (Why a
// connector cannot be connected at all is the catalog's readiness check: it opens no secret.)
import type { ConnectorDefinition } from '../../connectors/types';
import { ConnectError } from '../connect';
import type { ConnectOutcome, ConnectRequest, ConnectService, ConsentAttempt } from '../connect';
import { callbackFromPaste } from '../oauth/protocol/callback-input';
import type { ConnectionView } from '../repos/connections';
import type { ConsentFinished, LocalizedText, PasteConsentResult } from '../../preload/contract';
import { CANCELLED_TEXT, NOT_WAITING_TEXT, refusedPasteText } from './consent-texts';
import { reasonText } from './dto';
import { DesktopError } from './errors';
import type { DesktopConsent, DesktopConsentStart } from './types';

export interface DesktopConsentDeps {
  readonly connect: Pick<ConnectService, 'prepare' | 'pending' | 'deliver' | 'cancelAll'>;
  readonly connectors: { get(id: string): ConnectorDefinition | undefined };
  /** The engine's connection views (reconnect renews the grant of one of them). */
  readonly connections: { get(id: string): ConnectionView | undefined };
  /** One line, never a secret. */
  readonly log: (line: string) => void;
}

/** The connector's text for a reason, or null (the page then says it in general words). */
function ownWords(code: string, connector: ConnectorDefinition): LocalizedText | null {
  return connector.texts.reasons[code] === undefined ? null : reasonText(code, connector, null);
}

/** How an attempt ended, as the page reads it. */
export function consentFinished(attempt: Pick<ConsentAttempt, 'sessionId' | 'request'>, outcome: ConnectOutcome): ConsentFinished {
  const { request } = attempt;
  const base = { sessionId: attempt.sessionId, tenantId: request.tenantId, connectorId: request.connector.id };
  if (outcome.kind === 'connected') return { ...base, outcome: 'connected', text: null };
  switch (outcome.reason) {
    // The connector's own words for these (e.g. "send the link again if it was a mistake").
    case 'access_denied':
      return { ...base, outcome: 'declined', text: ownWords('access_denied', request.connector) };
    case 'timeout':
      return { ...base, outcome: 'expired', text: ownWords('consent_timeout', request.connector) };
    case 'cancelled':
      return { ...base, outcome: 'failed', text: CANCELLED_TEXT };
    default:
      return { ...base, outcome: 'failed', text: reasonText(outcome.reason, request.connector, outcome.message) };
  }
}

export function createDesktopConsent(deps: DesktopConsentDeps): DesktopConsent {
  const listeners = new Set<(result: ConsentFinished) => void>();
  // Once the vault closes, attempts end quietly: the page is on the lock screen by then.
  let closed = false;

  const notify = (result: ConsentFinished): void => {
    if (closed) return;
    for (const listener of [...listeners]) {
      try {
        listener(result);
      } catch {
        // a closed window must not keep the others from hearing it
      }
    }
  };

  const watch = (attempt: ConsentAttempt): void => {
    attempt.result.then(
      (outcome) => {
        if (outcome.kind === 'failed') deps.log(`[consent] ${attempt.request.connector.id} attempt ended: ${outcome.reason}`);
        notify(consentFinished(attempt, outcome));
      },
      (err: unknown) => {
        deps.log(`[consent] ${attempt.request.connector.id} attempt failed unexpectedly: ${err instanceof Error ? err.name : 'error'}`);
        notify(consentFinished(attempt, { kind: 'failed', reason: 'internal', message: 'unexpected failure' }));
      },
    );
  };

  const start = async (request: ConnectRequest): Promise<DesktopConsentStart> => {
    const { connector } = request;
    const prepared = deps.connect.prepare(request);
    if (prepared.kind !== 'browser') {
      throw new ConnectError('unsupported_redirect', `${connector.name} does not use a browser sign-in; connect it from the command line`);
    }
    const attempt = await prepared.begin({
      listener: { refused: (r) => deps.log(`[consent] a ${r.channel} callback for ${connector.id} was not accepted: ${r.reason}`) },
    });
    watch(attempt);
    return {
      sessionId: attempt.sessionId,
      authorizationUrl: new URL(attempt.authorizeUrl),
      expiresAt: attempt.expiresAt,
      acceptsPaste: attempt.strategy !== 'loopback',
    };
  };

  return {
    begin(input) {
      const connector = deps.connectors.get(input.connectorId);
      if (connector === undefined) return Promise.reject(new DesktopError('unknown_connector', `There is no connector ${input.connectorId}.`));
      return start({
        tenantId: input.tenantId,
        connector,
        region: input.region,
        account: null,
        settings: input.settings ?? {},
        connection: null,
        actor: input.actor,
        ...(input.strategy === undefined ? {} : { strategy: input.strategy }),
      });
    },

    reconnect(input) {
      const connection = deps.connections.get(input.connectionId);
      if (connection === undefined) return Promise.reject(new DesktopError('unknown_connection', 'There is no such connection (it may have been deleted).'));
      const connector = deps.connectors.get(connection.connectorId);
      if (connector === undefined) return Promise.reject(new DesktopError('unknown_connector', `There is no connector ${connection.connectorId} any more.`));
      return start({
        tenantId: connection.tenantId,
        connector,
        region: connection.region,
        account: connection.account,
        settings: connection.settings,
        connection,
        actor: input.actor,
        ...(input.strategy === undefined ? {} : { strategy: input.strategy }),
      });
    },

    async handleDeepLink(link) {
      const result = await deps.connect.deliver(link);
      // Done: the attempt's own ending was announced through onFinished. Refused: it keeps waiting.
      if (result.kind === 'refused') deps.log(`[consent] a deep link was not accepted: ${result.reason}`);
      return null;
    },

    async paste(input): Promise<PasteConsentResult> {
      const attempt = deps.connect.pending(input.sessionId);
      if (attempt === undefined) return { status: 'refused', text: NOT_WAITING_TEXT };
      const pasted = await attempt.accept(callbackFromPaste(input.text));
      if (pasted.kind === 'refused') return { status: 'refused', text: refusedPasteText(pasted.message) };
      return { status: 'finished', result: consentFinished(attempt, pasted.outcome) };
    },

    onFinished(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    close() {
      closed = true;
      void deps.connect.cancelAll().catch((err: unknown) => deps.log(`[consent] cancelling waiting attempts failed: ${err instanceof Error ? err.name : 'error'}`));
    },
  };
}
