// The bulk renewal queue of "Needs attention": the selected connections renewed one after
// another through the consent flow (open the seller's consent, wait for it to end, next), with
// progress and an outcome per row; cancelling stops before the next one starts. Pure transitions.
import type { LocalizedText } from '../../../preload/contract';
export type RenewalStatus = 'queued' | 'starting' | 'waiting' | 'renewed' | 'declined' | 'failed' | 'expired' | 'cancelled' | 'unavailable';

export interface RenewalItem {
  readonly connectionId: string;
  readonly label: string;
  readonly status: RenewalStatus;
  readonly sessionId: string | null;
  /** The browser preview only: the consent link to open. */
  readonly link: string | null;
  readonly message: LocalizedText | null;
  /** The redirect strategy the person chose for this renewal; null: the connector's default. */
  readonly strategy: RenewStrategy | null;
}

export type RenewStrategy = 'loopback' | 'deeplink' | 'relay';
export interface RenewalTarget {
  readonly id: string;
  readonly label: string;
  readonly strategy?: RenewStrategy | null;
}

export interface RenewalQueue {
  readonly items: ReadonlyArray<RenewalItem>;
  readonly cancelled: boolean;
}

export function queueOf(targets: ReadonlyArray<RenewalTarget>): RenewalQueue {
  return { items: targets.map((t) => ({ connectionId: t.id, label: t.label, status: 'queued', sessionId: null, link: null, message: null, strategy: t.strategy ?? null })), cancelled: false };
}

/** One more connection at the end of a running queue (ignored when it is already in it and not finished). */
export function appendToQueue(q: RenewalQueue, target: RenewalTarget): RenewalQueue {
  if (q.items.some((i) => i.connectionId === target.id && !isFinal(i.status))) return q;
  const rest = q.items.filter((i) => i.connectionId !== target.id);
  return { ...q, items: [...rest, ...queueOf([target]).items] };
}

const FINAL: ReadonlySet<RenewalStatus> = new Set(['renewed', 'declined', 'failed', 'expired', 'cancelled', 'unavailable']);
const isFinal = (s: RenewalStatus): boolean => FINAL.has(s);

/** The item to start now: none while one is in flight, or after cancelling. */
export function nextToStart(q: RenewalQueue): RenewalItem | null {
  if (q.cancelled || q.items.some((i) => i.status === 'starting' || i.status === 'waiting')) return null;
  return q.items.find((i) => i.status === 'queued') ?? null;
}

export function update(q: RenewalQueue, connectionId: string, patch: Partial<Omit<RenewalItem, 'connectionId' | 'label' | 'strategy'>>): RenewalQueue {
  return { ...q, items: q.items.map((i) => (i.connectionId === connectionId ? { ...i, ...patch } : i)) };
}

/** A consent ended: the item waiting on that attempt takes its outcome. */
export function consentOutcome(q: RenewalQueue, sessionId: string | null, outcome: 'connected' | 'declined' | 'failed' | 'expired', message: LocalizedText | null): RenewalQueue {
  const item = q.items.find((i) => i.status === 'waiting' && (sessionId === null || i.sessionId === sessionId));
  if (item === undefined) return q;
  const status: RenewalStatus = outcome === 'connected' ? 'renewed' : outcome;
  return update(q, item.connectionId, { status, message, link: null });
}

/** Cancel: nothing new starts; queued ones are marked cancelled (the one in flight ends by itself). */
export function cancelQueue(q: RenewalQueue): RenewalQueue {
  return { cancelled: true, items: q.items.map((i) => (i.status === 'queued' ? { ...i, status: 'cancelled' } : i)) };
}

export function progress(q: RenewalQueue): { readonly done: number; readonly total: number; readonly running: boolean } {
  const done = q.items.filter((i) => isFinal(i.status)).length;
  return { done, total: q.items.length, running: done < q.items.length };
}
