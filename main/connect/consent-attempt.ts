// One browser consent attempt (loopback, relay or deep link), the one object that owns it: its
// state and PKCE verifier (memory only), its deadline (one timer, whatever the strategy), its
// redirect (and loopback receiver), and its outcome. Every callback reaches it as a CallbackInput
// parsed at the edge; it checks the response against its session exactly once, exchanges the
// code, writes the connection, and only then records how it ended.
import type { ResolvedConnector } from '../oauth/resolve';
import { hookContext } from '../oauth/adapters/token-request';
import { interpretCallback } from '../oauth/protocol/callback';
import { callbackFromLoopback } from '../oauth/protocol/callback-input';
import type { CallbackChannel, CallbackInput } from '../oauth/protocol/callback-input';
import type { LoopbackReceiver, LoopbackRejection, LoopbackVerdict } from '../oauth/protocol/loopback';
import { statesMatch } from '../oauth/protocol/pkce';
import type { CallbackRefusal, Clock } from '../oauth/protocol/types';
import type { TokenClient, TokenSet } from '../oauth/token-types';
import type { ConsentOutcome } from '../repos/consent-sessions';
import type { ConsentSessions, FinishedConsent, RefusalContext, StartedSession } from './consent-sessions';
import { saveConnection, tokenStepFailure } from './save-connection';
import type { ConnectionWriter } from './save-connection';
import type { BrowserStrategy, ConnectListener, ConnectOutcome, ConnectRequest } from './types';

/** Why a caller stopped waiting: it gave up, or the sign-in page cannot be reached at all. */
export type AbandonReason = 'cancelled' | 'offline';

/** Relay and deep-link attempts end with this when no code arrived (the CLI has always said so). */
export const PASTE_TIMEOUT_MESSAGE = 'no completion code arrived in time; start the consent again';
const LOOPBACK_TIMEOUT_MESSAGE = 'no answer arrived from the browser in time; start the connection again';

export interface AttemptDeps {
  readonly sessions: ConsentSessions;
  readonly tokenClient: Pick<TokenClient, 'exchangeCode'>;
  readonly store: ConnectionWriter;
  readonly clock: Clock;
  /** Told once when the attempt is over (the registry stops routing callbacks to it). */
  readonly onEnd: (attempt: ConsentAttempt) => void;
}

export interface AttemptSetup {
  readonly request: ConnectRequest;
  readonly rc: ResolvedConnector;
  readonly strategy: BrowserStrategy;
  readonly started: StartedSession;
  /** Exactly the redirect_uri of the authorization request, for the token request. */
  readonly redirectUri: string;
  readonly receiver: LoopbackReceiver | null;
  /** Epoch ms: the earlier of the session's expiry and the caller's timeout. */
  readonly deadline: number;
  /** RFC 9207: when the marketplace sends `iss`, it must equal this. */
  readonly expectedIssuer: string | null;
  readonly listener: ConnectListener;
}

/** How a delivered callback was taken: refused (the attempt keeps waiting) or the attempt's end. */
export type AcceptResult =
  | { readonly kind: 'refused'; readonly reason: CallbackRefusal; readonly message: string }
  | { readonly kind: 'done'; readonly outcome: ConnectOutcome };

/** What one callback did to the attempt, decided synchronously (the loopback page depends on it). */
type Taken =
  | { readonly kind: 'refused'; readonly reason: CallbackRefusal; readonly message: string }
  | { readonly kind: 'taken'; readonly verdict: Exclude<LoopbackVerdict, 'rejected'> };

export class ConsentAttempt {
  readonly result: Promise<ConnectOutcome>;
  readonly request: ConnectRequest;
  readonly strategy: BrowserStrategy;
  readonly sessionId: string;
  readonly authorizeUrl: string;
  readonly redirectUri: string;
  readonly expiresAt: string;
  #verifier: string | null;
  #over = false;
  #timer: NodeJS.Timeout;
  #resolve: (outcome: ConnectOutcome) => void = () => undefined;
  #reject: (err: unknown) => void = () => undefined;

