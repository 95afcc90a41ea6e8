// The connect use case, shared by the CLI and the desktop app: start consent for a tenant ×
// connector (or reconnect a connection), take its callback by loopback, paste or deep link,
// exchange the code, and create or renew the connection. Client-credentials connectors skip the
// browser; the manual strategy takes a pasted self-authorized refresh token and refreshes it at
// once. Progress goes to a ConnectListener; nothing here prints, opens a browser or reads stdin.
//
//   const prepared = services.connect.prepare({ tenantId, connector, region, account, settings,
//                                               connection: null, actor });   // or throws ConnectError
//   if (prepared.kind === 'browser') {
//     const attempt = await prepared.begin({ listener });  // listener.authorize(step) has the URL
//     await attempt.accept(callbackFromPaste(line));        // relay / deep link: what a person pasted
//     const outcome = await attempt.result;                 // connected | failed {reason, message}
//   }
//
// What is decided once, here: the registration, the region (resolveConnector), the strategy and
// whether it is supported, the manual refusal, and whose client credentials sign the token calls.
import { REDIRECT_STRATEGIES } from '../../connectors/types';
import type { ConnectorDefinition, Purpose, RedirectStrategy } from '../../connectors/types';
import type { CallbackInput } from '../oauth/protocol/callback-input';
import { validatePastedRefreshToken } from '../oauth/protocol/manual';
import type { PastedRefreshToken } from '../oauth/protocol/manual';
import { agencylessRegistration, ConfigError, resolveConnector } from '../oauth/resolve';
import type { AppRegistration, ResolvedConnector } from '../oauth/resolve';
import type { TokenClient } from '../oauth/token-types';
import type { SellerClient } from '../repos/credentials';
import type { ConnectionStore, RefreshEngine } from '../refresh';
import { AttemptRegistry } from './attempt-registry';
import { ConsentAttempt } from './consent-attempt';
import type { AcceptResult } from './consent-attempt';
import type { ConsentSessions } from './consent-sessions';
import { connectWithClientCredentials, connectWithRefreshToken } from './credential-grants';
import { openRedirect } from './redirect';
import type { ConnectionWriter } from './save-connection';
import { ConnectError } from './types';
import type { BrowserStrategy, ConnectListener, ConnectOutcome, ConnectRequest } from './types';

export interface ConnectServiceDeps {
  readonly registrations: { get(connectorId: string): AppRegistration | undefined };
  readonly sessions: ConsentSessions;
  readonly tokenClient: Pick<TokenClient, 'exchangeCode' | 'clientCredentials'>;
  readonly store: ConnectionWriter & Pick<ConnectionStore, 'sellerClient'>;
  readonly refresh: Pick<RefreshEngine, 'refreshConnection'>;
  readonly clock: () => Date;
}

export interface BeginOptions {
  readonly listener?: ConnectListener;
  /** Give up sooner than the consent session would expire (loopback: the port closes then). */
  readonly timeoutMs?: number;
  /** Purposes whose scopes are asked for; default: every purpose the connector defines. */
  readonly purposes?: ReadonlyArray<Purpose>;
  /** RFC 9207 issuer, when the marketplace sends `iss`. */
  readonly expectedIssuer?: string | null;
  /** relay: another relay page than the registration's; loopback: another template. */
  readonly redirectUri?: string;
}

/** What a request turns into once the registration and strategy are known. */
export type PreparedConnect =
  | { readonly kind: 'client_credentials'; run(listener?: ConnectListener): Promise<ConnectOutcome> }
  | { readonly kind: 'manual'; run(pastedRefreshToken: string, listener?: ConnectListener): Promise<ConnectOutcome> }
  | { readonly kind: 'browser'; readonly strategy: BrowserStrategy; begin(opts?: BeginOptions): Promise<ConsentAttempt> };

/** How a delivered fivex-connect:// link was taken. */
export type DeepLinkResult =
  | { readonly kind: 'refused'; readonly reason: string; readonly message: string }
  | { readonly kind: 'done'; readonly attempt: ConsentAttempt; readonly outcome: ConnectOutcome };

