// The grid's order: by urgency by default (lost consent first, then the renew-by dates that come
// soonest, then degraded, then the rest), or by a column the person picks. Text compares with a
// numeric collator, so "shop-2" sorts before "shop-10" and accents fold as people expect.
import type { Lang } from '../../../preload/contract';
import type { GridConnection } from '../../../preload/workspace-channels';

/** Days before a renew-by date from which it counts as urgent (main/desktop/workspace/rows.ts uses the same). */
export const RENEW_SOON_DAYS = 30;
const DAY_MS = 86_400_000;

export type UrgencyRow = Pick<GridConnection, 'state' | 'renewBy' | 'paused' | 'unchecked' | 'reason' | 'connectorName' | 'label' | 'tenantName'>;

/** 0 lost consent · 1 renew soon · 2 degraded · 3 active · 4 not checked yet · 5 paused · 6 disconnected. */
export function urgencyRank(row: UrgencyRow, now: number): number {
  if (row.state === 'disconnected') return 6;
  if (row.state === 'needs_consent') return 0;
  if (renewSoon(row.renewBy, now)) return 1;
  if (row.paused) return 5;
  if (row.unchecked || row.reason === 'not_verified') return 4;
  if (row.state === 'degraded') return 2;
  return 3;
}

export function renewSoon(renewBy: string | null, now: number): boolean {
  if (renewBy === null) return false;
  const at = Date.parse(renewBy);
  return !Number.isNaN(at) && at - now < RENEW_SOON_DAYS * DAY_MS;
}

const collators = new Map<string, Intl.Collator>();
/** One numeric, accent-folding collator per language (creating one per comparison is slow). */
export function collatorFor(lang: Lang): Intl.Collator {
  let c = collators.get(lang);
  if (c === undefined) {
    c = new Intl.Collator(lang, { numeric: true, sensitivity: 'base' });
    collators.set(lang, c);
  }
  return c;
}

const time = (iso: string | null): number => {
  if (iso === null) return Number.POSITIVE_INFINITY;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

function compareUrgency(a: UrgencyRow, b: UrgencyRow, now: number, collator: Intl.Collator): number {
  const rank = urgencyRank(a, now) - urgencyRank(b, now);
  if (rank !== 0) return rank;
  // Within a group the date that comes first is the more urgent (no date: last).
  const date = time(a.renewBy) - time(b.renewBy);
  if (date !== 0 && !Number.isNaN(date)) return date;
  return collator.compare(a.tenantName, b.tenantName) || collator.compare(a.connectorName, b.connectorName) || collator.compare(a.label, b.label);
}

export type SortKey = 'urgency' | 'marketplace' | 'account' | 'client' | 'state' | 'renewBy' | 'lastRefresh' | 'owner';
export interface SortOrder {
  readonly key: SortKey;
  readonly dir: 'asc' | 'desc';
}
export const DEFAULT_SORT: SortOrder = { key: 'urgency', dir: 'asc' };

export function sortRows<T extends GridConnection>(rows: ReadonlyArray<T>, order: SortOrder, lang: Lang, now: number): T[] {
  const c = collatorFor(lang);
  const text = (f: (r: T) => string | null) => (a: T, b: T) => c.compare(f(a) ?? '', f(b) ?? '');
  const by: { readonly [K in SortKey]: (a: T, b: T) => number } = {
    urgency: (a, b) => compareUrgency(a, b, now, c),
    marketplace: (a, b) => c.compare(a.connectorName, b.connectorName) || c.compare(a.label, b.label),
    account: text((r) => r.label),
    client: (a, b) => c.compare(a.tenantName, b.tenantName) || c.compare(a.label, b.label),
    state: (a, b) => urgencyRank(a, now) - urgencyRank(b, now),
    renewBy: (a, b) => time(a.renewBy) - time(b.renewBy),
    lastRefresh: (a, b) => time(a.lastRefreshAt) - time(b.lastRefreshAt),
    owner: text((r) => r.owner),
  };
  const cmp = by[order.key];
  const sign = order.dir === 'asc' ? 1 : -1;
  // Ties keep urgency order, so a column sort never shuffles equal rows at random.
  return [...rows].sort((a, b) => sign * cmp(a, b) || compareUrgency(a, b, now, c));
}

/** Clicking a header: a new column sorts ascending, the same one flips. */
export function nextSort(current: SortOrder, key: SortKey): SortOrder {
  return current.key === key ? { key, dir: current.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' };
}
