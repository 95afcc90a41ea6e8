// One consent attempt, as the CLI and the app drive it after begin(): exactly one way in for the
// callback — the loopback receiver, a pasted completion code or URL, or a deep link — through one
// strict path, and a result to hand to the token exchange.
import type { RedirectStrategy } from '../../../connectors/types';
import type { ConsentSessionRecord } from '../../repos/consent-sessions';
import { ConfigError } from '../resolve';
import type { ResolvedConnector } from '../resolve';
import { interpretCallback, rawCallbackFromUrl } from './callback';
import { parsePastedCallback } from './completion-code';
import { parseDeepLink } from './deeplink';
import type { LoopbackReceiver, LoopbackRejection, LoopbackVerdict } from './loopback';
import { hookContext } from '../adapters/token-request';
import { statesMatch } from './pkce';
import type { ConsentSessions, RefusalContext, StartedSession } from './sessions';
import type { AuditSink, CallbackRefusal, RawCallback } from './types';

export type ConsentResult =
  | {
      readonly kind: 'authorized';
      readonly code: string;
      /** The connector's kept callback values (selling_partner_id, sellerId, ...). */
      readonly metadata: Readonly<Record<string, string>>;
      readonly session: ConsentSessionRecord;
      /** Hand to the token exchange and drop; the flow forgets it when it returns this. */
      readonly codeVerifier: string | null;
      /** Exactly the redirect_uri of the authorization request, for the token request. */
      readonly redirectUri: string;
      readonly scopes: ReadonlyArray<string>;
    }
  | { readonly kind: 'declined'; readonly message: string; readonly description: string | null }
  | { readonly kind: 'failed'; readonly error: string; readonly message: string; readonly description: string | null }
  /** This callback was not accepted; the flow still waits for the genuine one. */
  | { readonly kind: 'refused'; readonly reason: CallbackRefusal; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'cancelled'; readonly message: string };

export type FinalConsentResult = Exclude<ConsentResult, { kind: 'refused' }>;

export interface ConsentFlow {
  readonly sessionId: string;
  readonly strategy: RedirectStrategy;
  readonly authorizeUrl: string;
  readonly redirectUri: string;
  readonly expiresAt: string;
  /** The marketplace's code lifetime, for the "use within" countdown of remote consent. */
  readonly codeLifetimeSeconds: number;
  readonly scopes: ReadonlyArray<string>;
  /** SHA-256 of this attempt's state: how a deep link finds its attempt (never the state itself). */
  readonly stateHash: string;
  /** Loopback only: resolves with the first final result, or timeout. */
  waitForCallback(opts?: { readonly timeoutMs?: number }): Promise<FinalConsentResult>;
  /**
   * Any strategy: resolves with the final result whichever channel delivered it (loopback, paste,
   * deep link), or with the timeout when the attempt expires, or when it is cancelled.
   */
  whenSettled(): Promise<FinalConsentResult>;
  /** A completion code, a callback URL or a fivex-connect:// link pasted by a person. */
  completeWithPasted(text: string): Promise<ConsentResult>;
  /** A fivex-connect://oauth/callback?... link delivered to the app. */
  handleCallbackUrl(url: string): ConsentResult;
  /** After the token exchange: records how the consent ended. */
  finish(outcome: 'connected' | 'failed'): void;
  cancel(): Promise<void>;
}

/** What a flow needs from the service that started it. */
export interface FlowHost {
  /** The attempt is over: stop routing deep links to it. */
  forget(flow: Flow): void;
  readonly audit: AuditSink;
}

export class Flow implements ConsentFlow {
  private verifier: string | null;
  private settled: FinalConsentResult | null = null;
  private readonly waiters: Array<(r: FinalConsentResult) => void> = [];
  private expiryTimer: NodeJS.Timeout | undefined = undefined;
  readonly sessionId: string;
  readonly authorizeUrl: string;
  readonly expiresAt: string;

