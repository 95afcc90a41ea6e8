// The connect use case, shared by the CLI and the desktop app: start consent for a tenant ×
// connector (or reconnect a connection), wait for the callback by loopback, paste or deep link,
// exchange the code, and create or renew the connection. Client-credentials connectors skip the
// browser; the manual strategy takes a pasted self-authorized refresh token and refreshes it at
// once. Progress goes to a ConnectListener; nothing here prints, opens a browser or reads stdin.
//
//   const prepared = services.connect.prepare({ tenantId, connector, region, account, settings,
//                                               connection: null, actor });   // or throws ConnectError
//   if (prepared.kind === 'browser') {
//     const attempt = await prepared.begin({ listener });  // listener.authorize(step) has the URL
//     const outcome = await attempt.result;                 // connected | failed {reason, message}
//   }
import { REDIRECT_STRATEGIES } from '../../connectors/types';
import type { ConnectorDefinition, RedirectStrategy } from '../../connectors/types';
import type { ConsentService } from '../oauth/consent';
import { hashState, parseDeepLink, validatePastedRefreshToken } from '../oauth/consent';
import { agencylessRegistration, ConfigError, resolveConnector } from '../oauth/resolve';
import type { AppRegistration, ResolvedConnector } from '../oauth/resolve';
import { TokenEndpointError } from '../oauth/token-types';
import type { TokenClient, TokenSet } from '../oauth/token-types';
import type { SellerClient } from '../repos/credentials';
import type { ConnectionStore, RefreshEngine } from '../refresh';
import { ConsentAttempt } from './consent-attempt';
import type { PasteResult } from './consent-attempt';
import { saveConnection, tokenStepFailure } from './save-connection';
import type { ConnectionWriter } from './save-connection';
import { ConnectError } from './types';
import type { BrowserStrategy, ConnectListener, ConnectOutcome, ConnectRequest } from './types';

export interface ConnectServiceDeps {
  readonly registrations: { get(connectorId: string): AppRegistration | undefined };
  readonly consent: Pick<ConsentService, 'begin' | 'handleDeepLink'>;
  readonly tokenClient: Pick<TokenClient, 'exchangeCode' | 'clientCredentials'>;
  readonly store: ConnectionWriter & Pick<ConnectionStore, 'sellerClient'>;
  readonly refresh: Pick<RefreshEngine, 'refreshConnection'>;
  readonly clock: () => Date;
}

export interface BeginOptions {
  readonly listener?: ConnectListener;
  /** Loopback: how long the port stays open; relay / deep link: how long to wait for a code. */
  readonly timeoutMs?: number;
}

/** What a request turns into once the registration and strategy are known. */
export type PreparedConnect =
  | { readonly kind: 'client_credentials'; run(listener?: ConnectListener): Promise<ConnectOutcome> }
  | { readonly kind: 'manual'; run(pastedRefreshToken: string, listener?: ConnectListener): Promise<ConnectOutcome> }
  | { readonly kind: 'browser'; readonly strategy: BrowserStrategy; begin(opts?: BeginOptions): Promise<ConsentAttempt> };

/** How a delivered fivex-connect:// link was taken. */
export type DeepLinkResult =
  | { readonly kind: 'refused'; readonly reason: string; readonly message: string }
  | { readonly kind: 'done'; readonly attempt: ConsentAttempt; readonly outcome: ConnectOutcome }
  /** The link settled a flow started through ConsentService directly; its starter finishes it. */
  | { readonly kind: 'elsewhere' };

function chooseStrategy(connector: ConnectorDefinition, rc: ResolvedConnector, raw: string | undefined): RedirectStrategy {
  if (raw !== undefined && !(REDIRECT_STRATEGIES as ReadonlyArray<string>).includes(raw)) {
    throw new ConnectError('invalid_redirect', `the redirect strategy is one of ${REDIRECT_STRATEGIES.join(', ')}; got "${raw}"`);
  }
  const strategy = (raw ?? rc.registration.redirectStrategy ?? connector.redirect.default) as RedirectStrategy;
  if (!connector.redirect.supported.includes(strategy)) {
    throw new ConnectError('unsupported_redirect', `${connector.name} does not support the ${strategy} redirect; it supports ${connector.redirect.supported.join(', ')}`);
  }
  return strategy;
}

function failed(listener: ConnectListener | undefined, reason: string, message: string): ConnectOutcome {
  listener?.failed?.({ reason, message });
  return { kind: 'failed', reason, message };
}

export class ConnectService {
  readonly #bySession = new Map<string, ConsentAttempt>();
  readonly #byState = new Map<string, ConsentAttempt>();

