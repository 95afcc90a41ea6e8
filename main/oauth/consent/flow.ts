// One consent attempt end to end, as the CLI and the app drive it: begin (session + receiver +
// authorization URL), then exactly one way in for the callback — the loopback receiver, a pasted
// completion code or URL, or a deep link — and a result to hand to the token exchange.
import type { Database } from 'better-sqlite3';
import { REDIRECT_STRATEGIES } from '../../../connectors/types';
import type { Purpose, RedirectStrategy } from '../../../connectors/types';
import type { ConsentSessionRecord } from '../../repos/consent-sessions';
import { ConfigError } from '../resolve';
import type { ResolvedConnector } from '../resolve';
import { interpretCallback, rawCallbackFromUrl } from './callback';
import { parsePastedCallback } from './completion-code';
import { DEEP_LINK_CALLBACK, parseDeepLink } from './deeplink';
import { DEFAULT_LOOPBACK_PATH, startLoopbackReceiver } from './loopback';
import type { LoopbackReceiver, LoopbackRejection, LoopbackVerdict } from './loopback';
import { hashState, isWellFormedState, statesMatch } from './pkce';
import { ConsentSessions } from './sessions';
import type { RefusalContext } from './sessions';
import type { AuditSink, CallbackRefusal, Clock, RawCallback } from './types';

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

export interface ConsentServiceOptions {
  readonly db: Database;
  readonly clock?: Clock;
  readonly audit?: AuditSink;
  /** Session lifetime (default 10 minutes); also the loopback receiver's default timeout. */
  readonly ttlMs?: number;
}

export interface BeginInput {
  readonly rc: ResolvedConnector;
  readonly tenantId: string;
  readonly operator: string;
  /** Default: the app registration's strategy, else the connector's default. */
  readonly strategy?: RedirectStrategy;
  /** relay: the relay page (default: the registration's redirect URI); loopback: a template
   * such as http://127.0.0.1/oauth/callback whose host, path and (rarely) port are kept. */
  readonly redirectUri?: string;
  readonly account?: string | null;
  readonly connectionId?: string | null;
  readonly purposes?: ReadonlyArray<Purpose>;
  /** RFC 9207 issuer, when the marketplace sends `iss`. */
  readonly expectedIssuer?: string | null;
  /** How long the loopback port stays open (default: the session lifetime). */
  readonly loopbackTimeoutMs?: number;
}

export interface ConsentFlow {
  readonly sessionId: string;
  readonly strategy: RedirectStrategy;
  readonly authorizeUrl: string;
  readonly redirectUri: string;
  readonly expiresAt: string;
  /** The marketplace's code lifetime, for the "use within" countdown of remote consent. */
  readonly codeLifetimeSeconds: number;
  readonly scopes: ReadonlyArray<string>;
  /** Loopback only: resolves with the first final result, or timeout. */
  waitForCallback(opts?: { readonly timeoutMs?: number }): Promise<FinalConsentResult>;
  /** A completion code, a callback URL or a fivex-connect:// link pasted by a person. */
  completeWithPasted(text: string): Promise<ConsentResult>;
  /** A fivex-connect://oauth/callback?... link delivered to the app. */
  handleCallbackUrl(url: string): ConsentResult;
  /** After the token exchange: records how the consent ended. */
  finish(outcome: 'connected' | 'failed'): void;
  cancel(): Promise<void>;
}

function loopbackTemplate(uri: string | null | undefined, fallbackPath: string): { host: '127.0.0.1' | '[::1]' | 'localhost'; path: string; port: number } {
  if (!uri) return { host: '127.0.0.1', path: fallbackPath, port: 0 };
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new ConfigError('the loopback redirect URI is not a URL; register http://127.0.0.1/oauth/callback (only the port varies)');
  }
  const host = url.hostname;
  if (url.protocol !== 'http:' || (host !== '127.0.0.1' && host !== '[::1]' && host !== 'localhost') || url.search || url.hash) {
    throw new ConfigError('a loopback redirect URI must look like http://127.0.0.1/oauth/callback (only the port varies)');
  }
  return { host, path: url.pathname, port: url.port ? Number(url.port) : 0 };
}

function registeredStrategy(rc: ResolvedConnector): RedirectStrategy | null {
  const value = rc.registration.redirectStrategy;
  if (value === null) return null;
  const known = REDIRECT_STRATEGIES.find((s) => s === value);
  if (!known) throw new ConfigError(`the app registration's redirect strategy "${value}" is unknown; use one of: ${REDIRECT_STRATEGIES.join(', ')}`);
  return known;
}

class Flow implements ConsentFlow {
  private verifier: string | null;
  private settled: FinalConsentResult | null = null;
  private readonly waiters: Array<(r: FinalConsentResult) => void> = [];
  readonly sessionId: string;
  readonly authorizeUrl: string;
  readonly expiresAt: string;