  constructor(
    private readonly host: FlowHost,
    private readonly sessions: ConsentSessions,
    private readonly rc: ResolvedConnector,
    private readonly started: StartedSession,
    readonly strategy: RedirectStrategy,
    readonly redirectUri: string,
    private readonly expectedIssuer: string | null,
    private readonly receiver: LoopbackReceiver | null,
  ) {
    this.verifier = started.codeVerifier;
    this.sessionId = started.session.id;
    this.authorizeUrl = started.authorizeUrl.href;
    this.expiresAt = started.session.expiresAt;
    // Whoever waits (or not), a receiver that stops without a callback ends the attempt.
    void receiver?.ended.then((end) => {
      if (end.kind !== 'callback') this.timedOut('no answer arrived from the browser in time; start the connection again');
    });
    if (!receiver) {
      // Without a port to close, the session lifetime ends a paste or deep-link attempt, so a
      // long-running app does not keep routing links to it.
      const lifetimeMs = Date.parse(started.session.expiresAt) - Date.parse(started.session.createdAt);
      this.expiryTimer = setTimeout(() => this.timedOut('this connection attempt expired; start the connection again'), lifetimeMs);
      this.expiryTimer.unref();
    }
  }

  get codeLifetimeSeconds(): number {
    return this.rc.connector.callback.codeLifetimeSeconds;
  }

  get scopes(): ReadonlyArray<string> {
    return this.started.scopes;
  }

  get stateHash(): string {
    return this.started.session.stateHash;
  }

  context(channel: string): RefusalContext {
    const s = this.started.session;
    return { actor: s.operator, tenantId: s.tenantId, connectionId: s.connectionId, sessionId: s.id, connectorId: s.connectorId, channel };
  }

  refuse(reason: CallbackRefusal, channel: string, message?: string): ConsentResult {
    const r = this.sessions.refuse(reason, this.context(channel), message);
    return { kind: 'refused', reason: r.reason, message: r.message };
  }

  /** The one path every channel goes through: parse, compare state, consume once, settle. */
  process(raw: RawCallback, channel: string): ConsentResult {
    if (this.settled) return this.refuse('not_pending', channel, 'this connection attempt is already finished; start a new one if needed');
    const parsed = interpretCallback(raw, this.rc.connector, { expectedIssuer: this.expectedIssuer });
    if (parsed.kind === 'invalid') return this.refuse(parsed.reason, channel, parsed.message);
    if (!statesMatch(parsed.state, this.started.state)) return this.refuse('state_mismatch', channel, 'this link is not from this connection attempt; it was ignored and the attempt keeps waiting');
    const verify = this.rc.connector.hooks.verifyCallback;
    if (parsed.kind === 'code' && verify && !verify(raw.query, hookContext(this.rc, Date.now))) {
      return this.refuse('signature_mismatch', channel, `this link does not carry ${this.rc.connector.name}'s signature for this app; it was ignored and the attempt keeps waiting`);
    }
    const s = this.started.session;
    const consumed = this.sessions.consume(parsed.state, raw.via, {
      sessionId: s.id,
      connectorId: s.connectorId,
      tenantId: s.tenantId,
      actor: s.operator,
      channel,
    });
    if (!consumed.ok) {
      if (consumed.reason === 'expired') this.settle({ kind: 'timeout', message: consumed.message }, channel);
      return { kind: 'refused', reason: consumed.reason, message: consumed.message };
    }
    if (parsed.kind === 'declined') {
      this.sessions.finish(s.id, 'declined');
      const ctx = this.context(channel);
      this.host.audit({
        actor: ctx.actor,
        tenantId: ctx.tenantId,
        connectionId: ctx.connectionId,
        action: 'consent.declined',
        outcome: 'declined',
        detail: { sessionId: s.id, connector: s.connectorId, channel, marketplaceDescription: parsed.description !== null },
      });
      return this.settle({ kind: 'declined', message: parsed.message, description: parsed.description }, channel);
    }
    if (parsed.kind === 'error') {
      this.sessions.finish(s.id, 'failed');
      return this.settle({ kind: 'failed', error: parsed.error, message: parsed.message, description: parsed.description }, channel);
    }
    const verifier = this.verifier;
    this.verifier = null;
    return this.settle({
      kind: 'authorized',
      code: parsed.code,
      metadata: parsed.metadata,
      session: consumed.session,
      codeVerifier: verifier,
      redirectUri: this.redirectUri,
      scopes: this.started.scopes,
    }, channel);
  }

