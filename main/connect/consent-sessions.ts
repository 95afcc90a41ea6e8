// Consent sessions: the persisted side of one attempt. Starting one (state and PKCE made here,
// only the state's hash stored), consuming its state exactly once with every binding checked, and
// recording how it ended, after the fact. Refused callbacks are audited and never end the genuine
// session (T2): only a matching, fresh, unused state does.
import type { Purpose, RedirectStrategy } from '../../connectors/types';
import { PURPOSES } from '../../connectors/types';
import type { ConsentSessionsRepo } from '../repos/consent-sessions';
import type { ConsentOutcome, ConsentSessionRecord } from '../repos/consent-sessions';
import { newId } from '../vault/ids';
import { isLoopbackRedirectHost } from '../../lib/net/loopback';
import { ConfigError } from '../oauth/resolve';
import type { ResolvedConnector } from '../oauth/resolve';
import { buildAuthorizeUrl, scopesFor } from '../oauth/protocol/authorize-url';
import { createPkcePair, createState, hashState, isWellFormedState } from '../oauth/protocol/pkce';
import { canonicalRedirectUri } from '../oauth/protocol/types';
import type { AuditSink, CallbackRefusal, Clock } from '../oauth/protocol/types';

/** A consent left open longer than this is refused; marketplaces' codes live 5–30 minutes anyway. */
export const CONSENT_SESSION_TTL_MS = 10 * 60 * 1000;
const MAX_REDIRECT_URI_LENGTH = 2048;
const MAX_LABEL_LENGTH = 200;

export interface ConsentSessionsOptions {
  /** Built by the composition root (main/services.ts). */
  readonly repo: ConsentSessionsRepo;
  readonly clock?: Clock;
  readonly audit?: AuditSink;
  readonly ttlMs?: number;
}

export interface StartSessionInput {
  readonly rc: ResolvedConnector;
  readonly tenantId: string;
  readonly operator: string;
  readonly strategy: RedirectStrategy;
  /** The concrete redirect URI for this attempt (loopback: with its port), sent as redirect_uri. */
  readonly redirectUri: string;
  readonly account?: string | null;
  /** Set for a reconnect: the connection whose consent is renewed. */
  readonly connectionId?: string | null;
  /** Purposes whose scopes are asked for; default: every purpose the connector defines. */
  readonly purposes?: ReadonlyArray<Purpose>;
}

export interface StartedSession {
  readonly session: ConsentSessionRecord;
  /** Memory only; its SHA-256 is what the database holds. */
  readonly state: string;
  /** Memory only (R4); null when the connector does not use PKCE. */
  readonly codeVerifier: string | null;
  readonly authorizeUrl: URL;
  readonly scopes: ReadonlyArray<string>;
}

export type ConsumeResult =
  | { readonly ok: true; readonly session: ConsentSessionRecord }
  | { readonly ok: false; readonly reason: CallbackRefusal; readonly message: string };

export interface ConsumeOptions {
  /** The state must belong to this session / connector / tenant (mix-up defence, R6). */
  readonly sessionId?: string;
  readonly connectorId?: string;
  readonly tenantId?: string;
  /** Who the audit names when the callback is refused; default the session's operator. */
  readonly actor?: string;
  /** loopback, deeplink, paste ...: lands in the audit detail. */
  readonly channel?: string;
}

/** How an attempt ended, as recorded: the exact outcome and the reason code behind it. */
export interface FinishedConsent {
  readonly outcome: ConsentOutcome;
  /** access_denied, timeout, cancelled, the token endpoint's reason, ...; null when connected. */
  readonly reason: string | null;
  /** Which way the ending came: loopback, paste, deeplink, or deadline / caller. */
  readonly channel: string;
  /** The connection it created or renewed, when connected. */
  readonly connectionId?: string;
}

export interface RefusalContext {
  readonly actor: string;
  readonly tenantId: string | null;
  readonly connectionId: string | null;
  readonly sessionId?: string | null;
  readonly connectorId?: string | null;
  readonly channel?: string;
}

const REFUSAL_MESSAGES: Readonly<Partial<Record<CallbackRefusal, string>>> = {
  malformed_state: 'the callback state is not one FiveX Connect made',
  unknown_state: 'this link is not from a connection attempt FiveX Connect knows; start the connection again from the app',
  binding_mismatch: 'this link belongs to another connection attempt; it was refused',
  redirect_mismatch: 'this link arrived on another redirect address than the one the connection attempt used; it was refused',
  expired: 'this connection attempt has expired; start the connection again',
  reused: 'this link was already used; start the connection again if the connection is not active',
};

/**
 * Where the callback was seen must be the address the session lands on: the redirect URI, or for
 * a redirect URI that is a name (an eBay RuName) the landing address stored beside it.
 */