function chooseStrategy(connector: ConnectorDefinition, rc: ResolvedConnector, raw: string | undefined): RedirectStrategy {
  const named = raw ?? rc.registration.redirectStrategy ?? connector.redirect.default;
  const strategy = REDIRECT_STRATEGIES.find((s) => s === named);
  if (strategy === undefined) {
    const whose = raw === undefined ? "the app registration's redirect strategy" : 'the redirect strategy';
    throw new ConnectError('invalid_redirect', `${whose} is one of ${REDIRECT_STRATEGIES.join(', ')}; got "${named}"`);
  }
  if (!connector.redirect.supported.includes(strategy)) {
    throw new ConnectError('unsupported_redirect', `${connector.name} does not support the ${strategy} redirect; it supports ${connector.redirect.supported.join(', ')}`);
  }
  return strategy;
}

function asConnectError(err: unknown): unknown {
  return err instanceof ConfigError ? new ConnectError('config_error', err.message) : err;
}

export class ConnectService {
  readonly #waiting = new AttemptRegistry();

  constructor(private readonly deps: ConnectServiceDeps) {}

  /** The shape check of a pasted refresh token (the manual strategy's, for `import` too); the message never quotes it. */
  checkPastedRefreshToken(text: string): PastedRefreshToken {
    return validatePastedRefreshToken(text);
  }

  /**
   * Checks the app registration, resolves the connector and picks the strategy. Throws
   * ConnectError (nothing started) when the registration is missing, broken or incomplete, or
   * the strategy is unknown or unsupported.
   */
  prepare(req: ConnectRequest): PreparedConnect {
    const { connector } = req;
    const seller = this.#sellerClient(req);
    if (seller !== null) {
      // The agency's registration is optional here: it only lends endpoint overrides and params.
      const registration = this.deps.registrations.get(connector.id) ?? agencylessRegistration(connector.id);
      const rc = this.#resolve(req, registration, seller);
      return { kind: 'client_credentials', run: (listener) => connectWithClientCredentials(this.deps, req, rc, seller, listener) };
    }
    const registration = this.deps.registrations.get(connector.id);
    if (!registration) {
      throw new ConnectError('no_app_registration', `there is no app registration for ${connector.name}; run \`fivex-connect app set ${connector.id} --client-id ID ...\` first`);
    }
    if (registration.brokenReason) {
      throw new ConnectError(
        'app_registration_broken',
        `the ${connector.name} app registration is flagged broken (${registration.brokenReason}); fix it with \`fivex-connect app set ${connector.id} ...\` first`,
      );
    }
    const rc = this.#resolve(req, registration, null);
    if (connector.grant === 'client_credentials') {
      return { kind: 'client_credentials', run: (listener) => connectWithClientCredentials(this.deps, req, rc, null, listener) };
    }
    const strategy = chooseStrategy(connector, rc, req.strategy);
    if (strategy === 'manual') {
      if (!connector.acceptsImportedRefreshTokens) throw new ConnectError('unsupported_redirect', `${connector.name} does not take self-authorized refresh tokens`);
      return { kind: 'manual', run: (pasted, listener) => connectWithRefreshToken(this.deps, req, pasted, listener) };
    }
    if (connector.grant !== 'authorization_code') {
      throw new ConnectError('unsupported_redirect', `${connector.name} does not use browser consent (${connector.grant}); import a self-authorized refresh token instead`);
    }
    return { kind: 'browser', strategy, begin: (opts = {}) => this.#begin(req, rc, strategy, opts) };
  }

  /** The attempt waiting under this consent session, if any. */
  pending(sessionId: string): ConsentAttempt | undefined {
    return this.#waiting.bySession(sessionId);
  }

  /**
   * A fivex-connect://oauth/callback link delivered to this process, parsed at the edge: handed
   * to the attempt whose state it carries. Without one it is refused (and audited).
   */
  async deliver(link: CallbackInput): Promise<DeepLinkResult> {
    const attempt = link.ok ? this.#waiting.byStateHash(link.stateHash) : undefined;
    if (attempt === undefined) {
      const anonymous = { actor: 'unknown', tenantId: null, connectionId: null, channel: link.channel };
      const r = link.ok
        ? this.deps.sessions.refuse('not_pending', anonymous, 'no connection attempt is waiting for this link; start the connection from the app')
        : this.deps.sessions.refuse(link.reason, anonymous, link.message);
      return { kind: 'refused', reason: r.reason, message: r.message };
    }
    const result: AcceptResult = await attempt.accept(link);
    return result.kind === 'refused' ? result : { kind: 'done', attempt, outcome: result.outcome };
  }

  /** Ends every attempt still waiting (the vault is locking, the process is quitting). */
  async cancelAll(): Promise<void> {
    const attempts = this.#waiting.all();
    await Promise.all(attempts.map((a) => a.abandon('cancelled', 'the connection attempt was cancelled')));
    await Promise.all(attempts.map((a) => a.result.catch(() => undefined)));
  }

  #resolve(req: ConnectRequest, registration: AppRegistration, sellerClient: SellerClient | null): ResolvedConnector {
    try {
      return resolveConnector({ connector: req.connector, registration, region: req.region, settings: req.settings, sellerClient });
    } catch (err) {
      throw asConnectError(err);
    }
  }