  constructor(
    private readonly setup: AttemptSetup,
    private readonly deps: AttemptDeps,
  ) {
    const { started } = setup;
    this.request = setup.request;
    this.strategy = setup.strategy;
    this.sessionId = started.session.id;
    this.authorizeUrl = started.authorizeUrl.href;
    this.redirectUri = setup.redirectUri;
    this.expiresAt = new Date(Math.min(setup.deadline, Date.parse(started.session.expiresAt))).toISOString();
    this.#verifier = started.codeVerifier;
    this.result = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // The one deadline: it closes the session, the loopback port and the attempt together.
    this.#timer = setTimeout(() => this.#expire(), Math.max(0, Date.parse(this.expiresAt) - deps.clock()));
    this.#timer.unref();
  }

  /** SHA-256 of this attempt's state: how a callback finds its attempt (never the state itself). */
  get stateHash(): string {
    return this.setup.started.session.stateHash;
  }

  /** How long a marketplace code stays valid: the "use within" hint of remote consent. */
  get codeLifetimeSeconds(): number {
    return this.setup.rc.connector.callback.codeLifetimeSeconds;
  }

  get scopes(): ReadonlyArray<string> {
    return this.setup.started.scopes;
  }

  /** A pasted code or a delivered deep link, as parsed at the edge. */
  async accept(input: CallbackInput): Promise<AcceptResult> {
    const taken = this.#take(input);
    if (taken.kind === 'refused') {
      this.setup.listener.refused?.({ sessionId: this.sessionId, channel: input.channel === 'deeplink' ? 'deeplink' : 'paste', reason: taken.reason, message: taken.message });
      return taken;
    }
    return { kind: 'done', outcome: await this.result };
  }

  /** The loopback receiver's question about one request that reached it. */
  loopbackVerdict(url: URL): LoopbackVerdict {
    const taken = this.#take(callbackFromLoopback(url, this.setup.receiver?.redirectUri ?? this.redirectUri));
    return taken.kind === 'refused' ? (this.#over ? 'expired' : 'rejected') : taken.verdict;
  }

  loopbackRejected(reason: LoopbackRejection): void {
    this.#refuse(reason === 'bad_host' ? 'bad_host' : 'method_not_allowed', 'loopback');
  }

  /** The caller stops waiting: the attempt ends `abandoned` unless a callback already won. */
  async abandon(reason: AbandonReason, message: string): Promise<void> {
    if (this.#over) return;
    this.#settle();
    this.deps.sessions.close(this.sessionId, 'abandoned');
    await this.#end({ outcome: 'abandoned', reason, channel: 'caller' }, { kind: 'failed', reason, message });
  }

  #context(channel: string): RefusalContext {
    const s = this.setup.started.session;
    return { actor: s.operator, tenantId: s.tenantId, connectionId: s.connectionId, sessionId: s.id, connectorId: s.connectorId, channel };
  }

  #refuse(reason: CallbackRefusal, channel: string, message?: string): Taken {
    const r = this.deps.sessions.refuse(reason, this.#context(channel), message);
    return { kind: 'refused', reason: r.reason, message: r.message };
  }

  /** The one path every channel goes through: check, compare state, consume once, then act. */
  #take(input: CallbackInput): Taken {
    const channel: CallbackChannel = input.channel;
    if (!input.ok) return this.#refuse(input.reason, channel, input.message);
    if (this.#over) return this.#refuse('not_pending', channel, 'this connection attempt is already finished; start a new one if needed');
    const { rc, started } = this.setup;
    const parsed = interpretCallback(input.raw, rc.connector, { expectedIssuer: this.setup.expectedIssuer });
    if (parsed.kind === 'invalid') return this.#refuse(parsed.reason, channel, parsed.message);
    if (!statesMatch(parsed.state, started.state)) return this.#refuse('state_mismatch', channel, 'this link is not from this connection attempt; it was ignored and the attempt keeps waiting');
    const verify = rc.connector.hooks.verifyCallback;
    if (parsed.kind === 'code' && verify && !verify(input.raw.query, hookContext(rc, this.deps.clock))) {
      return this.#refuse('signature_mismatch', channel, `this link does not carry ${rc.connector.name}'s signature for this app; it was ignored and the attempt keeps waiting`);
    }
    const s = started.session;
    const consumed = this.deps.sessions.consume(parsed.state, input.raw.via, { sessionId: s.id, connectorId: s.connectorId, tenantId: s.tenantId, actor: s.operator, channel });
    if (!consumed.ok) {
      // The session ran out in the database before our timer fired (another clock, a sleep).
      if (consumed.reason === 'expired') this.#expire();
      return { kind: 'refused', reason: consumed.reason, message: consumed.message };
    }
    const verifier = this.#verifier;
    this.#settle();
    if (parsed.kind === 'declined') {
      void this.#end({ outcome: 'declined', reason: 'access_denied', channel }, { kind: 'failed', reason: 'access_denied', message: parsed.message });
      return { kind: 'taken', verdict: 'declined' };
    }
    if (parsed.kind === 'error') {
      void this.#end({ outcome: 'failed', reason: parsed.error, channel }, { kind: 'failed', reason: parsed.error, message: parsed.message });
      return { kind: 'taken', verdict: 'failed' };
    }
    void this.#exchange(parsed.code, verifier, parsed.metadata, channel);
    return { kind: 'taken', verdict: 'received' };
  }

  async #exchange(code: string, codeVerifier: string | null, metadata: Readonly<Record<string, string>>, channel: string): Promise<void> {
    let tokens: TokenSet;
    try {
      // The exchange may need what the callback carried (Walmart's WM_PARTNER.ID = sellerId).
      const rc = this.setup.rc.withCallbackMetadata(metadata);
      tokens = await this.deps.tokenClient.exchangeCode(rc, { code, codeVerifier, redirectUri: this.redirectUri });
    } catch (err) {
      const failure = tokenStepFailure(err) ?? { reason: 'internal', message: 'the code exchange failed unexpectedly; start the connection again' };
      await this.#end({ outcome: 'failed', reason: failure.reason, channel }, { kind: 'failed', ...failure });
      return;
    }
    let saved: ReturnType<typeof saveConnection>;
    try {
      saved = saveConnection(this.deps.store, this.request, { tokens, metadata, scopes: this.scopes });
    } catch {
      saved = { ok: false, reason: 'internal', message: 'the connection could not be saved; start the connection again' };
    }
    if (!saved.ok) {
      await this.#end({ outcome: 'failed', reason: saved.reason, channel }, { kind: 'failed', reason: saved.reason, message: saved.message });
      return;
    }
    await this.#end({ outcome: 'connected', reason: null, channel, connectionId: saved.view.id }, { kind: 'connected', connection: saved.view });
  }