function redirectMatches(session: Pick<ConsentSessionRecord, 'redirectUri' | 'callbackUri'>, seenOn: string | null): boolean {
  const expected = canonicalRedirectUri(session.callbackUri ?? session.redirectUri);
  // Sessions are only started with an address to bind to (see landingUrl); a row without one
  // predates migration 004 and is refused rather than let through unbound.
  if (expected === null) return false;
  return seenOn !== null && canonicalRedirectUri(seenOn) === expected;
}

/**
 * The address the marketplace really lands on when the redirect URI is not one (eBay's RuName):
 * the registration param the connector names. Null when the redirect URI is itself the address.
 */
function landingUrl(rc: ResolvedConnector, redirectUri: string): string | null {
  if (canonicalRedirectUri(redirectUri) !== null) return null;
  const param = rc.connector.redirect.landingUrlParam;
  const value = param === undefined ? undefined : rc.registration.params[param];
  const hint = param === undefined ? '' : ` with app set ${rc.connector.id} --param ${param}=https://...`;
  if (value === undefined || value === '') {
    throw new ConfigError(
      `the redirect URI of ${rc.connector.name} is a name, not an address, so FiveX Connect needs the https address it lands on to bind the callback; set it${hint || ' as the redirect URI'}`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`the landing address of ${rc.connector.name} is not a URL; set the relay page's https address${hint}`);
  }
  if (url.protocol !== 'https:' || url.search || url.hash || value.length > MAX_REDIRECT_URI_LENGTH) {
    throw new ConfigError(`the landing address of ${rc.connector.name} must be an https address without query or fragment${hint}`);
  }
  return url.href;
}

function checkRedirectUri(strategy: RedirectStrategy, uri: string): void {
  if (uri.length === 0 || uri.length > MAX_REDIRECT_URI_LENGTH) {
    throw new ConfigError(`the redirect URI must have 1-${MAX_REDIRECT_URI_LENGTH} characters`);
  }
  let url: URL | null;
  try {
    url = new URL(uri);
  } catch {
    url = null;
  }
  const loopbackHttp = url !== null && url.protocol === 'http:' && isLoopbackRedirectHost(url.hostname);
  if (strategy === 'loopback' && !loopbackHttp) {
    throw new ConfigError('a loopback redirect URI must be http://127.0.0.1:PORT/PATH (or [::1])');
  }
  if (strategy === 'relay' && url !== null && url.protocol !== 'https:' && !loopbackHttp) {
    throw new ConfigError('the relay page must be served over https; set its address with app set CONNECTOR --redirect-uri https://...');
  }
  if (strategy === 'relay' && url === null && !/^[A-Za-z0-9_.-]{1,256}$/.test(uri)) {
    throw new ConfigError('the redirect URI is neither an https address nor a marketplace redirect name (RuName)');
  }
  if (strategy === 'deeplink' && uri !== 'fivex-connect://oauth/callback') {
    throw new ConfigError('a deep-link redirect URI must be exactly fivex-connect://oauth/callback');
  }
}

function checkLabel(what: string, value: string): void {
  // eslint-disable-next-line no-control-regex
  if (value.length === 0 || value.length > MAX_LABEL_LENGTH || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new ConfigError(`${what} must be 1-${MAX_LABEL_LENGTH} characters without control characters`);
  }
}

export class ConsentSessions {
  private readonly repo: ConsentSessionsRepo;
  private readonly clock: Clock;
  private readonly audit: AuditSink;
  private readonly ttlMs: number;

  constructor(opts: ConsentSessionsOptions) {
    this.repo = opts.repo;
    this.clock = opts.clock ?? Date.now;
    this.audit = opts.audit ?? (() => undefined);
    this.ttlMs = opts.ttlMs ?? CONSENT_SESSION_TTL_MS;
  }

  now(): number {
    return this.clock();
  }

  private nowIso(): string {
    return new Date(this.clock()).toISOString();
  }

