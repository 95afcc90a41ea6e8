// The optional state-change webhook: Slack-compatible `{"text": ...}` POSTed to the URL in the
// settings, with a short timeout. Fire-and-forget: it never blocks or fails the refresh that
// caused the change, and its failures are logged without the URL (Slack URLs embed a secret).
import { assertSafeEndpointUrl } from '../oauth/resolve';
import { explainReason } from './reasons';
import type { StateChange } from './recorder';

export interface WebhookNotifierOptions {
  /** Read at each notification, so changing the setting needs no restart. */
  readonly url: () => string | null;
  readonly fetch?: typeof fetch;
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
    const why = c.to.reason === null ? '' : ` — ${explainReason(c.to.reason, { detail: c.to.detail }).meaning}`;
    return `${n.tenant} · ${n.connector} · ${c.account}: ${c.from.state} → ${c.to.state}${c.to.reason ? ` (${c.to.reason})` : ''}${why}`;
  });
  if (changes.length > MAX_LINES) lines.push(`… and ${changes.length - MAX_LINES} more connections changed state.`);
  return `FiveX Connect: ${lines.join('\n')}`;
}

export class WebhookNotifier {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly log: (line: string) => void;
  private readonly names: NonNullable<WebhookNotifierOptions['names']>;

  constructor(private readonly opts: WebhookNotifierOptions) {
    this.fetchImpl = opts.fetch ?? fetch;
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
      const res = await this.fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
      await res.body?.cancel();
      if (!res.ok) this.log(`webhook: POST answered HTTP ${res.status}; notification dropped`);
    } catch (err) {
      const name = err instanceof Error ? err.name : 'Error';
      const why = name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${this.timeoutMs} ms` : 'network error';
      this.log(`webhook: POST failed (${why}); notification dropped`);
    }
  }
}
