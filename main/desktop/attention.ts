// What needs a person, for the tray and the OS notifications, driven by the change stream (no
// polling): how many connections need attention (consent lost, or degraded; paused ones are
// someone's choice and do not count), and each connection that has just moved into needs_consent,
// once. Pure bookkeeping over ConnectionDtos; main/app shows it.
import type { ConnectionDto, ConnectionsChanged, Lang } from '../../preload/contract';

export interface Notice {
  readonly title: string;
  readonly body: string;
}

export interface NeedsConsent {
  readonly connectionId: string;
  readonly tenantName: string;
  readonly connectorName: string;
  readonly account: string;
}

export interface AttentionUpdate {
  /** Connections needing attention now (needs_consent or degraded, not paused). */
  readonly count: number;
  /** Connections that moved into needs_consent with this change (none on the first look). */
  readonly nowNeedConsent: ReadonlyArray<NeedsConsent>;
}

type Watched = Pick<ConnectionDto, 'id' | 'tenantId' | 'connectorName' | 'account' | 'state' | 'paused'>;

export function needsAttention(c: Pick<ConnectionDto, 'state' | 'paused'>): boolean {
  return !c.paused && (c.state === 'needs_consent' || c.state === 'degraded');
}

export class AttentionTracker {
  readonly #known = new Map<string, Watched>();

  constructor(private readonly tenantName: (tenantId: string) => string) {}

  /** The first look after unlock: nothing counts as newly lost. */
  reset(all: ReadonlyArray<Watched>): AttentionUpdate {
    this.#known.clear();
    for (const c of all) this.#known.set(c.id, c);
    return { count: this.count(), nowNeedConsent: [] };
  }

  /** Locked: nothing is known, nothing is counted. */
  clear(): AttentionUpdate {
    this.#known.clear();
    return { count: 0, nowNeedConsent: [] };
  }

  apply(change: ConnectionsChanged): AttentionUpdate {
    const nowNeedConsent: NeedsConsent[] = [];
    for (const id of change.removed) this.#known.delete(id);
    for (const c of change.connections) {
      const before = this.#known.get(c.id);
      this.#known.set(c.id, c);
      if (c.state === 'needs_consent' && before !== undefined && before.state !== 'needs_consent') {
        nowNeedConsent.push({ connectionId: c.id, tenantName: this.tenantName(c.tenantId), connectorName: c.connectorName, account: c.account });
      }
    }
    return { count: this.count(), nowNeedConsent };
  }

  count(): number {
    let n = 0;
    for (const c of this.#known.values()) if (needsAttention(c)) n++;
    return n;
  }
}

export function needsConsentNotice(conn: NeedsConsent, lang: Lang): Notice {
  return lang === 'es'
    ? { title: 'Hace falta reconectar', body: `${conn.tenantName}: ${conn.connectorName} (${conn.account}) necesita de nuevo el consentimiento del vendedor.` }
    : { title: 'Reconnection needed', body: `${conn.tenantName}: ${conn.connectorName} (${conn.account}) needs the seller's consent again.` };
}