  start(input: StartSessionInput): StartedSession {
    // The grant, the strategy and its support were checked once, by ConnectService.prepare; what
    // is checked here is the concrete redirect URI this attempt got.
    const { rc } = input;
    const connector = rc.connector;
    checkRedirectUri(input.strategy, input.redirectUri);
    const callbackUri = landingUrl(rc, input.redirectUri);
    checkLabel('the operator', input.operator);
    if (input.account != null) checkLabel('the account label', input.account);

    const state = createState();
    const pkce = connector.pkce === 'none' ? null : createPkcePair();
    const purposes = input.purposes ?? PURPOSES.filter((p) => connector.scopes[p] !== undefined);
    const authorizeUrl = buildAuthorizeUrl({ rc, redirectUri: input.redirectUri, state, codeChallenge: pkce?.challenge ?? null, purposes });
    const now = this.clock();
    const session = {
      id: newId('consent'),
      stateHash: hashState(state),
      tenantId: input.tenantId,
      connectorId: connector.id,
      connectionId: input.connectionId ?? null,
      operator: input.operator,
      redirectStrategy: input.strategy,
      redirectUri: input.redirectUri,
      callbackUri,
      region: rc.region,
      account: input.account ?? null,
      pkce: pkce ? ('S256' as const) : ('none' as const),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.ttlMs).toISOString(),
    };
    try {
      this.repo.insert(session);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new ConfigError(`there is no tenant with id ${input.tenantId}; add it with tenant add NAME first`);
      }
      throw err;
    }
    this.audit({
      actor: input.operator,
      tenantId: input.tenantId,
      connectionId: session.connectionId,
      action: 'consent.started',
      outcome: 'ok',
      detail: { sessionId: session.id, connector: connector.id, strategy: input.strategy, pkce: session.pkce },
    });
    return {
      session: { ...session, consumedAt: null, outcome: null },
      state,
      codeVerifier: pkce?.verifier ?? null,
      authorizeUrl,
      scopes: scopesFor(rc, purposes),
    };
  }

  get(sessionId: string): ConsentSessionRecord | undefined {
    return this.repo.findById(sessionId);
  }

  /**
   * Uses a state once. Refuses (and audits) malformed, unknown, expired and reused states, states
   * of another session/connector/tenant, and states seen on another redirect URI. Only success
   * consumes; a refusal leaves the genuine session waiting.
   */
  consume(state: string, redirectUriSeenOn: string | null, opts: ConsumeOptions = {}): ConsumeResult {
    const base = { actor: opts.actor ?? 'unknown', tenantId: null, connectionId: null, channel: opts.channel } as const;
    if (!isWellFormedState(state)) return this.refuse('malformed_state', base);
    const row = this.repo.findByStateHash(hashState(state));
    if (!row) return this.refuse('unknown_state', base);
    const ctx: RefusalContext = {
      actor: opts.actor ?? row.operator,
      tenantId: row.tenantId,
      connectionId: row.connectionId,
      sessionId: row.id,
      connectorId: row.connectorId,
      channel: opts.channel,
    };
    if (
      (opts.sessionId !== undefined && opts.sessionId !== row.id) ||
      (opts.connectorId !== undefined && opts.connectorId !== row.connectorId) ||
      (opts.tenantId !== undefined && opts.tenantId !== row.tenantId)
    ) {
      return this.refuse('binding_mismatch', ctx);
    }
    if (!redirectMatches(row, redirectUriSeenOn)) return this.refuse('redirect_mismatch', ctx);
    const nowIso = this.nowIso();
    const consumed = this.repo.consume(row.id, row.redirectUri, nowIso);
    if (consumed) return { ok: true, session: consumed };

    // Lost the gate: tell expired from reused on a fresh read (another process may have won).
    const current = this.repo.findById(row.id) ?? row;
    if (current.outcome === 'expired' || (current.consumedAt === null && current.expiresAt <= nowIso)) {
      this.repo.close(row.id, 'expired', nowIso);
      return this.refuse('expired', ctx);
    }
    return this.refuse('reused', ctx);
  }

  /**
   * Ends a session that never got its callback (its deadline passed, or its caller gave up): its
   * state stops working. False when it was consumed first (a callback won the race).
   */
  close(sessionId: string, outcome: 'expired' | 'abandoned'): boolean {
    return this.repo.close(sessionId, outcome, this.nowIso());
  }

  /**
   * Records, once, how an attempt ended: on the session row and as one `consent.finished` audit
   * event with the exact outcome. Called only when the ending is final: for `connected`, after
   * the connection is saved.
   */
  finish(session: ConsentSessionRecord, ending: FinishedConsent): boolean {
    // An expired or abandoned session already holds its outcome (close wrote it with the gate).
    const recorded = this.repo.recordOutcome(session.id, ending.outcome);
    this.audit({
      actor: session.operator,
      tenantId: session.tenantId,
      connectionId: ending.connectionId ?? session.connectionId,
      action: 'consent.finished',
      outcome: ending.outcome,
      detail: { sessionId: session.id, connector: session.connectorId, strategy: session.redirectStrategy, channel: ending.channel, reason: ending.reason },
    });
    return recorded;
  }

  /** Housekeeping: unconsumed sessions past their expiry become 'expired'. */
  expireStale(): number {
    return this.repo.expireStale(this.nowIso());
  }

  /** Audits a refused callback; detail names the reason, never the state or code. */
  refuse(reason: CallbackRefusal, ctx: RefusalContext, message?: string): { ok: false; reason: CallbackRefusal; message: string } {
    this.audit({
      actor: ctx.actor,
      tenantId: ctx.tenantId,
      connectionId: ctx.connectionId,
      action: ctx.sessionId ? 'consent.callback_refused' : 'consent.callback_without_pending_flow',
      outcome: 'refused',
      detail: { reason, sessionId: ctx.sessionId ?? null, connector: ctx.connectorId ?? null, channel: ctx.channel ?? null },
    });
    return { ok: false, reason, message: message ?? REFUSAL_MESSAGES[reason] ?? 'the callback was refused; start the connection again' };
  }
}