  /**
   * The seller's own pair for this request: the one given, else (reconnect) the one stored with the
   * connection; null when the agency's registration signs the calls.
   */
  #sellerClient(req: ConnectRequest): SellerClient | null {
    const { connector } = req;
    if (req.sellerClient !== undefined) {
      if (!connector.sellerOwnedCredentials || connector.grant !== 'client_credentials') {
        throw new ConnectError('seller_credentials', `${connector.name} does not take the seller's own API credentials; its app registration (app set ${connector.id}) is used`);
      }
      return req.sellerClient;
    }
    if (req.connection === null || !connector.sellerOwnedCredentials) return null;
    const stored = this.deps.store.sellerClient(req.connection.id);
    if (stored.kind === 'shredded') {
      throw new ConnectError('seller_credentials', `connection ${req.connection.id} used the seller's own API credentials, which were deleted with its revocation; reconnect it with the seller's new ones: --client-id ID --client-secret-env VAR`);
    }
    return stored.kind === 'stored' ? stored.client : null;
  }

  async #begin(req: ConnectRequest, rc: ResolvedConnector, strategy: BrowserStrategy, opts: BeginOptions): Promise<ConsentAttempt> {
    const listener = opts.listener ?? {};
    // The receiver exists before the attempt (its port is in the redirect URI): it asks late.
    let attempt: ConsentAttempt | null = null;
    let redirect;
    try {
      redirect = await openRedirect({
        rc,
        strategy,
        ...(opts.redirectUri !== undefined ? { redirectUri: opts.redirectUri } : {}),
        onCallback: (url) => attempt?.loopbackVerdict(url) ?? 'rejected',
        onRejected: (reason) => attempt?.loopbackRejected(reason),
      });
    } catch (err) {
      throw asConnectError(err);
    }
    try {
      const started = this.deps.sessions.start({
        rc,
        tenantId: req.tenantId,
        operator: req.actor,
        strategy,
        redirectUri: redirect.redirectUri,
        account: req.account,
        connectionId: req.connection?.id ?? null,
        ...(opts.purposes ? { purposes: opts.purposes } : {}),
      });
      const now = this.deps.sessions.now();
      attempt = new ConsentAttempt(
        {
          request: req,
          rc,
          strategy,
          started,
          redirectUri: redirect.redirectUri,
          receiver: redirect.receiver,
          deadline: opts.timeoutMs === undefined ? Date.parse(started.session.expiresAt) : now + opts.timeoutMs,
          expectedIssuer: opts.expectedIssuer ?? null,
          listener,
        },
        {
          sessions: this.deps.sessions,
          tokenClient: this.deps.tokenClient,
          store: this.deps.store,
          clock: () => this.deps.sessions.now(),
          onEnd: (ended) => this.#waiting.remove(ended),
        },
      );
    } catch (err) {
      await redirect.receiver?.close();
      throw asConnectError(err);
    }
    this.#waiting.add(attempt);
    listener.authorize?.({
      sessionId: attempt.sessionId,
      url: attempt.authorizeUrl,
      strategy,
      expiresAt: attempt.expiresAt,
      codeLifetimeSeconds: attempt.codeLifetimeSeconds,
    });
    return attempt;
  }
}