  #expire(): void {
    if (this.#over) return;
    this.#settle();
    this.deps.sessions.close(this.sessionId, 'expired');
    const message = this.strategy === 'loopback' ? LOOPBACK_TIMEOUT_MESSAGE : PASTE_TIMEOUT_MESSAGE;
    void this.#end({ outcome: 'expired', reason: 'timeout', channel: 'deadline' }, { kind: 'failed', reason: 'timeout', message });
  }

  /** No second ending: the timer stops, the verifier is forgotten, other channels are refused. */
  #settle(): void {
    this.#over = true;
    clearTimeout(this.#timer);
    this.#verifier = null;
  }

  /** Records the ending (after the save, for connected), tells the listener, and lets go. */
  async #end(finished: FinishedConsent & { readonly outcome: ConsentOutcome }, outcome: ConnectOutcome): Promise<void> {
    let unrecorded: unknown = null;
    try {
      this.deps.sessions.finish(this.setup.started.session, finished);
    } catch (err) {
      // The audit log refused the record: the caller must hear it rather than a quiet success.
      unrecorded = err;
    }
    this.deps.onEnd(this);
    // A loopback callback is not cut off here: the receiver closes itself once its page is written.
    if (this.setup.receiver && finished.channel !== 'loopback') await this.setup.receiver.close().catch(() => undefined);
    if (unrecorded !== null) {
      this.#reject(unrecorded);
      return;
    }
    if (outcome.kind === 'connected') this.setup.listener.connected?.(outcome.connection);
    else this.setup.listener.failed?.({ reason: outcome.reason, message: outcome.message });
    this.#resolve(outcome);
  }
}