  private settle(result: FinalConsentResult, channel: string): FinalConsentResult {
    if (this.settled) return this.settled;
    this.settled = result;
    clearTimeout(this.expiryTimer);
    this.host.forget(this);
    for (const w of this.waiters.splice(0)) w(result);
    // A pasted code or deep link may finish a flow whose loopback port is still open. A loopback
    // callback is not cut off here: the receiver closes itself once its page is written.
    if (this.receiver && channel !== 'loopback') void this.receiver.close();
    return result;
  }

  loopbackVerdict(url: URL): LoopbackVerdict {
    if (!this.receiver) return 'rejected';
    const raw = rawCallbackFromUrl(url, this.receiver.redirectUri);
    const result = raw.ok ? this.process(raw.raw, 'loopback') : this.refuse(raw.reason, 'loopback', raw.message);
    switch (result.kind) {
      case 'authorized':
        return 'received';
      case 'declined':
        return 'declined';
      case 'failed':
        return 'failed';
      case 'refused':
        // An expired session settled the flow: nothing more can succeed on this port.
        return this.settled ? 'expired' : 'rejected';
      default:
        return 'expired';
    }
  }

  loopbackRejected(reason: LoopbackRejection): void {
    if (reason === 'bad_host') this.refuse('bad_host', 'loopback');
    else this.refuse('method_not_allowed', 'loopback');
  }

  timedOut(message: string): FinalConsentResult {
    if (this.settled) return this.settled;
    this.sessions.close(this.sessionId, 'expired', this.context(this.strategy));
    this.verifier = null;
    return this.settle({ kind: 'timeout', message }, 'timeout');
  }

  waitForCallback(opts: { readonly timeoutMs?: number } = {}): Promise<FinalConsentResult> {
    const receiver = this.receiver;
    if (!receiver) {
      return Promise.reject(new ConfigError(`waitForCallback is for the loopback redirect; this attempt uses "${this.strategy}": use completeWithPasted or handleCallbackUrl`));
    }
    if (this.settled) return Promise.resolve(this.settled);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      this.waiters.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
      if (opts.timeoutMs !== undefined) {
        // Closing the receiver settles the flow as a timeout (see the constructor).
        timer = setTimeout(() => void receiver.close(), opts.timeoutMs);
      }
    });
  }

  whenSettled(): Promise<FinalConsentResult> {
    if (this.settled) return Promise.resolve(this.settled);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  completeWithPasted(text: string): Promise<ConsentResult> {
    const pasted = parsePastedCallback(text);
    const result = pasted.ok ? this.process(pasted.raw, 'paste') : this.refuse(pasted.reason, 'paste', pasted.message);
    return Promise.resolve(result);
  }

  handleCallbackUrl(url: string): ConsentResult {
    const link = parseDeepLink(url);
    return link.ok ? this.process(link.raw, 'deeplink') : this.refuse(link.reason, 'deeplink', link.message);
  }

  finish(outcome: 'connected' | 'failed'): void {
    this.sessions.finish(this.sessionId, outcome);
  }

  async cancel(): Promise<void> {
    if (this.settled) return;
    this.sessions.close(this.sessionId, 'failed', this.context(this.strategy));
    this.verifier = null;
    this.settle({ kind: 'cancelled', message: 'the connection attempt was cancelled' }, 'cancel');
    if (this.receiver) await this.receiver.close();
  }
}