  constructor(
    private readonly service: ConsentService,
    private readonly sessions: ConsentSessions,
    private readonly rc: ResolvedConnector,
    private readonly started: { session: ConsentSessionRecord; state: string; codeVerifier: string | null; authorizeUrl: URL; scopes: ReadonlyArray<string> },
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
      this.service.auditEvent('consent.declined', 'declined', this.context(channel), parsed.description !== null);
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
    this.service.forget(this);
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

/** Starts consent attempts and routes deep links to the attempt they belong to. */
export class ConsentService {
  readonly sessions: ConsentSessions;
  private readonly audit: AuditSink;
  private readonly ttlMs: number | undefined;
  private readonly pending = new Map<string, Flow>();

  constructor(opts: ConsentServiceOptions) {
    this.sessions = new ConsentSessions(opts);
    this.audit = opts.audit ?? (() => undefined);
    this.ttlMs = opts.ttlMs;
  }

  async begin(input: BeginInput): Promise<ConsentFlow> {
    const { rc } = input;
    const strategy = input.strategy ?? registeredStrategy(rc) ?? rc.connector.redirect.default;
    const configured = input.redirectUri ?? rc.registration.redirectUri;
    let receiver: LoopbackReceiver | null = null;
    let flow: Flow | null = null;
    let redirectUri: string;
    if (strategy === 'loopback') {
      const t = loopbackTemplate(configured, rc.connector.redirect.loopbackPath || DEFAULT_LOOPBACK_PATH);
      receiver = await startLoopbackReceiver({
        path: t.path,
        redirectHost: t.host,
        port: t.port,
        timeoutMs: input.loopbackTimeoutMs ?? this.ttlMs ?? 10 * 60 * 1000,
        onCallback: (url) => flow?.loopbackVerdict(url) ?? 'rejected',
        onRejected: (reason) => flow?.loopbackRejected(reason),
      });
      redirectUri = receiver.redirectUri;
    } else if (strategy === 'deeplink') {
      redirectUri = configured ?? DEEP_LINK_CALLBACK;
    } else if (strategy === 'relay') {
      if (!configured) {
        throw new ConfigError(`the relay redirect needs the address of your relay page; set it with app set ${rc.connector.id} --redirect-uri https://...`);
      }
      redirectUri = configured;
    } else {
      throw new ConfigError('the manual strategy has no browser consent; paste or import a self-authorized refresh token instead');
    }
    try {
      const started = this.sessions.start({
        rc,
        tenantId: input.tenantId,
        operator: input.operator,
        strategy,
        redirectUri,
        account: input.account ?? null,
        connectionId: input.connectionId ?? null,
        ...(input.purposes ? { purposes: input.purposes } : {}),
      });
      flow = new Flow(this, this.sessions, rc, started, strategy, redirectUri, input.expectedIssuer ?? null, receiver);
    } catch (err) {
      if (receiver) await receiver.close();
      throw err;
    }
    this.pending.set(flow.stateHash, flow);
    return flow;
  }

  /**
   * A deep link delivered to this process: handed to the pending attempt whose state it carries.
   * With no such attempt (T1) it is audited and dropped; nothing is consumed or exchanged.
   */
  handleDeepLink(url: string): ConsentResult {
    const link = parseDeepLink(url);
    const anonymous: RefusalContext = { actor: 'unknown', tenantId: null, connectionId: null, channel: 'deeplink' };
    if (!link.ok) {
      const r = this.sessions.refuse(link.reason, anonymous, link.message);
      return { kind: 'refused', reason: r.reason, message: r.message };
    }
    const states = link.raw.query.filter(([name]) => name === 'state').map(([, value]) => value);
    const state = states.length === 1 ? states[0] : undefined;
    const flow = state !== undefined && isWellFormedState(state) ? this.pending.get(hashState(state)) : undefined;
    if (!flow) {
      const r = this.sessions.refuse('not_pending', anonymous, 'no connection attempt is waiting for this link; start the connection from the app');
      return { kind: 'refused', reason: r.reason, message: r.message };
    }
    return flow.process(link.raw, 'deeplink');
  }

  /** @internal */
  forget(flow: Flow): void {
    this.pending.delete(flow.stateHash);
  }

  /** @internal */
  auditEvent(action: string, outcome: string, ctx: RefusalContext, hasDescription: boolean): void {
    this.audit({
      actor: ctx.actor,
      tenantId: ctx.tenantId,
      connectionId: ctx.connectionId,
      action,
      outcome,
      detail: { sessionId: ctx.sessionId ?? null, connector: ctx.connectorId ?? null, channel: ctx.channel ?? null, marketplaceDescription: hasDescription },
    });
  }
}

export function createConsentService(opts: ConsentServiceOptions): ConsentService {
  return new ConsentService(opts);
}
