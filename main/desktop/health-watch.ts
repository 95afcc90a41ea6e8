// Watches connection health through the desktop API while the vault is unlocked: tells the
// renderer which tenants' connections changed, and raises one notice per connection that moved
// into needs_consent (the thing a person must act on). Polling keeps it independent of how the
// engine schedules refreshes; the diff is a pure function.
import type { ConnectionState, Lang } from '../../preload/contract';
import type { DesktopApi } from './api';

export interface WatchedConnection {
  readonly id: string;
  readonly tenantId: string;
  readonly tenantName: string;
  readonly connectorName: string;
  readonly account: string;
  readonly state: ConnectionState;
}

export interface HealthDiff {
  readonly changedTenants: ReadonlyArray<string>;
  readonly nowNeedConsent: ReadonlyArray<WatchedConnection>;
}

export type HealthSnapshot = ReadonlyMap<string, WatchedConnection>;

/** With no previous snapshot (start, unlock) nothing counts as a change: the UI reads fresh anyway. */
export function diffHealth(previous: HealthSnapshot | null, next: ReadonlyArray<WatchedConnection>): HealthDiff {
  if (previous === null) return { changedTenants: [], nowNeedConsent: [] };
  const changed = new Set<string>();
  const nowNeedConsent: WatchedConnection[] = [];
  const seen = new Set<string>();
  for (const conn of next) {
    seen.add(conn.id);
    const before = previous.get(conn.id);
    if (before === undefined || before.state !== conn.state) changed.add(conn.tenantId);
    if (conn.state === 'needs_consent' && before?.state !== 'needs_consent') nowNeedConsent.push(conn);
  }
  for (const [id, before] of previous) if (!seen.has(id)) changed.add(before.tenantId);
  return { changedTenants: [...changed].sort(), nowNeedConsent };
}

export interface Notice {
  readonly title: string;
  readonly body: string;
}

export function needsConsentNotice(conn: WatchedConnection, lang: Lang): Notice {
  return lang === 'es'
    ? { title: 'Hace falta reconectar', body: `${conn.tenantName}: ${conn.connectorName} (${conn.account}) necesita de nuevo el consentimiento del vendedor.` }
    : { title: 'Reconnection needed', body: `${conn.tenantName}: ${conn.connectorName} (${conn.account}) needs the seller's consent again.` };
}

export interface HealthWatcherOptions {
  readonly api: Pick<DesktopApi, 'call' | 'emit'>;
  readonly notify: (notice: Notice) => void;
  readonly lang: () => Lang;
  readonly intervalMs?: number;
  readonly timers?: { setInterval: typeof setInterval; clearInterval: typeof clearInterval };
}

export class HealthWatcher {
  #previous: HealthSnapshot | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #running = false;

  constructor(private readonly opts: HealthWatcherOptions) {}

  start(): void {
    if (this.#timer !== null) return;
    const timers = this.opts.timers ?? { setInterval, clearInterval };
    this.#timer = timers.setInterval(() => void this.poll(), this.opts.intervalMs ?? 60_000);
    void this.poll();
  }

  stop(): void {
    if (this.#timer === null) return;
    (this.opts.timers ?? { setInterval, clearInterval }).clearInterval(this.#timer);
    this.#timer = null;
  }

  /** One look at every tenant's connections; overlapping polls are skipped. */
  async poll(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      const next = await this.#read();
      if (next === null) {
        this.#previous = null;
        return;
      }
      const diff = diffHealth(this.#previous, next);
      this.#previous = new Map(next.map((c) => [c.id, c]));
      for (const tenantId of diff.changedTenants) this.opts.api.emit({ channel: 'connections:changed', payload: { tenantId } });
      for (const conn of diff.nowNeedConsent) this.opts.notify(needsConsentNotice(conn, this.opts.lang()));
    } finally {
      this.#running = false;
    }
  }

  async #read(): Promise<WatchedConnection[] | null> {
    const tenants = await this.opts.api.call('tenants:list');
    if (!tenants.ok) return null;
    const out: WatchedConnection[] = [];
    for (const tenant of tenants.value) {
      const connections = await this.opts.api.call('connections:list', { tenantId: tenant.id });
      if (!connections.ok) {
        // Keep what we knew, so a passing failure neither hides nor re-announces anything.
        for (const known of this.#previous?.values() ?? []) if (known.tenantId === tenant.id) out.push(known);
        continue;
      }
      for (const c of connections.value) {
        out.push({ id: c.id, tenantId: tenant.id, tenantName: tenant.name, connectorName: c.connectorName, account: c.account, state: c.state });
      }
    }
    return out;
  }
}
