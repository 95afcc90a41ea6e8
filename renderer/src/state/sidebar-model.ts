// The sidebar's lists: the recently opened clients (most recent first) and every client that
// matches the search, in natural order (numbers as numbers, accents folded). Pure.
import type { Lang } from '../../../preload/contract';
import type { TenantHealth } from '../../../preload/workspace-channels';
import { collatorFor } from './urgency';

export function normalise(s: string): string {
  return s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

// Folded names and the sorted list are kept per tenant list (each keystroke would otherwise fold
// and sort all 500 again).
const folded = new WeakMap<TenantHealth, string>();
const foldedName = (t: TenantHealth): string => {
  let f = folded.get(t);
  if (f === undefined) {
    f = normalise(t.name);
    folded.set(t, f);
  }
  return f;
};
const sortedLists = new WeakMap<ReadonlyArray<TenantHealth>, Map<Lang, TenantHealth[]>>();
function sortedByName(tenants: ReadonlyArray<TenantHealth>, lang: Lang): TenantHealth[] {
  let byLang = sortedLists.get(tenants);
  if (byLang === undefined) {
    byLang = new Map();
    sortedLists.set(tenants, byLang);
  }
  let sorted = byLang.get(lang);
  if (sorted === undefined) {
    const c = collatorFor(lang);
    sorted = [...tenants].sort((a, b) => c.compare(a.name, b.name));
    byLang.set(lang, sorted);
  }
  return sorted;
}

export function filterClients(
  tenants: ReadonlyArray<TenantHealth>,
  recentIds: ReadonlyArray<string>,
  query: string,
  lang: Lang,
): { readonly recent: TenantHealth[]; readonly all: TenantHealth[] } {
  const q = normalise(query.trim());
  const sorted = sortedByName(tenants, lang);
  const all = q === '' ? [...sorted] : sorted.filter((t) => foldedName(t).includes(q));
  const byId = q === '' ? new Map(tenants.map((t) => [t.id, t])) : new Map<string, TenantHealth>();
  const recent = q === '' ? recentIds.map((id) => byId.get(id)).filter((t): t is TenantHealth => t !== undefined) : [];
  return { recent, all };
}
