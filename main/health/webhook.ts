// The optional state-change webhook: Slack-compatible `{"text": ...}` POSTed to the URL in the
// settings, with a short timeout; a recovery says so and names what it recovered from.
// Fire-and-forget: it never blocks or fails the refresh that caused the change, and its failures
// are logged without the URL (Slack URLs embed a secret).
import { defaultTransport, type HttpTransport } from '../oauth/http-transport';
import { assertSafeEndpointUrl } from '../oauth/resolve';
import { isRecovery } from './news';
import { explainReason } from './reasons';
import type { StateChange } from './recorder';

export interface WebhookNotifierOptions {
  /** Read at each notification, so changing the setting needs no restart. */
  readonly url: () => string | null;
  /** Defaults to the process-wide got transport. */
  readonly transport?: HttpTransport;
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
  /** Human names for a change's tenant and connector. */
  readonly names?: (change: StateChange) => { readonly tenant: string; readonly connector: string };
}

/** Lines beyond this are summarised, so an app-wide outage is one readable message, not thousands. */
const MAX_LINES = 5;

export function webhookText(changes: ReadonlyArray<StateChange>, names: NonNullable<WebhookNotifierOptions['names']>): string {
  const lines = changes.slice(0, MAX_LINES).map((c) => {
    const n = names(c);
    if (isRecovery(c)) {
      // Say what it recovered from: the earlier message named that reason.
      return `${n.tenant} · ${n.connector} · ${c.account}: recovered, ${c.from.state}${c.from.reason ? ` (${c.from.reason})` : ''} → ${c.to.state}. It is working again; nobody needs to act.`;
    }
    const why = c.to.reason === null ? '' : ` — ${explainReason(c.to.reason, { detail: c.to.detail }).meaning}`;
    return `${n.tenant} · ${n.connector} · ${c.account}: ${c.from.state} → ${c.to.state}${c.to.reason ? ` (${c.to.reason})` : ''}${why}`;
  });
  if (changes.length > MAX_LINES) lines.push(`… and ${changes.length - MAX_LINES} more connections changed state.`);
  return `FiveX Connect: ${lines.join('\n')}`;
}

export class WebhookNotifier {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly transport: HttpTransport;
  private readonly timeoutMs: number;
  private readonly log: (line: string) => void;
  private readonly names: NonNullable<WebhookNotifierOptions['names']>;

  constructor(private readonly opts: WebhookNotifierOptions) {
    this.transport = opts.transport ?? defaultTransport();
    this.timeoutMs = opts.timeoutMs ?? 3000;
    this.log = opts.log ?? (() => undefined);
    this.names = opts.names ?? ((c) => ({ tenant: c.tenantId, connector: c.connectorId }));
  }

  /** Sends one message for these changes, in the background; returns at once. */
  notify(changes: ReadonlyArray<StateChange>): void {
    if (changes.length === 0) return;
    let url: string | null;
    try {
      url = this.opts.url();
    } catch {
      this.log('webhook: could not read the webhook_url setting; no notification sent');
      return;
    }
    if (url === null) return;
    let parsed: URL;
    try {
      parsed = new URL(url);
      assertSafeEndpointUrl(parsed, 'webhook_url');
    } catch {
      this.log('webhook: the webhook_url setting is not an https URL; fix it in Settings. No notification sent.');
      return;
    }
    const body = JSON.stringify({ text: webhookText(changes, this.names) });
    const p = this.post(parsed, body).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Waits for notifications in flight (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async post(url: URL, body: string): Promise<void> {
    try {
      // No retry: a POST whose answer was lost may have posted, and a message twice is noise.
      const res = await this.transport({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', 'user-agent': 'FiveX-Connect (+webhook)' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
        retry: 'never',
      });
      await res.body?.cancel();
      // Redirects are not followed (they would carry the message elsewhere): a 3xx is a failure.
      if (!res.ok) this.log(`webhook: POST answered HTTP ${res.status}; notification dropped`);
    } catch (err) {
      const name = err instanceof Error ? err.name : 'Error';
      const why = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${this.timeoutMs} ms` : 'network error';
      this.log(`webhook: POST failed (${why}); notification dropped`);
    }
  }
}