  constructor(private readonly deps: ConnectServiceDeps) {}

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
      return { kind: 'client_credentials', run: (listener) => this.#clientCredentials(req, rc, listener, seller) };
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
      return { kind: 'client_credentials', run: (listener) => this.#clientCredentials(req, rc, listener) };
    }
    const strategy = chooseStrategy(connector, rc, req.strategy);
    if (strategy === 'manual') {
      if (!connector.acceptsImportedRefreshTokens) throw new ConnectError('unsupported_redirect', `${connector.name} does not take self-authorized refresh tokens`);
      return { kind: 'manual', run: (pasted, listener) => this.#withRefreshToken(req, pasted, listener) };
    }
    return { kind: 'browser', strategy, begin: (opts = {}) => this.#begin(req, rc, strategy, opts) };
  }

  #resolve(req: ConnectRequest, registration: AppRegistration, sellerClient: SellerClient | null): ResolvedConnector {
    try {
      return resolveConnector({ connector: req.connector, registration, region: req.region, settings: req.settings, sellerClient });
    } catch (err) {
      if (err instanceof ConfigError) throw new ConnectError('config_error', err.message);
      throw err;
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

  /** The attempt waiting under this consent session, if any. */
  pending(sessionId: string): ConsentAttempt | undefined {
    return this.#bySession.get(sessionId);
  }

  /**
   * A fivex-connect://oauth/callback link delivered to this process: handed to the attempt whose
   * state it carries, which exchanges the code. Without one it is refused (and audited).
   */
  /** The waiting attempt a callback link names by its state (the link is not processed). */
  attemptForLink(url: string): ConsentAttempt | undefined {
    const link = parseDeepLink(url);
    const states = link.ok ? link.raw.query.filter(([name]) => name === 'state').map(([, value]) => value) : [];
    return states.length === 1 ? this.#byState.get(hashState(states[0]!)) : undefined;
  }

  async handleDeepLink(url: string): Promise<DeepLinkResult> {
    const attempt = this.attemptForLink(url);
    if (attempt === undefined) {
      // ConsentService refuses (and audits) a link no attempt waits for.
      const routed = this.deps.consent.handleDeepLink(url);
      return routed.kind === 'refused' ? { kind: 'refused', reason: routed.reason, message: routed.message } : { kind: 'elsewhere' };
    }
    const result = await attempt.deliverLink(url);
    return result.kind === 'refused' ? result : { kind: 'done', attempt, outcome: result.outcome };
  }

  /** Ends every attempt still waiting (the vault is locking, the process is quitting). */
  async cancelAll(): Promise<void> {
    const attempts = [...this.#bySession.values()];
    await Promise.all(attempts.map((a) => a.abandon('cancelled', 'the connection attempt was cancelled')));
    await Promise.all(attempts.map((a) => a.result.catch(() => undefined)));
  }

  async #begin(req: ConnectRequest, rc: ResolvedConnector, strategy: BrowserStrategy, opts: BeginOptions): Promise<ConsentAttempt> {
    const listener = opts.listener ?? {};
    let flow;
    try {
      flow = await this.deps.consent.begin({
        rc,
        tenantId: req.tenantId,
        operator: req.actor,
        strategy,
        account: req.account,
        connectionId: req.connection?.id ?? null,
        ...(opts.timeoutMs !== undefined && strategy === 'loopback' ? { loopbackTimeoutMs: opts.timeoutMs } : {}),
      });
    } catch (err) {
      if (err instanceof ConfigError) throw new ConnectError('config_error', err.message);
      throw err;
    }
    const attempt = new ConsentAttempt(
      flow,
      rc,
      req,
      strategy,
      {
        tokenClient: this.deps.tokenClient,
        store: this.deps.store,
        onEnd: (ended) => {
          this.#bySession.delete(ended.sessionId);
          this.#byState.delete(ended.stateHash);
        },
      },
      listener,
      strategy === 'loopback' ? undefined : opts.timeoutMs,
    );
    this.#bySession.set(attempt.sessionId, attempt);
    this.#byState.set(attempt.stateHash, attempt);
    listener.authorize?.({
      sessionId: attempt.sessionId,
      url: attempt.authorizeUrl,
      strategy,
      expiresAt: attempt.expiresAt,
      codeLifetimeSeconds: attempt.codeLifetimeSeconds,
    });
    return attempt;
  }

  async #clientCredentials(req: ConnectRequest, rc: ResolvedConnector, listener: ConnectListener | undefined, seller: SellerClient | null = null): Promise<ConnectOutcome> {
    let tokens: TokenSet;
    try {
      tokens = await this.deps.tokenClient.clientCredentials(rc);
    } catch (err) {
      const failure = tokenStepFailure(err);
      if (failure === null) throw err;
      if (seller !== null && err instanceof TokenEndpointError && err.failure === 'client_broken') {
        return failed(listener, 'seller_credentials_revoked', `${req.connector.name} refused the seller's API credentials (${failure.reason}); check the client id and secret with the seller, or ask them to issue new ones`);
      }
      return failed(listener, failure.reason, failure.message);
    }
    const saved = saveConnection(this.deps.store, req, { tokens, metadata: {}, scopes: [], ...(seller ? { sellerClient: seller } : {}) });
    if (!saved.ok) return failed(listener, saved.reason, saved.message);
    listener?.connected?.(saved.view);
    return { kind: 'connected', connection: saved.view };
  }

  async #withRefreshToken(req: ConnectRequest, pasted: string, listener: ConnectListener | undefined): Promise<ConnectOutcome> {
    const checked = validatePastedRefreshToken(pasted);
    if (!checked.ok) return failed(listener, checked.reason, checked.message);
    const now = this.deps.clock();
    const tokens: TokenSet = { accessToken: '', refreshToken: checked.refreshToken, tokenType: 'bearer', accessExpiresAt: now, refreshExpiresAt: null, scopes: null, extra: {} };
    const saved = saveConnection(this.deps.store, req, { tokens, metadata: {}, scopes: [], dueNow: true });
    if (!saved.ok) return failed(listener, saved.reason, saved.message);
    // Prove the token works now rather than at the next monitor tick.
    const refreshed = await this.deps.refresh.refreshConnection(saved.view.id, { force: true, actor: req.actor });
    const { connection } = refreshed;
    if (connection.state !== 'active') {
      return failed(listener, connection.reason ?? 'refresh_failed', `the pasted refresh token did not work (${connection.reason ?? refreshed.outcome})`);
    }
    listener?.connected?.(connection);
    return { kind: 'connected', connection };
  }
}

export type { PasteResult };
