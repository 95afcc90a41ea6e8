// Recently opened clients, most recent first, kept in localStorage (ids only: no client data
// outside the vault), so the sidebar shows them at the top.
const KEY = 'fivex.recentClients';
const MAX_RECENT = 5;

const ID = /^ten_[0-9a-f]{32}$/;

export function readRecent(storage: Storage | null): string[] {
  try {
    const raw = storage?.getItem(KEY) ?? null;
    const parsed: unknown = raw === null ? [] : JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string' && ID.test(x)).slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

/** Moves `id` to the front (pure on the list; writes through when storage works). */
export function rememberRecent(storage: Storage | null, current: ReadonlyArray<string>, id: string): string[] {
  const next = [id, ...current.filter((x) => x !== id)].slice(0, MAX_RECENT);
  try {
    storage?.setItem(KEY, JSON.stringify(next));
  } catch {
    // storage disabled: the list lasts for this session
  }
  return next;
}
