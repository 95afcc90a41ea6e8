// One browser consent in flight (loopback, relay or deep link), after ConsentService.begin: it
// waits for the flow to settle whichever way the callback arrives, exchanges the code through the
// token client, and writes the connection; `result` says how it ended. Pasted codes and delivered
// links come in through paste() and deliverLink(); a caller that stops waiting calls abandon().
import type { ConsentFlow, FinalConsentResult } from '../oauth/consent';
import type { ResolvedConnector } from '../oauth/resolve';
import type { TokenClient, TokenSet } from '../oauth/token-types';
import { saveConnection, tokenStepFailure } from './save-connection';
import type { ConnectionWriter } from './save-connection';
import type { BrowserStrategy, ConnectListener, ConnectOutcome, ConnectRequest, RefusedCallback } from './types';

/** Why a caller stopped waiting: too late, gave up, or the sign-in page cannot be reached at all. */
export type AbandonReason = 'timeout' | 'cancelled' | 'offline';

/** Relay and deep-link attempts end with this when no code arrived (the CLI has always said so). */
export const PASTE_TIMEOUT_MESSAGE = 'no completion code arrived in time; start the consent again';

export interface AttemptDeps {
  readonly tokenClient: Pick<TokenClient, 'exchangeCode'>;
  readonly store: ConnectionWriter;
  /** Told once when the attempt is over (the service stops routing links to it). */
  readonly onEnd: (attempt: ConsentAttempt) => void;
}

export type PasteResult =
  | { readonly kind: 'refused'; readonly reason: RefusedCallback['reason']; readonly message: string }
  | { readonly kind: 'done'; readonly outcome: ConnectOutcome };

export class ConsentAttempt {
  readonly result: Promise<ConnectOutcome>;
  #abandoned: { readonly reason: AbandonReason; readonly message: string } | null = null;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly flow: ConsentFlow,
    private readonly rc: ResolvedConnector,
    readonly request: ConnectRequest,
    readonly strategy: BrowserStrategy,
    private readonly deps: AttemptDeps,
    private readonly listener: ConnectListener,
    /** Relay / deep link: how long to wait for a code (default: until the session expires). */
    timeoutMs: number | undefined,
  ) {
    if (strategy !== 'loopback') {
      const wait = timeoutMs ?? Date.parse(flow.expiresAt) - Date.now();
      this.#timer = setTimeout(() => void this.abandon('timeout', PASTE_TIMEOUT_MESSAGE), Math.max(0, wait));
      this.#timer.unref();
    }
    this.result = this.#run();
  }

  get sessionId(): string {
    return this.flow.sessionId;
  }

  get authorizeUrl(): string {
    return this.flow.authorizeUrl;
  }

  get expiresAt(): string {
    return this.flow.expiresAt;
  }

  get codeLifetimeSeconds(): number {
    return this.flow.codeLifetimeSeconds;
  }

  get stateHash(): string {
    return this.flow.stateHash;
  }

  /** A completion code, callback URL or fivex-connect:// link a person pasted. */
  async paste(text: string): Promise<PasteResult> {
    const result = await this.flow.completeWithPasted(text);
    if (result.kind === 'refused') return this.#refused('paste', result.reason, result.message);
    return { kind: 'done', outcome: await this.result };
  }

  /** A fivex-connect://oauth/callback link delivered to the app for this attempt. */
  async deliverLink(url: string): Promise<PasteResult> {
    const result = this.flow.handleCallbackUrl(url);
    if (result.kind === 'refused') return this.#refused('deeplink', result.reason, result.message);
    return { kind: 'done', outcome: await this.result };
  }

  /** The caller stops waiting: the attempt fails with this reason unless a callback already won. */
  async abandon(reason: AbandonReason, message: string): Promise<void> {
    this.#abandoned ??= { reason, message };
    await this.flow.cancel();
  }

  #refused(channel: RefusedCallback['channel'], reason: RefusedCallback['reason'], message: string): PasteResult {
    this.listener.refused?.({ sessionId: this.sessionId, channel, reason, message });
    return { kind: 'refused', reason, message };
  }

  #fail(reason: string, message: string): ConnectOutcome {
    this.listener.failed?.({ reason, message });
    return { kind: 'failed', reason, message };
  }

  async #run(): Promise<ConnectOutcome> {
    try {
      const settled = await this.flow.whenSettled();
      clearTimeout(this.#timer);
      if (settled.kind !== 'authorized') return this.#unauthorized(settled);
      let tokens: TokenSet;
      try {
        // The exchange may need what the callback carried (Walmart's WM_PARTNER.ID = sellerId).
        const rc = this.rc.withCallbackMetadata(settled.metadata);
        tokens = await this.deps.tokenClient.exchangeCode(rc, { code: settled.code, codeVerifier: settled.codeVerifier, redirectUri: settled.redirectUri });
      } catch (err) {
        this.flow.finish('failed');
        const failure = tokenStepFailure(err);
        if (failure === null) throw err;
        return this.#fail(failure.reason, failure.message);
      }
      this.flow.finish('connected');
      const saved = saveConnection(this.deps.store, this.request, { tokens, metadata: settled.metadata, scopes: settled.scopes });
      if (!saved.ok) return this.#fail(saved.reason, saved.message);
      this.listener.connected?.(saved.view);
      return { kind: 'connected', connection: saved.view };
    } finally {
      clearTimeout(this.#timer);
      // A no-op once settled; otherwise (an unexpected failure) it closes the session and port.
      await this.flow.cancel().catch(() => undefined);
      this.deps.onEnd(this);
    }
  }

  #unauthorized(settled: Exclude<FinalConsentResult, { kind: 'authorized' }>): ConnectOutcome {
    if (settled.kind === 'cancelled' && this.#abandoned !== null) return this.#fail(this.#abandoned.reason, this.#abandoned.message);
    if (settled.kind === 'declined') return this.#fail('access_denied', settled.message);
    if (settled.kind === 'failed') return this.#fail(settled.error, settled.message);
    if (settled.kind === 'timeout' && this.strategy !== 'loopback') return this.#fail('timeout', PASTE_TIMEOUT_MESSAGE);
    return this.#fail(settled.kind, settled.message);
  }
}
