// Starting consent attempts: the redirect strategy and URI for this attempt, the loopback receiver
// when there is one, the session; and routing deep links that reach the app to their attempt.
import type { Database } from 'better-sqlite3';
import { REDIRECT_STRATEGIES } from '../../../connectors/types';
import type { Purpose, RedirectStrategy } from '../../../connectors/types';
import { ConfigError } from '../resolve';
import type { ResolvedConnector } from '../resolve';
import { DEEP_LINK_CALLBACK, parseDeepLink } from './deeplink';
import { Flow } from './flow';
import type { ConsentFlow, ConsentResult, FlowHost } from './flow';
import { DEFAULT_LOOPBACK_PATH, startLoopbackReceiver } from './loopback';
import type { LoopbackReceiver } from './loopback';
import { hashState, isWellFormedState } from './pkce';
import { ConsentSessions } from './sessions';
import type { RefusalContext } from './sessions';
import type { AuditSink, Clock } from './types';

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

function isLoopbackUri(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  } catch {
    return false;
  }
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

/** Starts consent attempts and routes deep links to the attempt they belong to. */
export class ConsentService implements FlowHost {
  readonly sessions: ConsentSessions;
  readonly audit: AuditSink;
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
    const registered = rc.registration.redirectUri;
    let receiver: LoopbackReceiver | null = null;
    let flow: Flow | null = null;
    let redirectUri: string;
    if (strategy === 'loopback') {
      // The registration holds one redirect URI; when it is the relay page, a loopback attempt
      // (--redirect loopback) uses the RFC 8252 default instead of failing on it.
      const template = input.redirectUri ?? (registered !== null && isLoopbackUri(registered) ? registered : null);
      const t = loopbackTemplate(template, rc.connector.redirect.loopbackPath || DEFAULT_LOOPBACK_PATH);
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
      redirectUri = input.redirectUri ?? DEEP_LINK_CALLBACK;
    } else if (strategy === 'relay') {
      const relay = input.redirectUri ?? registered;
      if (!relay) {
        throw new ConfigError(`the relay redirect needs the address of your relay page; set it with app set ${rc.connector.id} --redirect-uri https://...`);
      }
      redirectUri = relay;
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

  forget(flow: Flow): void {
    this.pending.delete(flow.stateHash);
  }
}

export function createConsentService(opts: ConsentServiceOptions): ConsentService {
  return new ConsentService(opts);
}
