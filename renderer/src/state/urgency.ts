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

/** A row with what its comparisons read, computed once per sort (not twice per comparison). */
interface Keyed<T> {
  readonly row: T;
  readonly rank: number;
  readonly renew: number;
  readonly refresh: number;
}

function compareUrgency<T extends UrgencyRow>(a: Keyed<T>, b: Keyed<T>, collator: Intl.Collator): number {
  const rank = a.rank - b.rank;
  if (rank !== 0) return rank;
  // Within a group the date that comes first is the more urgent (no date: last).
  const date = a.renew - b.renew;
  if (date !== 0 && !Number.isNaN(date)) return date;
  return collator.compare(a.row.tenantName, b.row.tenantName) || collator.compare(a.row.connectorName, b.row.connectorName) || collator.compare(a.row.label, b.row.label);
}

export type SortKey = 'urgency' | 'marketplace' | 'account' | 'client' | 'state' | 'renewBy' | 'lastRefresh' | 'owner';
export interface SortOrder {
  readonly key: SortKey;
  readonly dir: 'asc' | 'desc';
}
export const DEFAULT_SORT: SortOrder = { key: 'urgency', dir: 'asc' };

export function sortRows<T extends GridConnection>(rows: ReadonlyArray<T>, order: SortOrder, lang: Lang, now: number): T[] {
  const c = collatorFor(lang);
  type K = Keyed<T>;
  const text = (f: (r: T) => string | null) => (a: K, b: K) => c.compare(f(a.row) ?? '', f(b.row) ?? '');
  const by: { readonly [Key in SortKey]: (a: K, b: K) => number } = {
    urgency: (a, b) => compareUrgency(a, b, c),
    marketplace: (a, b) => c.compare(a.row.connectorName, b.row.connectorName) || c.compare(a.row.label, b.row.label),
    account: text((r) => r.label),
    client: (a, b) => c.compare(a.row.tenantName, b.row.tenantName) || c.compare(a.row.label, b.row.label),
    state: (a, b) => a.rank - b.rank,
    renewBy: (a, b) => a.renew - b.renew,
    lastRefresh: (a, b) => a.refresh - b.refresh,
    owner: text((r) => r.owner),
  };
  const cmp = by[order.key];
  const sign = order.dir === 'asc' ? 1 : -1;
  const keyed: K[] = rows.map((row) => ({ row, rank: urgencyRank(row, now), renew: time(row.renewBy), refresh: time(row.lastRefreshAt) }));
  // Ties keep urgency order, so a column sort never shuffles equal rows at random.
  return keyed.sort((a, b) => sign * cmp(a, b) || compareUrgency(a, b, c)).map((k) => k.row);
}

/** Clicking a header: a new column sorts ascending, the same one flips. */
export function nextSort(current: SortOrder, key: SortKey): SortOrder {
  return current.key === key ? { key, dir: current.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' };
}
