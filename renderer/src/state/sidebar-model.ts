// The sidebar's lists: the recently opened clients (most recent first) and every client that
// matches the search, in natural order (numbers as numbers, accents folded). Pure.
import type { Lang } from '../../../preload/contract';
import type { TenantHealth } from '../../../preload/workspace-channels';
import { collatorFor } from './urgency';

export function normalise(s: string): string {
  return s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

export function filterClients(
  tenants: ReadonlyArray<TenantHealth>,
  recentIds: ReadonlyArray<string>,
  query: string,
  lang: Lang,
): { readonly recent: TenantHealth[]; readonly all: TenantHealth[] } {
  const q = normalise(query.trim());
  const match = q === '' ? tenants : tenants.filter((t) => normalise(t.name).includes(q));
  const byId = new Map(match.map((t) => [t.id, t]));
  const recent = q === '' ? recentIds.map((id) => byId.get(id)).filter((t): t is TenantHealth => t !== undefined) : [];
  const c = collatorFor(lang);
  return { recent, all: [...match].sort((a, b) => c.compare(a.name, b.name)) };
}
